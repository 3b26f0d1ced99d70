"""The outputs the held-out validation figures are set against, tested by their consequences:
heavy caring (50+ h) by resource quintile, the share of complex-care families whose child's
safety staffing gaps affected, PAs per employer by tier, and the national pilot's comparison
across ensemble members (docs/VALIDATION.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.experiments.ensemble import Ensemble
from sim.experiments.runner import simulate
from sim.experiments.seeds import spawn_seeds
from sim.experiments.validation import pilot_rows, pilot_runs, validation_run
from sim.experiments.value_validation import COMPARATOR, OPTION
from sim.scenario import load_scenario

SIZE = ["population.n_families=500", "population.weeks=52", "population.burn_in_weeks=52"]
STAFFING_RISK_OFF = [
    "risk.admission_unmet_effect=0",
    "risk.admission_unmet_clinical_effect=0",
    "risk.admission_night_unmet_effect=0",
    "risk.admission_unfamiliar_effect=0",
]


def summaries(overrides: list[str], seeds: int = 3, scenario: str = "baseline") -> list:
    scen = load_scenario(scenario, [*SIZE, *overrides])
    return [simulate(scen, s, tables=False) for s in spawn_seeds(2026, seeds)]


def value(summary: pd.DataFrame, measure: str, group: str = "all") -> float:
    row = summary[(summary["measure"] == measure) & (summary["group"] == group)]
    assert len(row) == 1, (measure, group)
    return float(row["value"].iloc[0])


def test_heavy_care_share_rises_when_parents_give_more_care():
    """Without the informal network's help the parents give more hours themselves, so more
    families cross 50 hours a week (the same seeds, so the same households)."""
    base, alone = summaries([]), summaries(["family.network_hours_max=0"])
    for a, b in zip(base, alone, strict=True):
        hours = [
            np.average(r.families["parent_care_hours"], weights=r.families["weeks"]) for r in (a, b)
        ]
        assert hours[1] > hours[0] + 2.0
        assert value(b.summary, "share_care_50_hours") > value(a.summary, "share_care_50_hours")
    for r in base:
        s = r.summary
        heavy = value(s, "share_care_50_hours")
        assert value(s, "share_caring_100_hours") <= heavy  # 100+ h is also 50+ h
        fam = r.families[r.families["weeks"] > 0]
        assert np.isclose(heavy, np.average(fam["parent_care_hours"] >= 50.0, weights=fam["weeks"]))
        ratio = value(s, "share_care_50_hours", "ratio")
        assert np.isclose(
            ratio, value(s, "share_care_50_hours", "Q1") / value(s, "share_care_50_hours", "Q5")
        )


def test_safety_share_rises_when_providers_deliver_less():
    """Fewer commissioned hours delivered leave more clinical need unmet or to unfamiliar
    cover, so more complex-care families have a week in which their child was put at risk."""
    full = summaries(["market.provider_fill_rate=0.95"], seeds=4)
    short = summaries(["market.provider_fill_rate=0.7"], seeds=4)
    gain = [
        value(b.summary, "share_safety_affected") - value(a.summary, "share_safety_affected")
        for a, b in zip(full, short, strict=True)
    ]
    assert np.mean(gain) > 0.02, gain


def test_safety_share_is_the_admission_hazards_staffing_terms():
    """Switch the staffing terms of the admission hazard off and no week doubles it; the
    share is of complex-care families only, so it is a share, never above 1."""
    on, off = summaries([], seeds=1)[0], summaries(STAFFING_RISK_OFF, seeds=1)[0]
    share = value(on.summary, "share_safety_affected")
    assert 0.0 < share <= 1.0
    assert value(off.summary, "share_safety_affected") == 0.0


def test_24_hour_employers_have_larger_pa_teams():
    for r in summaries([], seeds=2):
        big = value(r.summary, "pas_per_employer", "twenty_four_hour")
        rest = value(r.summary, "pas_per_employer", "other_tiers")
        assert big > rest + 0.5, (big, rest)


def tiny_ensemble(n: int = 6) -> Ensemble:
    members = pd.DataFrame(
        {"member": range(n), "pa.turnover_annual": np.linspace(0.12, 0.3, n).round(3)}
    )
    manifest = {
        "parameters": ["pa.turnover_annual"],
        "calibration_spec": {"base": "baseline", "set": {"population.n_families": 40}},
    }
    return Ensemble("tiny", members, manifest, ("pa.turnover_annual",))


def test_pilot_runs_pair_distinct_members_and_are_reproducible_from_the_seed():
    ens = tiny_ensemble()
    runs, drawn = pilot_runs(ens, 10, 4, 99)
    assert len(set(drawn)) == 4 and len(runs) == 8
    assert [r.run_id for r in runs] == list(range(10, 18))
    by = {(r.labels["variant"], r.labels["member"]): r for r in runs}
    for m in drawn:
        opt, comp = by[("option", m)], by[("comparator", m)]
        assert opt.seed == comp.seed  # paired: the same households under both options
        assert opt.scenario.params["pa.turnover_annual"] == ens.values(m)["pa.turnover_annual"]
        assert comp.scenario.params["pa.turnover_annual"] == ens.values(m)["pa.turnover_annual"]
        assert opt.scenario.params["population.n_families"] == 40  # the calibration's size
    assert len({r.seed for r in runs}) == 4  # one seed per member
    again, drawn_again = pilot_runs(ens, 10, 4, 99)
    assert drawn_again == drawn and [r.seed for r in again] == [r.seed for r in runs]
    assert any(pilot_runs(ens, 0, 4, seed)[1] != drawn for seed in range(5))
    assert sorted(pilot_runs(ens, 0, 50, 99)[1]) == list(range(6))  # all, each once


def test_pilot_figures_come_from_the_paired_runs():
    """The pilot's gain and cost share per member, from the two runs' stored value inputs;
    a member missing one side gives nothing."""
    scen = {
        v: load_scenario(n, ["population.n_families=60", "population.weeks=13"])
        for v, n in (("option", OPTION), ("comparator", COMPARATOR))
    }
    frames = []
    for v, s in scen.items():
        rows = validation_run(s, 5)
        frames.append(rows.assign(member=3, variant=v))
    lone = validation_run(scen["option"], 6).assign(member=4, variant="option")
    out = pilot_rows(pd.concat([*frames, lone]))
    assert set(out["member"]) == {3}
    figures = dict(zip(out["measure"], out["value"], strict=True))
    opt, comp = (f.set_index(["measure", "group"])["value"] for f in frames)
    cost = comp[("value_input:cost_nhs", "all")]
    expect = (opt[("value_input:cost_nhs", "all")] - cost) / cost
    assert np.isclose(figures["pilot_cost_difference_share"], expect)
    assert np.isfinite(figures["pilot_ascot_gain"])


def test_tier_groups_are_summary_outputs_of_team_size_only():
    from dataclasses import replace

    from sim.experiments.history_matching.targets import BY_NAME

    team = BY_NAME["pas_per_employer_24h"]
    assert team.in_summary
    assert not replace(team, measure="pa_vacancy_rate").in_summary  # no such row
    assert BY_NAME["heavy_care_gradient"].in_summary and BY_NAME["safety_affected"].in_summary
    assert not BY_NAME["pilot_qol_gain"].in_summary  # the paired comparison's output


# Contact (FACTS §5): 24% of parent carers of disabled children give 100 hours or more of care
# a week. Its population is wider than this model's (children with complex needs, who need
# more care, not less), so half of it is a lenient floor.
CONTACT_100_HOURS = 0.24


@pytest.mark.xfail(
    strict=True,
    reason="parents give 100+ hours a week in about 1% of families, against Contact's 24%: "
    "funded and network hours leave few parents with that much care",
)
def test_parents_caring_100_hours_a_week_are_as_common_as_the_evidence_says():
    """The share of families whose parents together give 100+ hours of care a week, in the
    baseline, is at least half of Contact's 24%. A known departure, listed in the comparison
    report; the figure is held out for validation (docs/VALIDATION.md), so nothing is tuned
    to make this pass."""
    shares = [value(s.summary, "share_caring_100_hours") for s in summaries([], seeds=2)]
    assert np.mean(shares) >= CONTACT_100_HOURS / 2, shares
