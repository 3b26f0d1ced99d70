"""The model's outputs, one per family and summarised by resource quintile: care hours and
who gives them, unmet need, crises and admissions, strain, quality of life and its domains,
costs by perspective, QALYs, and the accounting of paid hours."""

from __future__ import annotations

from sim.analysis.measures.measure import Measure

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
