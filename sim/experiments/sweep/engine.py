"""Execute a list of runs on a backend and keep every finished run on disk as it finishes.

The engine owns the bookkeeping the backends do not: what is left to run (resume, retry),
batching runs into tasks so per-run overhead stays small, writing finished batches from the
parent process, the progress bar and the report. A run that raises is recorded as failed
with its error and traceback and the sweep goes on.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from sim.errors import InputError
from sim.experiments.sweep import store as st
from sim.experiments.sweep.backends import Backend, make_backend
from sim.scenario import Scenario, ScenarioError, validate

RunFn = Callable[[Scenario, int], pd.DataFrame]

# Batching: aim for tasks of about this many seconds so per-task overhead is amortised,
# without holding so many runs in one task that an interruption loses much work.
TARGET_TASK_SECONDS = 0.5
MAX_BATCH = 64


@dataclass(frozen=True)
class RunSpec:
    """One run of a sweep: everything needed to repeat it alone."""

    run_id: int
    scenario: Scenario
    seed: int
    replication: int
    labels: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunOutcome:
    """What a worker sends back for one run: its rows (if it finished) and its status."""

    run_id: int
    status: str
    rows: pd.DataFrame | None
    wall_seconds: float
    started: float
    finished: float
    worker: str
    error: str | None = None
    traceback: str | None = None


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


def simulate_summary(scenario: Scenario, seed: int) -> pd.DataFrame:
    """The default run: the model's tidy per-run summary (measure, group, value)."""
    from sim.experiments.runner import simulate  # imported on first use: once per worker process

    return simulate(scenario, seed, tables=False).summary


def run_batch(batch: tuple[RunFn, list[RunSpec]]) -> list[RunOutcome]:
    """Run a batch in a worker; never raises for a run's own error (it is recorded)."""
    run_fn, runs = batch
    worker = f"{socket.gethostname()}:{os.getpid()}"
    out = []
    for spec in runs:
        started = time.time()
        t0 = time.perf_counter()
        try:
            rows = _tidy(run_fn(spec.scenario, spec.seed), spec)
        except Exception as err:  # noqa: BLE001 - a failing run must not stop the sweep
            out.append(
                RunOutcome(
                    spec.run_id,
                    "failed",
                    None,
                    time.perf_counter() - t0,
                    started,
                    time.time(),
                    worker,
                    f"{type(err).__name__}: {err}",
                    traceback.format_exc(),
                )
            )
        else:
            out.append(
                RunOutcome(
                    spec.run_id, "ok", rows, time.perf_counter() - t0, started, time.time(), worker
                )
            )
    return out


def _tidy(frame: pd.DataFrame, spec: RunSpec) -> pd.DataFrame:
    """A run's rows with its id, replication, seed and labels prepended."""
    missing = {"measure", "group", "value"} - set(frame.columns)
    if missing:
        raise ValueError(f"run function returned no column(s) {sorted(missing)}")
    rows = pd.DataFrame(
        {
            "run_id": spec.run_id,
            "replication": spec.replication,
            "seed": spec.seed,
            **{k: v for k, v in spec.labels.items() if k not in ("run_id", "replication", "seed")},
            "measure": frame["measure"].to_numpy(),
            "group": frame["group"].to_numpy(),
            "value": frame["value"].to_numpy(dtype=float),
        },
        index=range(len(frame)),
    )
    rows["seed"] = rows["seed"].astype("uint64")
    return rows


# ---------------------------------------------------------------------- the plan on disk
def scenario_to_json(scenario: Scenario) -> str:
    """The resolved scenario as JSON (never pickle), enough to rebuild it exactly."""
    data = {f.name: getattr(scenario, f.name) for f in fields(Scenario)}
    data["areas"] = list(scenario.areas)
    data["area_sampling"] = {k: list(v) for k, v in scenario.area_sampling.items()}
    return json.dumps(data, sort_keys=True)


def scenario_from_json(text: str) -> Scenario:
    data = json.loads(text)
    known = {f.name for f in fields(Scenario)}
    data = {k: v for k, v in data.items() if k in known}
    data["areas"] = tuple(data.get("areas", ()))
    data["area_sampling"] = {k: tuple(v) for k, v in data.get("area_sampling", {}).items()}
    return Scenario(**data)


def _plan(runs: Sequence[RunSpec]):
    """The runs table; each distinct scenario (and label set) is serialised once, since a
    sweep's replications share them and tens of thousands of copies would fill memory."""
    ids = [r.run_id for r in runs]
    if len(set(ids)) != len(ids):
        raise ValueError("run_id values must be unique")
    scenario_keys: dict[int, int] = {}
    scenarios: list[str] = []
    label_keys: dict[str, int] = {}
    scenario_index, label_index = [], []
    for r in runs:
        key = scenario_keys.get(id(r.scenario))
        if key is None:
            key = scenario_keys[id(r.scenario)] = len(scenarios)
            scenarios.append(scenario_to_json(r.scenario))
        scenario_index.append(key)
        text = json.dumps(r.labels, sort_keys=True, default=str)
        label_index.append(label_keys.setdefault(text, len(label_keys)))
    return st.plan_table(
        ids=ids,
        replications=[r.replication for r in runs],
        seeds=[r.seed for r in runs],
        labels=[r.labels for r in runs],
        labels_json=(label_index, list(label_keys)),
        scenario_json=(scenario_index, scenarios),
    )


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
    plan = _plan(runs)
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


# ---------------------------------------------------------------------- reading back
def read_results(
    out_dir: Path, columns: Sequence[str] | None = None, filters: Any = None
) -> pd.DataFrame:
    """Rows of every finished run (run_id, replication, seed, labels, measure, group, value).

    ``filters`` is a pyarrow expression or a list of ``(column, op, value)`` tuples as in
    ``pandas.read_parquet``; only the requested columns are read.
    """
    out_dir = Path(out_dir)
    require_sweep(out_dir)
    schema = st.results_schema(pq.read_schema(out_dir / st.PLAN))
    files = [str(p) for p in st.committed_result_files(out_dir)]
    if filters is not None and not isinstance(filters, pads.Expression):
        filters = pq.filters_to_expression(filters)
    with _readable(out_dir / st.RESULTS_DIR, out_dir):
        table = pads.dataset(files, schema=schema, format="parquet").to_table(
            columns=list(columns) if columns is not None else None, filter=filters
        )
    frame = table.to_pandas()
    if "run_id" in frame.columns:
        frame = frame.sort_values("run_id", kind="stable", ignore_index=True)
    return frame


def iter_results(out_dir: Path, columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """Finished runs' rows a file at a time, for summaries that must not load everything."""
    out_dir = Path(out_dir)
    require_sweep(out_dir)
    for path in st.committed_result_files(out_dir):
        with _readable(path, out_dir):
            table = pq.read_table(path, columns=list(columns) if columns else None)
        yield table.to_pandas()


@contextlib.contextmanager
def _readable(path: Path, out_dir: Path) -> Iterator[None]:
    """Turn a truncated or corrupt Parquet file into a message naming it and the cure."""
    try:
        yield
    except (OSError, pa.ArrowException) as err:
        cure = (
            "the sweep's plan is lost; run the sweep again into a new --out"
            if path.name == st.PLAN
            else f"`phb-sim sweep --out {out_dir} --resume` sets broken parts aside and "
            "runs their runs again"
        )
        raise InputError(
            f"cannot be read ({str(err).splitlines()[0]}); it is truncated or corrupt: {cure}",
            file=str(path),
        ) from None


def read_status(out_dir: Path) -> pd.DataFrame:
    """Every attempt of every run: status, wall time, worker, error and traceback."""
    out_dir = Path(out_dir)
    require_sweep(out_dir)
    return st.read_status_table(out_dir)


def read_plan(out_dir: Path) -> pd.DataFrame:
    """The runs table (ids, seeds, labels, scenario JSON)."""
    out_dir = Path(out_dir)
    require_sweep(out_dir)
    with _readable(out_dir / st.PLAN, out_dir):
        return pq.read_table(out_dir / st.PLAN).to_pandas()


def load_run(out_dir: Path, run_id: int) -> tuple[Scenario, int]:
    """The scenario and seed of one run of a stored sweep, to repeat it alone."""
    out_dir = Path(out_dir)
    require_sweep(out_dir)
    with _readable(out_dir / st.PLAN, out_dir):
        table = pq.read_table(
            out_dir / st.PLAN,
            columns=["run_id", "seed", "scenario_json"],
            filters=[("run_id", "==", int(run_id))],
        )
    if table.num_rows != 1:
        n = pq.read_metadata(out_dir / st.PLAN).num_rows
        raise InputError(f"no run {run_id} in {out_dir}; allowed: 0 to {n - 1}", field="--run-id")
    scenario = scenario_from_json(table.column("scenario_json")[0].as_py())
    try:
        validate(scenario)
    except ScenarioError as err:
        try:
            commit = st.read_manifest(out_dir).get("git_commit")
        except InputError:
            commit = None
        raise InputError(
            f"run {run_id} cannot be re-run by this version of the model ({err}); "
            f"the sweep ran at git commit {commit or 'unknown'} (see its "
            f"{st.MANIFEST})",
            file=str(out_dir),
            field="--run-id",
        ) from None
    return scenario, int(table.column("seed")[0].as_py())


def load_runs(out_dir: Path) -> list[RunSpec]:
    """All runs of a stored sweep, rebuilt from its runs table (to resume without the spec)."""
    plan = read_plan(out_dir)
    cache: dict[str, Scenario] = {}
    runs = []
    for row in plan.itertuples(index=False):
        scen = cache.get(row.scenario_json)
        if scen is None:
            scen = cache[row.scenario_json] = scenario_from_json(row.scenario_json)
        runs.append(
            RunSpec(
                int(row.run_id),
                scen,
                int(row.seed),
                int(row.replication),
                json.loads(row.labels_json),
            )
        )
    return runs


def require_sweep(out_dir: Path) -> None:
    """Refuse a folder that holds no readable sweep plan, naming what is wrong."""
    out_dir = Path(out_dir)
    if not (out_dir / st.PLAN).is_file():
        raise InputError(
            f"{out_dir} is not a sweep folder (it has no {st.PLAN}); allowed: a folder "
            "written by `phb-sim sweep`",
            file=str(out_dir),
        )
    try:
        pq.read_schema(out_dir / st.PLAN)
    except (OSError, pa.ArrowException) as err:
        raise InputError(
            f"the runs table cannot be read ({err}); it is truncated or corrupt",
            file=str(out_dir / st.PLAN),
        ) from None
