"""Run-level outputs besides the measures: calibration figures, the distribution groups of
the tidy summary, and the threshold that defines covering a staffing gap."""

from __future__ import annotations

# Run-level calibration outputs compared with the baseline targets of the model brief.
CALIBRATION: dict[str, str] = {
    "pa_turnover_annual": "PA leavers a year over mean PAs employed",
    "pa_vacancy_rate": "Share of PA posts vacant, averaged over weeks",
    "pas_per_employer": "PAs per family employing PAs, averaged over weeks; by tier (groups "
    "twenty_four_hour, other_tiers): PA-weeks over weeks of families mostly on a direct "
    "payment or third-party budget who employed PAs",
    "dp_share_of_phbs": "Direct payments as a share of PHBs at the end",
    "notional_share_of_phbs": "Notional budgets as a share of PHBs at the end",
    "third_party_share_of_phbs": "Third-party budgets as a share of PHBs at the end",
    "share_cut_work": "Share of families whose carers cut or left paid work",
    "share_covering_gaps": "Share of families who covered a paid-care gap of at least half a "
    "shift (GAP_SHIFT_HOURS) in a week of the last year",
    "share_caring_100_hours": "Share of families whose parents give 100 or more hours of care "
    "a week (their own hours, network help excluded; mean over the weeks seen)",
    "share_care_50_hours": "Share of families whose parents give 50 or more hours of care a "
    "week (as share_caring_100_hours); by quintile, and ratio Q1 / Q5",
    "night_unmet_hours": "Unmet hours of need at night (23:00-07:00) a week, all families",
    "coordination_hours": "Family admin hours a week, all families",
    "coordination_hours_employers": "Family admin hours a week, families employing PAs",
    "mean_approval_weeks": "Mean weeks from referral to an active package",
    "share_safety_affected": "Share of families with a clinical or 24-hour package (active "
    "at the end) who had, in the last year, a week in which staffing gaps at least doubled "
    "the child's emergency-admission hazard (SAFETY_RISK_MULTIPLIER)",
}

# Distribution groups in the tidy summary, besides the quintiles Q1 (lowest) to Q5.
DISTRIBUTION = ("gap", "ratio", "sii", "conc_index")
# Tier groups of the summary: the 24-hour tier and the others, for these measures only.
TIER_GROUPS = ("twenty_four_hour", "other_tiers")
TIER_MEASURES = ("pas_per_employer",)

# A family "covers a staffing gap" in a week when funded hours of at least half a shift went
# undelivered by paid carers and the family gave at least as many hours (WellChild's question
# was about being expected to cover staff gaps, not about minutes of slack).
GAP_SHIFT_HOURS = 4.0

# A week in which staffing put the child's safety at risk: unmet need (weighted by the
# tier's clinical share), unwatched nights and hours by carers who do not know the child
# together at least doubled the week's emergency-admission hazard (sim.model.risks). A
# stated threshold, set from the hazard's own scale (a doubling), not from WellChild's 37%,
# which is held out.
SAFETY_RISK_MULTIPLIER = 2.0
