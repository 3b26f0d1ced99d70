"""Where runs execute: serial, local processes or Dask, behind one small interface.

A backend takes batches of runs and yields each batch's outcomes as soon as it finishes, in
whatever order they finish, keeping only a bounded number of batches in flight so memory
stays bounded however many runs a sweep has. Results never depend on the backend: each run
carries its own seed and nothing is shared between runs.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import forkserver
from pathlib import Path
from typing import Any, Protocol

from sim.errors import InputError
from sim.experiments.sweep.lifetime import FORKSERVER_PARENT_ENV, worker_initializer

BACKENDS = ("serial", "processes", "dask")

# One BLAS/OpenMP thread per worker process, as Dask's nanny does for its workers: the
# model's small matrix products gain nothing from threads, and N workers each spinning
# several BLAS threads on N cores run at half speed. Values the user has set are kept.
WORKER_RECOUNT_SECONDS = 2.0

SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# A task takes one batch and returns its outcomes; it must be a module-level function.
Task = Callable[[Any], Any]
# The engine hands a backend a source of batches: called with how many tasks may be queued,
# it returns the next batch or None when there is nothing left.
BatchSource = Callable[[], Any | None]


def default_workers() -> int:
    """Cores this process may use (respects CPU affinity, e.g. a Slurm allocation)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Backend(Protocol):
    """What the engine needs from an execution backend."""

    name: str
    workers: int

    def __enter__(self) -> Backend: ...
    def __exit__(self, *exc: object) -> None: ...

    def run(self, task: Task, next_batch: BatchSource) -> Iterator[Any]:
        """Apply ``task`` to batches from ``next_batch`` and yield results as they finish."""
        ...


class SerialBackend:
    """Runs in this process, one after another: for debugging and for timing one core."""

    name = "serial"

    def __init__(self) -> None:
        self.workers = 1

    def __enter__(self) -> SerialBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, task: Task, next_batch: BatchSource) -> Iterator[Any]:
        while (batch := next_batch()) is not None:
            yield task(batch)


class ProcessBackend:
    """A pool of local worker processes (the default: one per core).

    Workers start from a fork server that has already imported the model, so starting a
    worker costs a fork, not a fresh interpreter, and no task re-imports anything.
    """

    name = "processes"

    def __init__(self, workers: int | None = None, preload: tuple[str, ...] = ()) -> None:
        self.workers = workers or default_workers()
        self.preload = preload
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessBackend:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(
            ["sim.experiments.sweep.lifetime", "sim.experiments.sweep.engine", *self.preload]
        )
        with _environ({**SINGLE_THREAD_ENV, FORKSERVER_PARENT_ENV: str(os.getpid())}):
            # the fork server takes the environment it starts with to every worker
            forkserver.ensure_running()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=worker_initializer
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            self._pool = None

    def run(self, task: Task, next_batch: BatchSource) -> Iterator[Any]:
        assert self._pool is not None, "use the backend as a context manager"
        limit = 2 * self.workers
        pending: set[Future] = set()
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                batch = next_batch()
                if batch is None:
                    exhausted = True
                else:
                    pending.add(self._pool.submit(task, batch))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()


class DaskBackend:
    """Dask distributed: a LocalCluster started here, or an existing cluster's scheduler.

    ``scheduler`` is an address (``tcp://host:8786``) or the path of a scheduler file (as
    written by ``dask scheduler --scheduler-file`` on a cluster). Without it a LocalCluster
    of ``workers`` single-threaded worker processes is started and closed with the backend.
    """

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        if scheduler is not None:
            _check_scheduler(scheduler)
        self.scheduler = scheduler
        self.requested = workers
        self.workers = workers or default_workers()
        self.client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskBackend:
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                if Path(self.scheduler).is_file():
                    self.client = Client(scheduler_file=self.scheduler, timeout="20s")
                else:
                    self.client = Client(self.scheduler, timeout="20s")
            except (OSError, ValueError) as err:
                raise InputError(
                    f"cannot reach the Dask scheduler {self.scheduler!r} ({err}); "
                    "give its address as tcp://host:port or a scheduler file",
                    field="--scheduler",
                ) from None
            self.workers = self.requested or max(self._count_workers(), 1)
        else:
            # No dashboard here, so nobody reads the workers' statistical profiles: turn off
            # the sampler, which otherwise interrupts the model every 10 ms.
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            self.client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _count_workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def run(self, task: Task, next_batch: BatchSource) -> Iterator[Any]:
        from distributed import as_completed

        assert self.client is not None, "use the backend as a context manager"
        stream = as_completed()
        in_flight = 0
        exhausted = False
        recount_at = time.monotonic() + WORKER_RECOUNT_SECONDS

        def top_up() -> None:
            nonlocal in_flight, exhausted, recount_at
            if self.requested is None and time.monotonic() >= recount_at:
                # a cluster grows (or shrinks) while the sweep runs, e.g. as Slurm starts
                # dask-jobqueue's worker jobs: keep two tasks per worker in flight
                self.workers = max(self._count_workers(), 1)
                recount_at = time.monotonic() + WORKER_RECOUNT_SECONDS
            while not exhausted and in_flight < 2 * self.workers:
                batch = next_batch()
                if batch is None:
                    exhausted = True
                else:
                    stream.add(self.client.submit(task, batch, pure=False))
                    in_flight += 1

        top_up()
        while in_flight:
            fut = next(stream)
            in_flight -= 1
            result = fut.result()
            fut.release()
            yield result
            top_up()


ADDRESS = re.compile(r"^(?:[a-z0-9+]+://)?[^\s/:]+:\d{1,5}$|^[a-z0-9+]+://\S+$")


def _check_scheduler(scheduler: str) -> None:
    """Refuse a --scheduler that is neither an existing scheduler file nor an address,
    before any cluster is contacted (a missing file would otherwise be taken as a host)."""
    if Path(scheduler).is_file() or ADDRESS.match(scheduler):
        return
    looks_like_file = scheduler.endswith((".json", ".yaml", ".yml")) or "/" in scheduler
    what = "no such scheduler file" if looks_like_file else "not a scheduler address"
    raise InputError(
        f"{scheduler!r}: {what}; allowed: an address tcp://host:port (or host:port) or the "
        "path of a scheduler file written by `dask scheduler --scheduler-file`",
        field="--scheduler",
    )


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables that are not set already, for the duration of a block."""
    added = {k: v for k, v in values.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def make_backend(
    name: str,
    workers: int | None = None,
    scheduler: str | None = None,
    preload: tuple[str, ...] = (),
) -> Backend:
    """The backend called ``name`` (one of BACKENDS)."""
    if workers is not None and workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}", field="--workers")
    if name == "serial":
        return SerialBackend()
    if name == "processes":
        return ProcessBackend(workers, preload)
    if name == "dask":
        return DaskBackend(workers, scheduler)
    raise InputError(f"unknown backend {name!r}; allowed: {', '.join(BACKENDS)}", field="--backend")
