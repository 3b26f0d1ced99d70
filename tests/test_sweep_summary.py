"""Summaries over replications: means and t intervals, computed a file at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from test_sweep_engine import fake_run, make_runs

from sim.experiments.sweep.engine import execute, read_results
from sim.experiments.sweep.summary import summarise, write_summary


def test_means_and_intervals_match_a_direct_computation(tmp_path):
    runs = make_runs(n_points=3, reps=5)
    out = tmp_path / "s"
    # one Parquet part per run, so the streaming combination of parts is exercised
    execute(runs, out, backend="serial", run_fn=fake_run, progress=False, flush_seconds=0)
    assert len(list((out / "results").glob("part-*.parquet"))) == len(runs)
    table = summarise(out)
    rows = read_results(out)
    keys = ["scenario", "point", "pa.turnover_annual", "measure", "group"]
    assert len(table) == rows.groupby(keys).ngroups == 3 * 2 * 6
    for _, got in table.sample(8, random_state=1).iterrows():
        mask = np.logical_and.reduce([rows[k] == got[k] for k in keys])
        values = rows.loc[mask, "value"].to_numpy()
        assert got["n"] == len(values) == 5
        assert np.isclose(got["mean"], values.mean())
        assert np.isclose(got["sd"], values.std(ddof=1))
        low, high = stats.t.interval(
            0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values)
        )
        assert np.isclose(got["ci_low"], low) and np.isclose(got["ci_high"], high)
    # conditions in plan order, groups all, Q1..Q5
    assert list(table["point"].drop_duplicates()) == [0, 1, 2]
    assert list(table["group"][:6]) == ["all", "Q1", "Q2", "Q3", "Q4", "Q5"]


def test_missing_values_and_single_replications(tmp_path):
    runs = make_runs(n_points=1, reps=1)
    out = tmp_path / "one"
    execute(runs, out, backend="serial", run_fn=fake_run, progress=False)
    table = summarise(out)
    assert (table["n"] == 1).all() and table["ci_low"].isna().all()
    assert table["mean"].notna().all()


def test_write_summary_writes_table_and_plots(tmp_path):
    from sim.reporting.figures import summary_figures

    runs = make_runs(n_points=2, reps=3)
    out = tmp_path / "w"
    execute(runs, out, backend="serial", run_fn=fake_run, progress=False)
    table, files = write_summary(out)
    files += summary_figures(table, out / "summary", ["unmet_hours", "qol"])
    names = {f.name for f in files}
    assert {
        "summary.csv",
        "summary.parquet",
        "overall.png",
        "quintiles_qol.png",
        "quintiles_unmet_hours.png",
    } <= names
    assert all(f.stat().st_size > 0 for f in files)
    csv = pd.read_csv(out / "summary" / "summary.csv")
    assert len(csv) == len(table) and "condition" in csv
    assert set(csv["condition"]) == {"turnover_annual=0.1", "turnover_annual=0.15"}
