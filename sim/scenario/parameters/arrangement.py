"""Registry group `arrangements`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f, _s

PARAMS: tuple[Param, ...] = (
    _s(
        "arrangement.shares",
        {"commissioned": 0.51, "notional": 0.37, "third_party": 0.025, "direct_payment": 0.095},
        "FACTS §2: delivery mode DP 15-18%, notional 75-80%, third party 3-6% of PHBs; share "
        "of CCC families with a PHB (0.5) is an assumption (right to have, not default)",
        "Arrangement of families at the start and of new referrals.",
        role="lever",
    ),
    _f(
        "arrangement.dp_resource_gradient",
        2.0,
        "odds ratio high/low",
        (0.1, 10.0),
        (1.0, 4.0),
        "FACTS §6: DP take-up skewed to better-off families (pilot interim report 2010; "
        "Centre for Care 2024)",
        "Odds of a direct payment at the highest resource level relative to the lowest.",
        role="uncertainty",
    ),
    _f(
        "arrangement.dp_information_effect",
        1.0,
        "elasticity",
        (0.0, 5.0),
        (0.0, 2.0),
        "FACTS §6: barriers to DP take-up include not being told about DPs (Centre for Care "
        "2024); DP uptake driven by local policy and circumstances (Fernández 2007); the size "
        "is an assumption",
        "How strongly information quality raises the odds of being offered and taking a "
        "direct payment: odds times (2 x quality) to this power (1 at quality 0.5).",
        role="uncertainty",
    ),
    _f(
        "arrangement.review_switch_share",
        0.0,
        "share per review",
        P01,
        (0.0, 0.15),
        "FACTS §10: children's PHBs rose 37% in a year and the DP share fell from 22% to 15% "
        "over three years (People Places Lives), so families move between arrangements; the "
        "rate at review is an assumption (0 by default until the flows are calibrated)",
        "Share of families reviewed who reconsider and are offered a choice of arrangement "
        "again (into or out of a PHB).",
        role="lever",
    ),
    _f(
        "arrangement.handback_return_share",
        0.3,
        "share per review",
        P01,
        (0.0, 0.6),
        "assumption: a PHB handed back after a crisis is offered again once the crisis has "
        "passed; no published figure (FACTS §2, §10 give stocks, not flows); 0.3, about three "
        "years handed back on average, so the caseload's stock of hand-backs settles (with 0 "
        "hand-back is for good and the 24-hour tier leaves PA employment; docs/ODD.md §5)",
        "Probability that a family that handed its PHB back takes it up again at a review.",
        role="uncertainty",
    ),
)
