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

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.experiments.seeds import spawn_seeds
from sim.experiments.sweep.points import cross_points, grid_values, sample_points
from sim.experiments.sweep.runs import RunSpec
from sim.experiments.sweep.spec_file import (
    TOP_KEYS,
    SpecFile,
    checked_value,
    field_path,
    param_mapping,
    registry_param,
    spec_scenarios,
    whole_number,
)
from sim.scenario import Scenario, did_you_mean, parse_set, show_value, validate

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


def load_spec(path: str | Path, overrides: Sequence[str] = ()) -> SweepSpec:
    """Read and check a sweep spec (and ``--set`` values applied to every run)."""
    path = Path(path)
    doc = SpecFile(path)
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
    root_seed = whole_number(doc, "root_seed", data["root_seed"], 0, 2**63 - 1, "a whole number")
    replications = whole_number(
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
        for pname, value, keys in param_mapping(doc, "set"):
            fixed[pname] = checked_value(doc, registry_param(doc, pname, keys), value, keys)
    cli = parse_set(overrides)
    levers = grid_values(doc, "levers")
    grid = grid_values(doc)
    for pname in levers:
        if pname in grid:
            raise doc.error(
                f"{pname} is both under levers and in grid; allowed: one of them",
                "levers",
                pname,
                field=f"levers.{pname}",
            )
    grid = {**levers, **grid}  # levers vary slowest: each setting meets every sampled world
    samples = sample_points(doc, root_seed, grid)
    for pname in [*grid, *(samples[0] if samples else {})]:
        if pname in fixed:
            keys = ("grid", pname) if pname in grid else ("samples", "params", pname)
            raise doc.error(
                f"{pname} is both fixed in set and varied; allowed: one of them",
                *keys,
                field=field_path(keys),
            )
    scenarios = []
    for scen in spec_scenarios(doc):
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
    points = cross_points(grid, samples)
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
