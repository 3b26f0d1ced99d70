"""Benchmark: is a 16-parameter Sobol SA feasible on a 2-core machine within an hour?

The target (scenarios/sa/drivers_of_gradient.yaml): N=1024 base points, 16 parameters,
first and total order (N x (D + 2) = 18,432 sample points), 2 replications = 36,864 runs of
500 families over 156 weeks, on the processes backend with 2 workers.

Running all of it would take the hour this benchmark is meant to predict, so it measures:

1. building the plan (SALib sample, one validated scenario per point, run specs);
2. writing that plan to a sweep folder (the engine's runs table for 36,864 runs);
3. a fraction of the runs (default 40, spread evenly over the plan) on warm worker
   processes through the engine, and the CPU time per run (engine, serial) of a few more;
4. the whole analysis and report at full size, on synthetic outputs of the real shape
   (analysis time depends on the sample's shape, not on where the numbers came from);

and extrapolates step 3 linearly to all runs, twice: from the measured wall time (which
includes whatever else the machine is doing; the load average is printed) and from the CPU
time per run spread over the workers (what an otherwise idle machine would take). Usage:

    python benchmarks/bench_sa.py [--runs 40] [--cpu-runs 20] [--workers 2] [--spec PATH]
                                  [--set group.key=value ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from machine import reference_seconds

from sim.experiments.sensitivity import load_spec
from sim.experiments.sensitivity.model_runs import output_groups, output_name, plan
from sim.experiments.sensitivity.pipeline import analyse_plan
from sim.experiments.sensitivity.report import write_report
from sim.experiments.sweep.backends import make_backend
from sim.experiments.sweep.engine import execute

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "scenarios" / "sa" / "drivers_of_gradient.yaml"
BUDGET_HOURS = 1.0


def _stop_at_once(scenario, seed):
    """A run function that stops the sweep at its first run (to time the plan write only)."""
    raise KeyboardInterrupt


def synthetic_outputs(X: np.ndarray, names: list[str], seed: int) -> pd.DataFrame:
    """Outputs with the model's shape: smooth in the inputs, with interactions and noise."""
    rng = np.random.default_rng(seed)
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    cols = {}
    for name in names:
        w = rng.normal(size=Z.shape[1]) * rng.random(Z.shape[1]) ** 3
        cols[name] = Z @ w + 0.5 * Z[:, 0] * Z[:, 1] + rng.normal(0, 0.3, len(Z))
    return pd.DataFrame(cols)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", type=Path, default=SPEC)
    ap.add_argument("--runs", type=int, default=40, help="model runs to time")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cpu-runs", type=int, default=20, help="runs timed for CPU per run")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP.KEY=VALUE",
        help="fix a parameter for every run, as phb-sim sa --set",
    )
    args = ap.parse_args()
    spec = load_spec(args.spec)
    figures: dict[str, float] = {}

    t = time.perf_counter()
    p = plan(spec, tuple(args.set))
    runs = p.runs()
    figures["plan_s"] = time.perf_counter() - t
    n_runs = len(runs)
    print(
        f"spec {args.spec.name}: {spec.method}, N={spec.n}, D={len(p.problem.labels)}, "
        f"{len(p.X)} sample points x {spec.replications} replications = {n_runs} runs "
        f"of {p.base.params['population.n_families']} families x "
        f"{p.base.params['population.weeks']} weeks"
        + (f" (--set {' '.join(args.set)})" if args.set else "")
    )
    print(
        f"1. plan (SALib sample, {len(p.X)} validated scenarios, run specs): "
        f"{figures['plan_s']:.1f} s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        with contextlib.suppress(KeyboardInterrupt):
            execute(
                runs,
                Path(tmp) / "plan_only",
                backend="serial",
                run_fn=_stop_at_once,
                progress=False,
            )
        figures["plan_write_s"] = time.perf_counter() - t
        print(f"2. engine writes the runs table for {n_runs} runs: {figures['plan_write_s']:.1f} s")

        # Evenly spread over the plan, so the fraction covers the whole parameter space.
        stride = max(1, n_runs // args.runs)
        fraction = runs[::stride][: args.runs]
        load_before = os.getloadavg()[0]
        with make_backend(
            "processes", args.workers, preload=("sim.experiments.runner",)
        ) as backend:
            execute(runs[-args.workers :], Path(tmp) / "warm", backend=backend, progress=False)
            t = time.perf_counter()
            report = execute(fraction, Path(tmp) / "fraction", backend=backend, progress=False)
            figures["fraction_s"] = time.perf_counter() - t
        load_after = os.getloadavg()[0]
        assert report.done == len(fraction), report.summary()

        # CPU time per run through the engine, in this process (serial backend): what each
        # core spends per run whatever else the machine is doing.
        cpu_runs = runs[stride // 2 :: max(1, n_runs // args.cpu_runs)][: args.cpu_runs]
        c = time.process_time()
        execute(cpu_runs, Path(tmp) / "cpu", backend="serial", progress=False)
        figures["cpu_per_run_s"] = (time.process_time() - c) / len(cpu_runs)
    per_run = figures["fraction_s"] / len(fraction)
    figures["runs_extrapolated_s"] = per_run * n_runs
    figures["runs_idle_projection_s"] = figures["cpu_per_run_s"] * n_runs / args.workers
    figures["load_avg"] = (load_before + load_after) / 2
    print(
        f"3. {len(fraction)} runs on {args.workers} warm workers: "
        f"{figures['fraction_s']:.1f} s ({per_run:.3f} s of wall time per run, "
        f"{1 / per_run:.2f} runs/s; 1-min load average {load_before:.1f} -> "
        f"{load_after:.1f} on {os.cpu_count()} cores)"
    )
    figures["machine_reference_s"] = reference_seconds()
    print(
        f"   CPU per run through the engine ({len(cpu_runs)} runs, serial): "
        f"{figures['cpu_per_run_s']:.3f} s; machine reference workload "
        f"{figures['machine_reference_s']:.3f} s (benchmarks/machine.py), a run "
        f"{figures['cpu_per_run_s'] / figures['machine_reference_s']:.2f} times it"
    )

    names = [output_name(m, g) for m in spec.outputs for g in output_groups(spec)]
    outputs = synthetic_outputs(p.X, names, spec.root_seed)
    rep = np.repeat(np.arange(len(p.X)), spec.replications)
    runs_table = pd.concat(
        [
            outputs.iloc[rep].reset_index(drop=True),
            pd.DataFrame(
                {"point": rep, "replication": np.tile(np.arange(spec.replications), len(p.X))}
            ),
        ],
        axis=1,
    )
    t = time.perf_counter()
    result = analyse_plan(
        spec, p, outputs, runs_table, {"name": "benchmark", "replications": spec.replications}
    )
    figures["analysis_s"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        write_report(result, tmp)
        figures["report_s"] = time.perf_counter() - t
    print(
        f"4. analysis of {len(names)} outputs at full size (indices, bootstrap CIs, "
        f"convergence at 4 sizes, noise): {figures['analysis_s']:.1f} s; "
        f"report: {figures['report_s']:.1f} s"
    )

    fixed = (
        figures["plan_s"] + figures["plan_write_s"] + figures["analysis_s"] + figures["report_s"]
    )
    figures["total_extrapolated_h"] = (fixed + figures["runs_extrapolated_s"]) / 3600
    figures["total_idle_projection_h"] = (fixed + figures["runs_idle_projection_s"]) / 3600
    measured = fixed + figures["fraction_s"]
    print(f"measured: {measured:.1f} s in all ({len(fraction)} of {n_runs} runs in parallel)")
    verdict = {True: "within", False: "OVER"}
    print(
        f"extrapolated from the measured wall time: {n_runs} runs x {per_run:.3f} s = "
        f"{figures['runs_extrapolated_s'] / 3600:.2f} h of runs; whole SA "
        f"{figures['total_extrapolated_h']:.2f} h (budget {BUDGET_HOURS:.0f} h: "
        f"{verdict[figures['total_extrapolated_h'] <= BUDGET_HOURS]})"
    )
    print(
        f"projected for an otherwise idle machine ({n_runs} runs x "
        f"{figures['cpu_per_run_s']:.3f} s CPU / {args.workers} cores): "
        f"{figures['runs_idle_projection_s'] / 3600:.2f} h of runs; whole SA "
        f"{figures['total_idle_projection_h']:.2f} h "
        f"({verdict[figures['total_idle_projection_h'] <= BUDGET_HOURS]} budget)"
    )
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
