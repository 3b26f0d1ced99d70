"""The `Param` record and the short constructors the registry's group modules use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["float", "int", "bool", "choice", "shares"]
Level = Literal["run", "area"]


@dataclass(frozen=True)
class Param:
    """One model parameter.

    ``level="area"`` marks parameters an ICB area can set for itself (labour market and
    policy); the model holds them as one value per area. ``level="run"`` parameters are the
    same for the whole run.
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
