"""Sweeps: many runs of the model (scenarios x parameter points x replications).

A sweep is a plain list of :class:`RunSpec` (scenario, seed, labels) handed to
:func:`execute`, which runs them on one of several interchangeable backends (serial, local
processes, Dask) and writes each finished run to a Parquet dataset under one output folder,
with a manifest, so a sweep can be resumed, audited and any single run repeated alone.
"""

from __future__ import annotations

from sim.experiments.sweep.engine import (
    RunSpec,
    SweepReport,
    execute,
    load_run,
    read_results,
    read_status,
)

__all__ = ["RunSpec", "SweepReport", "execute", "load_run", "read_results", "read_status"]
