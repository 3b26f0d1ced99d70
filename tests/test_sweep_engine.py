"""The sweep engine: storage, resume, failure isolation and reading back.

Most properties here are about the engine, not the model, so they use a small fake run
function of the model's shape (a tidy table of measure, group, value that depends on the
scenario and the seed); the real model is exercised in test_sweep_backends.py.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.errors import InputError
from sim.experiments.seeds import spawn_seeds
from sim.experiments.sweep.engine import (
    RunSpec,
    execute,
    load_run,
    load_runs,
    read_results,
    read_status,
)
from sim.scenario import Scenario

GROUPS = ("all", "Q1", "Q2", "Q3", "Q4", "Q5")


def fake_run(scenario: Scenario, seed: int) -> pd.DataFrame:
    """A stand-in for the model: values depend on a parameter and the seed only."""
    rng = np.random.default_rng(seed)
    base = scenario.params["pa.turnover_annual"]
    rows = [(m, g, float(base * 10 + rng.normal())) for m in ("qol", "unmet_hours") for g in GROUPS]
    return pd.DataFrame(rows, columns=["measure", "group", "value"])


def failing_run(scenario: Scenario, seed: int) -> pd.DataFrame:
    """Raises for the runs of replication 1 (their turnover is tagged by the test)."""
    if scenario.params["pa.insecure_share"] == 0.5:
        raise ValueError(f"bad run with seed {seed}")
    return fake_run(scenario, seed)


class Interrupt:
    """A run function that stops the sweep (Ctrl-C) when it reaches a given run."""

    def __init__(self, at_seed: int) -> None:
        self.at_seed = at_seed

    def __call__(self, scenario: Scenario, seed: int) -> pd.DataFrame:
        if seed == self.at_seed:
            raise KeyboardInterrupt
        return fake_run(scenario, seed)


def make_runs(n_points: int = 4, reps: int = 3, fail_rep: int | None = None) -> list[RunSpec]:
    seeds = spawn_seeds(99, reps)
    runs = []
    for p in range(n_points):
        value = 0.1 + 0.05 * p
        for r in range(reps):
            scen = Scenario(name="base").with_params(
                {"pa.turnover_annual": value, "pa.insecure_share": 0.5 if r == fail_rep else 0.21},
                "test",
            )
            runs.append(
                RunSpec(
                    len(runs),
                    scen,
                    seeds[r],
                    r,
                    {"scenario": "base", "point": p, "pa.turnover_annual": value},
                )
            )
    return runs


def results_equal(a: Path, b: Path) -> None:
    left, right = read_results(a), read_results(b)
    assert not left.duplicated(["run_id", "measure", "group"]).any()
    pd.testing.assert_frame_equal(left, right)


def test_serial_sweep_stores_every_run_with_labels_and_provenance(tmp_path):
    runs = make_runs()
    report = execute(
        runs,
        tmp_path / "s",
        backend="serial",
        run_fn=fake_run,
        progress=False,
        meta={"name": "t", "root_seed": 99},
    )
    assert (report.done, report.failed, report.skipped) == (12, 0, 0) and report.complete
    rows = read_results(tmp_path / "s")
    assert sorted(rows["run_id"].unique()) == list(range(12))
    assert len(rows) == 12 * 12
    assert {"scenario", "point", "pa.turnover_annual", "seed", "replication"} <= set(rows)
    # rows carry the run's own seed and labels, and the values the run function returned
    for spec in (runs[0], runs[7]):
        got = rows[rows["run_id"] == spec.run_id].reset_index(drop=True)
        assert (got["seed"] == spec.seed).all()
        assert (got["pa.turnover_annual"] == spec.labels["pa.turnover_annual"]).all()
        np.testing.assert_array_equal(got["value"], fake_run(spec.scenario, spec.seed)["value"])
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert manifest["root_seed"] == 99 and manifest["n_runs"] == 12
    assert manifest["versions"]["numpy"] == np.__version__
    assert manifest["complete"] and manifest["status_counts"] == {"ok": 12}
    session = manifest["sessions"][0]
    assert session["started"] and session["ended"] and session["done"] == 12
    status = read_status(tmp_path / "s")
    assert sorted(status["run_id"]) == list(range(12))
    assert (status["wall_seconds"] >= 0).all() and (status["status"] == "ok").all()


def test_load_run_rebuilds_the_scenario_and_seed_exactly(tmp_path):
    base = Scenario(
        name="areas",
        areas=({"market.competing_wage": 14.25}, {"market.competing_wage": 12.9}),
        area_sampling={"pa.turnover_annual": (0.1, 0.3)},
        features={"support_planning": True},
        origins={"pa.turnover_annual": "x"},
    )
    runs = [
        RunSpec(0, base, 123, 0, {"scenario": "areas"}),
        RunSpec(
            1,
            base.with_params({"icb.approval_regime": "heavy"}, "x"),
            2**64 - 5,
            0,
            {"scenario": "areas"},
        ),
    ]
    execute(runs, tmp_path / "r", backend="serial", run_fn=fake_run, progress=False)
    for spec in runs:
        scenario, seed = load_run(tmp_path / "r", spec.run_id)
        assert scenario == spec.scenario and seed == spec.seed
        assert isinstance(scenario.areas, tuple)
        assert scenario.area_sampling["pa.turnover_annual"] == (0.1, 0.3)
    assert [(r.run_id, r.seed, r.labels) for r in load_runs(tmp_path / "r")] == [
        (r.run_id, r.seed, r.labels) for r in runs
    ]
    with pytest.raises(InputError, match="no run 5"):
        load_run(tmp_path / "r", 5)


def test_failed_runs_are_recorded_and_do_not_stop_the_others(tmp_path):
    runs = make_runs(fail_rep=1)
    out = tmp_path / "f"
    report = execute(runs, out, backend="processes", workers=2, run_fn=failing_run, progress=False)
    failing = {r.run_id for r in runs if r.replication == 1}
    assert report.failed == len(failing) == 4 and report.done == 8
    assert set(report.failed_runs) == failing
    assert "ValueError: bad run with seed" in report.summary()
    assert "--retry-failed" in report.summary()
    status = read_status(out).set_index("run_id")
    bad = status.loc[sorted(failing)]
    assert (bad["status"] == "failed").all()
    assert bad["error"].str.startswith("ValueError: bad run").all()
    assert bad["traceback"].str.contains("Traceback").all()
    assert bad["traceback"].str.contains("failing_run").all()
    assert set(read_results(out)["run_id"]) == {r.run_id for r in runs} - failing

    # --resume does not re-run failures; --retry-failed does (here with a fixed function)
    again = execute(runs, out, backend="serial", resume=True, run_fn=fake_run, progress=False)
    assert (again.done, again.failed, again.skipped) == (0, 0, 12)
    retried = execute(
        runs, out, backend="serial", retry_failed=True, run_fn=fake_run, progress=False
    )
    assert (retried.done, retried.failed, retried.skipped) == (4, 0, 8)
    reference = tmp_path / "ref"
    execute(runs, reference, backend="serial", run_fn=fake_run, progress=False)
    results_equal(out, reference)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status_counts"] == {"ok": 12} and len(manifest["sessions"]) == 3


def test_interrupt_then_resume_equals_uninterrupted(tmp_path):
    runs = make_runs(n_points=6, reps=2)
    stop = RunSpec(8, runs[8].scenario, 424242, 0, runs[8].labels)
    runs = [*runs[:8], stop, *runs[9:]]
    out = tmp_path / "i"
    with pytest.raises(KeyboardInterrupt):
        execute(
            runs, out, backend="serial", run_fn=Interrupt(424242), progress=False, flush_seconds=1e9
        )
    done_before = set(read_results(out)["run_id"])
    assert done_before == set(range(8))  # everything finished before the stop was written
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["sessions"][0]["interrupted"] is True and not manifest["complete"]
    with pytest.raises(InputError, match="not empty"):
        execute(runs, out, backend="serial", run_fn=fake_run, progress=False)
    report = execute(runs, out, backend="serial", resume=True, run_fn=fake_run, progress=False)
    assert (report.skipped, report.done) == (8, len(runs) - 8)
    reference = tmp_path / "ref"
    execute(runs, reference, backend="serial", run_fn=fake_run, progress=False)
    results_equal(out, reference)


def test_resume_refuses_a_different_sweep(tmp_path):
    runs = make_runs()
    execute(runs, tmp_path / "d", backend="serial", run_fn=fake_run, progress=False)
    changed = [
        RunSpec(
            r.run_id,
            r.scenario.with_params({"pa.pay_elasticity": 2.0}, "x"),
            r.seed,
            r.replication,
            r.labels,
        )
        for r in runs
    ]
    with pytest.raises(InputError, match="different sweep"):
        execute(
            changed, tmp_path / "d", backend="serial", resume=True, run_fn=fake_run, progress=False
        )
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="no manifest.json"):
        execute(
            runs, tmp_path / "junk", backend="serial", resume=True, run_fn=fake_run, progress=False
        )


def test_uncommitted_parts_and_temporary_files_are_never_counted(tmp_path):
    runs = make_runs()
    out = tmp_path / "t"
    execute(runs, out, backend="serial", run_fn=fake_run, progress=False, flush_seconds=0)
    parts = sorted((out / "status").glob("part-*.parquet"))
    assert len(parts) == len(runs)  # flush_seconds=0 writes after every finished batch
    # A kill between writing a results part and its status part leaves a results part
    # without status; a kill during a write leaves a temporary file. Neither counts.
    last = parts[-1]
    lost = pq.read_table(last)["run_id"].to_pylist()
    last.unlink()
    (out / "results" / ".part-999999.parquet.123.tmp").write_bytes(b"half a file")
    rows = read_results(out)
    assert not set(lost) & set(rows["run_id"])
    report = execute(runs, out, backend="serial", resume=True, run_fn=fake_run, progress=False)
    assert report.done == len(lost)
    assert not list((out / "results").glob(".*.tmp"))
    reference = tmp_path / "ref"
    execute(runs, reference, backend="serial", run_fn=fake_run, progress=False)
    results_equal(out, reference)


def test_read_results_columns_and_filters(tmp_path):
    runs = make_runs()
    execute(runs, tmp_path / "q", backend="serial", run_fn=fake_run, progress=False)
    rows = read_results(
        tmp_path / "q",
        columns=["run_id", "measure", "group", "value"],
        filters=[("measure", "==", "qol"), ("group", "in", ["Q1", "Q5"])],
    )
    assert list(rows.columns) == ["run_id", "measure", "group", "value"]
    assert set(rows["measure"]) == {"qol"} and set(rows["group"]) == {"Q1", "Q5"}
    assert len(rows) == 12 * 2
    with pytest.raises(InputError, match="not a sweep folder"):
        read_results(tmp_path)


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    runs = make_runs(n_points=1, reps=1)
    out = tmp_path / "l"
    execute(runs, out, backend="serial", run_fn=fake_run, progress=False)
    lease = out / ".lease.json"
    record = {"host": socket.gethostname(), "heartbeat": time.time()}
    lease.write_text(json.dumps({**record, "pid": 1}))  # pid 1 is alive
    with pytest.raises(InputError, match="another sweep"):
        execute(runs, out, backend="serial", resume=True, run_fn=fake_run, progress=False)
    lease.write_text(json.dumps({**record, "pid": 999999999}))  # its process is gone: stale
    assert (
        execute(runs, out, backend="serial", resume=True, run_fn=fake_run, progress=False).skipped
        == 1
    )
    shutil.rmtree(out)
