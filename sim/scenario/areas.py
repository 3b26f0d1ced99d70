"""Per-ICB-area parameter values.

Area-level parameters (labour market and policy) are held as one value per area so that
England-like runs can mix areas; the model indexes them by each family's area once, at
construction, and the weekly arithmetic then works on per-family arrays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sim.scenario.parameters import REGISTRY


def _code(name: str, value: Any) -> float:
    """Numeric code of a value: switches 0/1, choices their index."""
    param = REGISTRY[name]
    if param.kind == "choice":
        return float(param.choices.index(value))
    return float(value)


def area_values(
    params: Mapping[str, Any],
    n_areas: int,
    areas: Sequence[Mapping[str, Any]] = (),
    sampling: Mapping[str, tuple[float, float]] | None = None,
    rng: np.random.Generator | None = None,
) -> dict[str, np.ndarray]:
    """One array of length ``n_areas`` for every area-level parameter.

    Values come from the scenario, then per-area overrides, then ranges sampled with the
    run's own generator (sorted by name, so the draws do not depend on mapping order).
    Choices become their index and switches 0/1; shares become an ``(n_areas, k)`` array.
    """
    out: dict[str, np.ndarray] = {}
    for name, param in REGISTRY.items():
        if param.level != "area":
            continue
        if param.kind == "shares":
            keys = list(param.default)
            rows = [
                [float(a.get(name, params[name])[k]) for k in keys] for a in _pad(areas, n_areas)
            ]
            out[name] = np.asarray(rows, dtype=float)
            continue
        out[name] = np.array([_code(name, a.get(name, params[name])) for a in _pad(areas, n_areas)])
    if sampling:
        if rng is None:
            raise ValueError("sampling area parameters needs the run's generator")
        for name in sorted(sampling):
            low, high = sampling[name]
            values = rng.uniform(low, high, n_areas)
            if REGISTRY[name].kind == "int":
                values = np.rint(values)
            out[name] = values
    return out


def _pad(areas: Sequence[Mapping[str, Any]], n_areas: int) -> list[Mapping[str, Any]]:
    if areas and len(areas) != n_areas:
        raise ValueError(f"{len(areas)} area entries for {n_areas} ICB areas")
    return list(areas) if areas else [{}] * n_areas
