"""What a calibration leaves: the waves table, the report, the manifest and the ensemble."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sim.experiments.history_matching.targets import (
    validation_targets,
    verification_targets,
)
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
        "Verification only (met by construction: an input carries the figure, so it tells "
        "nothing about the varied parameters; checked in docs/CALIBRATION.md): "
        + ", ".join(
            f"{t.name} ({t.facts})"
            for t in verification_targets()
            if t.name not in {u.name for u in spec.targets}
        )
        + ".",
        "",
        "## Waves",
        "",
    ]
    table = result.waves_table()
    head = ["wave", "points", "runs", "s", "not implausible"]
    lines += ["| " + " | ".join(head) + " |", "|" + " ---: |" * len(head)]
    for _, row in table.iterrows():
        cells = [
            str(int(row["wave"])),
            str(int(row["design_points"])),
            str(int(row["runs"])),
            f"{row['seconds']:.0f}",
            f"{row['share_not_implausible']:.2%}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Emulator skill",
        "",
        "Held-out R^2 by k-fold cross-validation on each wave's own runs. **R^2 (runs)** is "
        "against the replication means the emulator was fitted to; **R^2 (expected)** is "
        "against the model's expected output, with the seed variance of a replication mean "
        "(measured from the replications) taken out of the held-out error and of the total "
        "variance; **seed noise** is that variance's share of the replication means' spread "
        "(near 100%: the output hardly moves with the varied parameters, and R^2 (expected) "
        "is not defined).",
        "",
        "| wave | target | R^2 (runs) | R^2 (expected) | seed noise |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for w in result.waves:
        for e in w.emulators:
            share = "n/a" if not np.isfinite(e.noise_share) else f"{e.noise_share:.0%}"
            lines.append(
                f"| {w.number} | `{e.output}` | {_fmt(e.r2)} | {_fmt(e.r2_mean)} | {share} |"
            )
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
