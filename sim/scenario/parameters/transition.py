"""Registry group `transition at 18`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _c, _f, _i

PARAMS: tuple[Param, ...] = (
    _c(
        "transition.policy",
        "planned",
        ("planned", "cliff_edge"),
        "seed 000 transitions theme; FACTS §7 cliff edge (CQC 2014)",
        "Planned handover to adult services or a cliff edge with a gap.",
        role="lever",
    ),
    _f(
        "transition.adult_chc_eligibility",
        0.6,
        "share",
        P01,
        (0.3, 0.9),
        "FACTS §7: share found ineligible for adult CHC is MISSING; assumption",
        "Probability a young person is eligible for adult CHC at 18.",
        role="uncertainty",
    ),
    _f(
        "transition.ineligible_funded_share",
        0.4,
        "share of funded hours",
        P01,
        (0.1, 0.7),
        "assumption: adult social care funds part of the package after CHC ineligibility",
        "Funded hours kept after 18 when not eligible for adult CHC.",
        role="lever",
    ),
    _i(
        "transition.cliff_edge_gap_weeks",
        16,
        "weeks",
        (0, 104),
        (4, 26),
        "FACTS §7: services sometimes stop before adult services start",
        "Weeks with no funded care at 18 under a cliff edge.",
        role="uncertainty",
    ),
)
