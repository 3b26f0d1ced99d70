"""The data scenario discovery works on, read from a stored sweep: one row per finished run,
the parameters the sweep varied as columns, and the chosen measure for one group.

Runs are kept one by one (not averaged over replications), as EMA Workbench does with its
experiments: PRIM's densities are then shares of runs, and seed noise shows up as density
below 100% rather than being hidden.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from sim.analysis.measures import DISTRIBUTION
from sim.errors import InputError
from sim.experiments.sweep import store as st
from sim.experiments.sweep.engine import read_results, require_sweep

GROUPS = ("all", "Q1", "Q2", "Q3", "Q4", "Q5", *DISTRIBUTION)


def parse_output(text: str) -> tuple[str, str]:
    """``MEASURE[:GROUP]`` -> (measure, group); the group defaults to all families."""
    measure, _, group = text.partition(":")
    if not measure:
        raise InputError(
            f"value {text!r} names no measure; allowed: MEASURE or MEASURE:GROUP, e.g. "
            "unmet_hours:Q1",
            field="--output",
        )
    return measure, group or "all"


def discovery_data(sweep_dir: Path, measure: str, group: str) -> tuple[pd.DataFrame, pd.Series]:
    """(varied parameters per run, the measure per run), rows aligned by run id.

    Columns are the plan's label columns that take more than one value (the scenario
    among them when a sweep has several); ``point`` is an index, not a condition.
    """
    sweep_dir = Path(sweep_dir)
    require_sweep(sweep_dir)
    labels = st.label_columns(pq.read_schema(sweep_dir / st.PLAN))
    plan = pq.read_table(sweep_dir / st.PLAN, columns=["run_id", *labels]).to_pandas()
    varied = [c for c in labels if c != "point" and plan[c].nunique(dropna=False) > 1]
    if not varied:
        raise InputError(
            f"the sweep in {sweep_dir} varies no parameter, so there are no conditions to "
            "discover; allowed: a sweep with a grid, samples or several scenarios",
            file=str(sweep_dir),
        )
    rows = read_results(
        sweep_dir,
        columns=["run_id", "measure", "group", "value"],
        filters=[("measure", "==", measure), ("group", "==", group)],
    )
    if rows.empty:
        present = read_results(sweep_dir, columns=["measure", "group"]).drop_duplicates()
        if present.empty:
            raise InputError(f"{sweep_dir} has no finished runs yet", file=str(sweep_dir))
        measures = sorted(present["measure"].unique())
        if measure not in measures:
            raise InputError(
                f"unknown measure {measure!r}; allowed: " + ", ".join(measures),
                field="--output",
            )
        groups = sorted(present.loc[present["measure"] == measure, "group"].unique())
        raise InputError(
            f"measure {measure!r} has no group {group!r}; allowed: " + ", ".join(groups),
            field="--output",
        )
    values = rows.set_index("run_id")["value"]
    x = plan.set_index("run_id").loc[values.index, varied]
    keep = values.notna()
    return x[keep.to_numpy()], values[keep]


def replications(sweep_dir: Path) -> int:
    """How many replications of each condition the sweep plans (for the figures' footnote)."""
    sweep_dir = Path(sweep_dir)
    require_sweep(sweep_dir)
    plan = pq.read_table(sweep_dir / st.PLAN, columns=["replication"]).to_pandas()
    return int(plan["replication"].nunique())
