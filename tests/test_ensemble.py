"""Calibrated ensembles as data: stored, loaded, drawn reproducibly, applied to runs and
sweeps, and the split of an interval into seed noise and parameter uncertainty."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.errors import InputError
from sim.experiments.ensemble import (
    SEEDS_PER_MEMBER,
    ensemble_runs,
    interval_sources,
    load_ensemble,
    replicate_ensemble,
    save_ensemble,
)
from sim.experiments.runner import replicate
from sim.scenario import load_scenario

SIZE = ["population.n_families=60", "population.weeks=26", "population.burn_in_weeks=0"]


def make(tmp_path, rows, name="ens"):
    members = pd.DataFrame(rows)
    members.insert(0, "member", range(len(members)))
    manifest = {"name": name, "parameters": [c for c in members.columns if c != "member"]}
    data, _ = save_ensemble(name, members, manifest, tmp_path)
    return load_ensemble(data)


def three(tmp_path):
    return make(
        tmp_path,
        {"pa.turnover_annual": [0.1, 0.2, 0.3], "family.carer_comfort_hours": [35.0, 45.0, 50.0]},
    )


def test_draws_are_reproducible_and_pairs_share_a_member(tmp_path):
    ens = three(tmp_path)
    a, b = ens.draw(5, 40), ens.draw(5, 40)
    assert a == b and a != ens.draw(6, 40)
    assert set(a) == {0, 1, 2}
    for k in range(0, 40, SEEDS_PER_MEMBER):
        assert a[k] == a[k + 1]
    assert ens.draw(5, 41)[:40] == a  # more replications extend, never reshuffle


def test_an_ensemble_of_one_member_equals_a_plain_run_with_its_values(tmp_path):
    ens = make(tmp_path, {"pa.turnover_annual": [0.22], "family.carer_comfort_hours": [47.0]})
    base = load_scenario("baseline", SIZE)
    ours = [res.summary for _, _, res in replicate_ensemble(ens, base, 9, 3)]
    plain_scenario = load_scenario(
        "baseline", [*SIZE, "pa.turnover_annual=0.22", "family.carer_comfort_hours=47.0"]
    )
    plain = [res.summary for _, res in replicate(plain_scenario, 9, 3)]
    for x, y in zip(ours, plain, strict=True):
        pd.testing.assert_frame_equal(x, y)


def test_run_command_takes_an_ensemble(tmp_path, capsys):
    ens = three(tmp_path)
    out = tmp_path / "run"
    path = tmp_path / f"{ens.name}.parquet"
    code = main(
        [
            "run",
            "baseline",
            "-r",
            "4",
            "--out",
            str(out),
            "--no-plots",
            "--no-progress",
            "--ensemble",
            str(path),
            *sum((["--set", s] for s in SIZE), []),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "seed noise" in text and "parameters" in text
    import json

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["ensemble"]["members"] == ens.draw(20261122, 4)


def test_sweeps_with_an_ensemble_are_identical_across_backends(tmp_path):
    from sim.experiments.sweep import execute, read_results
    from sim.experiments.sweep.spec import load_spec

    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(
        textwrap.dedent("""\
        name: ens
        root_seed: 3
        replications: 4
        scenarios: [baseline]
        set: {population.n_families: 40, population.weeks: 13, population.burn_in_weeks: 0}
        grid: {icb.funded_share_of_need: [0.6, 0.9]}
        """)
    )
    ens = three(tmp_path)
    runs = ensemble_runs(ens, load_spec(spec_path).runs(), 3)
    members = ens.draw(3, 4)
    assert [r.labels["member"] for r in runs] == members * 2  # same member at every point
    assert (
        runs[0].scenario.params["pa.turnover_annual"]
        == ens.values(members[0])["pa.turnover_annual"]
    )
    results = {}
    for backend in ("serial", "processes"):
        execute(runs, tmp_path / backend, backend=backend, workers=2, progress=False)
        results[backend] = read_results(tmp_path / backend).drop(columns=[], errors="ignore")
    pd.testing.assert_frame_equal(results["serial"], results["processes"])


def test_sweep_value_wins_over_member_value(tmp_path):
    from sim.experiments.sweep import RunSpec

    ens = three(tmp_path)
    base = load_scenario("baseline", SIZE)
    point = base.with_values_everywhere({"pa.turnover_annual": 0.05}, "sweep")
    runs = [RunSpec(0, point, 1, 0, {"pa.turnover_annual": 0.05})]
    (run,) = ensemble_runs(ens, runs, 1)
    assert run.scenario.params["pa.turnover_annual"] == 0.05
    member = run.labels["member"]
    assert (
        run.scenario.params["family.carer_comfort_hours"]
        == ens.values(member)["family.carer_comfort_hours"]
    )


def test_interval_sources_recovers_known_shares():
    rng = np.random.default_rng(0)
    n_pairs, seed_sd, param_sd = 2000, 1.0, 2.0
    effect = np.repeat(rng.normal(0, param_sd, n_pairs), 2)
    values = effect + rng.normal(0, seed_sd, 2 * n_pairs)
    frame = pd.DataFrame(
        {"measure": "m", "group": "all", "replication": np.arange(2 * n_pairs), "value": values}
    )
    row = interval_sources(frame).iloc[0]
    assert row["share_seed"] == pytest.approx(seed_sd**2 / (seed_sd**2 + param_sd**2), abs=0.03)
    no_params = frame.assign(value=rng.normal(0, 1, 2 * n_pairs))
    assert interval_sources(no_params).iloc[0]["share_parameters"] < 0.05


def test_missing_or_bad_ensembles_are_refused(tmp_path, capsys):
    with pytest.raises(InputError, match="no ensemble 'nope'; allowed"):
        load_ensemble("nope")
    bad = pd.DataFrame({"member": [0], "pa.turnover_annual": [7.0]})
    save_ensemble("bad", bad, {"parameters": ["pa.turnover_annual"]}, tmp_path)
    with pytest.raises(InputError, match="pa.turnover_annual"):
        load_ensemble(tmp_path / "bad.parquet")
    assert main(["run", "baseline", "--ensemble", "nope", "--no-progress"]) == 2
    assert "--ensemble" in capsys.readouterr().err


def test_sweep_command_takes_an_ensemble(tmp_path, capsys):
    from sim.experiments.sweep import read_results

    ens = three(tmp_path)
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: s\nroot_seed: 2\nreplications: 4\nscenarios: [baseline]\n"
        "set: {population.n_families: 40, population.weeks: 8, population.burn_in_weeks: 0}\n"
    )
    out = tmp_path / "sweep"
    code = main(
        [
            "sweep",
            str(spec),
            "--out",
            str(out),
            "--backend",
            "serial",
            "--no-progress",
            "--ensemble",
            str(tmp_path / f"{ens.name}.parquet"),
        ]
    )
    assert code == 0
    assert "seed noise" in capsys.readouterr().out
    rows = read_results(out)
    assert sorted(rows.groupby("replication")["member"].first()) == sorted(ens.draw(2, 4))


def test_a_scenario_keeps_the_calibrated_parameters_it_sets_itself(tmp_path):
    """`workforce/churn_high` asks about PA turnover: a member must not put turnover back to
    its own value (then high and low churn would be the same run and P3 could never hold
    across the ensemble); the member still supplies the parameters the scenario leaves."""
    from sim.experiments.sweep import RunSpec

    ens = three(tmp_path)
    high = load_scenario("workforce/churn_high", SIZE)
    low = load_scenario("workforce/churn_low", SIZE)
    assert ens.set_by(high) == {"pa.turnover_annual"}
    assert ens.set_by(load_scenario("baseline", SIZE)) == set()
    runs = [RunSpec(i, s, 1, 0, {}) for i, s in enumerate((high, low))]
    out = ensemble_runs(ens, runs, 1)
    assert [r.scenario.params["pa.turnover_annual"] for r in out] == [
        high.params["pa.turnover_annual"],
        low.params["pa.turnover_annual"],
    ]
    member = out[0].labels["member"]
    comfort = ens.values(member)["family.carer_comfort_hours"]
    assert all(r.scenario.params["family.carer_comfort_hours"] == comfort for r in out)
    assert ens.scenario(high, member).params["pa.turnover_annual"] == 0.25
