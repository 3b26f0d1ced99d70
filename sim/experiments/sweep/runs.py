"""What one run of a sweep is, and how a worker runs a batch of them.

A :class:`RunSpec` holds everything needed to repeat a run alone; :func:`run_batch` is the
task a backend sends to a worker: it never raises for a run's own error, it records it, so
one failing run does not stop a sweep.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.scenario import Scenario

RunFn = Callable[[Scenario, int], pd.DataFrame]


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
