"""The real model through every backend: same spec and seed, same results; and SIGKILL.

Tiny model sizes keep this fast; what is tested is that results do not depend on where a
run executes, and that a sweep killed outright loses nothing it had written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.experiments.sweep.engine import execute, load_run, read_results, read_status
from sim.experiments.sweep.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]


def spec_file(
    tmp_path: Path,
    replications: int,
    families: int = 60,
    weeks: int = 26,
    scenarios: str = "[baseline, workforce/churn_high]",
) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(
        textwrap.dedent(f"""\
        name: tiny
        root_seed: 20261122
        replications: {replications}
        scenarios: {scenarios}
        set:
          population.n_families: {families}
          population.weeks: {weeks}
        """)
    )
    return path


def test_same_spec_gives_identical_results_on_serial_processes_and_dask(tmp_path):
    from distributed import LocalCluster

    runs = load_spec(spec_file(tmp_path, replications=3)).runs()
    execute(runs, tmp_path / "serial", backend="serial", progress=False)
    execute(runs, tmp_path / "processes", backend="processes", workers=2, progress=False)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = execute(
            runs,
            tmp_path / "dask",
            backend="dask",
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert report.done == len(runs) == 6 and report.workers == 2
    serial = read_results(tmp_path / "serial")
    assert sorted(serial["run_id"].unique()) == list(range(6))
    assert serial["value"].notna().any()
    for other in ("processes", "dask"):
        pd.testing.assert_frame_equal(serial, read_results(tmp_path / other))
    # the runs really went to other processes
    assert read_status(tmp_path / "dask")["worker"].nunique() == 2
    assert (
        read_status(tmp_path / "processes")["worker"].str.split(":").str[1] != str(os.getpid())
    ).all()
    # common random numbers: replication r has the same seed in both scenarios, and
    # different scenarios still give different results
    by_run = serial.pivot_table(index="run_id", columns=["measure", "group"], values="value")
    assert not by_run.loc[0].equals(by_run.loc[3])


def test_dask_local_cluster_from_the_backend_and_a_single_run_repeats_alone(tmp_path):
    from sim.experiments.runner import simulate

    runs = load_spec(spec_file(tmp_path, replications=1, scenarios="[baseline]")).runs()
    report = execute(runs, tmp_path / "d", backend="dask", workers=1, progress=False)
    assert report.done == 1 and report.backend == "dask"
    stored = read_results(tmp_path / "d")
    scenario, seed = load_run(tmp_path / "d", 0)
    again = simulate(scenario, seed).summary
    pd.testing.assert_series_equal(stored["value"], again["value"].astype(float), check_names=False)


def _finished(out: Path) -> int:
    return sum(pq.read_metadata(p).num_rows for p in (out / "status").glob("part-*.parquet"))


def test_sigkill_part_way_then_resume_equals_an_uninterrupted_sweep(tmp_path):
    n = 40
    spec = spec_file(tmp_path, replications=n, scenarios="[baseline]")
    out = tmp_path / "killed"
    cmd = [
        sys.executable,
        "-m",
        "sim.cli",
        "sweep",
        str(spec),
        "--out",
        str(out),
        "--workers",
        "2",
        "--no-progress",
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    try:
        while _finished(out) == 0 if (out / "status").is_dir() else True:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no run finished within 60 s"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the sweep and its worker processes
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    before = _finished(out)
    assert 0 < before < n, "the sweep should have been killed part-way"
    assert (out / ".lock").exists()  # a killed sweep leaves its lock; resume must cope

    done = subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{before} already done" in done.stdout

    reference = tmp_path / "reference"
    execute(load_spec(spec).runs(), reference, backend="serial", progress=False)
    killed = read_results(out)
    assert not killed.duplicated(["run_id", "measure", "group"]).any()
    assert sorted(killed["run_id"].unique()) == list(range(n))
    pd.testing.assert_frame_equal(killed, read_results(reference))
    status = read_status(out)
    assert sorted(status["run_id"]) == list(range(n))  # each run recorded exactly once


@pytest.mark.parametrize("extra", [["--backend", "serial"]])
def test_cli_sweep_then_summarise(tmp_path, capsys, extra):
    from sim.analysis.measures import HEADLINE
    from sim.cli import main

    spec = spec_file(tmp_path, replications=3, scenarios="[baseline]")
    out = tmp_path / "s"
    assert main(["sweep", str(spec), "--out", str(out), "--no-progress", *extra]) == 0
    # resuming needs no spec: the folder's runs table says what the sweep is
    assert main(["sweep", "--out", str(out), "--resume", "--no-progress"]) == 0
    assert "0 finished now, 0 failed, 3 already done" in capsys.readouterr().out
    assert main(["summarise", str(out)]) == 0
    table = pd.read_csv(out / "summary" / "summary.csv")
    headline = table[(table["group"] == "all") & table["measure"].isin(HEADLINE)]
    assert len(headline) == len(HEADLINE) and set(headline["n"]) == {3}
    assert {"Q1", "Q5", "all"} <= set(table["group"])
    assert (out / "summary" / "overall.png").stat().st_size > 0
