"""Registry group `value`: quality-of-life weights, QALY mapping, discounting and the prices
of costs outside the care package (reviews, respite, admissions by tier, families' costs).

Domain weights are normalised by their sum where they are used, so a sensitivity analysis
can vary one weight without the score leaving 0-1.
"""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _b, _f

_ASCOT = (
    "Netten A, Burge P, Malley J, et al. Outcomes of social care for adults: developing a "
    "preference-weighted measure. Health Technol Assess 2012;16(16); Malley J, Towers A-M, "
    "Netten A, et al. An assessment of the construct validity of the ASCOT measure of "
    "social care-related quality of life with older people. Health Qual Life Outcomes "
    "2012;10:21"
)
_EQUAL_ASCOT = (
    f"{_ASCOT}: eight domains at four levels; assumption: each domain weighs 1/8 (ASCOF 1A "
    "sums them unweighted, 0-3 each; preference weights vary more between levels than "
    "between domains)"
)
_EQUAL_CARER = (
    "Rand S, Malley J, Netten A, Forder J. Factor structure and construct validity of the "
    "Adult Social Care Outcomes Toolkit for Carers (ASCOT-Carer). Qual Life Res "
    "2015;24:2601-2614: seven domains; assumption: each weighs 1/7 (no preference weights "
    "for parents of children in continuing care; FACTS §5: GHQ / ASCOT-Carer norms MISSING)"
)
_PILOT_FEATURES = (
    "FACTS §1: design features linked to better outcomes (budget known before planning, "
    "flexibility in holding and in what is bought); weight an assumption"
)


def _weight(name: str, default: float, source: str, description: str) -> Param:
    return _f(
        name,
        default,
        "weight",
        P01,
        (0.5 * default, 1.5 * default),
        source,
        description,
        level="run",
    )


PARAMS: tuple[Param, ...] = (
    # The child's care-related quality of life (sim.model.outcomes).
    _weight(
        "value.child_weight_control",
        0.125,
        _EQUAL_ASCOT,
        "Weight of control over daily life in the child's care-related QoL.",
    ),
    _weight(
        "value.child_weight_safety",
        0.125,
        _EQUAL_ASCOT,
        "Weight of personal safety in the child's care-related QoL.",
    ),
    _weight(
        "value.child_weight_continuity",
        0.125,
        f"{_ASCOT}; assumption: continuity of paid care (the model brief's domain) stands "
        "for ASCOT's dignity domain (the effect of how care is given on the person's sense "
        "of self; care by strangers) and weighs one domain, 1/8",
        "Weight of continuity of paid care in the child's care-related QoL.",
    ),
    _weight(
        "value.child_weight_occupation",
        0.25,
        f"{_EQUAL_ASCOT}; occupation and social participation are two of the eight, 2/8",
        "Weight of occupation and social participation in the child's care-related QoL.",
    ),
    _weight(
        "value.child_weight_unscored",
        0.375,
        f"{_EQUAL_ASCOT}; personal cleanliness and comfort, food and drink, accommodation "
        "cleanliness and comfort are three of the eight, 3/8",
        "Weight of ASCOT's domains the model does not score (held at "
        "value.unscored_domain_level under every option) in the child's care-related QoL.",
    ),
    _f(
        "value.unscored_domain_level",
        2.0 / 3.0,
        "score 0-1",
        P01,
        (1.0 / 3.0, 1.0),
        f"{_ASCOT}: levels ideal, no needs, some needs, high needs scored 3, 2, 1, 0 over 3 "
        "(ASCOF 1A); assumption: with a package, basic care is met ('no needs', 2/3)",
        "Level of the ASCOT and ASCOT-Carer domains the model does not score (the same "
        "under every option).",
        level="run",
    ),
    _f(
        "value.control_floor",
        1.0 / 3.0,
        "score 0-1",
        P01,
        (0.0, 2.0 / 3.0),
        f"{_ASCOT}: control level 'some control, but not enough', 1 of 3 in ASCOF 1A's "
        "scoring; assumption: the level of care arranged entirely by others",
        "Control over daily life when the family has no say over the care (commissioned).",
        level="run",
    ),
    _weight(
        "value.control_weight_known",
        0.15,
        _PILOT_FEATURES,
        "Weight of knowing the budget before planning in control.",
    ),
    _weight(
        "value.control_weight_flexibility",
        0.25,
        _PILOT_FEATURES,
        "Weight of flexibility in what the budget buys (needs-based) in control.",
    ),
    _weight(
        "value.control_weight_choice",
        0.3,
        "FACTS §2 NHS England: 86% achieved what they wanted; seed 000 choice and control "
        "theme; weight an assumption",
        "Weight of choosing who cares and when (share of need met by the family's own "
        "PAs) in control.",
    ),
    _weight(
        "value.control_weight_planning",
        0.15,
        "seed 004 feature 6; seeds 002/003 advice and support; weight an assumption",
        "Weight of support for support planning in control.",
    ),
    _weight(
        "value.control_weight_own_words",
        0.15,
        "seed 004 feature 7 (the plan's fit to what the family wants); weight an assumption",
        "Weight of a plan in the family's own words (the plan's fit) in control.",
    ),
    _f(
        "value.safety_unfamiliar_weight",
        0.3,
        "share of an unmet hour",
        P01,
        (0.1, 0.5),
        "assumption: an hour by a carer who does not know the child's routines is a "
        "smaller risk than an hour nobody covers (risk.admission_unfamiliar_effect is half "
        "risk.admission_unmet_effect at the defaults)",
        "Loss of safety from an hour of care by an unfamiliar paid carer, relative to an "
        "unmet hour.",
        level="run",
    ),
    _f(
        "value.safety_tired_weight",
        0.3,
        "share of an unmet hour at full strain",
        P01,
        (0.1, 0.6),
        "FACTS §4 WellChild: 37% felt the child's safety affected by staffing gaps; FACTS "
        "§5 Family Fund: 11% tired at work from sleep loss; size an assumption",
        "Loss of safety from an hour of care by a carer at full strain, relative to an unmet hour.",
        level="run",
    ),
    _f(
        "value.admission_week_share",
        0.5,
        "share of a week",
        P01,
        (0.3, 1.0),
        "assumption: an emergency admission of a child with complex needs takes a few days "
        "of the week's activities (FACTS §3: recurrent admissions 66% of bed-days)",
        "Share of the week's occupation and social participation lost to an emergency admission.",
        level="run",
    ),
    _f(
        "value.participation_strain_weight",
        0.5,
        "share",
        P01,
        (0.2, 0.8),
        "assumption: a child cared for by exhausted parents goes out less than one with a "
        "paid carer or rested parents (FACTS §5: 31% depressed by caring)",
        "Loss of occupation and participation for hours of care by a carer at full strain.",
        level="run",
    ),
    # The carers' quality of life.
    _weight(
        "value.carer_weight_own_time",
        1.0 / 7.0,
        _EQUAL_CARER,
        "Weight of own time (space and time to be yourself) in the carers' QoL.",
    ),
    _weight(
        "value.carer_weight_strain_sleep",
        1.0 / 7.0,
        _EQUAL_CARER,
        "Weight of strain and sleep (self-care) in the carers' QoL.",
    ),
    _weight(
        "value.carer_weight_work",
        1.0 / 7.0,
        _EQUAL_CARER,
        "Weight of paid work (occupation) in the carers' QoL.",
    ),
    _weight(
        "value.carer_weight_supported",
        1.0 / 7.0,
        _EQUAL_CARER,
        "Weight of feeling supported in the carers' QoL.",
    ),
    _weight(
        "value.carer_weight_control",
        1.0 / 7.0,
        _EQUAL_CARER,
        "Weight of control over daily life in the carers' QoL.",
    ),
    _weight(
        "value.carer_weight_unscored",
        2.0 / 7.0,
        f"{_EQUAL_CARER}; personal safety and social participation and involvement are two "
        "of the seven, 2/7",
        "Weight of ASCOT-Carer's domains the model does not score (held at "
        "value.unscored_domain_level under every option) in the carers' QoL.",
    ),
    # Quality-adjusted years and discounting (sim.analysis.value).
    _f(
        "value.qaly_per_qol_child",
        1.0,
        "QALY per QoL-year",
        P01,
        (0.5, 1.0),
        "assumption: the care-related score read as a utility anchored at 0 and 1, as in "
        "the pilot's ASCOT-based net benefit (FACTS §1)",
        "Quality-adjusted years per year at a child's care-related QoL of 1.",
        level="run",
    ),
    _f(
        "value.qaly_per_qol_carer",
        1.0,
        "QALY per QoL-year",
        P01,
        (0.5, 1.0),
        "assumption: as for the child; NICE counts carers' health effects (FACTS §10 PMG36)",
        "Quality-adjusted years per year at a carer QoL of 1 (one carer per household).",
        level="run",
    ),
    _f(
        "value.discount_rate",
        0.035,
        "per year",
        (0.0, 0.2),
        (0.015, 0.05),
        "FACTS §10: NICE PMG36, 3.5% a year (1.5% as a sensitivity)",
        "Discount rate for costs and quality-adjusted years.",
        level="run",
    ),
    _f(
        "value.horizon_years",
        5.0,
        "years",
        (0.25, 25.0),
        (1.0, 25.0),
        "assumption: the recorded run by default; beyond it each household's last recorded "
        "year continues until the horizon or the child's 25th birthday",
        "Time horizon of the value analysis, from the first recorded week.",
        level="run",
    ),
    _f(
        "value.atkinson_epsilon",
        10.95,
        "inequality aversion",
        (0.0, 50.0),
        (5.0, 16.0),
        "Robson M, Asaria M, Cookson R, Tsuchiya A, Ali S. Eliciting the level of health "
        "inequality aversion in England. Health Econ 2017;26(10):1328-1334 (Atkinson "
        "epsilon 10.95 from a general-population survey); the range an assumption, about "
        "half to one and a half times it",
        "Atkinson inequality aversion of the equally distributed equivalent of QALYs "
        "across resource quintiles (sim.analysis.value).",
        level="run",
    ),
    # Prices of costs outside the package.
    _f(
        "value.review_cost",
        600.0,
        "GBP per review",
        (0.0, 20_000.0),
        (300.0, 1500.0),
        "assumption: about a day of a continuing-care nurse assessor's time with panel "
        "sign-off (FACTS §3: national unit cost MISSING)",
        "NHS cost of a package review (assessment and review).",
        level="run",
    ),
    _f(
        "value.assessment_cost",
        1200.0,
        "GBP per assessment",
        (0.0, 20_000.0),
        (600.0, 3000.0),
        "assumption: the assessment before a package starts (a checklist, then a multi-"
        "disciplinary assessment with the Decision Support Tool and a recommendation to the "
        "commissioner, seed 002) takes about twice a review's time (value.review_cost); "
        "FACTS §3: national unit cost MISSING",
        "NHS cost of the assessment at approval of a package (new referrals, and a new "
        "package after a move or hand-back).",
        level="run",
    ),
    _f(
        "value.respite_cost_per_crisis",
        1500.0,
        "GBP per crisis",
        (0.0, 50_000.0),
        (500.0, 4000.0),
        "assumption: about three nights of a short break in a children's hospice after a "
        "carer crisis (FACTS §5: 57% worse parental mental health, WellChild)",
        "Cost of respite after a carer crisis (NHS/ICB perspective).",
        level="run",
    ),
    _f(
        "value.admission_factor_clinical",
        1.5,
        "multiplier of cost.admission",
        (1.0, 10.0),
        (1.0, 2.5),
        "assumption between the personal-care and 24-hour tiers",
        "Cost of an emergency admission for the clinical tier, relative to cost.admission.",
        level="run",
    ),
    _f(
        "value.admission_factor_twenty_four_hour",
        2.3,
        "multiplier of cost.admission",
        (1.0, 10.0),
        (1.5, 3.5),
        "FACTS §3: children with medical complexity are 23% of admissions and 52% of costs "
        "(Hessey 2025, 2.3x); technology-assisted costs 3.5x (Cohen 2012) [CA]",
        "Cost of an emergency admission for the 24-hour tier, relative to cost.admission.",
        level="run",
    ),
    _f(
        "value.carer_hourly_earnings",
        14.0,
        "GBP/h",
        (0.0, 100.0),
        (10.0, 22.0),
        "FACTS §5 Contact 2024: mean lost income £21,174 a year among the 62% who gave up "
        "or cut work; over a loss of about 29 h a week (half to a full post) ≈ £14/h [D]",
        "Carers' gross earnings per hour of paid work lost (societal perspective).",
        level="run",
    ),
    _f(
        "value.extra_costs_month",
        322.0,
        "GBP/month per family",
        (0.0, 5000.0),
        (150.0, 600.0),
        "FACTS §5 Contact 2024: extra disability costs £322 a month",
        "Families' extra out-of-pocket costs of the child's disability (the same under "
        "every option).",
        level="run",
    ),
    _f(
        "value.unpaid_care_rate",
        17.0,
        "GBP/h",
        (0.0, 100.0),
        (12.0, 32.0),
        "FACTS §3: PA pay £13-15/h before employer on-costs; homecare price floor £32.14 "
        "(2025/26) as the upper end",
        "Replacement cost of an hour of family care (a sensitivity of the societal cost).",
        level="run",
    ),
    _b(
        "value.unpaid_care_in_societal",
        False,
        "assumption: NICE's reference case does not value unpaid care time; included as a "
        "sensitivity (FACTS §10 PMG36)",
        "Count family care hours at the replacement cost in the societal total.",
        level="run",
    ),
)
