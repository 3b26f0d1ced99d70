"""The value layer: outcomes, costs by perspective, discounting and increments.

Direction tests run the model on paired seeds (common random numbers: replication k of
every option starts from the same households) at small sizes; a direction holds when the
paired mean difference does not go the wrong way by more than two standard errors and a
small tolerance for noise.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from sim.analysis.inequality import atkinson_ede, atkinson_index
from sim.analysis.value import compare, comparison_lines, increments
from sim.analysis.value.discount import extension_factor, year_weights
from sim.experiments.runner import replicate
from sim.model import PHBModel
from sim.model.costs import COMPONENTS, FAMILY, NHS
from sim.model.icb import hand_back
from sim.model.outcomes import CHILD_DOMAINS, domain_weights
from sim.scenario import load_scenario
from tests.conftest import small

SIZE = ("population.n_families=300", "population.weeks=104", "population.burn_in_weeks=52")
REPS = 4
SEED = 77


@cache
def runs(name: str, *overrides: str) -> tuple[pd.DataFrame, ...]:
    scenario = load_scenario(name, [*SIZE, *overrides])
    return tuple(r.families for _, r in replicate(scenario, SEED, REPS))


def per_rep(tables: tuple[pd.DataFrame, ...], column: str) -> np.ndarray:
    return np.array([np.average(t[column], weights=t["weeks"]) for t in tables])


def assert_not_lower(low: np.ndarray, high: np.ndarray, what: str, tol: float = 0.002) -> None:
    """``high`` is not below ``low``: the paired mean difference is above -(2 se + tol)."""
    diff = high - low
    se = diff.std(ddof=1) / np.sqrt(len(diff))
    assert diff.mean() > -(2 * se + tol), f"{what}: {diff.mean():.4g} (se {se:.3g})"


# Directions ----------------------------------------------------------------------------
@pytest.mark.parametrize("mix", ["baseline", "arrangements/direct_payment_supported"])
def test_more_funded_hours_never_lower_child_or_carer_qol(mix):
    less = runs(mix, "icb.funded_share_of_need=0.6")
    more = runs(mix, "icb.funded_share_of_need=1.0")
    for column in ("qol", "carer_qol"):
        assert_not_lower(per_rep(less, column), per_rep(more, column), f"{mix} {column}")
    # ...and the test can fail: more funded hours do move the outputs it reads.
    assert per_rep(more, "unmet_hours").mean() < per_rep(less, "unmet_hours").mean()


@pytest.mark.parametrize("mix", ["baseline", "arrangements/direct_payment_supported"])
def test_a_tighter_labour_market_never_raises_qol(mix):
    slack = runs(mix, "market.candidate_arrivals=3.0", "market.agency_capacity=10.0")
    tight = runs(mix, "market.candidate_arrivals=0.3", "market.agency_capacity=1.0")
    for column in ("qol", "carer_qol"):
        assert_not_lower(per_rep(tight, column), per_rep(slack, column), f"{mix} {column}")


def test_removing_support_never_raises_carer_qol():
    supported = runs("arrangements/direct_payment_supported")
    removed = runs(
        "arrangements/direct_payment_supported",
        "support.support_planning=false",
        "support.brokerage=false",
        "support.payroll_service=false",
        "support.training_funding=false",
        "support.contingency_cover=false",
        "support.information_quality=0.2",
    )
    assert_not_lower(per_rep(removed, "carer_qol"), per_rep(supported, "carer_qol"), "carer QoL")
    gain = per_rep(supported, "carer_supported") - per_rep(removed, "carer_supported")
    assert gain.min() > 0.05


def test_cutting_packages_is_not_a_saving_without_its_costs():
    """Funding half of need cuts the ICB's cost, and the families' cost and lower quality
    of life sit beside it: carers lose earnings, children and carers lose QoL."""
    full = runs("baseline", "icb.funded_share_of_need=1.0")
    half = runs("baseline", "icb.funded_share_of_need=0.5")
    assert per_rep(half, "icb_cost").mean() < per_rep(full, "icb_cost").mean()
    assert (per_rep(half, "cost_family") > per_rep(full, "cost_family")).all()
    assert (per_rep(half, "qol") < per_rep(full, "qol")).all()
    assert (per_rep(half, "carer_qol") < per_rep(full, "carer_qol")).all()


# Costs add up ---------------------------------------------------------------------------
@pytest.mark.parametrize("unpaid", [False, True])
def test_each_cost_is_the_sum_of_its_parts(unpaid):
    fam = runs("baseline", f"value.unpaid_care_in_societal={str(unpaid).lower()}")[0]
    for prefix in ("cost_", "dcost_"):
        nhs = sum(fam[f"{prefix}{c}"] for c in NHS)
        family = sum(fam[f"{prefix}{c}"] for c in FAMILY)
        societal = nhs + family + (fam[f"{prefix}unpaid_care"] if unpaid else 0.0)
        np.testing.assert_allclose(fam[f"{prefix}nhs"], nhs, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(fam[f"{prefix}family"], family, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(fam[f"{prefix}societal"], societal, rtol=1e-9, atol=1e-6)
    # The NHS perspective is the cost the ICB carries (and its envelope counts).
    np.testing.assert_allclose(fam["cost_nhs"], fam["icb_cost"], rtol=1e-9, atol=1e-6)
    assert (fam["cost_admissions"] > 0).any() and (fam["cost_lost_earnings"] > 0).any()
    assert set(COMPONENTS) == {*NHS, *FAMILY, "unpaid_care"}


def test_assessment_at_approval_is_priced_with_reviews():
    """Every package approved (new referrals, and a new package after a move or hand-back)
    costs an assessment; counted here from the approvals' waiting times, not the costs."""
    m = PHBModel(small(n_families=200, value__review_cost=0.0, value__assessment_cost=1e3), rng=5)
    row = COMPONENTS.index("review")
    charged = 0.0
    for _ in range(52):
        m.step()
        charged += m.last_week.costs[row].sum()
    approvals = sum(len(w) for w in m.approved_waits)
    assert approvals > 0
    # The NHS total (the ICB's cost) includes this part: test_each_cost_is_the_sum_of_its_parts.
    assert charged == pytest.approx(1e3 * approvals)


def test_scores_weigh_the_whole_instrument():
    """A scored domain moves the child's score by its share of ASCOT's eight domains (and
    the carers' by ASCOT-Carer's seven); the domains held at a fixed level shift every
    option alike, so they change levels but no increment."""
    w = domain_weights(small().params)
    assert w.child[CHILD_DOMAINS.index("control")] == pytest.approx(1 / 8)
    assert w.carer.sum() == pytest.approx(5 / 7)
    scores = []
    for level in (2 / 3, 1.0):
        m = PHBModel(small(n_families=100, weeks=8, value__unscored_domain_level=level), rng=4)
        m.run()
        scores.append(m.last_week.outcomes.values[:2])
    shift = scores[1] - scores[0]
    np.testing.assert_allclose(shift[0], 3 / 8 / 3, atol=1e-12)
    np.testing.assert_allclose(shift[1], 2 / 7 / 3, atol=1e-12)


def test_admissions_are_priced_by_tier():
    m = PHBModel(small(n_families=200, value__admission_factor_twenty_four_hour=3.0), rng=3)
    prices = {t: set(m.admission_price[m.fam.tier == t]) for t in range(3)}
    base = m.p["cost.admission"]
    assert prices[0] == {base} and prices[2] == {3.0 * base}


# Discounting and the horizon -------------------------------------------------------------
def test_year_weights_and_extension():
    np.testing.assert_allclose(year_weights(3, 0.035, 5.0), [1.0, 1 / 1.035, 1 / 1.035**2])
    np.testing.assert_allclose(year_weights(3, 0.0, 1.5), [1.0, 0.5, 0.0])
    np.testing.assert_allclose(
        extension_factor(2.0, np.array([0.0, 1.0, 2.5]), 0.035),
        [0.0, 1.035**-2, 1.035**-2 + 1.035**-3 + 0.5 * 1.035**-4],
    )


def test_discounting_lowers_totals_and_no_discount_adds_up():
    plain = runs("baseline", "value.discount_rate=0.0", "value.horizon_years=2")[0]
    disc = runs("baseline", "value.discount_rate=0.035", "value.horizon_years=2")[0]
    cohort = plain["first_week"] == 0
    # Undiscounted, within the run: totals are the weekly means times the years observed.
    years = plain["weeks"] / 52.0
    np.testing.assert_allclose(plain["dqaly_child"], plain["qaly_child"] * years, rtol=1e-9)
    np.testing.assert_allclose(plain["dcost_nhs"], plain["cost_nhs"] * 52 * years, rtol=1e-9)
    # Discounting lowers every positive total of households seen after the first year.
    later = cohort & (plain["weeks"] > 52)
    for column in ("dqaly_total", "dcost_nhs", "dcost_societal"):
        assert (disc.loc[later, column] < plain.loc[later, column]).all()
        assert (disc[column] <= plain[column] + 1e-9).all()


def test_a_longer_horizon_extends_to_the_25th_birthday():
    short = runs("baseline", "value.horizon_years=2")[0]
    long = runs("baseline", "value.horizon_years=25")[0]
    stays = (long["first_week"] == 0) & (long["age_end"] < 24.0)
    assert (long.loc[stays, "dqaly_child"] > short.loc[stays, "dqaly_child"]).all()
    horizon_years = long["horizon_weeks"] / 52.0
    # Nobody still in the model at the end counts past the 25th birthday.
    present = long["age_end"] < 25.0
    start_age = long["age_end"] - long["weeks"] / 52.0
    assert (start_age + horizon_years <= 25.0 + 1e-6)[present].all()
    assert (horizon_years[present & (long["first_week"] == 0)] > 2.0).any()


# Increments -----------------------------------------------------------------------------
def test_a_scenario_compared_with_itself_gives_zero_increments():
    fams = runs("baseline")
    again = runs("baseline", "population.n_families=300")  # a rerun: same seeds
    result = compare(list(fams), list(again))
    inc = result.table[result.table["measure"] != "delta_ede_qaly"]
    assert np.allclose(inc["mean"], 0.0) and np.allclose(inc["std"].fillna(0.0), 0.0)
    assert np.allclose(result.table.loc[result.table["measure"] == "delta_ede_qaly", "mean"], 0)


def test_increments_are_paired_per_quintile_and_nmb_follows_the_threshold():
    option = runs("arrangements/direct_payment_supported")
    comparator = runs("arrangements/commissioned")
    inc = increments(option[0], comparator[0])
    for group in ("all", "Q1", "Q5"):
        expected = 20_000 * inc[("inc_qaly_total", group)] - inc[("inc_cost_nhs", group)]
        assert inc[("nmb_nhs_20k", group)] == pytest.approx(expected)
    total = inc[("inc_qaly_child", "all")] + inc[("inc_qaly_carer", "all")]
    assert inc[("inc_qaly_total", "all")] == pytest.approx(total)
    result = compare(list(option), list(comparator))
    row = result.table.set_index(["measure", "group"]).loc[("inc_qaly_child", "all")]
    assert row["ci_low"] <= row["mean"] <= row["ci_high"] and row["count"] == REPS
    assert result.quadrant.split(":")[0] in {"win-win", "trade-off", "lose-lose"}
    # The ICB's cost is never shown without the families' and the societal cost beside it.
    lines = comparison_lines(result, "option", "comparator")
    at = next(i for i, line in enumerate(lines) if line.startswith("Incremental cost, NHS"))
    assert lines[at + 1].startswith("Incremental cost, families")
    assert lines[at + 2].startswith("Incremental cost, societal")


def test_the_inequality_aversion_is_the_registrys():
    from sim.analysis.value import ATKINSON_EPSILON
    from sim.scenario.parameters import REGISTRY

    row = REGISTRY["value.atkinson_epsilon"]
    assert row.default == ATKINSON_EPSILON and "Health Econ 2017" in row.source


def test_atkinson_ede():
    w = np.ones(4)
    equal = np.full(4, 2.0)
    assert atkinson_ede(equal, w, 10.95) == pytest.approx(2.0)
    spread = np.array([1.0, 2.0, 3.0, 4.0])
    assert atkinson_ede(spread, w, 0.0) == pytest.approx(2.5)
    assert 1.0 < atkinson_ede(spread, w, 10.95) < atkinson_ede(spread, w, 1.0) < 2.5
    assert 0.0 < atkinson_index(spread, w, 2.0) < 1.0


# Control from mechanisms ------------------------------------------------------------------
def test_a_hand_back_takes_the_budgets_control_away():
    m = PHBModel(
        small(
            n_families=60,
            arrangement__shares={
                "direct_payment": 1.0,
                "commissioned": 0.0,
                "notional": 0.0,
                "third_party": 0.0,
            },
        ),
        rng=5,
    )
    m.step()
    assert (m.control > 0).all()
    rows = np.arange(10)
    hand_back(m, rows)
    assert (m.control[rows] == 0).all() and (m.control[10:] > 0).all()


def test_control_follows_the_design_of_the_budget():
    def control(**params):
        shares = {"direct_payment": 0.0, "commissioned": 0.0, "notional": 1.0, "third_party": 0}
        return PHBModel(small(n_families=40, arrangement__shares=shares, **params), rng=1).control

    known = control(icb__budget_known_upfront=True)
    unknown = control(icb__budget_known_upfront=False)
    assert (known > unknown).all()
    needs = control(icb__budget_method="needs_based")
    hours = control(icb__budget_method="hours_x_rate")
    assert (needs > hours).all()


# The validation document and the command ---------------------------------------------------
def test_the_pilot_section_is_replaced_and_other_sections_kept(tmp_path):
    from sim.experiments.value_validation import (
        BEGIN,
        END,
        PilotComparison,
        PilotRow,
        PilotSettings,
        render_pilot_section,
        write_pilot_section,
    )

    doc = tmp_path / "VALIDATION.md"
    row = PilotRow("figure", "target", "0.1", "no", "why")
    section = render_pilot_section(
        PilotComparison([row], {"control": (0.2, 0.05), "safety": (0.1, 0.05)}), PilotSettings()
    )
    write_pilot_section(doc, section)
    doc.write_text(doc.read_text() + "\n## Held-out figures\n\nkept\n")
    write_pilot_section(doc, section.replace("figure", "changed"))
    text = doc.read_text()
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert "| changed |" in text and "## Held-out figures" in text and "kept" in text
    assert "| control | +0.200 | +0.050 | 50% |" in text


def test_value_command_rejects_bad_input(capsys):
    from sim.cli import main

    assert main(["value", "compare", "baseline", "-r", "1"]) == 2
    assert "--replications" in capsys.readouterr().err
    assert main(["value", "compare", "no/such_scenario", "-r", "2"]) == 2
