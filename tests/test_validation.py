"""The validation generator end to end on a tiny ensemble: held-out figures (each with a
model output, the pilot's across members), the validation types, and the patterns' share
across members."""

from __future__ import annotations

import pandas as pd

from sim.cli import main
from sim.experiments.ensemble import save_ensemble
from sim.experiments.patterns import PATTERNS, Comparison, Pattern, Variant, holds
from sim.experiments.value_validation import BEGIN as PILOT_BEGIN
from sim.experiments.value_validation import END as PILOT_END
from sim.reporting.validation_doc import BEGIN, END


def test_validation_document_end_to_end(tmp_path, capsys):
    members = pd.DataFrame({"member": [0, 1], "pa.turnover_annual": [0.15, 0.25]})
    manifest = {
        "parameters": ["pa.turnover_annual"],
        "calibration_spec": {
            "base": "baseline",
            "set": {"population.n_families": 60},
            "targets": [{"name": "pa_turnover", "value": 0.201, "facts": "FACTS §4: PA turnover"}],
        },
    }
    save_ensemble("tiny", members, manifest, tmp_path)
    out = tmp_path / "VALIDATION.md"
    pilot = f"{PILOT_BEGIN}\n## The national PHB pilot\nkept as it was\n{PILOT_END}"
    out.write_text(f"# Validation\n\nintro\n\n{pilot}\n")
    argv = [
        "validation",
        "--ensemble",
        str(tmp_path / "tiny.parquet"),
        "--out",
        str(out),
        "--runs-dir",
        str(tmp_path / "runs"),
        "--replications",
        "2",
        "--members",
        "2",
        "--seeds-per-member",
        "1",
        "--set",
        "population.weeks=13",
        "--set",
        "population.burn_in_weeks=0",
        "--backend",
        "serial",
        "--no-progress",
    ]
    code = main(argv)
    assert code == 0, capsys.readouterr().err
    assert main([*argv, "--resume"]) == 0  # a second run replaces its own part only
    text = out.read_text()
    assert pilot in text  # the value layer's pilot section is kept
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert text.index(BEGIN) < text.index(PILOT_BEGIN)
    assert "used to calibrate this ensemble" in text and "held out: validation" in text
    assert "verification only" in text  # the delivery-mode shares
    assert "WellChild" in text and "FACTS §4" in text
    assert "pending" not in text  # every held-out figure has a model output
    for name in ("pilot_ascot_gain", "share_safety_affected", "share_care_50_hours:ratio"):
        assert f"`{name}`" in text
    assert "`pas_per_employer:twenty_four_hour` - `pas_per_employer:other_tiers`" in text
    for kind in ("face", "verification", "cross", "external", "predictive"):
        assert f"| {kind} |" in text
    for p in PATTERNS:
        assert f"| {p.code} |" in text
    assert "phb-sim validation --ensemble" in text


def test_a_pattern_holds_only_when_every_comparison_goes_its_way():
    a, b = Variant("x"), Variant("y")
    p = Pattern("P", "claim", (Comparison(b, "m", a), Comparison(b, "n:gap")))
    assert holds({("y", "m"): 2.0, ("x", "m"): 1.0, ("y", "n:gap"): 0.1}, p)
    assert not holds({("y", "m"): 2.0, ("x", "m"): 1.0, ("y", "n:gap"): -0.1}, p)
    assert not holds({("y", "m"): 1.0, ("x", "m"): 1.0, ("y", "n:gap"): 0.1}, p)
    assert not holds({("y", "m"): 2.0}, p)  # a missing value never counts as holding
