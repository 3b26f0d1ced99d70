"""The SA pipeline: sample, evaluate, analyse, check convergence and noise, report.

Two entry points share everything after evaluation:

- :func:`analyse_callable` analyses any Python function of the sample (so the method can be
  checked on functions whose indices are known, e.g. Ishigami);
- :func:`run_sa` analyses the model: the sample becomes sweep runs (one per sample point and
  replication, each with its own seed), executed by the sweep engine (serial, processes or
  Dask, resumable), and the runs' tidy summaries become the outputs.

The replication mean is analysed: seed noise is averaged out before SALib sees the output,
and :mod:`sim.experiments.sensitivity.noise` reports how much noise is left.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.seeds import spawn_seeds
from sim.experiments.sensitivity import methods
from sim.experiments.sensitivity.convergence import convergence, flag
from sim.experiments.sensitivity.noise import noise_floor, noise_share
from sim.experiments.sensitivity.problem import Problem, free_problem

INDEX_TABLE_COLUMNS = [
    "output",
    "measure",
    "group",
    "parameter",
    "parameter2",
    "index",
    "value",
    "conf",
    "ci_low",
    "ci_high",
    "flagged",
]


def split_output(name: str) -> tuple[str, str]:
    """``unmet_hours:gap`` -> (``unmet_hours``, ``gap``); a bare name is the ``all`` group."""
    measure, _, group = name.partition(":")
    return measure, group or "all"


@dataclass
class SAResult:
    """Everything an SA produced; ``indices`` is the main table (see INDEX_TABLE_COLUMNS)."""

    method: str
    problem: Problem
    n: int
    indices: pd.DataFrame
    convergence: pd.DataFrame
    noise: pd.DataFrame
    outputs: pd.DataFrame
    X: np.ndarray
    skipped: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    by_replication: pd.DataFrame | None = None

    @property
    def main_index(self) -> str:
        return methods.MAIN_INDEX[self.method]

    def table(self, index: str | None = None) -> pd.DataFrame:
        """Wide view: one row per output, one column per parameter, for one index kind."""
        sub = self.indices[
            (self.indices["index"] == (index or self.main_index))
            & (self.indices["parameter2"] == "")
        ]
        return sub.pivot(index="output", columns="parameter", values="value")


def analyse_outputs(
    problem: Problem,
    method: str,
    X: np.ndarray,
    outputs: pd.DataFrame,
    n: int,
    *,
    seed: int,
    second_order: bool = False,
    num_levels: int = 4,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    runs: pd.DataFrame | None = None,
    with_convergence: bool = True,
    settings: Mapping[str, Any] | None = None,
) -> SAResult:
    """Indices, convergence and noise for every column of ``outputs`` (one row per point).

    Outputs that are constant or not finite at some point are skipped with the reason
    recorded: SALib's estimators divide by the output variance and are meaningless there.
    """
    X = np.asarray(X, dtype=float)
    block = methods.block_size(problem, method, second_order)
    kw = {
        "seed": seed,
        "second_order": second_order,
        "num_levels": num_levels,
        "num_resamples": num_resamples,
        "conf_level": conf_level,
    }
    frames, conv_frames, skipped = [], [], {}
    for out in outputs.columns:
        y = outputs[out].to_numpy(dtype=float)
        bad = int((~np.isfinite(y)).sum())
        if bad:
            skipped[out] = f"{bad} of {len(y)} sample points gave no finite value"
            continue
        if np.ptp(y) <= 1e-12 * max(1.0, float(np.abs(y).max())):
            skipped[out] = "the output does not vary over the sample"
            continue
        frame = methods.analyse(problem, method, X, y, **kw)
        frame.insert(0, "output", out)
        frames.append(frame)
        if with_convergence:

            def estimate(k: int, y: np.ndarray = y) -> pd.DataFrame:
                rows = k * block
                f = methods.analyse(problem, method, X[:rows], y[:rows], **kw, sigma_ci=False)
                return f[f["index"].isin(["S1", "ST", "mu_star"])]

            conv = convergence(estimate, n)
            conv.insert(0, "output", out)
            conv_frames.append(conv)
    indices = _finish(
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["output", *methods.INDEX_COLUMNS])
    )
    conv = (
        pd.concat(conv_frames, ignore_index=True)
        if conv_frames
        else pd.DataFrame(columns=["output", "n", *methods.INDEX_COLUMNS])
    )
    noise = (
        noise_share(runs)
        if runs is not None
        else noise_share(
            outputs.reset_index(drop=True).assign(point=np.arange(len(outputs)), replication=0)
        )
    )
    noise["noise_floor"] = noise_floor(noise, method, num_levels)
    return SAResult(
        method, problem, n, indices, conv, noise, outputs, X, skipped, dict(settings or {}, **kw)
    )


def _finish(indices: pd.DataFrame) -> pd.DataFrame:
    """Add measure/group, CI bounds and the convergence flag."""
    parts = indices["output"].map(split_output)
    indices = indices.assign(
        measure=parts.str[0],
        group=parts.str[1],
        ci_low=indices["value"] - indices["conf"],
        ci_high=indices["value"] + indices["conf"],
    )
    indices["flagged"] = flag(indices) if len(indices) else pd.Series(dtype=bool)
    return indices[INDEX_TABLE_COLUMNS].reset_index(drop=True)


def _as_outputs(result: Any, n_rows: int) -> pd.DataFrame:
    """A callable's return value as a table of outputs (one row per sample row)."""
    if isinstance(result, pd.DataFrame):
        frame = result.reset_index(drop=True)
    elif isinstance(result, Mapping):
        frame = pd.DataFrame({str(k): np.asarray(v, dtype=float) for k, v in result.items()})
    else:
        arr = np.asarray(result, dtype=float)
        if arr.ndim == 1:
            frame = pd.DataFrame({"y": arr})
        elif arr.ndim == 2:
            frame = pd.DataFrame(arr, columns=[f"y{j}" for j in range(arr.shape[1])])
        else:
            raise ValueError(
                f"the function returned an array of shape {arr.shape}; "
                "allowed: (n,), (n, k), a mapping or a DataFrame"
            )
    if len(frame) != n_rows:
        raise ValueError(f"the function returned {len(frame)} rows for {n_rows} sample rows")
    return frame


def analyse_callable(
    func: Callable[..., Any],
    problem: Problem | Mapping[str, Any],
    *,
    method: str = "sobol",
    n: int = 1024,
    replications: int = 1,
    stochastic: bool = False,
    per_replication: bool = False,
    seed: int = 1,
    second_order: bool = False,
    num_levels: int = 4,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    with_convergence: bool = True,
) -> SAResult:
    """Sensitivity analysis of any vectorised function of the sample.

    ``func(X)`` gets the whole sample (rows are points, columns the problem's factors, with
    SALib's values) and returns one output per row: an array ``(n,)`` or ``(n, k)``, a
    mapping of name to array, or a DataFrame. With ``stochastic=True`` it is called as
    ``func(X, seed)`` once per replication, with integer seeds spawned from ``seed``; the
    replication mean is analysed and the noise share reported; ``per_replication`` also
    analyses each replication alone (``result.by_replication``). ``problem`` is a
    :class:`Problem` or a SALib problem dict.
    """
    if method == "sobol" and n & (n - 1):
        raise ValueError(f"Sobol needs n a power of two, got {n}")
    if not isinstance(problem, Problem):
        problem = free_problem(problem)
    X = methods.sample(
        problem, method, n, seed=seed, second_order=second_order, num_levels=num_levels
    )
    if replications > 1 and not stochastic:
        raise ValueError("replications > 1 needs stochastic=True and a function of (X, seed)")
    seeds = spawn_seeds(seed, replications)
    frames = []
    for r, s in enumerate(seeds):
        out = _as_outputs(func(X, s) if stochastic else func(X), len(X))
        frames.append(out.assign(point=np.arange(len(X)), replication=r))
    runs = pd.concat(frames, ignore_index=True)
    outputs = runs.drop(columns="replication").groupby("point").mean().sort_index()
    result = analyse_outputs(
        problem,
        method,
        X,
        outputs,
        n,
        seed=seed,
        second_order=second_order,
        num_levels=num_levels,
        num_resamples=num_resamples,
        conf_level=conf_level,
        runs=runs,
        with_convergence=with_convergence,
        settings={"method": method, "n": n, "replications": replications},
    )
    if per_replication:
        result.by_replication = indices_by_replication(result, runs)
    return result


def run_sa(
    spec: Any,
    out_dir: str | Path | None = None,
    *,
    overrides: tuple[str, ...] = (),
    backend: str = "serial",
    workers: int | None = None,
    scheduler: Any = None,
    resume: bool = False,
    retry_failed: bool = False,
    progress: bool = True,
    report: bool = True,
    run_fn: Callable[..., Any] | None = None,
    prepared: Any = None,
) -> SAResult:
    """A sensitivity analysis of the model from a spec (a path or a parsed SASpec).

    Results go to ``out_dir`` (default ``results/sa/<name>/``): ``runs/`` holds the sweep
    (resumable with ``resume=True``), the rest the tables, figures and summary.
    ``prepared`` is the spec's
    :class:`~sim.experiments.sensitivity.model_runs.Plan` if already built.
    ``run_fn(scenario, seed)`` replaces the model run (tests; default: the model's summary).
    """
    from sim.experiments.sensitivity import model_runs
    from sim.experiments.sensitivity.spec import SASpec, load_spec

    if not isinstance(spec, SASpec):
        spec = load_spec(spec)
    out = Path(out_dir) if out_dir is not None else Path("results") / "sa" / spec.name
    plan = prepared if prepared is not None else model_runs.plan(spec, overrides)
    runs = model_runs.execute_plan(
        plan,
        out,
        backend=backend,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        retry_failed=retry_failed,
        progress=progress,
        run_fn=run_fn,
    )
    outputs = runs.drop(columns="replication").groupby("point").mean().sort_index()
    result = analyse_plan(
        spec,
        plan,
        outputs,
        runs,
        {
            "name": spec.name,
            "method": spec.method,
            "n": spec.n,
            "replications": spec.replications,
            "base": plan.base.name,
            "spec": spec.source or "",
            "description": spec.description,
            "runs": len(runs),
        },
    )
    if spec.per_replication:
        result.by_replication = indices_by_replication(result, runs)
    if report:
        from sim.experiments.sensitivity.report import write_report

        write_report(result, out)
    return result


def analyse_plan(
    spec: Any, plan: Any, outputs: pd.DataFrame, runs: pd.DataFrame, settings: dict[str, Any]
) -> SAResult:
    """Analyse one output per sample point of ``plan`` with the spec's method and options."""
    return analyse_outputs(
        plan.problem,
        spec.method,
        plan.X,
        outputs,
        spec.n,
        seed=spec.root_seed,
        second_order=spec.second_order,
        num_levels=spec.num_levels,
        num_resamples=spec.num_resamples,
        conf_level=spec.conf_level,
        runs=runs,
        settings=settings,
    )


def indices_by_replication(result: SAResult, runs: pd.DataFrame) -> pd.DataFrame:
    """Indices from each replication alone (same sample, other seeds): how far the indices
    of one replication move with the seeds. Complements the analysis of the mean."""
    s = result.settings
    frames = []
    for r, sub in runs.groupby("replication"):
        outputs = sub.drop(columns="replication").set_index("point").sort_index()
        one = analyse_outputs(
            result.problem,
            result.method,
            result.X,
            outputs,
            result.n,
            seed=s["seed"],
            second_order=s["second_order"],
            num_levels=s["num_levels"],
            num_resamples=s["num_resamples"],
            conf_level=s["conf_level"],
            with_convergence=False,
        )
        frames.append(one.indices.assign(replication=r))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
