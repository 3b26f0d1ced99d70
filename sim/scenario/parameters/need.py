"""Registry group `need`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f

PARAMS: tuple[Param, ...] = (
    _f(
        "need.hours_personal_care",
        25.0,
        "h/week",
        (1.0, 168.0),
        (15.0, 40.0),
        "assumption: typical CCC hours are MISSING (FACTS §3); Kuo 2011 gives 11-20 h direct "
        "family care for CMC",
        "Mean weekly hours of care need, personal-care tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.hours_clinical",
        60.0,
        "h/week",
        (1.0, 168.0),
        (40.0, 84.0),
        "assumption: delegated clinical tasks (tube feeding, suction) through days and some nights",
        "Mean weekly hours of care need, delegated-clinical tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.hours_twenty_four_hour",
        168.0,
        "h/week",
        (1.0, 168.0),
        (126.0, 168.0),
        "FACTS §3: 24/7 waking cover = 168 h/wk; LTV guidance expects help at least 7 nights",
        "Weekly hours of care need, 24-hour tier: round-the-clock cover, the same for every "
        "family of the tier and at every age (no spread, no change with age).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.hours_spread",
        0.25,
        "share of mean",
        (0.0, 0.9),
        (0.1, 0.4),
        "assumption: no national distribution of package hours (FACTS §3)",
        "Half-width of the uniform spread of need hours around the tier mean.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.clinical_share_clinical",
        0.5,
        "share of hours",
        P01,
        (0.3, 0.8),
        "FACTS §4: 74% of PAs would need extra training for health tasks (HSCC 2020); share "
        "is an assumption",
        "Share of care hours needing a trained carer, delegated-clinical tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.clinical_share_twenty_four_hour",
        0.9,
        "share of hours",
        P01,
        (0.7, 1.0),
        "FACTS §3: trach/ventilation care is delivered by trained staff (Sheffield FOI 0195)",
        "Share of care hours needing a trained carer, 24-hour tier.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.deprivation_odds",
        1.5,
        "odds ratio most/least deprived",
        (0.2, 5.0),
        (1.0, 2.5),
        "FACTS §6: need is graded by deprivation, LLC prevalence highest in the most deprived "
        "areas (Fraser 2012/2020); the size of the odds ratio is an assumption",
        "Odds of the clinical and 24-hour tiers for the most deprived household relative to "
        "the least (resource composite 0 against 1).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.age_change",
        0.01,
        "share of need per year of age",
        (-0.1, 0.1),
        (-0.02, 0.03),
        "assumption: no national age profile of package hours (FACTS §3); handling and "
        "clinical care grow with the child's size, some needs ease as routines settle",
        "Proportional change in weekly care need per year of age, about the reference age.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "need.reference_age",
        12.0,
        "years",
        (0.0, 25.0),
        (8.0, 16.0),
        "assumption: the tier means describe the caseload's middle (its mean age is about 12)",
        "Age at which a family's need equals its tier mean (times its spread draw).",
        level="run",
        sa=False,
        role="uncertainty",
    ),
)
