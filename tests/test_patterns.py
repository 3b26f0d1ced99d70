"""Patterns P1-P7 of the model brief: each compares library scenarios over replications and
asserts the direction with a margin (the difference must exceed both a minimum size and
twice its standard error over paired replications). A pattern is a check of the mechanism's
direction, not a number tuned in.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from sim.experiments.runner import replicate
from sim.scenario import load_scenario

SIZE = ("population.n_families=800", "population.weeks=156")
REPLICATIONS = 10
SEED = 2024
ALL_DP = "arrangement.shares={commissioned: 0, notional: 0, third_party: 0, direct_payment: 1}"

pytestmark = pytest.mark.slow


@cache
def runs(
    name: str, *overrides: str, replications: int = REPLICATIONS
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Summaries and family tables of the replications of a library scenario (the first
    ``replications`` of one seed sequence, so a longer series extends a shorter one)."""
    scenario = load_scenario(name, [*SIZE, *overrides])
    summaries, families = [], []
    for rep, result in replicate(scenario, SEED, replications):
        summaries.append(result.summary.assign(replication=rep))
        families.append(result.families.assign(replication=rep))
    return pd.concat(summaries), pd.concat(families)


def values(
    name: str,
    measure: str,
    group: str = "all",
    *overrides: str,
    replications: int = REPLICATIONS,
) -> np.ndarray:
    summary, _ = runs(name, *overrides, replications=replications)
    rows = summary[(summary["measure"] == measure) & (summary["group"] == group)]
    return rows.sort_values("replication")["value"].to_numpy()


def family_values(
    name: str, column: str, select, *overrides: str, replications: int = REPLICATIONS
) -> np.ndarray:
    """Per replication, the weeks-weighted mean of a family column over selected families."""
    _, fam = runs(name, *overrides, replications=replications)
    out = []
    for _, rep in fam.groupby("replication"):
        chosen = rep[select(rep)]
        out.append(np.average(chosen[column], weights=chosen["weeks"]))
    return np.asarray(out)


def assert_higher(low: np.ndarray, high: np.ndarray, min_diff: float, what: str) -> None:
    """``high`` exceeds ``low`` by at least ``min_diff`` and by two standard errors.

    Replication k of every scenario uses the same seed, so both start from the same
    households (common random numbers): the comparison is paired by replication.
    """
    paired = high - low
    diff = paired.mean()
    se = paired.std(ddof=1) / np.sqrt(len(paired))
    assert diff > max(min_diff, 2 * se), (
        f"{what}: difference {diff:.4g} (se {se:.3g}), needed > {min_diff}"
    )


def assert_vanishes(a: np.ndarray, b: np.ndarray, tolerance: float, what: str) -> None:
    """With its mechanism switched off a pattern disappears: the paired difference ``b - a``
    is within ``tolerance`` and not significant (within two standard errors of zero) unless
    negligible (below a tenth of ``tolerance``: other small mechanisms may leave a tiny but
    systematic residual, which common random numbers make "significant")."""
    paired = b - a
    diff = paired.mean()
    se = paired.std(ddof=1) / np.sqrt(len(paired))
    assert abs(diff) < tolerance and (abs(diff) <= 2 * se or abs(diff) < tolerance / 10), (
        f"{what}: difference {diff:.4g} (se {se:.3g}) with the mechanism off, "
        f"needed within {tolerance} and two standard errors of zero"
    )


def tier(name: str):
    return lambda frame: frame["tier"] == name


# P1 ------------------------------------------------------------------------------------
def test_p1_supported_phb_beats_commissioned_on_continuity_and_qol():
    base, phb = "arrangements/commissioned", "arrangements/direct_payment_supported"
    assert_higher(values(base, "pa_continuity"), values(phb, "pa_continuity"), 0.2, "continuity")
    assert_higher(values(base, "qol"), values(phb, "qol"), 0.05, "quality of life")
    for t in ("personal_care", "clinical", "twenty_four_hour"):
        assert_higher(
            family_values(base, "qol", tier(t)),
            family_values(phb, "qol", tier(t)),
            0.05,
            f"quality of life, {t}",
        )


# Provider staff as familiar as PAs: every PA counts as familiar from the first week and a
# provider's carers are as familiar as a PA (no rotation, no loss for complex packages).
SAME_FAMILIARITY = (
    "pa.familiar_weeks=0",
    "market.provider_familiarity=1",
    "market.provider_complex_familiarity_loss=0",
)


def test_p1_continuity_gain_disappears_when_providers_are_as_familiar_as_pas():
    """With provider staff as familiar as PAs the PHB's continuity gain is gone: it does not
    shrink to zero but turns into a loss (about -0.12), because a PHB's gaps are still covered
    by unfamiliar agency staff while a commissioned family's are left to the family, so the
    check is one-sided: the gain is below 0.02 (with the mechanism on it is above 0.2)."""
    base, phb = "arrangements/commissioned", "arrangements/direct_payment_supported"
    gain = values(phb, "pa_continuity", "all", *SAME_FAMILIARITY) - values(
        base, "pa_continuity", "all", *SAME_FAMILIARITY
    )
    assert gain.mean() < 0.02, f"continuity gain {gain.mean():.4g} with providers as familiar"


def _tier_gain(
    column: str, t: str, numer: str | None = None, denom: str | None = None
) -> np.ndarray:
    """Per replication: supported direct payment minus commissioned care, for one tier."""
    out = []
    for name in ("arrangements/direct_payment_supported", "arrangements/commissioned"):
        _, fam = runs(name)
        per_rep = []
        for _, rep in fam.groupby("replication"):
            x = rep[tier(t)(rep)]
            per_rep.append(
                x[numer].sum() / x[denom].sum()
                if numer
                else np.average(x[column], weights=x["weeks"])
            )
        out.append(np.asarray(per_rep))
    return out[0] - out[1]


def test_p1_benefit_is_largest_for_the_highest_needs():
    """Commissioned complex packages fill worst and rotate most staff (FACTS §4), so a
    supported PHB relieves families of 24-hour packages most: the fall in family care hours
    and the rise in continuity are larger there than for personal care."""
    relief_24h = -_tier_gain("family_care_hours", "twenty_four_hour")
    relief_personal = -_tier_gain("family_care_hours", "personal_care")
    assert_higher(
        relief_personal, relief_24h, 2.0, "fall in family hours, 24-hour vs personal care"
    )
    continuity = ("familiar_paid_hours", "paid_hours")
    assert_higher(
        _tier_gain("", "personal_care", *continuity),
        _tier_gain("", "twenty_four_hour", *continuity),
        0.02,
        "continuity gain, 24-hour vs personal care",
    )


# P2 ------------------------------------------------------------------------------------
def test_p2_unsupported_direct_payment_moves_labour_onto_the_family():
    base, dp = "arrangements/commissioned", "arrangements/direct_payment_unsupported"
    assert_higher(values(base, "admin_hours"), values(dp, "admin_hours"), 1.0, "admin hours")
    # Half an hour: with one labour market for all paid care, a population all on direct
    # payments has the whole pool of care workers to recruit from, so its PA teams are fuller
    # than when providers compete for the same workers; the gap in family hours is smaller.
    assert_higher(
        values(base, "family_care_hours"), values(dp, "family_care_hours"), 0.5, "family care hours"
    )


# Employer tasks that cost the family nothing: recruiting, rostering, payroll, training and
# arranging cover take no hours; and capability equal across families, since without support
# a family's lower capability also multiplies its coordination and review paperwork (about
# 0.09 h a week of the gap when only the tasks are free).
FREE_EMPLOYER_TASKS = (
    "admin.recruitment_hours=0",
    "admin.rostering_hours=0",
    "admin.payroll_hours=0",
    "admin.training_hours=0",
    "admin.gap_cover_hours=0",
    "family.resource_effect=0",
)


def test_p2_admin_gap_disappears_when_employer_tasks_cost_nothing():
    base, dp = "arrangements/commissioned", "arrangements/direct_payment_unsupported"
    assert_vanishes(
        values(base, "admin_hours", "all", *FREE_EMPLOYER_TASKS),
        values(dp, "admin_hours", "all", *FREE_EMPLOYER_TASKS),
        0.3,
        "admin hours, employer tasks free",
    )


# P3 ------------------------------------------------------------------------------------
# 1,600 families in the baseline's two areas: 800 an area, a tighter market than the
# baseline's 500. The quintile contrast is 0.67 h (se 0.11) over 20 replications here and
# 0.63 h (se 0.09) at the baseline's density (2,000 families in four areas); docs/ODD.md
# section 1.2.
P3_SIZE = ("population.n_families=1600",)


def churn_rise(quintile: str, *overrides: str, replications: int = REPLICATIONS) -> np.ndarray:
    """Per replication, the rise in unmet hours from low to high PA churn (all on a direct
    payment) in one resource quintile."""
    low, high = "workforce/churn_low", "workforce/churn_high"
    off = (ALL_DP, *P3_SIZE, *overrides)
    n = replications
    return values(high, "unmet_hours", quintile, *off, replications=n) - values(
        low, "unmet_hours", quintile, *off, replications=n
    )


def test_p3_churn_raises_unmet_need_and_family_hours_more_for_low_resources():
    low, high = "workforce/churn_low", "workforce/churn_high"
    assert_higher(
        values(low, "unmet_hours", "all", ALL_DP, *P3_SIZE),
        values(high, "unmet_hours", "all", ALL_DP, *P3_SIZE),
        0.1,
        "unmet hours",
    )
    assert_higher(
        values(low, "family_care_hours", "all", ALL_DP, *P3_SIZE),
        values(high, "family_care_hours", "all", ALL_DP, *P3_SIZE),
        2.0,
        "family care hours",
    )
    assert_higher(churn_rise("Q5"), churn_rise("Q1"), 0.05, "rise in unmet hours, Q1 vs Q5")


EQUAL_CAPABILITY = "family.resource_effect=0"
EQUAL_NEED = "need.deprivation_odds=1"
# Households alike across resources: the mean of the low- and high-resource shares.
EQUAL_HOUSEHOLDS = (
    "family.two_carer_share_low=0.725",
    "family.two_carer_share_high=0.725",
    "family.employment_low=0.75",
    "family.employment_high=0.75",
)


# The Q1 - Q5 contrast is noisy (a replication's excess varies by about 0.37 h with the
# seed), so P3's companion uses twice the replications of the other patterns.
P3_COMPANION_REPLICATIONS = 2 * REPLICATIONS


def test_p3_low_resource_excess_disappears_with_its_gradients_equalised():
    """The low-resource excess of P3 comes from three gradients: capability (slower hiring,
    less agency cover bought), need graded by deprivation (more complex packages, larger
    teams exposed to churn) and the household (fewer two-carer households, so fewer hours to
    absorb a gap). With all three equalised the excess falls (paired, by more than 0.3 h and
    two standard errors, of about 0.7 h) and what remains is within 0.2 h and two standard
    errors of zero, the check every companion makes. 0.2 h is about what 20 replications can
    bound (two standard errors of the residual are about 0.15 h); the residual's size
    below that is not shown (docs/ODD.md, section 1.2)."""
    equal = (EQUAL_CAPABILITY, EQUAL_NEED, *EQUAL_HOUSEHOLDS)
    n = P3_COMPANION_REPLICATIONS
    on = churn_rise("Q1", replications=n) - churn_rise("Q5", replications=n)
    off = churn_rise("Q1", *equal, replications=n) - churn_rise("Q5", *equal, replications=n)
    assert_higher(off, on, 0.3, "fall in the Q1 excess with its gradients equalised")
    assert_vanishes(np.zeros_like(off), off, 0.2, "Q1 excess with its gradients equalised")


# P4 ------------------------------------------------------------------------------------
def test_p4_resource_gradient_under_unsupported_direct_payments():
    """Families with fewer resources carry more admin and more unmet need (Q1 - Q5 > 0)."""
    unsupported = "arrangements/direct_payment_unsupported"
    for measure, size in (("admin_hours", 0.3), ("unmet_hours", 0.2)):
        gap = values(unsupported, measure, "gap")
        assert_higher(np.zeros_like(gap), gap, size, f"{measure} Q1-Q5 gap, unsupported")


def test_p4_admin_gradient_disappears_with_capability_equalised():
    """The admin gradient comes from capability (health-system literacy); the unmet-need gap
    also has other sources (need rises with deprivation, parents' time), so it is not
    expected to vanish. (With PA teams started above what the market keeps, recruitment
    admin added a gap of 0.107 h, se 0.071, that capability did not explain.)"""
    gap = values("arrangements/direct_payment_unsupported", "admin_hours", "gap", EQUAL_CAPABILITY)
    assert_vanishes(np.zeros_like(gap), gap, 0.1, "admin hours Q1-Q5 gap, equal capability")


def test_p4_support_flattens_the_admin_gradient():
    unsupported, supported = (
        "arrangements/direct_payment_unsupported",
        "arrangements/direct_payment_supported",
    )
    assert_higher(
        values(supported, "admin_hours", "gap"),
        values(unsupported, "admin_hours", "gap"),
        0.3,
        "admin gap flattened by support",
    )


def test_p4_information_flattens_the_admin_gradient():
    poor, good = "information/poor", "information/good"
    assert_higher(
        values(good, "admin_hours", "gap", ALL_DP),
        values(poor, "admin_hours", "gap", ALL_DP),
        0.2,
        "admin gap, poor vs good information",
    )


# P5 ------------------------------------------------------------------------------------
def test_p5_knowing_the_budget_up_front_improves_outcomes():
    unknown, known = "budget/not_known_upfront", "budget/known_upfront"
    assert_higher(
        values(known, "family_care_hours"),
        values(unknown, "family_care_hours"),
        0.5,
        "family hours",
    )
    assert_higher(values(known, "strain"), values(unknown, "strain"), 0.005, "carer strain")
    assert_higher(values(known, "crises"), values(unknown, "crises"), 0.01, "crises")


# Not knowing the budget up front reaches families by two channels: plans made without it
# under-plan regular PA hours (icb.unknown_budget_plan_fit) and re-planning adds weeks to
# the approval (icb.unknown_budget_extra_weeks).
PLAN_FIT_OFF = "icb.unknown_budget_plan_fit=1"
DELAY_OFF = "icb.unknown_budget_extra_weeks=0"


def test_p5_upfront_effect_disappears_with_both_of_its_channels_off():
    """With plans fitting as well unknown as known and no re-planning delay, knowing the
    budget up front makes no difference to families' hours, unmet need, strain or crises:
    the up-front switch reaches them by no other route."""
    unknown, known = "budget/not_known_upfront", "budget/known_upfront"
    for measure, tolerance in (
        ("family_care_hours", 0.2),
        ("unmet_hours", 0.05),
        ("strain", 0.005),
        ("crises", 0.01),
    ):
        assert_vanishes(
            values(known, measure, "all", PLAN_FIT_OFF, DELAY_OFF),
            values(unknown, measure, "all", PLAN_FIT_OFF, DELAY_OFF),
            tolerance,
            f"{measure}, both channels off",
        )


def test_p5_each_channel_of_the_upfront_effect_carries_its_part():
    """The plan fit carries most of the up-front effect on family hours (about 4 of 4.2 h):
    with it off the effect falls by more than 3 h. What is left is the re-planning delay's
    own (about 0.2 h: weeks more with no package), still there with the plan fit off and
    gone when the delay is off too (the companion above)."""
    unknown, known = "budget/not_known_upfront", "budget/known_upfront"
    hours = "family_care_hours"
    effect = values(unknown, hours) - values(known, hours)
    without_fit = values(unknown, hours, "all", PLAN_FIT_OFF) - values(
        known, hours, "all", PLAN_FIT_OFF
    )
    assert_higher(without_fit, effect, 3.0, "up-front effect on family hours lost with the fit")
    assert_higher(
        values(known, hours, "all", PLAN_FIT_OFF),
        values(unknown, hours, "all", PLAN_FIT_OFF),
        0.05,
        "family hours, plan fit off: the re-planning delay's own part",
    )


def test_p5_needs_based_budgets_improve_outcomes():
    hours, needs = "budget/hours_x_rate", "budget/needs_based"
    assert_higher(values(needs, "unmet_hours"), values(hours, "unmet_hours"), 0.02, "unmet hours")
    assert_higher(
        values(needs, "family_care_hours"), values(hours, "family_care_hours"), 1.0, "family hours"
    )
    assert_higher(values(needs, "strain"), values(hours, "strain"), 0.005, "carer strain")


# P6 ------------------------------------------------------------------------------------
def turned_18(frame: pd.DataFrame) -> pd.Series:
    """Families whose 18th birthday fell in the recorded weeks."""
    return (frame["age_end"] >= 18.0) & (frame["age_end"] - frame["weeks"] / 52.0 < 18.0)


# Twice the families for the effects at 18: few cross it in the recorded weeks, and
# emergency admissions are rare events.
P6_SIZE = ("population.n_families=1600",)


def assert_cliff_edge_raises(
    column: str, min_diff: float, *overrides: str, replications: int = REPLICATIONS
) -> None:
    """Among those turning 18, ``column`` is higher under the cliff edge than under a
    planned transition."""
    planned, cliff = "transitions/planned", "transitions/cliff_edge"
    reps = {"replications": replications}
    assert_higher(
        family_values(planned, column, turned_18, *P6_SIZE, *overrides, **reps),
        family_values(cliff, column, turned_18, *P6_SIZE, *overrides, **reps),
        min_diff,
        f"{column}, turning 18",
    )


def test_p6_cliff_edge_at_18_raises_family_hours_and_unmet_need():
    assert_cliff_edge_raises("family_care_hours", 1.0)
    assert_cliff_edge_raises("unmet_hours", 0.05)


def test_p6_cliff_edge_effect_disappears_with_no_gap():
    planned, cliff = "transitions/planned", "transitions/cliff_edge"
    no_gap = "transition.cliff_edge_gap_weeks=0"
    for column, tolerance in (("family_care_hours", 0.3), ("unmet_hours", 0.02)):
        assert_vanishes(
            family_values(planned, column, turned_18, no_gap),
            family_values(cliff, column, turned_18, no_gap),
            tolerance,
            f"{column}, turning 18, cliff edge without a gap",
        )


def test_p6_loss_of_adult_eligibility_raises_family_hours():
    planned = "transitions/planned"
    adults = lambda frame: frame["age_end"] >= 18.5  # noqa: E731
    kept = family_values(
        planned, "family_care_hours", adults, "transition.adult_chc_eligibility=0.95"
    )
    lost = family_values(
        planned, "family_care_hours", adults, "transition.adult_chc_eligibility=0.3"
    )
    assert_higher(kept, lost, 1.0, "family hours after 18, eligibility lost")


# Unmet clinical need drives admissions; the unmet-need terms of the admission hazard off.
NO_UNMET_RISK = (
    "risk.admission_unmet_effect=0",
    "risk.admission_unmet_clinical_effect=0",
    "risk.admission_night_unmet_effect=0",
)


def test_p6_cliff_edge_at_18_raises_emergency_admissions():
    """The gap in funded care at 18 leaves clinical need unmet, and unmet need raises the
    admission hazard (sim.model.risks), so admissions of those turning 18 rise (paired
    replications; about +0.05 a year on 1.26 over the recorded years, from the 16 weeks
    of the gap: about a third as many again in those weeks). Admissions are rare events:
    twice the replications, for a paired standard error of about 0.018 (0.028 with ten)."""
    assert_cliff_edge_raises("emergency_admissions", 0.03, replications=2 * REPLICATIONS)


def test_p6_admission_rise_disappears_without_the_unmet_need_terms():
    """With the unmet-need terms of the admission hazard switched off the cliff edge no longer
    raises admissions. One-sided: losing paid care in the gap also removes the hours given by
    unfamiliar carers, so with only that term left admissions fall a little."""
    planned, cliff = "transitions/planned", "transitions/cliff_edge"
    rise = family_values(cliff, "emergency_admissions", turned_18, *P6_SIZE, *NO_UNMET_RISK) - (
        family_values(planned, "emergency_admissions", turned_18, *P6_SIZE, *NO_UNMET_RISK)
    )
    assert rise.mean() < 0.02, f"admission rise {rise.mean():.4g} without the unmet-need terms"


# P7 ------------------------------------------------------------------------------------
def test_p7_heavy_approval_adds_delay_and_unmet_need():
    light, heavy = "governance/light", "governance/heavy"
    assert_higher(
        values(light, "mean_approval_weeks"),
        values(heavy, "mean_approval_weeks"),
        3.0,
        "approval weeks",
    )
    # A cohort of new referrals, all waiting for approval at the start, over their first year.
    cohort = ("population.initial_state=referrals", "population.weeks=52")
    assert_higher(
        values(light, "unmet_hours", "all", *cohort),
        values(heavy, "unmet_hours", "all", *cohort),
        0.1,
        "unmet hours of new referrals",
    )
    assert_higher(
        values(light, "family_care_hours", "all", *cohort),
        values(heavy, "family_care_hours", "all", *cohort),
        1.0,
        "family hours of new referrals",
    )


def test_p7_delay_effect_disappears_when_heavy_approval_is_as_fast_as_light():
    """With heavy approval as fast as light (and reviews as seldom, since quarterly reviews
    reassess growing need and so lower unmet need, about -0.02 h), new referrals' first-year
    unmet need no longer differs: the P7 excess is the delay."""
    light, heavy = "governance/light", "governance/heavy"
    cohort = ("population.initial_state=referrals", "population.weeks=52")
    fast = ("icb.approval_weeks_heavy=4", "icb.review_weeks=52")
    assert_vanishes(
        values(light, "unmet_hours", "all", *cohort, *fast),
        values(heavy, "unmet_hours", "all", *cohort, *fast),
        0.05,
        "unmet hours of new referrals, heavy approval as fast as light",
    )
