"""docs/SENSITIVITY_RESULTS.md from the published screening and Sobol analysis."""

from __future__ import annotations

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
    low = main.pivot_table(index=["parameter", "output"], columns="index", values="ci_low")
    floor = _floors(pub.sobol)
    lines += [
        "",
        f"## Sobol indices of the top {s['top']} (N = {s['sobol_n']})",
        "",
        "First-order (S1) and total (ST) indices per headline output; ST well above S1 "
        "means the parameter acts through interactions. **noise floor** is the ST a "
        "parameter with no effect would show from seed noise alone (the noise share of the "
        "replication mean, see Seed noise below); **above noise** says whether the lower end "
        "of ST's 95% interval is above it: a row that is not cannot be told apart from "
        "noise, whatever its size.",
        "",
        "| parameter | output | S1 | ST | noise floor | above noise |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for (param, output), row in table.iterrows():
        if row.get("ST", 0.0) >= 0.05:
            st, fl = row.get("ST", np.nan), floor.get(output, np.nan)
            st_low = low.loc[(param, output)].get("ST", np.nan)
            above = "-" if not np.isfinite(fl) else ("yes" if st_low > fl else "**no**")
            lines.append(
                f"| `{param}` | `{output}` | {_f(row.get('S1', np.nan))} | "
                f"{_f(st)} | {_f(fl)} | {above} |"
            )
    lines += ["", "Rows with ST below 0.05 are left out; the full tables are beside the runs."]
    lines += _noise_section(pub)
    if "sobol" in figures:
        lines += ["", f"![Sobol total indices by output]({figures['sobol']})"]
    return "\n".join(lines) + "\n"


def _floors(result) -> dict[str, float]:
    noise = getattr(result, "noise", None)
    if noise is None or len(noise) == 0:
        return {}
    return dict(zip(noise["output"], noise["noise_floor"], strict=True))


def _noise_section(pub) -> list[str]:
    """How much of each output's spread over sample points is seed noise, in both analyses:
    the reader's guard against ranking noise."""
    morris, sobol = getattr(pub.morris, "noise", None), getattr(pub.sobol, "noise", None)
    if morris is None or sobol is None or len(sobol) == 0:
        return []
    rows = sobol.merge(morris, on="output", how="outer", suffixes=("_sobol", "_morris"))
    rows = rows[~rows["output"].str.contains(":")]  # headline outputs; groups are beside the runs
    lines = [
        "",
        "## Seed noise",
        "",
        "Share of the variance of the replication means over sample points that is seed "
        "noise (within-point variance over the replications), and the index a parameter "
        "with no effect would reach from it: Morris `mu_star` (in the output's units) and "
        "Sobol ST. Outputs with a large share need more replications or families before "
        "their smaller indices mean anything (`sim.experiments.sensitivity.noise`); the "
        "quintile and inequality groups, noisier, are in the noise tables beside the runs.",
        "",
        "| output | noise share (Morris) | Morris floor | noise share (Sobol) | Sobol ST floor |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows.itertuples():
        lines.append(
            f"| `{r.output}` | {_f(r.noise_share_of_mean_morris)} | "
            f"{_f(r.noise_floor_morris)} | {_f(r.noise_share_of_mean_sobol)} | "
            f"{_f(r.noise_floor_sobol)} |"
        )
    return lines


def copy_figures(pub, doc: Path) -> dict[str, str]:
    """Draw the two heatmaps (Morris and Sobol) next to the document, through the one figures
    package; returns their relative links."""
    from sim.reporting.figures.sensitivity import heatmap

    folder = doc.parent / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    links = {}
    for part in ("morris", "sobol"):
        drawn = heatmap(getattr(pub, part), folder / f"sensitivity_{part}.png")
        if drawn is not None:
            links[part] = f"figures/{Path(drawn).name}"
    return links
