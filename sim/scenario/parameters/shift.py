"""Registry group `shift`: hours by time of day (day, evening, night), who can cover each."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f

_GOMEZ = (
    "FACTS §5: 55% give 8+ h on weekday daytime, half 6+ h on evenings or nights, 53% care "
    "between midnight and 6 am (Gomez Mandic 2016, US)"
)

PARAMS: tuple[Param, ...] = (
    _f(
        "shift.evening_share_personal_care",
        0.3,
        "share of need hours",
        P01,
        (0.2, 0.4),
        f"assumption: personal care peaks at bedtime routines; {_GOMEZ}",
        "Share of a personal-care child's need that falls in the evening (19:00-23:00).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.night_share_personal_care",
        0.1,
        "share of need hours",
        P01,
        (0.0, 0.2),
        f"assumption: repositioning and toileting at night; {_GOMEZ}",
        "Share of a personal-care child's need that falls at night (23:00-07:00).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.evening_share_clinical",
        0.2,
        "share of need hours",
        P01,
        (0.15, 0.3),
        f"assumption: feeds and medication run through the evening; {_GOMEZ}",
        "Share of a delegated-clinical child's need that falls in the evening.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.night_share_clinical",
        0.25,
        "share of need hours",
        P01,
        (0.1, 0.35),
        f"assumption: overnight feeds and suction; {_GOMEZ}",
        "Share of a delegated-clinical child's need that falls at night. (The 24-hour tier "
        "is waking cover round the clock: its need is spread over the bands by their length, "
        "so a third of it is waking nights, FACTS §3.)",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.parent_night_hours",
        14.0,
        "h/week per carer",
        (0.0, 56.0),
        (7.0, 28.0),
        "assumption: a parent can sustain about two waking nights a week beside the day; "
        "FACTS §5: 93% of parents of disabled children are up at night (Family Fund)",
        "Night hours (23:00-07:00) one parent can stay up to give care in a week.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.pa_night_cover",
        0.6,
        "relative",
        P01,
        (0.3, 0.9),
        "assumption: nights are the hardest shifts to staff (FACTS §4: WellChild, 88% of "
        "families expected to cover staff gaps)",
        "How fully a PA rota covers night need relative to day and evening need (1: nights "
        "staffed like days).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.provider_night_cover",
        0.7,
        "relative",
        P01,
        (0.4, 1.0),
        "assumption: providers run night rotas but fill them last (FACTS §4: WellChild)",
        "How fully a provider covers night need relative to day and evening need.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "shift.agency_night_cover",
        0.5,
        "relative",
        P01,
        (0.2, 0.9),
        "assumption: short-notice agency night shifts are the hardest to fill",
        "How fully agency cover reaches night gaps relative to day and evening gaps.",
        level="run",
        role="uncertainty",
    ),
)
