"""What a calibration leaves: the waves table, the report, the manifest and the ensemble."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sim.experiments.history_matching.targets import pending_targets, validation_targets
from sim.experiments.history_matching.waves import CalibrationResult


def manifest(result: CalibrationResult) -> dict[str, Any]:
    """The ensemble's manifest: model version, git commit, spec, targets and the waves."""
    from sim import __version__
    from sim.experiments.provenance import base_manifest, now

    spec = result.spec
    return {
        **base_manifest(),
        "kind": "calibrated ensemble",
        "name": spec.name,
        "model_version": __version__,
        "created": now(),
        "calibration_spec": spec.as_dict(),
        "parameters": list(spec.parameters),
        "members": len(result.ensemble),
        "ensemble_size_asked": spec.ensemble_size,
        "candidates_checked_by_the_model": result.checked,
        "runs": result.runs,
        "wall_seconds": round(result.wall_seconds, 1),
        "stop_reason": result.stop_reason,
        "waves": result.waves_table().to_dict(orient="records"),
    }


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "n/a"
    return f"{x:.3g}"


def markdown(result: CalibrationResult) -> str:
    spec = result.spec
    lines = [
        f"# Calibration `{spec.name}`: history matching",
        "",
        f"Remake with `phb-sim calibrate {spec.source or '<spec>'}`. Base scenario "
        f"`{spec.base}`, {spec.replications} replications per point, cut-off {spec.cutoff:g}.",
        "",
        f"{len(result.waves)} waves ({result.stop_reason}), {result.runs} model runs in "
        f"{result.wall_seconds:.0f} s; {result.checked} candidates checked by the model, "
        f"**{len(result.ensemble)} members** confirmed not implausible "
        f"(asked for {spec.ensemble_size}).",
        "",
        "## Targets used",
        "",
        "| target | output | figure | value | observation sd | discrepancy sd | source |",
        "| --- | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for t in spec.targets:
        lines.append(
            f"| {t.name} | `{t.output}` | {t.figure} | {t.value:g} | {t.observation_sd:g} | "
            f"{t.discrepancy_sd:g} | {t.facts} |"
        )
    lines += [
        "",
        "Held out (validation, never used here): "
        + ", ".join(f"{t.name} ({t.facts})" for t in validation_targets())
        + ".",
        "",
        "Pending (the model does not produce the output yet): "
        + ", ".join(f"{t.name} (`{t.output}`)" for t in pending_targets())
        + ".",
        "",
        "## Waves",
        "",
        "Held-out R^2 is the emulator's k-fold cross-validated skill on the wave's own runs.",
        "",
    ]
    table = result.waves_table()
    r2_cols = [c for c in table.columns if c.startswith("r2:")]
    head = ["wave", "points", "runs", "s", "not implausible", *[c[3:] for c in r2_cols]]
    lines += ["| " + " | ".join(head) + " |", "|" + " ---: |" * len(head)]
    for _, row in table.iterrows():
        cells = [
            str(int(row["wave"])),
            str(int(row["design_points"])),
            str(int(row["runs"])),
            f"{row['seconds']:.0f}",
            f"{row['share_not_implausible']:.2%}",
            *[_fmt(row[c]) for c in r2_cols],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "## The ensemble",
        "",
        "| parameter | prior range | ensemble min | median | max |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    ens = result.ensemble
    for name, (lo, hi) in spec.parameters.items():
        if len(ens):
            q = ens[name].quantile([0.0, 0.5, 1.0]).to_numpy()
            cells = [_fmt(v) for v in q]
        else:
            cells = ["-", "-", "-"]
        lines.append(f"| `{name}` | {lo:g} to {hi:g} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write(result: CalibrationResult, out: Path, ensemble_folder: Path | None) -> dict[str, Path]:
    """Write the report, waves table and manifest to ``out`` and the ensemble (when the
    model confirmed any member) to ``ensemble_folder`` (default scenarios/calibrated/)."""
    from sim.experiments.ensemble import save_ensemble
    from sim.experiments.provenance import write_json

    out.mkdir(parents=True, exist_ok=True)
    paths = {"report": out / "calibration.md", "waves": out / "waves.csv"}
    paths["report"].write_text(markdown(result))
    result.waves_table().to_csv(paths["waves"], index=False)
    meta = manifest(result)
    write_json(out / "manifest.json", meta)
    paths["manifest"] = out / "manifest.json"
    if len(result.ensemble):
        result.ensemble.to_parquet(out / "ensemble.parquet", index=False)
        data, _ = save_ensemble(result.spec.name, result.ensemble, meta, ensemble_folder)
        paths["ensemble"] = data
    return paths
