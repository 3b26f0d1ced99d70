"""Sweep specs: which scenarios, which parameter points, how many replications, which seed.

A spec is YAML data (loaded safely, with the same size and alias limits as scenario files)::

    name: churn_by_support
    root_seed: 20261122
    replications: 10
    scenarios: [baseline, arrangements/direct_payment_unsupported]
    grid: {pa.turnover_annual: [0.1, 0.19, 0.35]}
    samples: {n: 20, seed: 7, params: {market.competing_wage: [12.71, 16]}}
    set: {population.weeks: 104}

Every scenario is crossed with every point (the grid's full factorial, crossed with the
samples when both are given) and every replication. Every value is checked against the
parameter registry before anything runs, and a bad one is refused with the spec file, the
line, the field, the value and what is allowed.

Seeds: replication ``r`` of every scenario and point gets child ``r`` of
``SeedSequence(root_seed)`` (common random numbers, so differences between conditions are
not blurred by seed noise); ``common_random_numbers: false`` gives every run its own child.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import qmc

from sim.errors import InputError
from sim.experiments.seeds import spawn_seeds
from sim.experiments.sweep.engine import RunSpec

# Shared with scenario files: safe, bounded YAML reading and value checks with messages
# that say what is allowed.
from sim.scenario import (
    InvalidValueError,
    Scenario,
    ScenarioError,
    allowed_text,
    did_you_mean,
    display_path,
    find_scenario,
    key_line,
    load_scenario,
    parse_set,
    parse_yaml_file,
    show_value,
    validate,
)
from sim.scenario import check_value as check_param_value
from sim.scenario.parameters import REGISTRY, Param, flatten

TOP_KEYS = (
    "name",
    "description",
    "root_seed",
    "replications",
    "scenarios",
    "levers",
    "grid",
    "samples",
    "set",
    "common_random_numbers",
)
SAMPLE_KEYS = ("n", "seed", "params")
MAX_RUNS = 10_000_000
MAX_REPLICATIONS = 100_000
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


@dataclass(frozen=True)
class SweepSpec:
    """A checked spec: resolved scenarios and the list of parameter points."""

    name: str
    file: str
    root_seed: int
    replications: int
    scenarios: tuple[Scenario, ...]
    points: tuple[dict[str, Any], ...]
    varied: tuple[str, ...]
    common_random_numbers: bool = True
    description: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    overrides: tuple[str, ...] = ()
    levers: tuple[str, ...] = ()

    @property
    def n_runs(self) -> int:
        return len(self.scenarios) * len(self.points) * self.replications

    def runs(self) -> list[RunSpec]:
        """Every run in spec order: scenario, then point, then replication."""
        n_rep = self.replications
        if self.common_random_numbers:
            rep_seeds = spawn_seeds(self.root_seed, n_rep)
        else:
            all_seeds = spawn_seeds(self.root_seed, self.n_runs)
        runs: list[RunSpec] = []
        origin = f"sweep {self.file}"
        for scenario in self.scenarios:
            for i, point in enumerate(self.points):
                scen = (
                    validate(scenario.with_values_everywhere(point, origin)) if point else scenario
                )
                labels = {"scenario": scenario.name, "point": i, **point}
                for r in range(n_rep):
                    run_id = len(runs)
                    seed = rep_seeds[r] if self.common_random_numbers else all_seeds[run_id]
                    runs.append(RunSpec(run_id, scen, seed, r, labels))
        return runs

    def meta(self) -> dict[str, Any]:
        """What the manifest records about the spec."""
        return {
            "name": self.name,
            "spec_file": self.file,
            "spec": self.raw,
            "root_seed": self.root_seed,
            "replications": self.replications,
            "scenarios": [s.name for s in self.scenarios],
            "n_points": len(self.points),
            "varied": list(self.varied),
            "levers": list(self.levers),
            "common_random_numbers": self.common_random_numbers,
            "set_overrides": list(self.overrides),
        }


# ----------------------------------------------------------------------------- reading


class _Spec:
    """The parsed file with key lines, and an error helper that names file, line and field."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.data, self.lines, _ = parse_yaml_file(
            path, "sweep spec", "a sweep spec needs at least root_seed and scenarios or grid"
        )
        if not isinstance(self.data, Mapping):
            raise self.error(
                f"the file holds {show_value(self.data)}; allowed: a mapping with keys "
                + ", ".join(TOP_KEYS),
                line=1,
            )

    def line(self, *keys: Any) -> int | None:
        return key_line(self.lines, keys)

    def error(
        self, message: str, *keys: Any, field: str | None = None, line: int | None = None
    ) -> InputError:
        if line is None and keys and hasattr(self, "lines"):
            line = self.line(*keys)
        where = line
        return InputError(message, file=self.shown, line=where, field=field)


def field_path(keys: Sequence[Any]) -> str:
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def _int(doc: _Spec, key: str, value: Any, lo: int, hi: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise doc.error(
            f"value {show_value(value)} is not allowed; allowed: {what} from {lo:,} to {hi:,}",
            *key.split("."),
            field=key,
        )
    return value


def _param(doc: _Spec, name: Any, keys: tuple) -> Param:
    if not isinstance(name, str) or name not in REGISTRY:
        raise doc.error(
            f"unknown parameter {show_value(name)}{did_you_mean(str(name), list(REGISTRY))}; "
            "allowed: registry names as group.key (see docs/PARAMETERS.md)",
            *keys,
            field=field_path(keys),
        )
    return REGISTRY[name]


def _check(doc: _Spec, p: Param, value: Any, keys: tuple) -> Any:
    try:
        return check_param_value(p, value)
    except InvalidValueError as bad:
        raise doc.error(str(bad), *keys, field=field_path(keys)) from None


def _flat(doc: _Spec, key: str) -> list[tuple[str, Any, tuple]]:
    """A parameter mapping (dotted names or nested groups) as (name, value, key path)."""
    body = doc.data.get(key)
    if not isinstance(body, Mapping) or not body:
        raise doc.error(
            f"value {show_value(body)} is not a mapping; allowed: parameter names "
            "(group.key) mapped to values",
            key,
            field=key,
        )
    out = []
    for name, value in flatten(body):
        # the key path as written: dotted names are one key, nested groups two
        keys = (key, name) if (key, name) in doc.lines else (key, *name.split(".", 1))
        out.append((name, value, keys))
    return out


def _scenarios(doc: _Spec) -> tuple[Scenario, ...]:
    refs = doc.data.get("scenarios", ["baseline"])
    if not isinstance(refs, list) or not refs:
        hint = f" (write [{refs}])" if isinstance(refs, str) else ""
        raise doc.error(
            f"value {show_value(refs)} is not a list of scenarios{hint}; allowed: a list of "
            "library names (see `phb-sim scenarios list`) or paths to scenario files",
            "scenarios",
            field="scenarios",
        )
    out: list[Scenario] = []
    for i, ref in enumerate(refs):
        keys = ("scenarios", i)
        if not isinstance(ref, str) or not ref.strip():
            raise doc.error(
                f"value {show_value(ref)} is not a scenario name; "
                "allowed: a library name or a path",
                *keys,
                field=field_path(keys),
            )
        path = _find(doc, ref.strip(), keys)
        out.append(load_scenario(path))
    names = [s.name for s in out]
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise doc.error(
                f"two scenarios are both called {name!r} (entries "
                f"{names.index(name)} and {i}); allowed: scenarios with distinct "
                "names, since results are labelled by name",
                "scenarios",
                i,
                field=f"scenarios[{i}]",
            )
    return tuple(out)


def _find(doc: _Spec, ref: str, keys: tuple) -> Path:
    here = doc.path.parent
    for candidate in (here / ref, here / f"{ref}.yaml"):
        if candidate.is_file():
            return candidate
    try:
        return find_scenario(ref)
    except ScenarioError:
        from sim.scenario import library, library_name

        names = [library_name(p) or "" for p in library()]
        raise doc.error(
            f"no scenario file or library scenario called {ref!r}"
            f"{did_you_mean(ref, names)}; allowed: a library name (see `phb-sim "
            "scenarios list`) or a path relative to the spec",
            *keys,
            field=field_path(keys),
        ) from None


def _grid(doc: _Spec, key: str = "grid") -> dict[str, list[Any]]:
    """A full-factorial mapping (``grid`` or ``levers``): parameter -> distinct values.

    Under ``levers`` every parameter must be a policy lever (registry role); when levers
    are given, ``grid`` and ``samples`` hold the rest (uncertainties, structure), so each
    lever setting meets the same sampled world.
    """
    if key not in doc.data:
        return {}
    grid: dict[str, list[Any]] = {}
    levers_given = "levers" in doc.data
    for name, values, keys in _flat(doc, key):
        p = _param(doc, name, keys)
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
        checked = [_check(doc, p, v, (*keys, i)) for i, v in enumerate(values)]
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


def _samples(doc: _Spec, root_seed: int, grid: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Latin hypercube samples: float/int parameters from [low, high], bool/choice
    parameters from a list of options, each with its own stratified column."""
    if "samples" not in doc.data:
        return []
    body = doc.data["samples"]
    if not isinstance(body, Mapping):
        raise doc.error(
            f"value {show_value(body)} is not a mapping; allowed: {{n: count, "
            "params: {group.key: [low, high]}, seed: integer}",
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
    n = _int(doc, "samples.n", body["n"], 1, 1_000_000, "a whole number")
    seed = root_seed
    if "seed" in body:
        seed = _int(doc, "samples.seed", body["seed"], 0, 2**63 - 1, "a whole number")
    params = body["params"]
    if not isinstance(params, Mapping) or not params:
        raise doc.error(
            f"value {show_value(params)} is not a mapping; allowed: parameter names "
            "mapped to [low, high] (numbers) or a list of options (switches, "
            "choices)",
            "samples",
            "params",
            field="samples.params",
        )
    spaces: list[tuple[str, Param, list[Any]]] = []
    for name, bounds, keys in ((n_, v, ("samples", "params", n_)) for n_, v in flatten(params)):
        p = _param(doc, name, keys)
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
        checked = [_check(doc, p, v, (*keys, i)) for i, v in enumerate(bounds)]
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


def load_spec(path: str | Path, overrides: Sequence[str] = ()) -> SweepSpec:
    """Read and check a sweep spec (and ``--set`` values applied to every run)."""
    path = Path(path)
    doc = _Spec(path)
    data = doc.data
    for key in data:
        if key not in TOP_KEYS:
            raise doc.error(
                f"unknown key {show_value(key)}{did_you_mean(str(key), TOP_KEYS)}; allowed: "
                + ", ".join(TOP_KEYS),
                key,
                field=str(key),
            )
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not name or not set(name) <= NAME_CHARS:
        raise doc.error(
            f"value {show_value(name)} is not a name; allowed: letters, digits, _ - . "
            "(it names the output folder)",
            "name",
            field="name",
        )
    description = data.get("description", "")
    if not isinstance(description, str):
        raise doc.error(
            f"value {show_value(description)} is not text", "description", field="description"
        )
    if "root_seed" not in data:
        raise doc.error(
            "missing; allowed: a whole number from 0 to 2**63-1 (every run's seed derives from it)",
            field="root_seed",
        )
    root_seed = _int(doc, "root_seed", data["root_seed"], 0, 2**63 - 1, "a whole number")
    replications = _int(
        doc, "replications", data.get("replications", 1), 1, MAX_REPLICATIONS, "a whole number"
    )
    crn = data.get("common_random_numbers", True)
    if not isinstance(crn, bool):
        raise doc.error(
            f"value {show_value(crn)} is not true or false",
            "common_random_numbers",
            field="common_random_numbers",
        )

    fixed: dict[str, Any] = {}
    if "set" in data:
        for pname, value, keys in _flat(doc, "set"):
            fixed[pname] = _check(doc, _param(doc, pname, keys), value, keys)
    cli = parse_set(overrides)
    levers = _grid(doc, "levers")
    grid = _grid(doc)
    for pname in levers:
        if pname in grid:
            raise doc.error(
                f"{pname} is both under levers and in grid; allowed: one of them",
                "levers",
                pname,
                field=f"levers.{pname}",
            )
    grid = {**levers, **grid}  # levers vary slowest: each setting meets every sampled world
    samples = _samples(doc, root_seed, grid)
    for pname in [*grid, *(samples[0] if samples else {})]:
        if pname in fixed:
            keys = ("grid", pname) if pname in grid else ("samples", "params", pname)
            raise doc.error(
                f"{pname} is both fixed in set and varied; allowed: one of them",
                *keys,
                field=field_path(keys),
            )
    scenarios = []
    for scen in _scenarios(doc):
        scen = scen.with_values_everywhere(fixed, f"sweep {doc.shown}: set")
        scen = scen.with_values_everywhere(cli, "--set")
        scenarios.append(validate(scen))
    # counted before the points are built: a 5000 x 5000 grid must not fill memory first
    n_points = math.prod(len(v) for v in grid.values()) * max(len(samples), 1)
    n_runs = len(scenarios) * n_points * replications
    if n_runs > MAX_RUNS:
        raise doc.error(
            f"the spec makes {n_runs:,} runs ({len(scenarios)} scenarios x {n_points:,} "
            f"points x {replications} replications); allowed: at most {MAX_RUNS:,} "
            "(split it into several sweeps)",
            field="grid" if grid else "samples",
        )
    points = _points(grid, samples)
    varied = tuple(dict.fromkeys(k for p in points for k in p))
    return SweepSpec(
        name=name,
        file=doc.shown,
        root_seed=root_seed,
        replications=replications,
        scenarios=tuple(scenarios),
        points=tuple(points),
        varied=varied,
        common_random_numbers=crn,
        description=description,
        raw=dict(data),
        overrides=tuple(overrides),
        levers=tuple(levers),
    )


def _points(grid: Mapping[str, list[Any]], samples: list[dict[str, Any]]) -> list[dict]:
    """Grid points (full factorial, first parameter slowest) crossed with sample points."""
    grid_points = (
        [dict(zip(grid, combo, strict=True)) for combo in itertools.product(*grid.values())]
        if grid
        else [{}]
    )
    sample_points = samples or [{}]
    return [{**g, **s} for g in grid_points for s in sample_points]
