"""The `Param` record and the short constructors the registry's group modules use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["float", "int", "bool", "choice", "shares"]
Level = Literal["run", "area"]
# EMA Workbench's distinction: a policy lever is what an ICB or NHS England chooses (budget
# rules, governance, the support offer); an uncertainty is the world the choice meets (the
# labour market, families' conditions, behaviour, prices, effect sizes); a structural
# parameter sets up the simulation itself (how many families, for how long).
Role = Literal["lever", "uncertainty", "structural"]
ROLES: tuple[str, ...] = ("lever", "uncertainty", "structural")


@dataclass(frozen=True)
class Param:
    """One model parameter.

    ``level="area"`` marks parameters an ICB area can set for itself (labour market and
    policy); the model holds them as one value per area. ``level="run"`` parameters are the
    same for the whole run. ``role`` says whether the parameter is a policy lever, an
    uncertainty or structural (see ``Role``); sweep and SA specs use it to sample
    uncertainties under fixed levers.
    """

    name: str
    kind: Kind
    default: Any
    unit: str
    source: str
    description: str
    valid: tuple[float, float] | None = None
    plausible: tuple[float, float] | None = None
    choices: tuple[str, ...] = ()
    level: Level = "area"
    dist: str = "unif"
    sa: bool = True
    role: Role = "uncertainty"

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.name.split(".", 1)[1]


def _f(name, default, unit, valid, plausible, source, description, **kw) -> Param:
    return Param(name, "float", default, unit, source, description, valid, plausible, **kw)


def _i(name, default, unit, valid, plausible, source, description, **kw) -> Param:
    return Param(name, "int", default, unit, source, description, valid, plausible, **kw)


def _b(name, default, source, description, **kw) -> Param:
    return Param(name, "bool", default, "switch", source, description, (0, 1), (0, 1), **kw)


def _c(name, default, choices, source, description, **kw) -> Param:
    return Param(name, "choice", default, "category", source, description, choices=choices, **kw)


def _s(name, default, source, description, **kw) -> Param:
    return Param(
        name,
        "shares",
        default,
        "share (sums to 1)",
        source,
        description,
        (0.0, 1.0),
        sa=False,
        **kw,
    )


P01 = (0.0, 1.0)
ARRANGEMENTS = ("commissioned", "notional", "third_party", "direct_payment")
TIERS = ("personal_care", "clinical", "twenty_four_hour")
