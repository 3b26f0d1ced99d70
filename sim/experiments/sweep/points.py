"""The parameter points of a sweep: full-factorial grids (``grid``, ``levers``), Latin
hypercube samples (``samples``) and the two crossed, each value checked against the registry.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.stats import qmc

from sim.experiments.sweep.spec_file import (
    SpecFile,
    checked_value,
    field_path,
    param_mapping,
    registry_param,
    whole_number,
)
from sim.scenario import allowed_text, did_you_mean, show_value
from sim.scenario.parameters import REGISTRY, Param, flatten
from sim.scenario.yaml_io import require_mapping

SAMPLE_KEYS = ("n", "seed", "params")


def grid_values(doc: SpecFile, key: str = "grid") -> dict[str, list[Any]]:
    """A full-factorial mapping (``grid`` or ``levers``): parameter -> distinct values.

    Under ``levers`` every parameter must be a policy lever (registry role); when levers
    are given, ``grid`` and ``samples`` hold the rest (uncertainties, structure), so each
    lever setting meets the same sampled world.
    """
    if key not in doc.data:
        return {}
    grid: dict[str, list[Any]] = {}
    levers_given = "levers" in doc.data
    for name, values, keys in param_mapping(doc, key):
        p = registry_param(doc, name, keys)
        if key == "levers" and p.role != "lever":
            raise doc.error(
                f"{name} is not a policy lever (its registry role is {p.role}); allowed "
                "under levers: " + ", ".join(n for n, q in REGISTRY.items() if q.role == "lever"),
                *keys,
                field=field_path(keys),
            )
        if key != "levers" and levers_given and p.role == "lever":
            raise doc.error(
                f"{name} is a policy lever; with levers given, put it under levers",
                *keys,
                field=field_path(keys),
            )
        if not isinstance(values, list) or not values:
            raise doc.error(
                f"value {show_value(values)} is not a list of values; allowed: a "
                f"non-empty list, each {allowed_text(p)}",
                *keys,
                field=field_path(keys),
            )
        checked = [checked_value(doc, p, v, (*keys, i)) for i, v in enumerate(values)]
        first: dict[str, int] = {}
        for i, v in enumerate(checked):
            if first.setdefault(repr(v), i) != i:
                raise doc.error(
                    f"value {show_value(v)} is listed twice; allowed: distinct values",
                    *keys,
                    i,
                    field=field_path((*keys, i)),
                )
        grid[name] = checked
    return grid


def sample_points(doc: SpecFile, root_seed: int, grid: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Latin hypercube samples: float/int parameters from [low, high], bool/choice
    parameters from a list of options, each with its own stratified column."""
    if "samples" not in doc.data:
        return []
    body = require_mapping(
        doc,
        doc.data["samples"],
        "{n: count, params: {group.key: [low, high]}, seed: integer}",
        "samples",
        field="samples",
    )
    for key in body:
        if key not in SAMPLE_KEYS:
            raise doc.error(
                f"unknown key {show_value(key)} in samples"
                f"{did_you_mean(str(key), SAMPLE_KEYS)}; allowed: " + ", ".join(SAMPLE_KEYS),
                "samples",
                key,
                field=f"samples.{key}",
            )
    if "n" not in body or "params" not in body:
        raise doc.error(
            "samples needs n (how many points) and params (the ranges)", "samples", field="samples"
        )
    n = whole_number(doc, "samples.n", body["n"], 1, 1_000_000, "a whole number")
    seed = root_seed
    if "seed" in body:
        seed = whole_number(doc, "samples.seed", body["seed"], 0, 2**63 - 1, "a whole number")
    params = require_mapping(
        doc,
        body["params"],
        "parameter names mapped to [low, high] (numbers) or a list of options (switches, choices)",
        "samples",
        "params",
        field="samples.params",
        nonempty=True,
    )
    spaces: list[tuple[str, Param, list[Any]]] = []
    for name, bounds, keys in ((n_, v, ("samples", "params", n_)) for n_, v in flatten(params)):
        p = registry_param(doc, name, keys)
        if "levers" in doc.data and p.role == "lever":
            raise doc.error(
                f"{name} is a policy lever; with levers given, samples hold the "
                "uncertainties and levers are set under levers",
                *keys,
                field=field_path(keys),
            )
        if name in grid:
            raise doc.error(
                f"{name} is both in grid and samples; allowed: one of them",
                *keys,
                field=field_path(keys),
            )
        numeric = p.kind in ("float", "int")
        if (
            p.kind == "shares"
            or not isinstance(bounds, list)
            or (numeric and len(bounds) != 2)
            or not bounds
        ):
            want = "[low, high]" if numeric else "a list of options"
            raise doc.error(
                f"value {show_value(bounds)} is not allowed; "
                f"allowed: {want}, each {allowed_text(p)}",
                *keys,
                field=field_path(keys),
            )
        checked = [checked_value(doc, p, v, (*keys, i)) for i, v in enumerate(bounds)]
        if numeric and not checked[0] < checked[1]:
            raise doc.error(
                f"range {show_value(bounds)} has low not below high; allowed: [low, "
                "high] with low < high",
                *keys,
                field=field_path(keys),
            )
        spaces.append((name, p, checked))
    unit = qmc.LatinHypercube(d=len(spaces), rng=np.random.default_rng(seed)).random(n)
    points = []
    for row in unit:
        point: dict[str, Any] = {}
        for u, (name, p, space) in zip(row, spaces, strict=True):
            if p.kind == "float":
                point[name] = float(space[0] + u * (space[1] - space[0]))
            elif p.kind == "int":
                point[name] = int(
                    space[0] + min(math.floor(u * (space[1] - space[0] + 1)), space[1] - space[0])
                )
            else:
                point[name] = space[min(int(u * len(space)), len(space) - 1)]
        points.append(point)
    return points


def cross_points(grid: Mapping[str, list[Any]], samples: list[dict[str, Any]]) -> list[dict]:
    """Grid points (full factorial, first parameter slowest) crossed with sample points."""
    grid_points = (
        [dict(zip(grid, combo, strict=True)) for combo in itertools.product(*grid.values())]
        if grid
        else [{}]
    )
    sample_points = samples or [{}]
    return [{**g, **s} for g in grid_points for s in sample_points]
