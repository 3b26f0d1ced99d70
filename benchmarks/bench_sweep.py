"""Sweep engine throughput: runs per second and per-run overhead of each backend.

    python benchmarks/bench_sweep.py [--quick] [--workers 2] [--rounds 3] [--json FILE]

Two run sizes: short (100 families, 52 weeks) and long (1,000 families, 260 weeks), each
through the serial, processes and Dask LocalCluster backends. Worker start-up is excluded:
the processes pool and the Dask cluster are started and warmed with a few runs first,
then the timed sweep uses the same workers (as a long sweep does after its first seconds).
The backends take turns within each round and the best of the rounds is reported, so a
machine shared with other work penalises none of them more than the others.

Per-run overhead is the worker time not spent inside the model, per run:
``(workers x wall - sum of the runs' own times) / runs``; for the serial backend it is
``(wall - sum of run times) / runs``. It includes task submission, pickling, the return of
results, the parent's Parquet writes and workers idling at the end of the sweep. Target: at
most 20 ms for processes and Dask, so that 2 workers give at least 1.8x the serial
throughput on the long run.

A second table, "engine only", times the same sweeps with a run function that waits for the
measured serial run time instead of computing and returns a summary table of the model's
shape. It needs no CPU, so it isolates the engine's own cost from the model's and from
whatever else the machine is doing; on a machine with other work running, the model's own
speed-up is lower than the engine-only one because the workers share the cores.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from sim.experiments.runner import simulate
from sim.experiments.seeds import spawn_seeds
from sim.experiments.sweep.backends import DaskBackend, ProcessBackend, SerialBackend
from sim.experiments.sweep.engine import RunSpec, execute, read_status
from sim.scenario import load_scenario

SIZES = {"short": (100, 52), "long": (1000, 260)}


def waiting_run(scenario, seed, *, seconds: float, table):
    """Stands in for the model in the engine-only timing: waits, returns the model's shape."""
    time.sleep(seconds)
    return table


def make_runs(families: int, weeks: int, n: int, root: int = 1) -> list[RunSpec]:
    scenario = load_scenario(
        "baseline", [f"population.n_families={families}", f"population.weeks={weeks}"]
    )
    return [
        RunSpec(i, scenario, seed, i, {"scenario": "baseline", "point": 0})
        for i, seed in enumerate(spawn_seeds(root, n))
    ]


def _loop(seconds: float, queue) -> None:
    """Run the short model back to back for ``seconds``; report the mean run time."""
    scenario = make_runs(*SIZES["short"], 1)[0].scenario
    simulate(scenario, 0)
    t0, n = time.perf_counter(), 0
    while time.perf_counter() - t0 < seconds:
        simulate(scenario, n)
        n += 1
    queue.put((time.perf_counter() - t0) / n)


def machine_capacity(workers: int, seconds: float = 5.0) -> float:
    """The speed-up the machine itself offers now: ``workers`` plain processes running the
    model side by side against one alone (no engine involved). On a machine shared with
    other work this is below ``workers``, and no backend can beat it."""
    ctx = mp.get_context("spawn")
    times = []
    for n in (1, workers):
        queue = ctx.Queue()
        procs = [ctx.Process(target=_loop, args=(seconds, queue)) for _ in range(n)]
        for p in procs:
            p.start()
        means = [queue.get() for _ in procs]
        for p in procs:
            p.join()
        times.append(sum(means) / n)
    return workers * times[0] / times[1]


def timed(backend, runs: list[RunSpec], workdir: Path, tag: str, run_fn=None) -> dict:
    out = workdir / tag
    kw = {"run_fn": run_fn} if run_fn else {}
    t0 = time.perf_counter()
    report = execute(runs, out, backend=backend, progress=False, **kw)
    wall = time.perf_counter() - t0
    assert report.done == len(runs), report.summary()
    inside = float(read_status(out)["wall_seconds"].sum())
    n = len(runs)
    return {
        "runs": n,
        "wall_s": wall,
        "runs_per_s": n / wall,
        "mean_run_s": inside / n,
        "overhead_ms": 1000 * (backend.workers * wall - inside) / n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is reported")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    counts = {"short": 40 if args.quick else 120, "long": 4 if args.quick else 40}
    rounds = 1 if args.quick else args.rounds
    w = args.workers
    rows: list[dict] = []
    capacity: list[float] = []
    template = simulate(make_runs(100, 52, 1)[0].scenario, 1).summary
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        workdir = Path(tmp)
        backends = {
            "serial": SerialBackend(),
            "processes": ProcessBackend(w, ("sim.experiments.runner",)),
            "dask": DaskBackend(w),
        }
        for name, backend in backends.items():
            stack.enter_context(backend)
            # warm up: start the workers and import the model in each
            execute(
                make_runs(60, 13, 4 * w, root=99),
                workdir / f"warm-{name}",
                backend=backend,
                progress=False,
            )
        # Backends take turns within each round, so a change in the machine's other load
        # affects all of them alike; the best round of each is reported.
        for r in range(rounds):
            capacity.append(machine_capacity(w, 2.0 if args.quick else 5.0))
            print(f"machine: {w} plain processes give {capacity[-1]:.2f}x one", flush=True)
            for size, (families, weeks) in SIZES.items():
                runs = make_runs(families, weeks, counts[size])
                serial_run = None
                for name, backend in backends.items():
                    row = timed(backend, runs, workdir, f"{r}-{name}-{size}")
                    row.update(kind="model", backend=name, size=size, workers=backend.workers)
                    rows.append(row)
                    _line(row)
                    serial_run = serial_run or row["mean_run_s"]
                    fn = functools.partial(waiting_run, seconds=serial_run, table=template)
                    row = timed(backend, runs, workdir, f"{r}-wait-{name}-{size}", fn)
                    row.update(kind="engine", backend=name, size=size, workers=backend.workers)
                    rows.append(row)
                    _line(row)
    best = (
        pd.DataFrame(rows)
        .sort_values("runs_per_s", ascending=False)
        .drop_duplicates(["kind", "backend", "size"])
    )
    for kind, title in (("model", "model"), ("engine", "engine only")):
        _table(title, best[best["kind"] == kind], rounds)
    print(
        f"\nmachine: {w} plain processes running the model side by side gave "
        + ", ".join(f"{c:.2f}x" for c in capacity)
        + " the throughput of one (the ceiling for any backend at that moment)"
    )
    if args.json:
        payload = {
            "machine": platform.platform(),
            "python": sys.version.split()[0],
            "load_average": os.getloadavg(),
            "rounds": rows,
        }
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


def _line(row: dict) -> None:
    print(
        f"{row['kind']:6s} {row['backend']:9s} {row['size']:5s} {row['runs']:4d} runs  "
        f"{row['runs_per_s']:7.2f} runs/s  mean run {row['mean_run_s']:.3f} s  "
        f"overhead {row['overhead_ms']:6.1f} ms/run  load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def _table(title: str, best: pd.DataFrame, rounds: int) -> None:
    order = {"serial": 0, "processes": 1, "dask": 2}
    best = best.sort_values(
        ["size", "backend"],
        key=lambda c: c.map(order) if c.name == "backend" else c.map({"short": 0, "long": 1}),
    )
    serial = {r.size: r.runs_per_s for r in best.itertuples() if r.backend == "serial"}
    print(f"\n{title} (best of {rounds} round{'s' if rounds > 1 else ''})\n")
    print("| backend | run | runs | runs/s | mean run (s) | overhead (ms/run) | speed-up |")
    print("|---|---|---|---|---|---|---|")
    for r in best.itertuples():
        print(
            f"| {r.backend} ({r.workers}) | {r.size} | {r.runs} | {r.runs_per_s:.2f} | "
            f"{r.mean_run_s:.3f} | {r.overhead_ms:.1f} | {r.runs_per_s / serial[r.size]:.2f}x |"
        )


if __name__ == "__main__":
    sys.exit(main())
