"""The published sensitivity results generator end to end at a tiny size: screening, the
top parameters taken to Sobol, the document stamped with version and command."""

from __future__ import annotations

from sim.cli import main
from sim.experiments.sensitivity.published import assumption_parameters


def test_assumption_parameters_are_the_registry_assumptions():
    from sim.scenario.parameters import REGISTRY

    names = assumption_parameters()
    assert len(names) > 20
    assert all(REGISTRY[n].source.lower().startswith("assumption") for n in names)
    assert "family.carer_comfort_hours" in names
    assert "pa.turnover_annual" not in names  # sourced from FACTS §4


def test_sensitivity_results_document_end_to_end(tmp_path, capsys):
    out = tmp_path / "docs" / "SENSITIVITY_RESULTS.md"
    only = "family.carer_comfort_hours,family.resource_effect,strain.build_rate"
    code = main(
        [
            "sa-results",
            "--morris-n",
            "2",
            "--sobol-n",
            "4",
            "--replications",
            "1",
            "--top",
            "2",
            "--no-quintiles",
            "--only",
            only,
            "--out",
            str(out),
            "--runs-dir",
            str(tmp_path / "runs"),
            "--backend",
            "serial",
            "--no-progress",
            "--set",
            "population.n_families=30",
            "--set",
            "population.weeks=8",
            "--set",
            "population.burn_in_weeks=0",
        ]
    )
    assert code == 0, capsys.readouterr().err
    text = out.read_text()
    assert "Model version" in text and "phb-sim sa-results" in text
    assert "Morris screening of a subset of 3" in text
    assert "## Sobol indices of the top 2" in text
    assert (out.parent / "figures" / "sensitivity_morris.png").is_file()
    # Seed noise is reported beside the indices, with a noise floor per output, so that a
    # reader can tell an index from noise.
    assert "## Seed noise" in text and "| noise floor | above noise |" in text
    noise_rows = [ln for ln in text.split("## Seed noise")[1].splitlines() if ln.startswith("| `")]
    assert noise_rows and all(ln.count("|") == 6 for ln in noise_rows)
