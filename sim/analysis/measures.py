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
        "Cost to the ICB (the NHS/ICB perspective): budget spent, contingency cover, "
        "support services, reviews, emergency admissions by tier and respite after crises.",
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
        "The child's care-related quality of life in the spirit of ASCOT: control over "
        "daily life, personal safety, continuity of paid care, occupation and social "
        "participation, each scored from what happened in the week.",
        False,
        display="Child's care-related quality of life",
        bounds=(0.0, 1.0),
    ),
    Measure(
        "carer_qol",
        "0-1",
        "The carers' quality of life in the spirit of ASCOT-Carer and the Carer Experience "
        "Scale: own time, strain and sleep, paid work, feeling supported, control.",
        False,
        display="Carers' quality of life",
        bounds=(0.0, 1.0),
    ),
    *(
        Measure(name, "0-1", description, False, headline=False, display=display, bounds=(0.0, 1.0))
        for name, display, description in (
            (
                "qol_control",
                "Child: control over daily life",
                "Control: a floor for care arranged by others, raised by the PHB's design and "
                "by choosing who cares and when.",
            ),
            (
                "qol_safety",
                "Child: personal safety",
                "Safety: lost for unmet need, unfamiliar paid carers and exhausted parents.",
            ),
            (
                "qol_continuity",
                "Child: continuity of paid care",
                "Share of the child's need met by paid carers the child knows.",
            ),
            (
                "qol_occupation",
                "Child: occupation and participation",
                "Lost with unmet need, emergency admissions and care by strained parents.",
            ),
            (
                "carer_own_time",
                "Carers: own time",
                "Share of the carers' available hours not spent caring or on paperwork.",
            ),
            ("carer_strain_sleep", "Carers: strain and sleep", "One minus carer strain."),
            (
                "carer_work",
                "Carers: paid work kept",
                "Share of the carers' baseline paid work kept this week.",
            ),
            (
                "carer_supported",
                "Carers: feeling supported",
                "Help from paid care (share of need) and the support offer.",
            ),
            (
                "carer_control",
                "Carers: control over daily life",
                "The household's control, lost when need goes unmet.",
            ),
        )
    ),
    *(
        Measure(f"cost_{name}", "GBP/week", description, True, headline=False, display=display)
        for name, display, description in (
            (
                "package",
                "Cost: care package",
                "PA hours at the employer's cost and provider hours at the provider's rate.",
            ),
            (
                "agency",
                "Cost: agency and contingency cover",
                "Interim, budget-bought and ICB contingency agency hours.",
            ),
            (
                "support",
                "Cost: PHB support services",
                "Third-party fee, payroll, brokerage, training and support planning.",
            ),
            (
                "review",
                "Cost: assessment and review",
                "The assessment at a package's approval and periodic reviews.",
            ),
            ("admissions", "Cost: emergency admissions", "Emergency admissions priced by tier."),
            ("respite", "Cost: respite after crises", "A short break after each carer crisis."),
            (
                "lost_earnings",
                "Cost: carers' lost earnings",
                "Paid work hours lost, at carers' hourly earnings (families' perspective).",
            ),
            (
                "out_of_pocket",
                "Cost: families' extra costs",
                "Extra out-of-pocket costs of disability (families' perspective).",
            ),
            (
                "unpaid_care",
                "Cost: unpaid care at replacement cost",
                "Family care hours at the replacement cost (a sensitivity).",
            ),
        )
    ),
    Measure(
        "cost_nhs",
        "GBP/week",
        "NHS/ICB perspective: the sum of package, agency, support, review, admission and "
        "respite costs (the same as the cost to the ICB).",
        True,
        headline=False,
        display="Cost, NHS/ICB perspective",
    ),
    Measure(
        "cost_family",
        "GBP/week",
        "Families' perspective: carers' lost earnings and extra out-of-pocket costs.",
        True,
        display="Cost to families",
    ),
    Measure(
        "cost_societal",
        "GBP/week",
        "Societal perspective: NHS/ICB and families' costs (unpaid care at replacement cost "
        "only when value.unpaid_care_in_societal is on).",
        True,
        display="Cost, societal perspective",
    ),
    *(
        Measure(
            f"qaly_{who}",
            "QALY/year",
            f"Quality-adjusted years a year, {text} "
            "(undiscounted; the QoL score times value.qaly_per_qol_*).",
            False,
            headline=False,
            display=f"QALYs a year, {text}",
        )
        for who, text in (("child", "child"), ("carer", "carer"), ("total", "child and carer"))
    ),
    # Who meets the hours of need (with family care and unmet need above), and the paid
    # hours the roster lost: the accounting a comparison reads to say what drives a difference.
    Measure(
        "need_hours",
        "h/week",
        "Hours of care the child needs a week.",
        False,
        headline=False,
        display="Hours of care needed",
    ),
    Measure(
        "pa_hours",
        "h/week",
        "Care hours given by personal assistants the family (or a third party) employs.",
        False,
        headline=False,
        display="Personal assistant hours",
    ),
    Measure(
        "provider_hours",
        "h/week",
        "Care hours given by a commissioned provider.",
        False,
        headline=False,
        display="Commissioned provider hours",
    ),
    Measure(
        "agency_hours",
        "h/week",
        "Care hours from agencies: interim care, cover bought from the budget, contingency.",
        False,
        headline=False,
        display="Agency and contingency hours",
    ),
    Measure(
        "paid_hours",
        "h/week",
        "Care hours from paid carers of every kind: PAs, provider and agency.",
        False,
        headline=False,
        display="Paid care hours",
    ),
    Measure(
        "pa_hours_lost_vacancy",
        "h/week",
        "Contracted PA hours lost to unfilled posts (families employing PAs).",
        True,
        headline=False,
        display="PA hours lost to vacancies",
    ),
    Measure(
        "pa_hours_lost_absence",
        "h/week",
        "Contracted PA hours lost to PA sickness and holidays.",
        True,
        headline=False,
        display="PA hours lost to absence",
    ),
)

MEASURE_NAMES: tuple[str, ...] = tuple(m.name for m in MEASURES)
HEADLINE: tuple[str, ...] = tuple(m.name for m in MEASURES if m.headline)


def _increment(name: str, unit: str, description: str, worse: bool, display: str) -> Measure:
    """A value-layer output: a difference, so it may take either sign."""
    return Measure(name, unit, description, worse, display=display, bounds=(None, None))


# Outputs of the value layer (sim.analysis.value): increments of an option against a
# comparator, per person over the value horizon, discounted.
VALUE_OUTPUTS: tuple[Measure, ...] = (
    *(
        _increment(
            f"inc_cost_{name}",
            "GBP/person",
            f"Incremental cost, {text} perspective.",
            True,
            f"Incremental cost, {text}",
        )
        for name, text in (("nhs", "NHS/ICB"), ("family", "families'"), ("societal", "societal"))
    ),
    *(
        _increment(
            f"inc_qaly_{who}",
            "QALY/person",
            f"Incremental quality-adjusted years, {text}.",
            False,
            f"Incremental QALYs, {text}",
        )
        for who, text in (("child", "child"), ("carer", "carer"), ("total", "child and carer"))
    ),
    *(
        _increment(
            f"nmb_{persp}_{k}k",
            "GBP/person",
            f"Net monetary benefit at £{k},000 per QALY: £{k},000 x incremental QALYs "
            f"(child and carer) minus the incremental {text} cost.",
            False,
            f"Net monetary benefit, {text}, £{k}k/QALY",
        )
        for persp, text in (("nhs", "NHS/ICB"), ("societal", "societal"))
        for k in (20, 30)
    ),
    _increment(
        "delta_sii_qaly",
        "QALY/person",
        "Change in the slope index of inequality of "
        "quality-adjusted years by resource (positive: the gap between the best- and "
        "worst-resourced widens).",
        True,
        "Change in SII of QALYs",
    ),
    _increment(
        "delta_ede_qaly",
        "QALY/person",
        "Change in the Atkinson equally distributed "
        "equivalent of quality-adjusted years across resource quintiles.",
        False,
        "Change in equally distributed QALYs",
    ),
    _increment(
        "net_health_benefit",
        "QALY/person",
        "Incremental QALYs minus the incremental "
        "NHS/ICB cost at £20,000 per QALY (the equity impact plane's horizontal axis).",
        False,
        "Net health benefit",
    ),
)
VALUE_OUTPUT_NAMES: tuple[str, ...] = tuple(m.name for m in VALUE_OUTPUTS)

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

# Value outputs are looked up too, so tables and figures show their display names and units.
_BY_NAME = {m.name: m for m in (*MEASURES, *VALUE_OUTPUTS)}


def measure_of(name: str) -> Measure | None:
    """The registered measure called ``name`` (None for run-level or accounting outputs)."""
    return _BY_NAME.get(name)


def interval_bounds(name: str, difference: bool = False) -> tuple[float | None, float | None]:
    """The range an interval of measure ``name`` is clipped to: the measure's bounds, or for
    a difference of two values the widest difference those bounds allow."""
    m = measure_of(name)
    lo, hi = m.bounds if m else (None, None)
    if difference:
        return (lo - hi, hi - lo) if lo is not None and hi is not None else (None, None)
    return lo, hi
