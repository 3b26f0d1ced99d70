"""History matching: the machinery on a function with a known answer, a twin experiment on
the model itself, and the split between calibration and held-out validation targets."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.errors import InputError
from sim.experiments.history_matching import calibrate, load_spec, parse_spec
from sim.experiments.history_matching.emulator import fit_emulator, r2_against_mean
from sim.experiments.history_matching.targets import (
    COMPARISON_OUTPUTS,
    TARGETS,
    calibration_targets,
    validation_targets,
    verification_targets,
)

TRUTH = {"pa.turnover_annual": 0.2, "family.carer_comfort_hours": 45.0}


def toy_run(scenario, seed):
    """A stand-in for the model with a known answer: two smooth outputs of two parameters
    plus a little seed noise."""
    rng = np.random.default_rng(seed)
    a = scenario.params["pa.turnover_annual"]
    b = scenario.params["family.carer_comfort_hours"]
    out1 = 10 * a + 0.05 * (b - 40) + rng.normal(0, 0.01)
    out2 = np.sin(b / 3.0) + 4 * a * a + rng.normal(0, 0.01)
    return pd.DataFrame(
        {"measure": ["admin_hours", "strain"], "group": ["all", "all"], "value": [out1, out2]}
    )


def toy_targets():
    class S:  # the toy function at the truth, without noise
        params = TRUTH

    values = toy_run(S, 0)["value"].to_numpy() - 0  # noise is tiny beside the sds below
    return {
        "t_admin": {
            "measure": "admin_hours",
            "value": float(values[0]),
            "observation_sd": 0.02,
            "discrepancy_sd": 0.02,
            "source": "synthetic",
        },
        "t_strain": {
            "measure": "strain",
            "value": float(values[1]),
            "observation_sd": 0.02,
            "discrepancy_sd": 0.02,
            "source": "synthetic",
        },
    }


def test_waves_refocus_on_a_known_answer(tmp_path):
    spec = parse_spec(
        {
            "name": "toy",
            "set": {"population.n_families": 20, "population.weeks": 4},
            "parameters": {"pa.turnover_annual": {}, "family.carer_comfort_hours": {}},
            "targets": toy_targets(),
            "waves": 3,
            "runs_per_wave": 12,
            "replications": 2,
            "ensemble_size": 25,
            "candidates": 4000,
            "root_seed": 3,
        }
    )
    result = calibrate(spec, tmp_path / "toy", backend="serial", progress=False, run_fn=toy_run)
    shares = [w.share_not_implausible for w in result.waves]
    assert len(result.waves) >= 2
    assert shares[-1] < shares[0] < 0.5, shares  # later waves rule out more of the box
    for wave in result.waves[1:]:
        assert all(r2 > 0.9 for r2 in wave.r2.values()), wave.r2
    ens = result.ensemble
    assert len(ens) == 25 and result.complete
    assert (ens["max_implausibility"] < 3).all()
    for name, value in TRUTH.items():
        assert ens[name].min() <= value <= ens[name].max(), name
    # the ensemble is near the truth: well inside the prior box
    assert ens["pa.turnover_annual"].between(0.1, 0.3).all()
    # the same spec and seed give the same ensemble
    again = calibrate(spec, tmp_path / "toy2", backend="serial", progress=False, run_fn=toy_run)
    pd.testing.assert_frame_equal(ens, again.ensemble)


def test_emulator_held_out_r2_is_honest():
    rng = np.random.default_rng(1)
    U = rng.random((40, 2))
    smooth = np.sin(3 * U[:, 0]) + U[:, 1] ** 2
    assert fit_emulator("smooth", U, smooth, 5, 0).r2 > 0.95
    assert fit_emulator("noise", U, rng.normal(size=40), 5, 0).r2 < 0.5  # cannot be predicted


def test_r2_against_the_expected_output_takes_the_seed_noise_out():
    """Replication means = a smooth signal plus seed noise of known variance: the R^2
    against the means is capped by the noise, the R^2 against the expected output is not,
    and pure noise has no defined R^2 against the expected output."""
    rng = np.random.default_rng(3)
    U = rng.random((80, 2))
    signal = np.sin(3 * U[:, 0]) + U[:, 1] ** 2
    noise_var = float(np.var(signal)) * 0.5  # a third of the means' spread is seed noise
    y = signal + rng.normal(0, np.sqrt(noise_var), size=len(signal))
    em = fit_emulator("noisy", U, y, 5, 0, noise_var)
    assert em.r2 < 0.75  # capped near 1 - noise share
    assert 0.25 < em.noise_share < 0.45
    assert em.r2_mean > em.r2 + 0.15 and em.r2_mean > 0.8
    pure = rng.normal(0, 1.0, size=80)
    r2, share = r2_against_mean(pure, np.zeros(80), 1.0)
    assert np.isnan(r2) and share > 0.95
    # without a measured seed variance nothing is claimed
    assert np.isnan(fit_emulator("noisy", U, y, 5, 0).r2_mean)


def test_outputs_carried_by_an_input_are_not_calibration_targets():
    """The delivery-mode shares follow arrangement.shares: verification rows, checked in
    docs/CALIBRATION.md, never a default calibration target nor held-out evidence."""
    shares = {"dp_share", "notional_share", "third_party_share"}
    assert shares <= {t.name for t in verification_targets()}
    assert not shares & {t.name for t in calibration_targets()}
    assert not shares & {t.name for t in validation_targets()}
    assert all(t.close_to_inputs for t in verification_targets())


def test_twin_experiment_recovers_hidden_parameters(tmp_path):
    """Hide a parameter set, make targets from the model's own outputs there, calibrate:
    the hidden values lie inside the final ensemble."""
    from sim.experiments.runner import replicate
    from sim.scenario import load_scenario

    fixed = {
        "population.n_families": 200,
        "population.weeks": 52,
        "population.burn_in_weeks": 26,
        "arrangement.shares": {
            "commissioned": 0,
            "notional": 0,
            "third_party": 0,
            "direct_payment": 1,
        },
    }
    hidden = {"pa.turnover_annual": 0.2, "family.carer_comfort_hours": 45.0}
    truth = load_scenario("baseline").with_params(fixed).with_values_everywhere(hidden, "truth")
    runs = [r.summary for _, r in replicate(truth, 99, 3)]
    targets = {}
    for name in ("pa_turnover_annual", "share_cut_work"):
        v = [s.query("measure == @name and group == 'all'")["value"].iloc[0] for s in runs]
        targets[f"twin_{name}"] = {
            "measure": name,
            "value": float(np.mean(v)),
            "observation_sd": 0.0,
            "discrepancy_sd": float(max(np.std(v, ddof=1), 0.01)),
            "source": "synthetic: the model at the hidden values",
        }
    spec = parse_spec(
        {
            "name": "twin",
            "set": fixed,
            "parameters": {"pa.turnover_annual": {}, "family.carer_comfort_hours": {}},
            "targets": targets,
            "waves": 2,
            "runs_per_wave": 20,
            "replications": 1,
            "ensemble_size": 12,
            "candidates": 3000,
            "root_seed": 11,
        }
    )
    result = calibrate(spec, tmp_path / "twin", backend="serial", progress=False)
    ens = result.ensemble
    assert len(ens) >= 12
    for name, value in hidden.items():
        assert ens[name].min() <= value <= ens[name].max(), (name, ens[name].describe())
    print("twin held-out R^2 by wave:", [w.r2 for w in result.waves])
    assert all(np.isfinite(r2) for w in result.waves for r2 in w.r2.values())


def test_validation_targets_are_never_used_in_calibration(tmp_path):
    names = {t.name for t in calibration_targets()}
    assert names and all(t.split == "calibration" for t in calibration_targets())
    assert not names & {t.name for t in validation_targets()}
    for required in (
        "covering_gaps",
        "safety_affected",
        "hundred_hours",
        "pilot_qol_gain",
        "pilot_cost_neutral",
        "pas_per_employer_24h",
    ):
        assert required in {t.name for t in validation_targets()}
    spec = load_spec("scenarios/calibration/default.yaml")
    assert {t.name for t in spec.targets} <= names
    with pytest.raises(InputError, match="validation target, held out"):
        parse_spec(
            {
                "name": "x",
                "parameters": {"pa.turnover_annual": {}},
                "targets": ["pa_turnover", "covering_gaps"],
            }
        )


def test_every_target_cites_a_facts_row_and_has_a_model_output():
    for t in TARGETS:
        assert t.facts.startswith("FACTS §"), t.name
        assert t.observation_sd >= 0 and t.discrepancy_sd >= 0 and t.variance > 0
        # a summary output, or one of the validation's paired pilot comparison
        assert t.in_summary or (t.split == "validation" and t.measure in COMPARISON_OUTPUTS)
    assert {t.name for t in calibration_targets()} == {
        t.name for t in TARGETS if t.split == "calibration"
    }


@pytest.mark.parametrize(
    "body, message",
    [
        ("name: x\nparameters: {pa.turnover_annual: {}}\nwaves: 0\n", "waves"),
        ("name: x\nparameters: {pa.nope: {}}\n", "unknown parameter"),
        ("name: x\nparameters: {pa.turnover_annual: {bounds: [0.3, 0.1]}}\n", "low < high"),
        ("name: x\nparameters: {icb.budget_method: {}}\n", "numeric"),
        ("name: x\nparameters: {pa.turnover_annual: {}}\ntargets: [nope]\n", "unknown target"),
        ("name: x\nparameters: {pa.turnover_annual: {}}\nwavez: 2\n", "unknown field"),
    ],
)
def test_bad_specs_are_refused_with_file_field_and_allowed(tmp_path, capsys, body, message):
    path = tmp_path / "spec.yaml"
    path.write_text(textwrap.dedent(body))
    assert main(["calibrate", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "spec.yaml" in err and message in err and "Traceback" not in err
