"""Registry group `family`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f

PARAMS: tuple[Param, ...] = (
    _f(
        "family.two_carer_share_low",
        0.55,
        "share",
        P01,
        (0.4, 0.7),
        "assumption: lone parents are over-represented among low-income families with "
        "disabled children (Contact 2017, FACTS §5)",
        "Share of two-carer households at the lowest resource level.",
        level="run",
    ),
    _f(
        "family.two_carer_share_high",
        0.9,
        "share",
        P01,
        (0.75, 0.97),
        "assumption: as above, at the highest resource level",
        "Two-carer share, highest resource level.",
        level="run",
    ),
    _f(
        "family.carer_hours_available",
        70.0,
        "h/week per carer",
        (0.0, 112.0),
        (50.0, 90.0),
        "assumption: about 112 waking hours a week less the carer's own household, self-care "
        "and other children (night hours are `shift.parent_night_hours`)",
        "Hours a week one carer can give to care and paid work together in the day and "
        "evening (07:00-23:00).",
        level="run",
    ),
    _f(
        "family.carer_comfort_hours",
        40.0,
        "h/week per carer",
        (1.0, 112.0),
        (32.0, 55.0),
        "assumption, calibrated: with it about 60% of families cut paid work (FACTS §5, "
        "Contact 2024: 62%)",
        "Care, admin and paid work hours a carer sustains without building strain.",
        level="run",
    ),
    _f(
        "family.work_hours_per_carer",
        37.5,
        "h/week",
        (0.0, 60.0),
        (30.0, 40.0),
        "assumption: UK mean usual hours of employed parents, part-time included",
        "Paid work hours of an employed carer.",
        level="run",
    ),
    _f(
        "family.employment_low",
        0.6,
        "share",
        P01,
        (0.3, 0.6),
        "assumption: employment of parent carers is graded by income (FACTS §5, Contact 2024)",
        "Probability a carer would be employed without caring, lowest resource level.",
        level="run",
    ),
    _f(
        "family.employment_high",
        0.9,
        "share",
        P01,
        (0.7, 0.95),
        "assumption: as above",
        "Probability a carer is employed, highest resource level.",
        level="run",
    ),
    _f(
        "family.work_flex_share",
        0.2,
        "share of work hours",
        P01,
        (0.05, 0.4),
        "FACTS §4: parents lost about 23 h paid work/week to cover shortfalls (Weaver 2018, US)",
        "Share of work hours a carer can drop in a week to cover a gap.",
        level="run",
    ),
    _f(
        "family.network_hours_max",
        10.0,
        "h/week",
        (0.0, 40.0),
        (0.0, 20.0),
        "assumption: informal help (grandparents, friends) rises with network, FACTS §6",
        "Informal network care hours at the highest resource level.",
        level="run",
    ),
    _f(
        "family.resource_effect",
        0.5,
        "relative",
        P01,
        (0.2, 0.8),
        "FACTS §6 and seed 000: benefits follow a gradient of family resources; size MISSING",
        "How strongly low resources cut recruitment success and raise admin time, before "
        "support and information buffer it.",
        level="run",
    ),
    _f(
        "family.resource_correlation",
        0.5,
        "correlation",
        P01,
        (0.2, 0.8),
        "assumption: income, literacy, network and housing go together (FACTS §6)",
        "Correlation between the four resource components.",
        level="run",
    ),
)
