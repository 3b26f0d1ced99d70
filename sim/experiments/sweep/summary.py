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
from sim.errors import InputError
from sim.experiments.sweep import store as st
from sim.experiments.sweep.folder import make_output_folder
from sim.experiments.sweep.lease import current_holder
from sim.experiments.sweep.reading import iter_results, read_results, require_sweep

QUINTILES = ("Q1", "Q2", "Q3", "Q4", "Q5")
GROUP_ORDER = ("all", *QUINTILES, *DISTRIBUTION)
MAX_PROFILE_LINES = 12


def condition_columns(out_dir: Path) -> list[str]:
    """The label columns that identify a condition (replication and seed excluded)."""
    require_sweep(out_dir)
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


def warnings(out_dir: Path, table: pd.DataFrame) -> list[str]:
    """What a reader of the summary must know: the sweep is unfinished or still being
    written, and which conditions have no finished run (they are absent from the table)."""
    out_dir = Path(out_dir)
    notes: list[str] = []
    holder = current_holder(out_dir)
    if holder is not None:
        who = f" (host {holder.get('host')}, pid {holder.get('pid')})" if holder else ""
        notes.append(
            f"a sweep is writing to {out_dir} now{who}: this summary is a snapshot and will change"
        )
    plan = pq.read_table(out_dir / st.PLAN).drop_columns(list(st.PLAN_EXTRA)).to_pandas()
    status = st.latest_status(out_dir)
    ok = sum(1 for s in status.values() if s == "ok")
    failed = sum(1 for s in status.values() if s != "ok")
    if ok < len(plan):
        notes.append(
            f"the sweep is incomplete: {ok} of {len(plan)} runs finished, {failed} failed, "
            f"{len(plan) - ok - failed} not run; means cover finished runs only (finish it "
            f"with `phb-sim sweep --out {out_dir} --resume`, or --retry-failed)"
        )
    labels = st.label_columns(pq.read_schema(out_dir / st.PLAN))
    conditions = plan[labels].drop_duplicates(ignore_index=True)
    if labels and not conditions.empty:
        seen = table[labels].drop_duplicates() if not table.empty else conditions.iloc[:0]
        merged = conditions.merge(seen, on=labels, how="left", indicator=True)
        empty = merged[merged["_merge"] == "left_only"][labels].reset_index(drop=True)
        if not empty.empty:
            names = condition_names(pd.concat([empty, conditions]), labels)[: len(empty)]
            shown = "; ".join(names.iloc[:10])
            more = f" and {len(empty) - 10} more" if len(empty) > 10 else ""
            notes.append(
                f"{len(empty)} of {len(conditions)} conditions have no finished run and are "
                f"missing from the summary: {shown}{more}"
            )
    return notes


def by_lever(out_dir: Path) -> pd.DataFrame:
    """Per policy-lever setting (and scenario): how each measure is spread over the sampled
    uncertainties and replications, for sweeps whose spec has ``levers:``.

    One row per setting, measure and group: the number of runs, the mean and the 10th,
    50th and 90th percentiles over runs, so a reader sees both what a lever does on
    average and how much the world it meets changes that. Empty when the sweep has no
    levers.
    """
    out_dir = Path(out_dir)
    try:
        levers = list(st.read_manifest(out_dir).get("levers") or [])
    except InputError:
        return pd.DataFrame()
    if not levers:
        return pd.DataFrame()
    labels = condition_columns(out_dir)
    keys = [c for c in ("scenario",) if c in labels] + levers + ["measure", "group"]
    rows = read_results(out_dir, columns=[*keys, "value"])
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "n_runs", "mean", "p10", "p50", "p90"])
    g = rows.groupby(keys, sort=False, dropna=False)["value"]
    table = pd.DataFrame(
        {
            "n_runs": g.count(),
            "mean": g.mean(),
            "p10": g.quantile(0.1),
            "p50": g.quantile(0.5),
            "p90": g.quantile(0.9),
        }
    ).reset_index()
    return table


def write_summary(out_dir: Path, dest: Path | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Write summary.csv and summary.parquet; returns the table and the files (the figures
    are drawn by sim.reporting.figures, which the summarise command calls)."""
    out_dir = Path(out_dir)
    dest = Path(dest) if dest else out_dir / "summary"
    labels = condition_columns(out_dir)
    table = summarise(out_dir)
    make_output_folder(dest)
    if not table.empty:
        table.insert(0, "condition", condition_names(table, labels).to_numpy())
    files = [dest / "summary.csv", dest / "summary.parquet"]
    table.to_csv(files[0], index=False)
    table.to_parquet(files[1], index=False)
    levers = by_lever(out_dir)
    if not levers.empty:
        levers.to_csv(dest / "by_lever.csv", index=False)
        files.append(dest / "by_lever.csv")
    return table, files
