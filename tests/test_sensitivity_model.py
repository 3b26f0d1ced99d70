"""A small real SA of the model, end to end through the sweep engine, including resume.

Three parameters (a rate, a switch and a choice), Sobol N=8 and Morris with 4 trajectories,
60 families over 26 weeks, one replication, serial backend: seconds, not minutes.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.cli import main
from sim.experiments.sensitivity import load_spec, run_sa
from sim.experiments.sweep.engine import read_status, simulate_summary

SPEC = """\
name: tiny
base: baseline
method: {method}
n: {n}
replications: 1
root_seed: 3
set: {{population.n_families: 60, population.weeks: 26}}
parameters:
  pa.turnover_annual: {{}}
  support.brokerage: {{}}
  icb.approval_regime: {{}}
outputs: [unmet_hours, family_care_hours]
"""


def spec_file(tmp_path, method="sobol", n=8):
    path = tmp_path / f"{method}.yaml"
    path.write_text(SPEC.format(method=method, n=n))
    return path


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """One uninterrupted Sobol SA through the command line."""
    tmp = tmp_path_factory.mktemp("sa")
    out = tmp / "full"
    code = main(
        ["sa", str(spec_file(tmp)), "--out", str(out), "--backend", "serial", "--no-progress"]
    )
    assert code == 0
    return tmp, out


def test_end_to_end_writes_tables_figures_and_summary(full):
    _, out = full
    ix = pd.read_parquet(out / "tables" / "indices.parquet")
    assert set(ix["parameter"]) == {
        "pa.turnover_annual",
        "support.brokerage",
        "icb.approval_regime",
    }
    assert {"S1", "ST"} <= set(ix["index"])
    outputs = set(ix["output"]) | set(_skipped(out))
    for name in (
        "unmet_hours",
        "unmet_hours:gap",
        "unmet_hours:sii",
        "unmet_hours:Q1",
        "unmet_hours:Q5",
        "family_care_hours:conc_index",
    ):
        assert name in outputs, name
    assert pd.read_csv(out / "tables" / "indices.csv").shape[0] == len(ix)
    noise = pd.read_csv(out / "tables" / "noise.csv")
    assert noise["noise_share"].isna().all()  # one replication: noise not separable
    conv = pd.read_parquet(out / "tables" / "convergence.parquet")
    assert sorted(conv["n"].unique()) == [4, 8]
    figures = {p.name for p in (out / "figures").iterdir()}
    assert {
        "bars_unmet_hours.png",
        "heatmap.png",
        "quintiles.png",
        "convergence_unmet_hours.png",
    } <= figures
    summary = (out / "summary.md").read_text()
    assert "## What drives each output" in summary and "equity gradient" in summary
    assert "`pa.turnover_annual`" in summary
    # 40 sample points (N x (D + 2)), one run each, every one finished.
    status = read_status(out / "runs")
    assert len(status) == 40 and (status["status"] == "ok").all()


def _skipped(out):
    text = (out / "summary.md").read_text()
    return [o for o in ("unmet_hours:ratio", "family_care_hours:ratio") if f"`{o}` (" in text]


_CALLS = {"n": 0, "limit": 10**9}


def interrupting_run(scenario, seed):
    """The model run, but the user presses Ctrl-C after a number of runs."""
    _CALLS["n"] += 1
    if _CALLS["n"] > _CALLS["limit"]:
        raise KeyboardInterrupt
    return simulate_summary(scenario, seed)


def test_interrupted_sa_resumes_to_the_same_indices(full, tmp_path):
    tmp, out_full = full
    spec = load_spec(spec_file(tmp))
    out = tmp_path / "resumed"
    _CALLS.update(n=0, limit=15)
    with pytest.raises(KeyboardInterrupt):
        run_sa(spec, out, backend="serial", progress=False, run_fn=interrupting_run)
    done_first = int((read_status(out / "runs")["status"] == "ok").sum())
    assert 0 < done_first < 40
    assert not (out / "tables").exists()
    _CALLS.update(n=0, limit=10**9)
    res = run_sa(spec, out, backend="serial", progress=False, resume=True, run_fn=interrupting_run)
    assert _CALLS["n"] == 40 - done_first  # only the missing runs ran
    expected = pd.read_parquet(out_full / "tables" / "indices.parquet")
    pd.testing.assert_frame_equal(res.indices.reset_index(drop=True), expected, check_dtype=False)
    manifest = json.loads((out / "runs" / "manifest.json").read_text())
    assert manifest["complete"] and len(manifest["sessions"]) == 2


def test_resume_after_lost_result_files(full, tmp_path):
    """Deleting part of the stored results (a crash mid-write) loses only those runs."""
    tmp, out_full = full
    spec = load_spec(spec_file(tmp))
    out = tmp_path / "partial"
    run_sa(spec, out, backend="serial", progress=False, report=False)
    parts = sorted((out / "runs" / "status").glob("part-*.parquet"))
    victim = parts[len(parts) // 2]
    victim.unlink()
    (out / "runs" / "results" / victim.name).unlink(missing_ok=True)
    res = run_sa(spec, out, backend="serial", progress=False, resume=True, report=False)
    expected = pd.read_parquet(out_full / "tables" / "indices.parquet")
    pd.testing.assert_frame_equal(res.indices.reset_index(drop=True), expected, check_dtype=False)


def test_resume_refuses_a_changed_spec(full, tmp_path):
    tmp, out_full = full
    changed = tmp_path / "changed.yaml"
    changed.write_text(SPEC.format(method="sobol", n=8).replace("root_seed: 3", "root_seed: 4"))
    code = main(
        [
            "sa",
            str(changed),
            "--out",
            str(out_full),
            "--backend",
            "serial",
            "--no-progress",
            "--resume",
        ]
    )
    assert code == 2


def test_morris_on_the_model(tmp_path):
    res = run_sa(
        spec_file(tmp_path, "morris", 4),
        tmp_path / "m",
        backend="serial",
        progress=False,
        report=False,
    )
    mu = res.indices[res.indices["index"] == "mu_star"]
    assert set(mu["parameter"]) == {
        "pa.turnover_annual",
        "support.brokerage",
        "icb.approval_regime",
    }
    assert len(res.X) == 16 and (mu["value"] >= 0).all()
