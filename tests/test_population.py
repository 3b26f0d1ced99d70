"""The starting population is the model's own steady state.

A running caseload starts with the ages, post-18 packages and PA tenures it would have had
after running for a long time, so the recorded window shows no drift from the start: each
test would fail with the uniform 0-25 ages, the unapplied transition or the unbounded
tenures the model started with before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

from sim.model import PHBModel, settling
from sim.model.families import stationary_ages
from sim.model.icb import TRANSITION_AGE, age_and_transition
from sim.scenario import load_scenario
from sim.scenario.parameters.core import TIERS
from tests.conftest import small


def test_stationary_ages_follow_referral_ages_and_exit():
    """Referrals at 0-17 staying to 25: density rising to 17 then flat, so 12.9% are under
    8.5 (uniform 0-25 would give 34%) and 42.4% are 18 or over; nobody was referred after 17
    or before birth."""
    rng = np.random.default_rng(5)
    age, entry = stationary_ages(rng, 200_000, 17.0, 25.0)
    assert (age >= 0).all() and (age <= 25.0).all()
    assert (entry <= np.minimum(age, 17.0)).all() and (entry >= 0).all()
    total = 25.0 - 8.5
    assert abs((age < 8.5).mean() - (8.5**2 / 34.0) / total) < 0.005
    assert abs((age >= 18.0).mean() - 7.0 / total) < 0.005


def test_stationary_ages_match_the_models_own_turnover():
    """Age shares of the start equal those after the caseload has turned over (30 years of
    referrals and exits), within sampling noise (3,000 families: a share's standard error is
    about 0.009, so ±0.04 is over three of the difference's)."""
    m = PHBModel(small(n_families=3000, weeks=1), rng=4)
    start = np.histogram(m.fam.age, bins=[0, 6, 12, 18, 25.5])[0] / 3000
    for _ in range(30 * 52):
        m.steps_done += 1
        age_and_transition(m)
    later = np.histogram(m.fam.age, bins=[0, 6, 12, 18, 25.5])[0] / 3000
    np.testing.assert_allclose(start, later, atol=0.04)


def test_young_adults_start_through_the_transition():
    """Starting young adults carry the post-18 hours factor (eligible: 1, else the ineligible
    share), as those who cross 18 in the model do; children keep 1."""
    m = PHBModel(small(n_families=3000, weeks=1), rng=6)
    p, f = m.p, m.fam
    adult = f.age >= TRANSITION_AGE
    elig = p["transition.adult_chc_eligibility"]
    expected = elig + (1 - elig) * p["transition.ineligible_funded_share"]
    assert adult.sum() > 1000
    assert abs(f.hours_factor[adult].mean() - expected) < 0.03
    assert (f.hours_factor[~adult] == 1.0).all()


def test_pa_tenures_are_bounded_by_the_employers_time_in_the_model():
    dp = {"commissioned": 0.0, "notional": 0.0, "third_party": 0.0, "direct_payment": 1.0}
    m = PHBModel(small(n_families=400, weeks=1, arrangement__shares=dp), rng=7)
    f, pas = m.fam, m.pas
    act = np.flatnonzero(pas.active)
    assert len(act) > 300
    weeks_in_model = (f.age[pas.fam[act]] - f.entry_age[pas.fam[act]]) * 52.0
    assert (pas.tenure[act] <= weeks_in_model).all()
    assert pas.tenure[act].max() > 100  # long-serving PAs remain possible


def test_complex_needs_are_graded_by_deprivation():
    """The clinical and 24-hour tiers are more common in the most deprived quintile than in
    the least; with the gradient switched off (odds 1) the quintiles match."""

    def complex_share(odds: float) -> tuple[float, float]:
        m = PHBModel(small(n_families=6000, weeks=1, need__deprivation_odds=odds), rng=8)
        f = m.fam
        return (f.tier[f.quintile == 0] > 0).mean(), (f.tier[f.quintile == 4] > 0).mean()

    q1, q5 = complex_share(2.0)
    assert q1 - q5 > 0.08
    q1, q5 = complex_share(1.0)
    assert abs(q1 - q5) < 0.05


def test_need_changes_with_age_and_funding_follows_at_review():
    """Need grows with age (need.age_change > 0): older young people need more than they did
    at the start; funded hours follow at review, not before."""
    m = PHBModel(
        small(n_families=300, weeks=30, need__age_change=0.03, icb__review_weeks=52), rng=9
    )
    f = m.fam
    before_need, before_funded = f.need.copy(), m.funded_full.copy()
    first_review = f.next_review.copy()
    for _ in range(26):
        m.step()
    stayed = f.family_id == np.arange(len(f))  # households still in their first slot
    grown = stayed & (f.need > before_need)
    assert grown.sum() > 0.8 * stayed.sum()
    not_reviewed = stayed & (first_review > 26)
    # reviewed after the first steps of need (every icb.panel_weeks), below the 168 h cap
    reviewed = stayed & (first_review > 4) & (first_review <= 26) & (before_need < 160)
    assert reviewed.sum() > 50
    np.testing.assert_allclose(m.funded_full[not_reviewed], before_funded[not_reviewed])
    # (a family waiting for a new package at its review date is not reviewed then)
    assert (m.funded_full[reviewed] > before_funded[reviewed]).mean() > 0.9


def first_and_fifth_year(
    name: str, n_families: int, seeds, row: Callable[[PHBModel], tuple]
) -> tuple[np.ndarray, np.ndarray]:
    """Per seed, the means of ``row(model)`` (a tuple of outputs, read after each week) over
    the first and over the fifth recorded year after the burn-in of a library scenario."""
    first, last = [], []
    for seed in seeds:
        scenario = load_scenario(name, [f"population.n_families={n_families}"])
        m = PHBModel(scenario, rng=seed)
        m.run(0)  # the burn-in only
        rows = []
        for _ in range(5 * 52):
            m.step()
            rows.append(row(m))
        rows = np.asarray(rows, dtype=float)
        first.append(rows[:52].mean(axis=0))
        last.append(rows[-52:].mean(axis=0))
    return np.asarray(first), np.asarray(last)


def _teams_and_hours(m: PHBModel) -> tuple:
    w = m.last_week
    employers = m.employs.sum()
    posts = m.team_target[m.employs].sum()
    pas = m.pas.active.sum()
    return w.family.mean(), w.unmet.mean(), pas / employers, pas / posts, employers


@cache
def recorded_years() -> tuple[np.ndarray, np.ndarray]:
    """First and fifth recorded year (after the burn-in) under supported direct payments,
    eight seeds of 800 families: mean family hours, unmet hours, PAs per employing family,
    PAs per post (the share of posts filled) and employing families. (Eight, not three: a
    seed's change in unmet hours varies with who happens to be referred and who leaves, sd
    0.24 h, so three seeds' mean had a standard error of 0.14 h against the 0.2 h
    tolerance; over seeds 1-3 it was -0.21 h, over these eight -0.07 h.)"""
    first, last = first_and_fifth_year(
        "arrangements/direct_payment_supported", 800, range(1, 9), _teams_and_hours
    )
    return first.mean(axis=0), last.mean(axis=0)


def _paid_work(m: PHBModel) -> tuple:
    f = m.fam
    return np.mean(f.work < f.work0), np.mean(f.work0 - f.work)


@cache
def paid_work_drift(work_settle_weeks: int | None = None) -> np.ndarray:
    """Per seed (six seeds of the baseline's 1,500 families), the relative change from the
    first recorded year to the fifth in the share of families whose paid work is below its
    no-caring level and in the paid work lost a week. ``work_settle_weeks`` replaces
    ``settling.WORK_SETTLE_WEEKS_MAX`` (0: no settling of paid work and strain)."""
    saved = settling.WORK_SETTLE_WEEKS_MAX
    if work_settle_weeks is not None:
        settling.WORK_SETTLE_WEEKS_MAX = work_settle_weeks
    try:
        first, last = first_and_fifth_year("baseline", 1500, range(6), _paid_work)
    finally:
        settling.WORK_SETTLE_WEEKS_MAX = saved
    return last / first - 1.0


def test_no_drift_in_family_hours_and_unmet_need_in_the_recorded_window():
    """Finding 2: family hours drifted +5.6% from the first recorded year to the fifth.
    Now within 5%, and unmet hours within 0.2 h a week."""
    first, last = recorded_years()
    assert abs(last[0] / first[0] - 1.0) < 0.05, (first, last)
    assert abs(last[1] - first[1]) < 0.2, (first, last)


def test_pa_posts_stay_filled_in_the_recorded_window():
    """The market keeps the share of PA posts filled steady: PAs per post, first against
    fifth recorded year, within 5%."""
    first, last = recorded_years()
    assert abs(last[3] / first[3] - 1.0) < 0.05, (first, last)


def test_pa_teams_do_not_drift_in_the_recorded_window():
    """PAs per employing family, first against fifth recorded year, within 5% (it fell about
    5% while the caseload started with no PHB handed back: docs/ODD.md, section 5)."""
    first, last = recorded_years()
    assert abs(last[2] / first[2] - 1.0) < 0.05, (first, last)


def test_employing_families_do_not_drift_in_the_recorded_window():
    """Employing families, first against fifth recorded year, within 5% (they fell about 9%
    while the caseload started with no PHB handed back, as hand-backs accumulated)."""
    first, last = recorded_years()
    assert abs(last[4] / first[4] - 1.0) < 0.05, (first, last)


def test_paid_work_does_not_drift_in_the_recorded_window():
    """The share of families who have cut paid work and the paid work lost, first against
    fifth recorded year, each within 2.5% (mean of six seeds; measured -0.2% and -0.2%, se
    0.4% and 0.8%): the starting caseload's paid work is settled for the years it had its
    package (sim.model.settling)."""
    drift = paid_work_drift().mean(axis=0)
    assert (np.abs(drift) < 0.025).all(), drift


def test_paid_work_drifts_without_the_settling_of_the_years_before_the_start():
    """Switched off, the settling's consequence goes: the caseload starts with the work cuts
    of households just referred, and across the recorded window the paid work lost rises by
    more than 2.5% (5.0% measured, se 0.9%) as the carers' return to work and the cuts that
    follow play out."""
    drift = paid_work_drift(0).mean(axis=0)
    assert drift[1] > 0.025, drift


def _vacancy(m: PHBModel) -> tuple:
    return (np.dot(m.vacancies, m.employs) / np.dot(m.team_target, m.employs),)


def test_pa_vacancy_does_not_drift_in_a_dense_all_direct_payment_market():
    """Every family on a supported direct payment, 1,500 families in the baseline's two
    areas (750 an area against the baseline's 500): PA vacancy in the fifth recorded year
    within 0.02 of the first (two seeds). Candidates are scarce there, so a PA stock that
    starts above what the market can keep falls only as fast as PAs leave: without the
    settling of PA teams (sim.model.settling.settle_pa_teams) vacancy rises by about 0.06
    across the recorded window (docs/ODD.md, section 5)."""
    first, last = first_and_fifth_year(
        "arrangements/direct_payment_supported", 1500, (0, 1), _vacancy
    )
    rises = (last - first)[:, 0]
    assert abs(np.mean(rises)) < 0.02, rises


def test_pa_vacancy_drifts_in_a_dense_market_without_the_settling_of_pa_teams(monkeypatch):
    """Switched off, the settling's consequence goes: the starting teams, drawn as the weekly
    rules alone imply, are fuller than the market can keep, and vacancy rises by more than
    0.03 across the recorded window (0.09 and 0.06 measured on these seeds)."""
    monkeypatch.setattr(settling, "settle_pa_teams", lambda m, loss, efficiency: None)
    first, last = first_and_fifth_year(
        "arrangements/direct_payment_supported", 1500, (0, 1), _vacancy
    )
    rises = (last - first)[:, 0]
    assert np.mean(rises) > 0.03, rises


def test_starting_caseload_carries_the_hand_backs_its_flow_implies():
    """Halfway through the burn-in the starting caseload gets its stock of hand-backs: many
    times the week's own flow, families who had a package before the start, more often in
    the higher-strain 24-hour tier than in personal care, and none when a crisis never leads
    to a hand-back (the stock is the flow's, not a share put in)."""

    def settle(*overrides: str) -> tuple[PHBModel, np.ndarray, np.ndarray]:
        scenario = load_scenario(
            "arrangements/direct_payment_supported", ["population.n_families=1500", *overrides]
        )
        m = PHBModel(scenario, rng=3)
        for _ in range(m.burn_in // 2 - 1):
            m.step()
        before = m.fam.handed_back.copy()
        m.step()  # the week the stock is settled
        return m, before, m.fam.handed_back & ~before

    m, before, new = settle()
    weekly_flow = before.sum() / (m.burn_in // 2 - 1)
    assert new.sum() > 10 * max(weekly_flow, 1.0), (new.sum(), weekly_flow)
    assert (m.settling.prestart_weeks[new] > 0).mean() > 0.9
    # ...and only households of the start: a row refilled since (its pre-start weeks are its
    # first household's) is never settled
    assert (m.fam.family_id[new] < len(m.fam)).all()
    f = m.fam
    personal_care, twenty_four_hour = TIERS.index("personal_care"), TIERS.index("twenty_four_hour")
    employing_before = ~before  # (only employing families can hand back)
    share = [new[employing_before & (f.tier == t)].mean() for t in range(len(TIERS))]
    assert share[twenty_four_hour] > share[personal_care], share
    _, _, none = settle("risk.handback_prob=0")
    assert not none.any()


def test_only_households_of_the_start_carry_pre_start_hand_backs():
    """A row refilled since the start holds a new household, with no package before it: even
    with a crisis every week (so most starting employers would have handed back), the
    settling leaves it alone, whichever week it was referred in."""
    scenario = load_scenario(
        "arrangements/direct_payment_supported", ["population.n_families=1500"]
    )
    m = PHBModel(scenario, rng=3)
    m.settling.week = 11  # settle in the eleventh week, as a crisis a week would
    # a crisis chance of one a week (over the 11 weeks, beside the chances they measure)
    m.settling.crisis = np.full(len(m.fam), 11.0)
    for _ in range(10):
        m.step()
    f = m.fam
    refilled = f.family_id >= len(f)
    candidates = refilled & m.employs
    assert candidates.sum() > 0
    before = f.handed_back.copy()
    m.step()  # the week the stock is settled
    new = f.handed_back & ~before
    assert new.sum() > 0.5 * (m.employs | new)[~refilled].sum()
    assert not (new & refilled).any()
