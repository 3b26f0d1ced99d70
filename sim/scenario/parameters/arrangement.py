"""Registry group `arrangements`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import Param, _f, _s

PARAMS: tuple[Param, ...] = (
    _s(
        "arrangement.shares",
        {"commissioned": 0.51, "notional": 0.37, "third_party": 0.025, "direct_payment": 0.095},
        "FACTS §2: delivery mode DP 15-18%, notional 75-80%, third party 3-6% of PHBs; share "
        "of CCC families with a PHB (0.5) is an assumption (right to have, not default)",
        "Arrangement of families at the start and of new referrals.",
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
    ),
)
