"""The care week by time of day, and strain from what parents carry: tests by consequence.

Each compares paired runs (same seed, so the same households) that differ in one input, and
would fail if the mechanism behind it were switched off: network help counted as the parents'
own load, unmet need or nights left out of strain, night need pooled with the day, or the
cascade blind to when paid carers can work.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from sim.model import PHBModel, care, shifts
from sim.model.derived import SUPPORT_SWITCHES
from sim.model.strain import load as strain_load
from sim.scenario.parameters import REGISTRY
from tests.conftest import small

ALL_DP = {"commissioned": 0.0, "notional": 0.0, "third_party": 0.0, "direct_payment": 1.0}
ALL_COMMISSIONED = {
    "commissioned": 1.0,
    "notional": 0.0,
    "third_party": 0.0,
    "direct_payment": 0.0,
}
ALL_24H = {"personal_care": 0.0, "clinical": 0.0, "twenty_four_hour": 1.0}
ALL_CLINICAL = {"personal_care": 0.0, "clinical": 1.0, "twenty_four_hour": 0.0}


def run(weeks: int = 52, seed: int = 11, n: int = 300, **params) -> PHBModel:
    m = PHBModel(small(n_families=n, weeks=weeks, n_icbs=2, **params), rng=seed)
    return m.run()


def strain(m: PHBModel) -> float:
    """Mean strain over the recorded weeks (a time average, not the last week's state)."""
    a = m.recorder.acc
    return float((a["strain"] / np.maximum(a["weeks"], 1)).mean())


def weekly_means(m: PHBModel, weeks: int, *fields: str) -> dict[str, np.ndarray]:
    """Per-family means over ``weeks`` further weeks of the named CareWeek fields (strain is
    read from the family state)."""
    out = {k: np.zeros(len(m.fam)) for k in (*fields, "strain")}
    for _ in range(weeks):
        m.step()
        for k in fields:
            out[k] += getattr(m.last_week, k) / weeks
        out["strain"] += m.fam.strain / weeks
    return out


# ---------------------------------------------------------------- bands
def test_need_by_band_adds_up_and_24_hour_care_includes_waking_nights():
    m = PHBModel(small(n_families=200, population__tier_shares=ALL_24H), rng=3)
    need = m.need_band
    assert np.allclose(need.sum(axis=0), m.fam.need)
    assert (need <= shifts.BAND_HOURS[:, None] + 1e-9).all()
    # A third of 24-hour care is waking nights (8 of 24 hours).
    assert np.allclose(need[shifts.NIGHT], m.fam.need / 3.0)


def test_split_need_spills_a_full_band_into_the_others():
    need = np.array([100.0])
    shares = np.array([[0.1, 0.1, 0.8]])  # 80 night hours asked, 56 exist
    bands = shifts.split_need(need, shares)
    assert bands[shifts.NIGHT, 0] == pytest.approx(56.0)
    assert bands[:, 0].sum() == pytest.approx(100.0)


def test_spread_refits_only_families_over_a_band_and_leaves_the_rest_as_they_were():
    """The fit is family by family: refitting only the families with a band over its room
    gives exactly what refitting every family gives (and the others keep their hours)."""
    rng = np.random.default_rng(5)
    room = rng.uniform(0.0, 40.0, (3, 400))
    room[:, :20] = 0.0  # families with no room at all
    total = rng.uniform(0.0, 1.5, 400) * room.sum(axis=0)
    cover = rng.uniform(0.2, 1.0, 400)
    got = shifts.spread(total, room, cover)
    weights = room.copy()
    weights[shifts.NIGHT] *= cover
    plain = weights * (total / np.maximum(weights.sum(axis=0), 1e-12))
    over = (plain > room).any(axis=0)
    assert over.any() and not over.all()
    refit_all = np.minimum(shifts.fit_to_room(plain, room), room)
    np.testing.assert_array_equal(got, refit_all)
    np.testing.assert_array_equal(got[:, ~over], plain[:, ~over])
    assert (got <= room).all()


def test_team_counts_after_recruiting_match_a_recount_of_the_pool():
    """Recruiting adds one PA to each family that hired; the counts the week uses then are
    those a recount of the pool gives, trainees and vacancies included."""
    m = PHBModel(
        small(n_families=300, arrangement__shares=ALL_DP, pa__untrained_start_share=0.5), rng=4
    )
    hired = 0
    for _ in range(8):
        m.step()
        before = m.hires_total
        team, trainees, vacancies = care.recruit_for_vacancies(m)
        hired += m.hires_total - before
        for got, want in zip((team, trainees, vacancies), care.team_counts(m), strict=True):
            np.testing.assert_array_equal(got, want)
    assert hired > 0


def test_nights_are_the_hardest_to_staff():
    """Paid hours short of need leave a larger share of the night uncovered than of the
    day; with nights staffed like days the gaps are proportional."""
    need = np.array([[60.0], [20.0], [40.0]])
    paid = np.array([90.0])
    hard = need - shifts.spread(paid, need, 0.5)
    even = need - shifts.spread(paid, need, 1.0)
    assert hard[shifts.NIGHT, 0] / 40.0 > hard[shifts.DAY, 0] / 60.0 + 0.1
    assert np.allclose(even[:, 0] / need[:, 0], 0.25)
    assert np.allclose(shifts.spread(paid, need, 0.5).sum(), 90.0)


def test_unmet_need_at_night_and_in_the_clinical_tiers_appears_where_paid_care_falls_short():
    """With provider nights hard to staff, 24-hour families are left with unmet night need;
    staffing nights like days removes most of it."""
    base = dict(
        arrangement__shares=ALL_COMMISSIONED,
        population__tier_shares=ALL_24H,
        population__two_carer_share_low=0.0,
    )
    hard = run(**base, shift__provider_night_cover=0.4).last_week
    easy = run(**base, shift__provider_night_cover=1.0).last_week
    assert hard.unmet_night.mean() > 1.0
    assert hard.unmet_night.mean() > easy.unmet_night.mean() + 0.5
    assert hard.parent_night.mean() > easy.parent_night.mean()


# ---------------------------------------------------------------- strain
def test_network_help_lowers_strain():
    """Network help is not the parents' load: more of it lowers strain (the finding: network
    hours 0 to 20 moved strain 0.333 to 0.332)."""
    none = run(weeks=104, family__network_hours_max=0.0)
    lots = run(weeks=104, family__network_hours_max=20.0)
    assert strain(none) > strain(lots) + 0.02
    unmet = [x.recorder.acc["unmet"].sum() / x.recorder.acc["weeks"].sum() for x in (none, lots)]
    assert unmet[0] >= unmet[1]


def test_unmet_need_raises_strain():
    """Hours nobody covers weigh on the parents: the same week with more unmet need is a
    heavier load, and where unmet need is common (lone parents of 24-hour children with
    hard-to-staff provider nights) strain is higher with it weighed than without."""
    m = PHBModel(small(n_families=50), rng=1)
    m.step()
    w = m.last_week
    cover = SimpleNamespace(
        family=w.family,
        network=w.network,
        parent_night=w.parent_night,
        missed=np.zeros(len(w.family)),
        unmet=w.unmet,
    )
    admin = w.admin
    more = SimpleNamespace(**{**vars(cover), "unmet": cover.unmet + 10.0})
    assert (strain_load(m, more, admin) > strain_load(m, cover, admin)).all()
    common = dict(
        arrangement__shares=ALL_COMMISSIONED,
        population__tier_shares=ALL_24H,
        family__two_carer_share_low=0.0,
        family__two_carer_share_high=0.0,
        shift__provider_night_cover=0.4,
        family__carer_comfort_hours=55.0,
    )
    weighed = run(weeks=52, **common, strain__unmet_weight=1.0)
    ignored = run(weeks=52, **common, strain__unmet_weight=0.0)
    assert weighed.recorder.acc["unmet"].sum() / weighed.recorder.acc["weeks"].sum() > 2.0
    assert strain(weighed) > strain(ignored) + 0.01


def test_night_care_by_parents_raises_strain():
    """Fewer paid nights put the nights on the parents; the same weeks with night hours
    weighed for lost sleep give higher strain than with night hours counted like day hours.
    (Fewer paid nights alone move strain little: the paid hours go to the day instead, so the
    parents swap day hours for night hours.)"""
    common = dict(
        arrangement__shares=ALL_DP,
        population__tier_shares=ALL_CLINICAL,
        shift__night_share_clinical=0.35,
    )
    staffed = run(weeks=104, **common, shift__pa_night_cover=0.9)
    short = run(weeks=104, **common, shift__pa_night_cover=0.3)
    short_flat = run(weeks=104, **common, shift__pa_night_cover=0.3, strain__night_weight=1.0)
    nights = [x.recorder.acc["parent_night"].sum() for x in (staffed, short)]
    assert nights[1] > 1.2 * nights[0]
    assert strain(short) > strain(short_flat) + 0.02


def test_strain_is_not_lower_for_the_lowest_resource_quintile():
    """Under the same arrangement, Q1 households (more lone parents, smaller networks,
    poorer housing) carry at least the strain of Q5 households, who work more hours: clearly
    more under direct payments (where running the package draws on resources); about the
    same under commissioned care, so there the check allows one standard error of noise."""
    for shares, margin in ((ALL_COMMISSIONED, -0.015), (ALL_DP, 0.02)):
        gaps = []
        for seed in range(1, 9):
            m = run(weeks=104, seed=seed, n=600, arrangement__shares=shares)
            q = m.fam.quintile
            mean = m.recorder.acc["strain"] / np.maximum(m.recorder.acc["weeks"], 1)
            gaps.append(mean[q == 0].mean() - mean[q == 4].mean())
        assert np.mean(gaps) > margin, (shares, gaps)


def test_support_speeds_recovery_from_strain():
    """A full support offer (planning, brokerage, payroll, training, contingency) lowers
    employers' strain; without the support term in recovery it lowers it less."""
    support = {f"support__{s}": True for s in SUPPORT_SWITCHES}
    common = dict(weeks=104, n=600, arrangement__shares=ALL_DP)

    def mean_strain(**params) -> float:
        # Four paired seeds: one seed's households are too few to see a 0.01 difference.
        return float(np.mean([strain(run(seed=s, **common, **params)) for s in range(1, 5)]))

    bare = mean_strain()
    supported = mean_strain(**support)
    no_gain = mean_strain(**support, strain__support_recovery_gain=0.0)
    assert bare > supported + 0.01
    assert no_gain > supported + 0.005


# ---------------------------------------------------------------- levers
LEVERS = [
    ("shift.parent_night_hours", "parent_night", ALL_24H),
    ("shift.pa_night_cover", "unmet_night", ALL_24H),
    ("shift.provider_night_cover", "unmet_night", ALL_24H),
    ("shift.agency_night_cover", "unmet_night", ALL_24H),
    ("shift.evening_share_personal_care", "network", None),
    ("shift.night_share_personal_care", "parent_night", None),
    ("shift.evening_share_clinical", "network", None),
    ("shift.night_share_clinical", "parent_night", None),
    ("strain.night_weight", "strain", ALL_24H),
    ("strain.unmet_weight", "strain", ALL_24H),
    ("strain.respite_recovery_per_hour", "strain", None),
    ("strain.support_recovery_gain", "strain", None),
    ("risk.admission_night_unmet_effect", "admission", ALL_24H),
]


MIXED = {"commissioned": 0.4, "notional": 0.1, "third_party": 0.0, "direct_payment": 0.5}


@pytest.mark.parametrize(("name", "field", "tiers"), LEVERS, ids=[x[0] for x in LEVERS])
def test_each_new_lever_changes_an_output_in_its_plausible_range(name, field, tiers):
    low, high = REGISTRY[name].plausible
    params = dict(
        arrangement__shares=MIXED, support__contingency_cover=True, market__agency_capacity=5.0
    )
    if tiers:
        params["population__tier_shares"] = tiers
    out = []
    for value in (low, high):
        scenario = small(n_families=200, weeks=30, n_icbs=2, **params)
        m = PHBModel(scenario.with_params({name: value}), rng=5)
        got = weekly_means(m, 30, *([] if field == "strain" else [field]))
        out.append(got[field].mean())
    assert abs(out[1] - out[0]) > 1e-3 * max(1.0, abs(out[0])), (name, out)


# ---------------------------------------------------------------- directions
def test_more_help_never_makes_families_worse_off():
    """More network help, more paid night cover: no more unmet need, no more strain. (More
    nights the parents can stay up is not help: it trades unmet night need for the parents'
    sleep, and strain may rise.)"""
    for name, low, high in (
        ("family__network_hours_max", 0.0, 20.0),
        ("shift__pa_night_cover", 0.3, 0.9),
        ("shift__provider_night_cover", 0.4, 1.0),
    ):
        a = run(weeks=52, **{name: low})
        b = run(weeks=52, **{name: high})
        assert b.recorder.acc["unmet"].sum() <= a.recorder.acc["unmet"].sum() + 1e-6, name
        assert strain(b) <= strain(a) + 0.005, name


def test_harder_night_staffing_never_improves_outcomes():
    """A tighter market for night shifts: never less unmet need, never less strain."""
    common = dict(arrangement__shares=ALL_DP, population__tier_shares=ALL_24H)
    a = run(weeks=52, **common, shift__pa_night_cover=0.9)
    b = run(weeks=52, **common, shift__pa_night_cover=0.3)
    assert b.recorder.acc["unmet"].sum() >= a.recorder.acc["unmet"].sum()
    assert strain(b) >= strain(a) - 0.005


def test_cliff_edge_at_18_leaves_nights_unmet():
    """A cohort turning 18 under a cliff edge loses its funded care for the gap: unmet need,
    at night above all, rises against a planned handover over the same weeks and seeds."""

    def cohort(policy: str) -> tuple[float, float]:
        m = PHBModel(small(n_families=300, weeks=16, n_icbs=2, transition__policy=policy), rng=2)
        m.fam.age[:] = 17.99
        unmet = night = 0.0
        for _ in range(16):
            m.step()
            unmet += m.last_week.unmet.mean()
            night += m.last_week.unmet_night.mean()
        return unmet / 16, night / 16

    planned, cliff = cohort("planned"), cohort("cliff_edge")
    assert cliff[0] > planned[0] + 1.0
    assert cliff[1] > planned[1] + 0.5
