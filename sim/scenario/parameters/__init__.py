"""The parameter registry: every model parameter, once, with unit, default, ranges and source.

The scenario loader validates against it, docs/PARAMETERS.md and docs/ODD.md are generated
from it, and the sensitivity analysis takes its default bounds and distributions from it.
Adding a parameter means adding one `Param` to its group module and reading it in the
model; nothing else has to be kept in step by hand.

Sources cite a row of ``shared/evidence/FACTS.md`` as ``FACTS §section: row``, a seed text as
``seed NNN``, or say ``assumption`` with the reason. ``valid`` is what validation accepts
(logical limits); ``plausible`` is the range a modeller would believe and the default range
for sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sim.scenario.parameters import (
    admin,
    arrangement,
    cost,
    family,
    icb,
    market,
    need,
    pa,
    population,
    risk,
    shift,
    strain,
    support,
    transition,
)
from sim.scenario.parameters import value as value_params
from sim.scenario.parameters.core import ARRANGEMENTS, P01, TIERS, Kind, Level, Param

# Groups in the order docs and schema list them.
PARAMS: tuple[Param, ...] = (
    *population.PARAMS,
    *need.PARAMS,
    *family.PARAMS,
    *strain.PARAMS,
    *shift.PARAMS,
    *risk.PARAMS,
    *arrangement.PARAMS,
    *icb.PARAMS,
    *support.PARAMS,
    *transition.PARAMS,
    *market.PARAMS,
    *pa.PARAMS,
    *admin.PARAMS,
    *cost.PARAMS,
    *value_params.PARAMS,
)

REGISTRY: dict[str, Param] = {p.name: p for p in PARAMS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PARAMS))


def defaults() -> dict[str, Any]:
    """Flat ``{dotted name: default}``; shares are copied so callers can change them."""
    return {p.name: (dict(p.default) if p.kind == "shares" else p.default) for p in PARAMS}


def nested(flat: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Flat dotted names to the nested form scenario files use."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in flat.items():
        group, key = name.split(".", 1)
        out.setdefault(group, {})[key] = value
    return out


def flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested mapping to ``(dotted name, value)``; a shares parameter stays one value."""
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not (
            name in REGISTRY and REGISTRY[name].kind == "shares"
        ):
            yield from flatten(value, prefix=f"{name}.")
        else:
            yield name, value


__all__ = [
    "ARRANGEMENTS",
    "GROUPS",
    "P01",
    "PARAMS",
    "REGISTRY",
    "TIERS",
    "Kind",
    "Level",
    "Param",
    "defaults",
    "flatten",
    "nested",
]
