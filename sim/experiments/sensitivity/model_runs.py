"""The model side of an SA: the sample as sweep runs, and the runs' summaries as outputs.

Every sample point becomes ``replications`` runs of the base scenario with the point's
values, each with its own seed. Run ids and seeds follow one fixed order (point-major:
run ``point * R + replication`` gets seed number ``point * R + replication`` of
``spawn_seeds(root_seed, points * R)``), so the plan, and therefore resuming, does not depend
on the backend, the number of workers or how often the SA was interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.measures import DISTRIBUTION
from sim.errors import InputError
from sim.experiments.seeds import spawn_seeds
from sim.experiments.sensitivity import methods
from sim.experiments.sensitivity.problem import Problem, build_problem
from sim.experiments.sensitivity.spec import SASpec
from sim.scenario import Scenario

QUINTILES = ("Q1", "Q2", "Q3", "Q4", "Q5")


@dataclass(frozen=True)
class Plan:
    """An SA ready to run: the base scenario, the problem, the sample and its runs."""

    spec: SASpec
    base: Scenario
    problem: Problem
    X: np.ndarray
    points: list[Scenario]

    @property
    def n_runs(self) -> int:
        return len(self.points) * self.spec.replications

    def runs(self) -> list[Any]:
        """The sweep engine's RunSpecs: labels hold the point and its values."""
        from sim.experiments.sweep.engine import RunSpec

        R = self.spec.replications
        seeds = spawn_seeds(self.spec.root_seed, self.n_runs)
        values = self.problem.values(self.X)
        out = []
        for i, (scen, vals) in enumerate(zip(self.points, values, strict=True)):
            labels = {"point": i, **vals}
            for r in range(R):
                k = i * R + r
                out.append(
                    RunSpec(run_id=k, scenario=scen, seed=seeds[k], replication=r, labels=labels)
                )
        return out


def output_groups(spec: SASpec) -> tuple[str, ...]:
    """Summary groups analysed: the whole population, distribution measures, quintiles."""
    return ("all", *DISTRIBUTION, *(QUINTILES if spec.quintiles else ()))


def output_name(measure: str, group: str) -> str:
    return measure if group == "all" else f"{measure}:{group}"


def base_scenario(spec: SASpec, overrides: Sequence[str] = ()) -> Scenario:
    """The base scenario with the spec's ``set`` values and the command line's ``--set``.

    A relative ``base`` path is looked up beside the spec file first, then as the scenario
    library resolves it.
    """
    from sim.errors import ScenarioError
    from sim.scenario import find_scenario, load_scenario, parse_set, validate

    base = spec.base
    if spec.source:
        beside = Path(spec.source).parent / base
        for cand in (beside, beside.with_suffix(".yaml")):
            if cand.is_file():
                base = str(cand)
                break
    try:
        find_scenario(base)
    except ScenarioError as err:
        raise InputError(f"{err}", file=spec.source, field="base") from None
    scenario = load_scenario(base)
    if spec.set:
        scenario = scenario.with_params(spec.set, origin=f"{spec.source or 'spec'}: set")
    extra = parse_set(list(overrides))
    if extra:
        clash = sorted(set(extra) & set(spec.parameters))
        if clash:
            raise InputError(
                f"{clash[0]!r} is varied by the SA; it cannot also be fixed",
                file="--set",
                field=clash[0],
            )
        scenario = scenario.with_params(extra, origin="--set")
    return validate(scenario)


def plan(spec: SASpec, overrides: Sequence[str] = ()) -> Plan:
    """Sample the spec's problem and build (and validate) one scenario per sample point."""
    from sim.scenario import validate

    base = base_scenario(spec, overrides)
    problem = build_problem(spec.parameters, spec.groups)
    X = methods.sample(
        problem,
        spec.method,
        spec.n,
        seed=spec.root_seed,
        second_order=spec.second_order,
        num_levels=spec.num_levels,
    )
    origin = f"sa:{spec.name}"
    points = []
    checked: dict[tuple, Scenario] = {}
    for vals in problem.values(X):
        key = tuple(vals.values())
        if key not in checked:  # Morris revisits grid points; validate each once
            checked[key] = validate(base.with_values_everywhere(vals, origin))
        points.append(checked[key])
    return Plan(spec, base, problem, X, points)


def execute_plan(
    plan: Plan,
    out: Path,
    *,
    backend: str = "serial",
    workers: int | None = None,
    scheduler: Any = None,
    resume: bool = False,
    retry_failed: bool = False,
    progress: bool = True,
    run_fn: Callable[..., Any] | None = None,
) -> pd.DataFrame:
    """Run (or finish) the plan's sweep in ``out/runs`` and return the outputs per run:
    columns ``point``, ``replication`` and one per analysed output."""
    from sim.experiments.sweep.engine import execute

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    kw: dict[str, Any] = {
        "backend": backend,
        "workers": workers,
        "scheduler": scheduler,
        "resume": resume,
        "retry_failed": retry_failed,
        "progress": progress,
        "meta": {"kind": "sensitivity", "sa_spec": plan.spec.as_dict()},
    }
    if run_fn is not None:
        kw["run_fn"] = run_fn
    report = execute(plan.runs(), out / "runs", **kw)
    if not report.complete:
        missing = report.n_runs - report.done - report.skipped
        first = next(iter(report.failed_runs.items()), None)
        why = f"; first failure: run {first[0]}: {first[1]}" if first else ""
        raise InputError(
            f"{missing} of {report.n_runs} runs have no result ({report.failed} failed now"
            f"{', interrupted' if report.interrupted else ''}){why}. Every sample point is "
            "needed to estimate the indices; finished runs are kept: --resume runs the "
            "missing ones, --retry-failed also re-runs failed ones (see status/ for "
            "tracebacks)",
            file=str(out / "runs"),
        )
    return collect(plan, out / "runs")


def collect(plan: Plan, runs_dir: Path) -> pd.DataFrame:
    """Wide outputs per run from the sweep's tidy rows (``point = run_id // R``)."""
    from sim.experiments.sweep.engine import read_results

    groups = output_groups(plan.spec)
    rows = read_results(
        runs_dir,
        columns=["run_id", "measure", "group", "value"],
        filters=[("measure", "in", list(plan.spec.outputs)), ("group", "in", list(groups))],
    )
    missing = sorted(set(plan.spec.outputs) - set(rows["measure"].unique()))
    if missing:
        raise InputError(f"the model's summary has no measure {missing[0]!r}", field="outputs")
    rows["output"] = [
        output_name(m, g) for m, g in zip(rows["measure"], rows["group"], strict=True)
    ]
    wide = rows.pivot(index="run_id", columns="output", values="value")
    order = [
        output_name(m, g)
        for m in plan.spec.outputs
        for g in groups
        if output_name(m, g) in wide.columns
    ]
    wide = wide.reindex(columns=order)
    R = plan.spec.replications
    ids = wide.index.to_numpy()
    if len(ids) != plan.n_runs:
        raise InputError(
            f"{plan.n_runs - len(ids)} runs have no results in {runs_dir}; rerun with --resume",
            file=str(runs_dir),
        )
    wide.insert(0, "replication", ids % R)
    wide.insert(0, "point", ids // R)
    return wide.reset_index(drop=True).rename_axis(columns=None)
