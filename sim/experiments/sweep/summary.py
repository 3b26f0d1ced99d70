"""Means and 95% confidence intervals over replications, per condition, measure and group.

A condition is one scenario at one parameter point (the sweep's label columns). The
replications of a condition differ only in their seed, so the spread of a measure over
them is the model's stochastic noise, and the interval says how well the sweep pins down
the condition's expected value. The results are read a Parquet file at a time and combined
with the parallel (Chan et al.) update of count, mean and sum of squares, so memory grows
with the number of conditions, not with the number of runs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from scipy import stats

from sim.analysis.measures import CALIBRATION, DISTRIBUTION, MEASURE_NAMES
from sim.experiments.sweep import store as st
from sim.experiments.sweep.engine import iter_results

QUINTILES = ("Q1", "Q2", "Q3", "Q4", "Q5")
GROUP_ORDER = ("all", *QUINTILES, *DISTRIBUTION)


def condition_columns(out_dir: Path) -> list[str]:
    """The label columns that identify a condition (replication and seed excluded)."""
    return st.label_columns(pq.read_schema(Path(out_dir) / st.PLAN))


def _moments(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = frame.groupby(keys, dropna=False, sort=False)["value"]
    n = g.count()
    return pd.DataFrame({"n": n, "mean": g.mean(), "m2": g.var(ddof=0) * n})


def _combine(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Pooled count, mean and sum of squared deviations of two disjoint sets of values."""
    a, b = a.align(b, join="outer")
    na, nb = a["n"].fillna(0), b["n"].fillna(0)
    ma, mb = a["mean"].fillna(0.0), b["mean"].fillna(0.0)
    n = na + nb
    safe = n.where(n > 0, 1)
    delta = mb - ma
    mean = (ma * na + mb * nb) / safe
    m2 = a["m2"].fillna(0.0) + b["m2"].fillna(0.0) + delta**2 * na * nb / safe
    return pd.DataFrame({"n": n, "mean": mean.where(n > 0), "m2": m2})


def summarise(out_dir: Path, level: float = 0.95) -> pd.DataFrame:
    """One row per condition, measure and group: n, mean, sd and the t interval of the mean."""
    out_dir = Path(out_dir)
    labels = condition_columns(out_dir)
    keys = [*labels, "measure", "group"]
    acc: pd.DataFrame | None = None
    for part in iter_results(out_dir, columns=[*keys, "value"]):
        moments = _moments(part, keys)
        acc = moments if acc is None else _combine(acc, moments)
    if acc is None:
        return pd.DataFrame(columns=[*keys, "n", "mean", "sd", "ci_low", "ci_high"])
    out = acc.reset_index()
    n = out["n"].astype(int)
    sd = np.sqrt(out["m2"] / (n - 1).where(n > 1))
    half = stats.t.ppf(0.5 + level / 2, (n - 1).where(n > 1)) * sd / np.sqrt(n)
    out = out.assign(n=n, sd=sd, ci_low=out["mean"] - half, ci_high=out["mean"] + half)
    out = out.drop(columns="m2")
    scenarios = None
    if "scenario" in labels:
        plan = pq.read_table(out_dir / st.PLAN, columns=["scenario"]).column("scenario")
        scenarios = list(dict.fromkeys(plan.to_pylist()))
    return _ordered(out, labels, scenarios)


def _ordered(
    frame: pd.DataFrame, labels: Sequence[str], scenarios: Sequence[str] | None
) -> pd.DataFrame:
    """Conditions in plan order, measures as the model lists them, groups all, Q1..Q5, ..."""
    measure_order = list(
        dict.fromkeys([*MEASURE_NAMES, *CALIBRATION, *sorted(frame["measure"].unique())])
    )
    group_order = list(dict.fromkeys([*GROUP_ORDER, *sorted(frame["group"].unique())]))
    frame = frame.assign(
        _m=frame["measure"].map({m: i for i, m in enumerate(measure_order)}),
        _g=frame["group"].map({g: i for i, g in enumerate(group_order)}),
    )
    sort_by = [c for c in ("point",) if c in labels]
    if scenarios is not None:
        frame = frame.assign(_s=frame["scenario"].map({s: i for i, s in enumerate(scenarios)}))
        sort_by = ["_s", *sort_by]
    frame = frame.sort_values([*sort_by, "_m", "_g"], kind="stable")
    return frame.drop(columns=[c for c in ("_m", "_g", "_s") if c in frame]).reset_index(drop=True)


def condition_names(table: pd.DataFrame, labels: Sequence[str]) -> pd.Series:
    """A short readable name per row's condition: the scenario and what was varied."""
    varied = [
        c for c in labels if c not in ("scenario", "point") and table[c].nunique(dropna=False) > 1
    ]
    several = "scenario" in labels and table["scenario"].nunique() > 1

    def name(row: pd.Series) -> str:
        parts = [str(row["scenario"])] if "scenario" in labels and (several or not varied) else []
        if len(varied) <= 3:
            parts += [f"{c.split('.')[-1]}={_fmt(row[c])}" for c in varied]
        elif "point" in labels:
            parts.append(f"point {row['point']}")
        return ", ".join(parts) or "all runs"

    return table.apply(name, axis=1)


def _fmt(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.4g}"
    return str(value)


def write_summary(out_dir: Path, dest: Path | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Write summary.csv and summary.parquet; returns the table and the files (the figures
    are drawn by sim.reporting.figures, which the summarise command calls)."""
    out_dir = Path(out_dir)
    dest = Path(dest) if dest else out_dir / "summary"
    dest.mkdir(parents=True, exist_ok=True)
    labels = condition_columns(out_dir)
    table = summarise(out_dir)
    if not table.empty:
        table.insert(0, "condition", condition_names(table, labels).to_numpy())
    files = [dest / "summary.csv", dest / "summary.parquet"]
    table.to_csv(files[0], index=False)
    table.to_parquet(files[1], index=False)
    return table, files
