"""docs/SENSITIVITY_RESULTS.md from the published screening and Sobol analysis."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np


def _f(x: float) -> str:
    return "-" if not np.isfinite(x) else f"{x:.3g}"


def markdown(pub, command: str, figures: dict[str, str]) -> str:
    from sim import __version__
    from sim.experiments.provenance import git_commit

    s = pub.settings
    lines = [
        "# Sensitivity results: which assumptions drive the answers",
        "",
        f"Generated; do not edit by hand. Model version {__version__}, commit "
        f"`{git_commit() or 'unknown'}`. Remake with:",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Base scenario `{s['base']}` with "
        f"{', '.join(f'`{k}={v}`' for k, v in s['set'].items()) or 'no values'} fixed; "
        f"{s['replications']} replications per sample point (the replication mean is "
        "analysed). Method and reading: docs/SENSITIVITY.md.",
        "",
        f"## Morris screening of {'a subset of' if s['subset'] else 'all'} "
        f"{s['screened']} assumption parameters",
        "",
        f"{s['morris_n']} trajectories. A parameter's score is its largest `mu_star` over "
        "the headline outputs, as a share of that output's largest `mu_star` (1 = the "
        "strongest effect on some output).",
        "",
        "| rank | parameter | score | strongest on |",
        "| ---: | --- | ---: | --- |",
    ]
    for i, r in enumerate(pub.ranking.head(25).itertuples(), 1):
        lines.append(f"| {i} | `{r.parameter}` | {_f(r.normalised)} | `{r.strongest_on}` |")
    if "morris" in figures:
        lines += ["", f"![Morris mu_star by output]({figures['morris']})"]
    idx = pub.sobol.indices
    main = idx[(idx["group"] == "all") & (idx["parameter2"] == "")]
    table = main.pivot_table(index=["parameter", "output"], columns="index", values="value")
    lines += [
        "",
        f"## Sobol indices of the top {s['top']} (N = {s['sobol_n']})",
        "",
        "First-order (S1) and total (ST) indices per headline output; ST well above S1 "
        "means the parameter acts through interactions.",
        "",
        "| parameter | output | S1 | ST |",
        "| --- | --- | ---: | ---: |",
    ]
    for (param, output), row in table.iterrows():
        if row.get("ST", 0.0) >= 0.05:
            lines.append(
                f"| `{param}` | `{output}` | {_f(row.get('S1', np.nan))} | "
                f"{_f(row.get('ST', np.nan))} |"
            )
    lines += ["", "Rows with ST below 0.05 are left out; the full tables are beside the runs."]
    if "sobol" in figures:
        lines += ["", f"![Sobol total indices by output]({figures['sobol']})"]
    return "\n".join(lines) + "\n"


def copy_figures(pub_out: Path, doc: Path) -> dict[str, str]:
    """Copy the two heatmaps next to the document; returns their relative links."""
    folder = doc.parent / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for part in ("morris", "sobol"):
        src = Path(pub_out) / part / "figures" / "heatmap.png"
        if src.is_file():
            dst = folder / f"sensitivity_{part}.png"
            shutil.copyfile(src, dst)
            links[part] = f"figures/{dst.name}"
    return links
