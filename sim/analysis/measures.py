"""The model's outputs: one list of measures that summaries, plots, sweeps and SA all read.

A measure is computed per family from the run (a weekly mean, a yearly rate or a share) and
then summarised by resource quintile with distribution measures (see sim.analysis.inequality).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One output: its code name, unit, plain description and direction.

    ``display`` is the plain name figures, tables and reports show instead of the code name;
    ``bounds`` is the range the measure can take (intervals are clipped to it, so no figure
    shows negative hours); ``higher_is_worse`` says which way is better.
    """

    name: str
    unit: str
    description: str
    higher_is_worse: bool
    headline: bool = True
    display: str = ""
    bounds: tuple[float | None, float | None] = (0.0, None)

    @property
    def higher_is_better(self) -> bool:
        return not self.higher_is_worse

    @property
    def label(self) -> str:
        """Display name with unit, for axes and table headers."""
        return f"{self.display or self.name} ({self.unit})"


MEASURES: tuple[Measure, ...] = (
    Measure(
        "family_care_hours",
        "h/week",
        "Care hours given by the family (parents and network), per week.",
        True,
        display="Family care hours",
    ),
    Measure(
        "admin_hours",
        "h/week",
        "Family admin: coordination, recruitment, rostering, "
        "payroll, training, reviews, arranging cover.",
        True,
        display="Family admin hours",
    ),
    Measure(
        "unmet_hours",
        "h/week",
        "Hours of need nobody covered.",
        True,
        display="Unmet need",
    ),
    Measure(
        "crises",
        "per year",
        "Carer crises a year.",
        True,
        display="Carer crises",
    ),
    Measure(
        "emergency_admissions",
        "per year",
        "Emergency admissions of the child a year.",
        True,
        display="Emergency admissions",
    ),
    Measure(
        "strain",
        "0-1",
        "Mean carer strain.",
        True,
        display="Carer strain",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "paid_work_lost",
        "h/week",
        "Carers' paid work hours lost against their "
        "baseline (hours cut plus hours missed to cover gaps).",
        True,
        display="Paid work lost",
    ),
    Measure(
        "pa_continuity",
        "share",
        "Share of paid care hours by carers the family knows.",
        False,
        display="Continuity of paid care",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "pa_turnover",
        "per year",
        "PA leavers a year per PA employed (families that employ PAs).",
        True,
        headline=False,
        display="PA turnover",
    ),
    Measure(
        "icb_cost",
        "GBP/week",
        "Cost to the ICB: budget spent, contingency cover, "
        "support services and emergency admissions.",
        True,
        display="Cost to the ICB",
    ),
    Measure(
        "unspent_budget",
        "share",
        "Share of the allocated budget not spent (balance and money returned to the ICB).",
        True,
        headline=False,
        display="Budget unspent",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "phb_handed_back",
        "share",
        "Share of families that handed a PHB back.",
        True,
        headline=False,
        display="PHBs handed back",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "uptake_phb",
        "share",
        "Share of weeks holding a PHB (notional, third party or direct payment).",
        False,
        headline=False,
        display="PHB uptake",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "uptake_direct_payment",
        "share",
        "Share of weeks holding a direct payment.",
        False,
        headline=False,
        display="Direct payment uptake",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "qol",
        "0-1",
        "Care-related quality of life in the spirit of ASCOT: control, "
        "continuity, met need and carer wellbeing.",
        False,
        display="Care-related quality of life",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "cost_per_qol",
        "GBP per QoL-year",
        "ICB cost per unit of the quality of life index over a year.",
        True,
        headline=False,
        display="ICB cost per QoL-year",
    ),
)

MEASURE_NAMES: tuple[str, ...] = tuple(m.name for m in MEASURES)
HEADLINE: tuple[str, ...] = tuple(m.name for m in MEASURES if m.headline)

# Run-level calibration outputs compared with the baseline targets of the model brief.
CALIBRATION: dict[str, str] = {
    "pa_turnover_annual": "PA leavers a year over mean PAs employed",
    "pa_vacancy_rate": "Share of PA posts vacant, averaged over weeks",
    "pas_per_employer": "PAs per family employing PAs, averaged over weeks",
    "dp_share_of_phbs": "Direct payments as a share of PHBs at the end",
    "notional_share_of_phbs": "Notional budgets as a share of PHBs at the end",
    "third_party_share_of_phbs": "Third-party budgets as a share of PHBs at the end",
    "share_cut_work": "Share of families whose carers cut or left paid work",
    "share_covering_gaps": "Share of families who covered a paid-care gap of at least half a "
    "shift (GAP_SHIFT_HOURS) in a week of the last year",
    "share_caring_100_hours": "Share of families whose parents give 100 or more hours of care "
    "a week (their own hours, network help excluded; mean over the weeks seen)",
    "night_unmet_hours": "Unmet hours of need at night (23:00-07:00) a week, all families",
    "coordination_hours": "Family admin hours a week, all families",
    "coordination_hours_employers": "Family admin hours a week, families employing PAs",
    "mean_approval_weeks": "Mean weeks from referral to an active package",
}

# Distribution groups in the tidy summary, besides the quintiles Q1 (lowest) to Q5.
DISTRIBUTION = ("gap", "ratio", "sii", "conc_index")

# A family "covers a staffing gap" in a week when funded hours of at least half a shift went
# undelivered by paid carers and the family gave at least as many hours (WellChild's question
# was about being expected to cover staff gaps, not about minutes of slack).
GAP_SHIFT_HOURS = 4.0
