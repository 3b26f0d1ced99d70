"""Reading a stored sweep back: results, attempts, the plan, and single runs to repeat.

Every reader first checks the folder holds a readable sweep plan, and turns a truncated or
corrupt Parquet file into a message naming the file and the cure.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from sim.errors import InputError
from sim.experiments.sweep import store as st
from sim.experiments.sweep.plan import scenario_from_json
from sim.experiments.sweep.runs import RunSpec
from sim.scenario import Scenario, ScenarioError, validate


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
