"""Each mechanism of the model exercised on its own, on small populations.

Where a mechanism is a rule (an order, a formula) the test sets the state and checks the
rule; where it is a probability, the test compares two settings over many families.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.errors import InputError
from sim.model import PHBModel
from sim.model.families import COMMISSIONED, DIRECT_PAYMENT, NOTIONAL
from sim.model.icb import approval_weeks
from sim.model.market import recruit
from sim.model.workforce import weekly_hazard
from sim.scenario import load_scenario
from tests.conftest import small

ALL_DP = {"commissioned": 0.0, "notional": 0.0, "third_party": 0.0, "direct_payment": 1.0}
ALL_COMMISSIONED = {"commissioned": 1.0, "notional": 0.0, "third_party": 0.0, "direct_payment": 0.0}


def model(seed: int = 1, **params) -> PHBModel:
    return PHBModel(small(**params), rng=seed)


# ---------------------------------------------------------------- ICB budget holder
def test_weekly_hazard_conversion():
    assert weekly_hazard(0.2) == pytest.approx(0.0043, abs=1e-4)  # model brief: about 0.43%


def test_approval_delay_depends_on_regime_and_knowing_the_budget():
    light = model(
        icb__approval_regime="light", icb__budget_known_upfront=True, arrangement__shares=ALL_DP
    )
    heavy = model(
        icb__approval_regime="heavy", icb__budget_known_upfront=False, arrangement__shares=ALL_DP
    )
    rows = np.arange(5)
    assert (approval_weeks(light, rows) == light.p["icb.approval_weeks_light"]).all()
    expected = heavy.p["icb.approval_weeks_heavy"] + heavy.p["icb.unknown_budget_extra_weeks"]
    assert (approval_weeks(heavy, rows) == expected).all()


def test_referrals_replace_families_at_the_upper_age_and_wait_for_approval():
    m = model(n_families=50, weeks=8)
    m.fam.age[:5] = 24.999
    old_ids = m.fam.family_id[:5].copy()
    m.step()  # week 0 is a panel week
    assert not np.isin(m.fam.family_id[:5], old_ids).any()
    assert (m.fam.age[:5] <= m.p["population.referral_age_max"]).all()
    assert (m.fam.wait_left[:5] > 0).all()
    assert len(m.recorder.finished) == 1 and len(m.recorder.finished[0]["weeks"]) == 5


def test_waiting_families_get_interim_cover_only():
    m = model(
        n_families=60,
        weeks=4,
        population__initial_state="referrals",
        icb__interim_cover_share=0.25,
        market__agency_capacity=100.0,  # interim care comes from agencies: plenty of it here
    )
    m.step()
    w = m.last_week
    assert (w.pa == 0).all() and (w.provider == 0).all()
    np.testing.assert_allclose(w.agency, 0.25 * m.funded)


def test_budget_rates_and_allocation():
    m = model(
        arrangement__shares={
            "commissioned": 0.5,
            "notional": 0.0,
            "third_party": 0.0,
            "direct_payment": 0.5,
        }
    )
    m.step()
    fp, f = m.fp, m.fam
    dp = f.arrangement == DIRECT_PAYMENT
    pa_rate = fp["icb.pa_funded_pay"] * (1 + fp["icb.employer_oncost_share"])
    np.testing.assert_allclose(m.hour_rate[dp], pa_rate[dp])
    provider_price = np.where(f.tier > 0, fp["icb.complex_care_rate"], fp["icb.homecare_rate"])
    np.testing.assert_allclose(m.hour_rate[~dp], provider_price[~dp])
    active = m.active
    np.testing.assert_allclose(f.budget_week[active], (m.funded * m.hour_rate)[active])


def test_budget_not_known_upfront_under_plans_regular_hours():
    known = model(icb__budget_known_upfront=True, arrangement__shares=ALL_DP)
    unknown = model(
        icb__budget_known_upfront=False,
        icb__unknown_budget_plan_fit=0.8,
        arrangement__shares=ALL_DP,
    )
    for m in (known, unknown):
        m.step()
    np.testing.assert_allclose(known.plan, known.funded)
    np.testing.assert_allclose(unknown.plan[unknown.active], 0.8 * unknown.funded[unknown.active])


def test_needs_based_budget_buys_cover_from_savings():
    """With savings in the balance and a team gone, a needs-based budget buys agency cover
    beyond the week's allowance; an hours-times-rate budget cannot."""

    def bought(method: str) -> float:
        m = model(
            n_families=100,
            weeks=2,
            icb__budget_method=method,
            arrangement__shares=ALL_DP,
            market__agency_capacity=200.0,
        )
        from sim.model.workforce import release

        release(m, np.flatnonzero(m.pas.active))
        m.fam.balance[:] = 20 * 168 * 40.0  # savings from earlier weeks
        m.step()
        return m.last_week.agency.sum()

    assert bought("needs_based") > 1.5 * bought("hours_x_rate")


def test_held_money_never_limits_cover_so_there_is_no_clawback():
    """Why the model has no clawback at review: a needs-based budget whose balance is cut to
    a few weeks of budget (the 4-13 weeks a clawback would leave) buys the same cover as one
    holding years of savings, because the area's agency hours run out first."""

    def week(balance_weeks: float):
        m = model(n_families=200, icb__budget_method="needs_based")
        for _ in range(30):
            m.step()
        m.fam.balance[:] = balance_weeks * m.fam.budget_week
        m.step()
        return m.last_week

    reserve, savings = week(4.0), week(200.0)
    assert savings.agency.sum() > 0
    np.testing.assert_allclose(reserve.agency, savings.agency)
    np.testing.assert_allclose(reserve.unmet, savings.unmet)
    with pytest.raises(InputError, match="clawback"):
        load_scenario("baseline", ["icb.clawback=true"])


def test_overspend_response_cuts_hours_at_review():
    m = model(
        n_families=60,
        icb__overspend_response="cut",
        icb__overspend_cut_share=0.1,
        icb__envelope_headroom=0.0,
        icb__review_weeks=4,
        weeks=20,
    )
    m.icb_envelope_year[:] = -1.0  # make every ICB overspent
    m.icb_spend_year[:] = 1.0
    m.steps_done = 1
    due_before = m.fam.hours_factor.copy()
    from sim.model.icb import review

    review(m)
    cut = m.review_due
    assert cut.any()
    # (young adults may start below 1 after the transition at 18: the floor then applies)
    expected = np.maximum(m.p["icb.overspend_cut_floor"], 0.9 * due_before[cut])
    np.testing.assert_allclose(m.fam.hours_factor[cut], expected)
    assert (m.fam.hours_factor[cut] < due_before[cut]).any()


def test_transition_at_18_cliff_edge_and_eligibility():
    m = model(
        n_families=200,
        weeks=3,
        transition__policy="cliff_edge",
        transition__adult_chc_eligibility=0.0,
        transition__ineligible_funded_share=0.4,
        transition__cliff_edge_gap_weeks=10,
        arrangement__shares=ALL_DP,
    )
    m.fam.age[:] = 17.999
    before = m.fam.hours_factor.copy()
    m.step()
    np.testing.assert_allclose(m.fam.hours_factor, 0.4 * before)
    assert (m.fam.gap_left > 0).all() and (m.funded == 0).all()
    assert m.pas.active.sum() == 0  # PAs cannot be paid in the gap and move on
    planned = model(n_families=50, weeks=3, transition__policy="planned")
    planned.fam.age[:] = 17.999
    planned.step()
    assert (planned.fam.gap_left == 0).all()


# ---------------------------------------------------------------- labour market
def test_candidates_arrive_faster_when_pay_beats_the_wage():
    low = model(icb__pa_funded_pay=11.0, market__competing_wage=13.5)
    high = model(icb__pa_funded_pay=16.0, market__competing_wage=13.5)
    assert (high.markets.arrivals(high) > low.markets.arrivals(low)).all()


def test_hires_never_exceed_the_candidate_pool():
    m = model(
        n_families=300,
        weeks=10,
        arrangement__shares=ALL_DP,
        market__candidate_arrivals=0.0,
        market__hire_rate=1.0,
    )
    m.markets.candidates[:] = 3
    m.vacancies[:] = 0
    hires_before = m.hires_total
    m.step()
    assert m.hires_total - hires_before <= 3


def test_a_family_searches_for_every_open_post():
    """Each open post is searched for: with a chance p per post a week, a family with five
    vacancies hires (at most one PA) with chance 1 - (1 - p)^5, not p."""
    m = model(n_families=600, weeks=4, arrangement__shares=ALL_DP)
    m.markets.candidates[:] = 10**6  # candidates never run out
    m.markets.tightness[:] = 1.0
    m.hire_factor[:] = 0.1
    many = np.arange(len(m.fam)) % 2 == 1
    hired = np.zeros(len(m.fam))
    rounds = 20
    for _ in range(rounds):
        m.vacancies = np.where(many, 5.0, 1.0)
        rows, _ = recruit(m)
        hired[rows] += 1
    one, five = hired[~many].mean() / rounds, hired[many].mean() / rounds
    assert one == pytest.approx(0.1, abs=0.02)
    assert five == pytest.approx(1.0 - 0.9**5, abs=0.03)


def test_agency_capacity_limits_gap_cover():
    def agency(capacity: float) -> float:
        """Agency hours for interim and gap cover (both come from the area's agencies)."""
        m = model(
            n_families=150, weeks=20, arrangement__shares=ALL_DP, market__agency_capacity=capacity
        )
        total = 0.0
        for _ in range(20):
            m.step()
            total += m.last_week.agency.sum()
        return total

    assert agency(0.0) == pytest.approx(0.0, abs=1e-9)
    assert agency(20.0) > agency(1.0) > 0.0


# ---------------------------------------------------------------- personal assistants
def test_untrained_pas_cannot_cover_clinical_hours():
    # Every PA untrained, those hired in the week too (a trained new hire could cover).
    m = model(n_families=40, weeks=2, arrangement__shares=ALL_DP, pa__untrained_start_share=1.0)
    m.fam.clinical_share[:] = 1.0
    m.non_clinical[:] = 0.0
    m.pas.trained[:] = False
    m.pas.train_left[m.pas.active] = 50.0
    m.step()
    assert m.last_week.pa.sum() == 0.0


def test_absent_pas_leave_shifts_to_cover():
    m = model(
        n_families=80,
        weeks=2,
        arrangement__shares=ALL_DP,
        pa__holiday_weeks=10.0,
        pa__sickness_prob=0.5,
    )
    m.step()
    w = m.last_week
    assert w.slot_absent[w.slot_family >= 0].any()
    assert (w.rostered[w.slot_absent] == 0).all()


@pytest.mark.parametrize(
    ("setting", "low", "high"),
    [
        ("icb__pa_funded_pay", 16.0, 11.0),  # pay below the market raises leaving
        ("pa__insecure_share", 0.0, 1.0),
        ("pa__strain_hazard_effect", 0.0, 3.0),
    ],
)
def test_leaving_hazard_modifiers(setting, low, high):
    def turnover(value) -> float:
        """Leavers per PA-year (a rate: fewer PAs in post must not look like less churn).
        The hazard factor is doubled so the modifier stands out from seed noise."""
        m = model(
            n_families=800,
            weeks=52,
            arrangement__shares=ALL_DP,
            pa__insecure_hazard_factor=2.0,
            **{setting: value},
        )
        m.run()
        return m.leavers_total / (m.recorder.pa_week_sum / 52.0)

    assert turnover(high) > 1.15 * turnover(low)


def test_training_makes_pas_clinically_trained_faster_when_funded():
    def trained_share(funded: bool) -> float:
        m = model(
            n_families=150,
            weeks=8,
            arrangement__shares=ALL_DP,
            support__training_funding=funded,
            pa__training_weeks=4,
            pa__untrained_start_share=1.0,
            population__tier_shares={
                "personal_care": 0.0,
                "clinical": 1.0,
                "twenty_four_hour": 0.0,
            },
        )
        m.pas.trained[:] = False
        m.pas.train_left[m.pas.active] = np.where(funded, 4.0, 8.0)
        m.run(6)
        return m.pas.trained[m.pas.active].mean()

    assert trained_share(True) > trained_share(False) + 0.3


# ---------------------------------------------------------------- families
def test_gap_cover_order_pa_agency_family_unmet():
    m = model(n_families=100, weeks=1, arrangement__shares=ALL_DP, market__agency_capacity=0.0)
    m.fam.network_hours[:] = 0.0
    m.step()
    w, f = m.last_week, m.fam
    # With no agency, whatever PAs leave undone falls to the family; only beyond its time is unmet.
    assert (w.agency == 0).all()
    shortfall = f.need - w.pa
    assert ((w.unmet > 0) <= (w.family >= np.minimum(shortfall, w.family) - 1e-9)).all()
    # Band by band: day and evening need is unmet only once the parents' waking time is
    # used; night need only once the nights they can stay up are used.
    able = 1 - m.crisis_loss * (f.crisis_left > 0)
    free = np.maximum(0.0, m.carer_hours * able - f.work)
    day_unmet = w.unmet - w.unmet_night
    assert ((day_unmet > 1e-9) <= (w.parent - w.parent_night >= free - 1e-9)).all()
    assert ((w.unmet_night > 1e-9) <= (w.parent_night >= m.night_hours * able - 1e-9)).all()
    assert (w.unmet_night > 1e-9).any()  # the case is exercised


def test_strain_builds_over_capacity_and_recovers_below():
    m = model(n_families=60, weeks=1, need__age_change=0.0)
    m.fam.strain[:] = 0.5
    m.fam.need[:] = m.fam.base_need[:] = 168.0  # far above any carer's comfort
    m.refresh_derived(np.arange(60))  # need's derived values (inverse, hours by band)
    m.funded_full[:] = 0.0
    m.step()
    assert (m.fam.strain > 0.5).mean() > 0.9
    calm = model(n_families=60, weeks=1, need__age_change=0.0)
    calm.fam.strain[:] = 0.5
    calm.fam.need[:] = calm.fam.base_need[:] = 1.0
    calm.fam.work[:] = 0.0
    calm.refresh_derived(np.arange(60))
    calm.step()
    assert (calm.fam.strain < 0.5).mean() > 0.9


def test_admin_hours_by_task():
    kw = {"n_families": 200, "weeks": 10, "arrangement__shares": ALL_DP}
    with_payroll = model(support__payroll_service=True, **kw)
    without = model(support__payroll_service=False, **kw)
    commissioned = model(n_families=200, weeks=10, arrangement__shares=ALL_COMMISSIONED)
    for m in (with_payroll, without, commissioned):
        m.run()
    admin = {
        k: m.recorder.acc["admin"].sum()
        for k, m in {"with": with_payroll, "without": without, "commissioned": commissioned}.items()
    }
    assert admin["without"] > admin["with"] > admin["commissioned"]


def test_crisis_and_handing_back_a_phb():
    m = model(
        n_families=200,
        weeks=20,
        arrangement__shares=ALL_DP,
        risk__crisis_base=0.2,
        risk__handback_prob=1.0,
        support__support_planning=False,
    )
    m.run()
    f = m.fam
    assert f.handed_back.any()
    assert (f.arrangement[f.handed_back] == COMMISSIONED).all()
    assert m.recorder.acc["crises"].sum() > 0


def test_emergency_admissions_rise_with_unmet_need():
    def admissions(effect: float) -> float:
        m = model(
            n_families=400,
            weeks=52,
            risk__admission_unmet_effect=effect,
            icb__funded_share_of_need=0.5,
            family__carer_hours_available=20.0,
        )
        m.run()
        return m.recorder.acc["admissions"].sum()

    assert admissions(10.0) > 1.3 * admissions(0.0)


def test_paid_work_is_cut_under_strain():
    m = model(n_families=200, weeks=30, strain__work_cut_prob=0.5, strain__work_cut_threshold=0.1)
    m.fam.strain[:] = 1.0
    m.fam.cut_work[:] = False
    before = m.fam.work.copy()
    m.step()
    assert (m.fam.work < before).any() and m.fam.cut_work.any()


def test_notional_budget_buys_cover_only_when_needs_based():
    shares = {"commissioned": 0.0, "notional": 1.0, "third_party": 0.0, "direct_payment": 0.0}
    fixed = model(arrangement__shares=shares, icb__budget_method="hours_x_rate")
    flexible = model(arrangement__shares=shares, icb__budget_method="needs_based")
    assert not fixed.buys_cover.any()
    assert flexible.buys_cover[flexible.fam.arrangement == NOTIONAL].all()


def test_spending_follows_delivered_hours():
    m = model(n_families=80, weeks=1, arrangement__shares=ALL_DP, market__agency_capacity=0.0)
    spent_before = m.fam.spent.copy()
    m.step()
    expected = m.last_week.pa * m.pa_hour_cost + m.week_budget_extra
    np.testing.assert_allclose(m.fam.spent - spent_before, expected)
