"""Execute a list of runs on a backend and keep every finished run on disk as it finishes.

The engine owns the bookkeeping the backends do not: what is left to run (resume, retry),
batching runs into tasks so per-run overhead stays small, writing finished batches from the
parent process, the progress bar and the report. A run that raises is recorded as failed
with its error and traceback and the sweep goes on.

What a run is lives in ``runs``, the plan on disk in ``plan`` and reading a stored sweep
back in ``reading``; their public names are re-exported here, where users import them.
"""

from __future__ import annotations

import math
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.experiments.sweep import store as st
from sim.experiments.sweep.backends import Backend, make_backend
from sim.experiments.sweep.plan import runs_table, scenario_from_json, scenario_to_json
from sim.experiments.sweep.reading import (
    iter_results,
    load_run,
    load_runs,
    read_plan,
    read_results,
    read_status,
    require_sweep,
)
from sim.experiments.sweep.runs import RunFn, RunOutcome, RunSpec, run_batch, simulate_summary

__all__ = [
    "RunFn",
    "RunOutcome",
    "RunSpec",
    "SweepReport",
    "execute",
    "iter_results",
    "load_run",
    "load_runs",
    "read_plan",
    "read_results",
    "read_status",
    "require_sweep",
    "run_batch",
    "scenario_from_json",
    "scenario_to_json",
    "simulate_summary",
]

# Batching: aim for tasks of about this many seconds so per-task overhead is amortised,
# without holding so many runs in one task that an interruption loses much work.
TARGET_TASK_SECONDS = 0.5
MAX_BATCH = 64


@dataclass
class SweepReport:
    """The outcome of one call to :func:`execute`."""

    out_dir: Path
    n_runs: int
    skipped: int
    done: int
    failed: int
    failed_runs: dict[int, str]
    wall_seconds: float
    backend: str
    workers: int
    interrupted: bool = False

    @property
    def complete(self) -> bool:
        return not self.interrupted and self.done + self.skipped == self.n_runs

    def summary(self) -> str:
        """A few lines for the terminal at the end of a sweep."""
        ran = self.done + self.failed
        rate = ran / self.wall_seconds if self.wall_seconds > 0 else float("nan")
        lines = [
            f"sweep: {self.n_runs} runs in {self.out_dir}: {self.done} finished now, "
            f"{self.failed} failed, {self.skipped} already done "
            f"({self.wall_seconds:.1f} s, {rate:.2f} runs/s, {self.backend} backend, "
            f"{self.workers} worker{'s' if self.workers != 1 else ''})"
        ]
        for run_id, error in list(self.failed_runs.items())[:5]:
            lines.append(f"  failed run {run_id}: {error}")
        if len(self.failed_runs) > 5:
            lines.append(f"  ... and {len(self.failed_runs) - 5} more (see status/ in the folder)")
        if self.failed:
            lines.append("re-run the failed runs with --retry-failed")
        missing = self.n_runs - self.skipped - self.done - self.failed
        if missing > 0:
            lines.append(f"{missing} runs not started; finish them with --resume")
        return "\n".join(lines)


# ---------------------------------------------------------------------- execute
class _Batcher:
    """Hands out batches of pending runs, sized from the run times seen so far."""

    def __init__(self, runs: Sequence[RunSpec], run_fn: RunFn, backend: Backend) -> None:
        self.runs = list(runs)
        self.run_fn = run_fn
        self.backend = backend  # its worker count may change (a Dask cluster that grows)
        # In this process there is no per-task cost to amortise: one run at a time.
        self.max_batch = 1 if backend.name == "serial" else MAX_BATCH
        self.pos = 0
        self.mean_seconds: float | None = None

    def observe(self, outcomes: list[RunOutcome]) -> None:
        t = sum(o.wall_seconds for o in outcomes) / max(len(outcomes), 1)
        self.mean_seconds = t if self.mean_seconds is None else 0.7 * self.mean_seconds + 0.3 * t

    def size(self) -> int:
        left = len(self.runs) - self.pos
        # keep every worker busy to the end
        fair = max(1, math.ceil(left / (2 * max(self.backend.workers, 1))))
        if self.mean_seconds is None or self.max_batch == 1:
            return 1
        wanted = max(1, round(TARGET_TASK_SECONDS / max(self.mean_seconds, 1e-6)))
        return max(1, min(wanted, self.max_batch, fair))

    def __call__(self) -> tuple[RunFn, list[RunSpec]] | None:
        if self.pos >= len(self.runs):
            return None
        n = self.size()
        batch = self.runs[self.pos : self.pos + n]
        self.pos += n
        return self.run_fn, batch


def execute(
    runs: Sequence[RunSpec],
    out_dir: Path,
    *,
    backend: str | Backend = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    retry_failed: bool = False,
    run_fn: RunFn = simulate_summary,
    progress: bool = True,
    meta: dict | None = None,
    flush_seconds: float = 1.0,
) -> SweepReport:
    """Run ``runs`` (skipping those already finished when resuming) and store each result.

    ``backend`` is "serial", "processes" or "dask" (with ``scheduler`` an address or a
    scheduler file to join a running cluster, else a LocalCluster of ``workers``), or a
    backend object already started, which is then left running (to time warm workers or to
    share one cluster between several sweeps). ``retry_failed`` implies ``resume`` and also
    re-runs runs whose last attempt failed. Finished runs are written at most
    ``flush_seconds`` after they finish. ``meta`` is stored in the manifest.
    """
    out_dir = Path(out_dir)
    resume = resume or retry_failed
    plan = runs_table(runs)
    store = st.Store(out_dir)
    store.check(resume=resume)  # refuse a wrong folder before starting any worker
    owned = isinstance(backend, str)
    be = make_backend(backend, workers, scheduler, _preload(run_fn)) if owned else backend
    with be if owned else _NoClose(be) as active:
        store.open(
            plan,
            resume=resume,
            meta=meta,
            session={
                "backend": active.name,
                "workers": active.workers,
                "resume": resume,
                "retry_failed": retry_failed,
                "host": socket.gethostname(),
            },
        )
        status = st.latest_status(out_dir)
        retry = {"failed"} if retry_failed else set()
        todo = [r for r in runs if r.run_id not in status or status[r.run_id] in retry]
        report = SweepReport(
            out_dir=out_dir,
            n_runs=len(runs),
            skipped=len(runs) - len(todo),
            done=0,
            failed=0,
            failed_runs={},
            wall_seconds=0.0,
            backend=active.name,
            workers=active.workers,
            interrupted=True,
        )
        try:
            _drain(active, store, todo, run_fn, report, progress, flush_seconds)
            report.interrupted = False
        finally:
            store.close(
                {
                    "done": report.done,
                    "failed": report.failed,
                    "wall_seconds": round(report.wall_seconds, 3),
                    "interrupted": report.interrupted,
                }
            )
    return report


def _drain(
    backend: Backend,
    store: st.Store,
    todo: list[RunSpec],
    run_fn: RunFn,
    report: SweepReport,
    progress: bool,
    flush_seconds: float,
) -> None:
    """Run ``todo`` on the backend, writing finished runs at most every ``flush_seconds``;
    on any interruption, whatever has finished is written before the error propagates."""
    from tqdm.auto import tqdm

    if progress:
        print(
            f"sweep: {len(todo)} of {report.n_runs} runs to run -> {report.out_dir} "
            f"({backend.name} backend, {backend.workers} worker"
            f"{'s' if backend.workers != 1 else ''})",
            file=sys.stderr,
        )
    t0 = time.perf_counter()
    batch = st.Batch.empty()
    bar = tqdm(
        total=report.n_runs,
        initial=report.skipped,
        disable=not progress,
        unit="run",
        dynamic_ncols=True,
        desc=report.out_dir.name or "sweep",
    )
    bar.set_postfix(failed=0, refresh=False)
    batcher = _Batcher(todo, run_fn, backend)
    try:
        for outcomes in backend.run(run_batch, batcher):
            batcher.observe(outcomes)
            for o in outcomes:
                if o.status == "ok":
                    report.done += 1
                    batch.frames.append(o.rows)
                else:
                    report.failed += 1
                    report.failed_runs[o.run_id] = o.error or ""
                batch.statuses.append(
                    {
                        "run_id": o.run_id,
                        "status": o.status,
                        "wall_seconds": o.wall_seconds,
                        "started": o.started,
                        "finished": o.finished,
                        "worker": o.worker,
                        "error": o.error,
                        "traceback": o.traceback,
                    }
                )
            bar.set_postfix(failed=report.failed, refresh=False)
            bar.update(len(outcomes))
            if time.monotonic() - batch.opened >= flush_seconds:
                store.write_batch(batch)
                batch = st.Batch.empty()
    finally:
        store.write_batch(batch)  # a no-op for a batch already written
        bar.close()
        report.wall_seconds = time.perf_counter() - t0


class _NoClose:
    """Use a caller's started backend without closing it."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def __enter__(self) -> Backend:
        return self.backend

    def __exit__(self, *exc: object) -> None:
        return None


def _preload(run_fn: RunFn) -> tuple[str, ...]:
    """Modules the worker processes import once, before any task (the model's, by default)."""
    module = getattr(run_fn, "__module__", None)
    names = ["sim.experiments.runner"] if run_fn is simulate_summary else []
    if module and module != "__main__":
        names.append(module)
    return tuple(names)
