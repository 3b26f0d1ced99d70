"""Every bad input a researcher can give the experiment commands ends in one message naming
the file or field, and exit code 2: never a traceback, never a silently ignored option.

The cases are the ones found by trying the commands hard (unusable output folders, seeds
out of range, broken sweep folders, oversized designs, malformed specs, files outside the
scenario's folder); each runs through the command line in this process, so any exception
that escapes ``sim.cli.main`` fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_sweep_engine import fake_run, make_runs

from sim.cli import main
from sim.experiments.sweep import store as st
from sim.experiments.sweep.engine import execute

SWEEP = (
    "name: s\nroot_seed: 1\nscenarios: [baseline]\ngrid:\n  pa.turnover_annual: [0.1, 0.2]\n"
    "set:\n  population.n_families: 20\n  population.weeks: 4\n"
)
SA = (
    "name: a\nmethod: morris\nn: 2\nreplications: 1\n"
    "set: {population.n_families: 20, population.weeks: 4}\n"
    "parameters:\n  pa.turnover_annual: {}\n  market.candidate_arrivals: {}\n"
)


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """Files the cases refer to: specs, a finished sweep, broken copies of it."""
    d = tmp_path_factory.mktemp("bad")
    (d / "afile").write_text("not a folder\n")
    (d / "sweep.yaml").write_text(SWEEP)
    (d / "sa.yaml").write_text(SA)
    (d / "notsweep").mkdir()
    (d / "notsweep" / "notes.txt").write_text("mine")
    runs = make_runs(n_points=2, reps=2)
    for name in ("done", "badplan", "badpart", "badmanifest"):
        execute(runs, d / name, backend="serial", run_fn=fake_run, progress=False)
    plan = d / "badplan" / st.PLAN
    plan.write_bytes(plan.read_bytes()[:100])
    part = sorted((d / "badpart" / st.RESULTS_DIR).glob("part-*.parquet"))[0]
    part.write_bytes(part.read_bytes()[:60])
    (d / "badmanifest" / st.MANIFEST).write_text('{"format": 1, "sessions": [')
    grid = ", ".join(f"{i / 10_000:.4f}" for i in range(1, 5001))
    grid2 = ", ".join(f"{i / 100:.2f}" for i in range(1, 5001))
    (d / "huge_grid.yaml").write_text(
        f"name: g\nroot_seed: 1\ngrid:\n  pa.turnover_annual: [{grid}]\n"
        f"  market.candidate_arrivals: [{grid2}]\n"
    )
    (d / "not_list.yaml").write_text(SWEEP.replace("[baseline]", "baseline"))
    (d / "sobol_n.yaml").write_text(
        SA.replace("method: morris\nn: 2", "method: sobol\nn: 1073741824")
    )
    (d / "dup.yaml").write_text(SA + "n: 4\n")
    (d / "latin1.yaml").write_bytes(SA.encode() + b"description: caf\xe9\n")
    (d / "big.yaml").write_text(SA + "# " + "x" * 5_000_000 + "\n")
    scen = "name: leak\nareas:\n  csv: {}\n"
    (d / "sub").mkdir()
    (d / "sub" / "up.yaml").write_text(scen.format("../../../../../../etc/passwd"))
    (d / "sub" / "abs.yaml").write_text(scen.format("/etc/hostname"))
    (d / "sub" / "notes.txt").write_text("root:x:0:0 hidden\n")
    (d / "sub" / "txt.yaml").write_text(scen.format("notes.txt"))
    return d


OUTS = ["afile", "afile/sub", "/proc/phb-sim-cannot-write-here"]

CASES = [
    *[(["run", "baseline", "--out", o], "--out") for o in OUTS],
    *[(["sweep", "sweep.yaml", "--out", o], "--out") for o in OUTS],
    *[(["sa", "sa.yaml", "--out", o], "--out") for o in OUTS],
    *[(["summarise", "done", "--out", o], "--out") for o in OUTS],
    (["run", "baseline", "--seed", "-1"], "--seed"),
    (["run", "baseline", "--seed", str(2**64)], "--seed"),
    (["run", "baseline", "--seed", str(2**63)], "--seed"),
    (["summarise", "notsweep"], "not a sweep folder"),
    (["summarise", "badpart"], "truncated or corrupt"),
    (["summarise", "badplan"], "runs.parquet"),
    (
        ["sweep", "sweep.yaml", "--scheduler", "nosuch.json", "--out", "s2"],
        "--scheduler",
    ),
    (["sa", "latin1.yaml"], "UTF-8"),
    (["run", "--from-sweep", "badplan", "--run-id", "0"], "runs.parquet"),
    (["sweep", "huge_grid.yaml"], "25,000,000"),
    (["sa", "sobol_n.yaml"], "n: "),
    (
        [
            "run",
            "baseline",
            "--family-weeks",
            "--set",
            "population.n_families=200000",
            "--set",
            "population.weeks=2080",
        ],
        "--family-weeks",
    ),
    (["sweep", "--resume", "--out", "badmanifest"], "manifest.json"),
    (["sweep", "sweep.yaml", "--resume", "--out", "badmanifest"], "manifest.json"),
    (["sa", "dup.yaml"], "duplicate key 'n'"),
    (["sa", "big.yaml"], "bytes"),
    (["run", "baseline", "--run-id", "3"], "--run-id"),
    (["run", "baseline", "--from-sweep", "done", "--run-id", "0"], "scenario"),
    (["run", "--from-sweep", "done", "--run-id", "0", "--seed", "5"], "--seed"),
    (["run", "--from-sweep", "done", "--run-id", "0", "-r", "2"], "--replications"),
    (["sweep", "not_list.yaml"], "scenarios"),
    (["run", "sub/up.yaml"], "areas.csv"),
    (["run", "sub/abs.yaml"], "areas.csv"),
    (["run", "sub/txt.yaml"], "areas.csv"),
]


@pytest.mark.parametrize(("argv", "expected"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_input_is_refused_with_a_message_and_exit_code_2(
    place, argv, expected, capsys, monkeypatch
):
    monkeypatch.chdir(place)
    code = main([*argv, "--no-progress"] if argv[0] in ("sweep", "sa") else argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("phb-sim: error: ") and expected in err, err
    assert "Traceback" not in err
    assert "hidden" not in err and "root:" not in err  # no file's content is echoed
