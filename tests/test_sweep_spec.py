"""Sweep specs: what a spec expands to, and the clear-error contract for bad specs."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.errors import InputError
from sim.experiments.seeds import spawn_seeds
from sim.experiments.sweep.spec import load_spec

GOOD = """\
name: tiny
root_seed: 5
replications: 3
scenarios: [baseline, workforce/churn_high]
grid:
  pa.turnover_annual: [0.1, 0.3]
  icb.approval_regime: [light, heavy]
set:
  population.n_families: 60
  population.weeks: 26
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_spec_expands_scenarios_points_and_replications_in_order(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    runs = spec.runs()
    assert spec.n_runs == len(runs) == 2 * 4 * 3
    assert [r.run_id for r in runs] == list(range(24))
    first = runs[0]
    assert first.labels == {
        "scenario": "baseline",
        "point": 0,
        "pa.turnover_annual": 0.1,
        "icb.approval_regime": "light",
    }
    assert runs[3].labels["icb.approval_regime"] == "heavy"  # last grid key varies fastest
    assert runs[12].labels["scenario"] == "workforce/churn_high"
    # common random numbers: replication r has child r of SeedSequence(root) everywhere
    seeds = spawn_seeds(5, 3)
    assert [r.seed for r in runs] == seeds * 8
    assert [r.replication for r in runs] == [0, 1, 2] * 8
    for r in runs:
        p = r.scenario.params
        assert p["population.n_families"] == 60 and p["population.weeks"] == 26
        assert p["pa.turnover_annual"] == r.labels["pa.turnover_annual"]
        assert p["icb.approval_regime"] == r.labels["icb.approval_regime"]


def test_overrides_and_independent_seeds(tmp_path):
    text = GOOD.replace("replications: 3", "replications: 2\ncommon_random_numbers: false")
    spec = load_spec(write(tmp_path, text), ["population.weeks=30"])
    runs = spec.runs()
    assert [r.seed for r in runs] == spawn_seeds(5, len(runs))
    assert all(r.scenario.params["population.weeks"] == 30 for r in runs)
    assert all(r.scenario.origins["population.weeks"] == "--set" for r in runs)


def test_latin_hypercube_samples_are_stratified_and_reproducible(tmp_path):
    text = """\
    root_seed: 1
    scenarios: [baseline]
    samples:
      n: 10
      seed: 3
      params:
        market.competing_wage: [12.0, 16.0]
        pa.training_weeks: [2, 11]
        icb.approval_regime: [light, heavy]
    """
    spec = load_spec(write(tmp_path, text))
    assert spec.n_runs == 10 and spec.name == "spec"
    wage = np.array([p["market.competing_wage"] for p in spec.points])
    weeks = sorted(p["pa.training_weeks"] for p in spec.points)
    # one sample in each tenth of the range: that is what Latin hypercube sampling promises
    assert sorted(np.floor((wage - 12.0) / 0.4).astype(int)) == list(range(10))
    assert weeks == list(range(2, 12))
    regimes = [p["icb.approval_regime"] for p in spec.points]
    assert regimes.count("light") == regimes.count("heavy") == 5
    assert load_spec(write(tmp_path, text)).points == spec.points
    other = load_spec(write(tmp_path, text.replace("seed: 3", "seed: 4")))
    assert other.points != spec.points


def test_swept_area_parameter_replaces_per_area_values(tmp_path):
    text = """\
    root_seed: 1
    scenarios: [england/england_sampled]
    grid: {market.competing_wage: [13.0, 15.0]}
    """
    spec = load_spec(write(tmp_path, text))
    for run in spec.runs():
        assert "market.competing_wage" not in run.scenario.area_sampling
        assert all("market.competing_wage" not in a for a in run.scenario.areas)


BAD = [
    ("replication: 3\nroot_seed: 1\n", 1, "replication", "did you mean 'replications'"),
    (
        "root_seed: 1\ngrid:\n  pa.turnover_annual: [0.1, 1.5]\n",
        3,
        "grid.pa.turnover_annual[1]",
        "out of range; allowed: a number from 0 to 0.99",
    ),
    (
        "root_seed: 1\ngrid:\n  pa.turnover: [0.1]\n",
        3,
        "grid.pa.turnover",
        "unknown parameter 'pa.turnover'",
    ),
    ("root_seed: 1\nreplications: 0\n", 2, "replications", "allowed: a whole number from 1"),
    ("replications: 2\n", None, "root_seed", "missing; allowed: a whole number"),
    (
        "root_seed: 1\nscenarios: [baseline, nowhere/none]\n",
        2,
        "scenarios[1]",
        "no scenario file or library scenario called 'nowhere/none'",
    ),
    (
        "root_seed: 1\ngrid:\n  icb.approval_regime: [light, medium]\n",
        3,
        "grid.icb.approval_regime[1]",
        "allowed: one of light, heavy",
    ),
    (
        "root_seed: 1\nsamples: {n: 4, params: {market.competing_wage: [16, 12]}}\n",
        2,
        "samples.params.market.competing_wage",
        "low not below high",
    ),
    (
        "root_seed: 1\nsamples: {n: 4, params: {icb.budget_method: [1, 2]}}\n",
        2,
        "samples.params.icb.budget_method[0]",
        "allowed: one of hours_x_rate",
    ),
    (
        "root_seed: 1\nset: {pa.turnover_annual: 0.2}\ngrid: {pa.turnover_annual: [0.1]}\n",
        3,
        "grid.pa.turnover_annual",
        "both fixed in set and varied",
    ),
    ("root_seed: [1\n", 2, None, "YAML syntax error"),
    ("root_seed: 1.5\n", 1, "root_seed", "is not allowed; allowed: a whole number"),
    ("- a\n- b\n", 1, None, "allowed: a mapping with keys name, description, root_seed"),
]


@pytest.mark.parametrize(("text", "line", "field", "message"), BAD, ids=[b[3][:30] for b in BAD])
def test_bad_spec_is_refused_with_file_line_field_and_what_is_allowed(
    tmp_path, capsys, text, line, field, message
):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_spec(path)
    assert err.value.file and err.value.file.endswith("spec.yaml")
    assert err.value.line == line
    assert err.value.field == field
    assert message in str(err.value)
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    stderr = capsys.readouterr().err
    assert stderr.startswith("phb-sim: error: ") and stderr.count("\n") == 1
    assert "spec.yaml" in stderr and message in stderr
    assert not (tmp_path / "out").exists()


def test_bad_options_and_refusals_exit_2_without_a_traceback(tmp_path, capsys):
    spec = write(tmp_path, GOOD)
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.txt").write_text("not a sweep")
    fresh = ["--out", str(tmp_path / "fresh")]
    cases = [
        (["--set", "pa.turnover_annual=2", *fresh], "pa.turnover_annual"),
        (["--out", str(out)], "is not empty"),
        (["--dask-local", "2", "--scheduler", "tcp://127.0.0.1:1", *fresh], "one of them"),
        (["--backend", "serial", "--dask-local", "2", *fresh], "--backend"),
        (["--workers", "0", *fresh], "at least 1"),
    ]
    for extra, message in cases:
        assert main(["sweep", str(spec), *extra]) == 2, extra
        stderr = capsys.readouterr().err
        assert stderr.startswith("phb-sim: error: ") and message in stderr, (extra, stderr)
        assert not (tmp_path / "fresh").exists()
    # the same contract from a real process: exit code 2, one line, no traceback
    done = subprocess.run(
        [sys.executable, "-m", "sim.cli", "sweep", str(spec), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("phb-sim: error: ") and done.stderr.count("\n") == 1
    assert "is not empty" in done.stderr and "Traceback" not in done.stderr
