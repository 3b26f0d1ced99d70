"""Registry group `support offer`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _b, _f

PARAMS: tuple[Param, ...] = (
    _f(
        "support.information_quality",
        0.5,
        "score 0-1",
        P01,
        (0.1, 0.9),
        "seed 000: information infrastructure theme; FACTS §6: families not told about DPs",
        "Quality of information; buffers the effect of low family resources.",
        role="lever",
    ),
    _b(
        "support.support_planning",
        True,
        "seed 004 feature 6; seeds 002/003 advice and support",
        "Adequate support for support planning (halves hand-back risk, buffers resources).",
        role="lever",
    ),
    _b(
        "support.brokerage",
        False,
        "seed 004 feature 10; FACTS §2 POET brokers 11.5%",
        "Brokerage helps families recruit PAs (raises hiring success, cuts recruitment admin).",
        role="lever",
    ),
    _b(
        "support.payroll_service",
        True,
        "FACTS §2 POET: managed/provider routes 24%",
        "Payroll / managed account takes payroll admin off the family.",
        role="lever",
    ),
    _b(
        "support.training_funding",
        False,
        "seed 004 feature 8; FACTS §4 74% need training",
        "The ICB funds and arranges PA training for delegated clinical tasks.",
        role="lever",
    ),
    _b(
        "support.contingency_cover",
        False,
        "FACTS §4: 66% found agency cover harder (TLAP)",
        "ICB-funded emergency cover for PHB holders: gaps in paid care and carer crises, "
        "outside the family budget.",
        role="lever",
    ),
    _f(
        "support.brokerage_hire_factor",
        1.5,
        "multiplier",
        (1.0, 5.0),
        (1.2, 2.0),
        "assumption: brokers bring candidates (FACTS §2 POET brokers 11.5%)",
        "Weekly hiring success multiplier with brokerage.",
        role="uncertainty",
    ),
    _f(
        "support.information_weight",
        0.5,
        "share",
        P01,
        (0.3, 0.7),
        "assumption: information and the support services weigh equally in the support a "
        "family can draw on (seed 000: information infrastructure and support themes)",
        "Weight of information quality in the support score (the rest: the mean of the five "
        "support switches).",
        role="uncertainty",
    ),
    _f(
        "support.third_party_support",
        0.8,
        "score 0-1",
        P01,
        (0.6, 1.0),
        "assumption: a support organisation provides most of the support services",
        "Floor of the support-switch score under a third-party budget.",
        role="uncertainty",
    ),
    _f(
        "support.brokerage_admin_factor",
        0.5,
        "multiplier",
        P01,
        (0.3, 0.8),
        "assumption: brokers do much of the searching and first interviews",
        "Recruitment admin with brokerage, relative to without.",
        role="uncertainty",
    ),
    _f(
        "support.buffer",
        0.6,
        "share",
        P01,
        (0.3, 0.9),
        "assumption: how much good support and information offset low family resources",
        "Share of the resource gradient removed by full support and information.",
        role="uncertainty",
    ),
)
