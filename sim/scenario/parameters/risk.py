"""Registry group `risk`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f, _i

PARAMS: tuple[Param, ...] = (
    _f(
        "strain.work_return_threshold",
        0.25,
        "strain (0-1)",
        P01,
        (0.1, 0.4),
        "assumption: carers go back to work only well below the strain at which they cut it",
        "Strain below which carers who cut paid work may take it back.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.work_return_prob",
        0.025,
        "per week",
        P01,
        (0.005, 0.1),
        "assumption: returning to work is slower than cutting it",
        "Weekly probability of taking back half a post when strain is below the return threshold.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.crisis_base",
        0.0008,
        "per week",
        (0.0, 0.5),
        (0.0002, 0.003),
        "assumption: carer crisis is rare at low strain (FACTS §4: WellChild 57% worse "
        "mental health)",
        "Weekly probability of a carer crisis at zero strain.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.crisis_strain_slope",
        4.0,
        "log relative risk per unit strain",
        (0.0, 10.0),
        (2.0, 6.0),
        "assumption: crisis risk rises steeply with strain",
        "Crisis risk is risk.crisis_base x exp(slope x strain).",
        level="run",
        role="uncertainty",
    ),
    _i(
        "risk.crisis_weeks",
        4,
        "weeks",
        (1, 52),
        (2, 12),
        "assumption: a family crisis (carer illness, breakdown, the child's acute episode) "
        "disrupts care for about a month; the range spans two weeks to three months",
        "Weeks a crisis cuts the family's care capacity (by risk.crisis_capacity_loss).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.crisis_capacity_loss",
        0.5,
        "share",
        P01,
        (0.3, 0.8),
        "assumption: a crisis halves what the family can cover; the range spans a partial loss to "
        "losing most of it",
        "Share of family care capacity lost during a crisis.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.handback_prob",
        0.2,
        "per crisis",
        P01,
        (0.05, 0.5),
        "FACTS §6: admin burden and PA recruitment are barriers to DPs (Centre for Care 2024)",
        "Probability a family employing PAs hands the PHB back after a crisis (times "
        "risk.handback_support_factor with support planning).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.handback_support_factor",
        0.5,
        "multiplier",
        P01,
        (0.3, 0.8),
        "assumption: support planning helps families keep a PHB through a crisis (seeds "
        "002/003: advice and support)",
        "Hand-back probability with support planning, relative to without.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_personal_care",
        0.25,
        "per year",
        (0.0, 20.0),
        (0.1, 0.5),
        "assumption scaled from FACTS §3: recurrent emergency admissions concentrate in "
        "chronic conditions (Wijlaars 2015)",
        "Baseline emergency admissions a year, personal-care tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_clinical",
        0.8,
        "per year",
        (0.0, 20.0),
        (0.4, 1.5),
        "assumption: FACTS §3 CMC 30-day readmission 12.6-23.7% (Cohen 2012, CA)",
        "Baseline emergency admissions a year, clinical tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_twenty_four_hour",
        1.5,
        "per year",
        (0.0, 20.0),
        (0.8, 3.0),
        "assumption: FACTS §3 technology-assisted children cost 3.5x (Cohen 2012, CA)",
        "Baseline emergency admissions a year, 24-hour tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_unmet_effect",
        2.0,
        "relative per unit unmet share",
        (0.0, 20.0),
        (0.5, 4.0),
        "FACTS §4: WellChild 37% felt child's safety affected by staffing gaps",
        "Rise in admission risk per unit of unmet share of need.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_unmet_clinical_effect",
        10.0,
        "relative per unit unmet share of need, per unit clinical share",
        (0.0, 50.0),
        (4.0, 20.0),
        "assumption: a missed clinical task (suction, tube feed, ventilator check) is what "
        "turns a gap into an admission, so the effect scales with the tier's clinical share; "
        "FACTS §3: recurrent emergency admissions concentrate in chronic conditions "
        "(Wijlaars 2015); FACTS §4: WellChild 37% felt the child's safety affected (held out, "
        "not tuned to)",
        "Further rise in admission risk per unit of unmet share of need, times the tier's "
        "clinical share of care (0 personal care, need.clinical_share_* otherwise).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_unfamiliar_effect",
        1.0,
        "relative per unit unfamiliar share",
        (0.0, 20.0),
        (0.2, 2.0),
        "FACTS §4: >6 different nurses a month in home nursing shortfall (Weaver 2018)",
        "Rise in admission risk per unit share of need covered by paid carers the child does "
        "not know.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "risk.admission_night_unmet_effect",
        4.0,
        "relative per unit unmet share of night need",
        (0.0, 20.0),
        (1.0, 8.0),
        "assumption: a night nobody watches is the riskiest gap for a child on a ventilator or "
        "with a tracheostomy; FACTS §4: WellChild, 37% felt the child's safety affected by "
        "staffing gaps",
        "Further rise in admission risk per unit share of night need left unmet.",
        level="run",
        role="uncertainty",
    ),
)
