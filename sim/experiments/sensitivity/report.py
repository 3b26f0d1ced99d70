"""SA results on disk: index tables, figures and a summary a policy reader can use.

Layout of ``results/sa/<name>/``::

    summary.md                  drivers of each output, ranked, in plain words
    tables/indices.{csv,parquet}      every index with CI and convergence flag (tidy)
    tables/main_index.csv             outputs x parameters, the ranking index (ST or mu*)
    tables/convergence.{csv,parquet}  indices re-estimated on prefixes of the sample
    tables/noise.{csv,parquet}        seed noise vs parameter variance per output
    tables/indices_by_replication.*   each replication analysed alone (per_replication: true)
    tables/parameters.csv             what was varied, how
    tables/sample.parquet             the sample (SALib values and the values used)
    tables/outputs.parquet            the analysed outputs (replication means) per point
    figures/bars_<measure>.png        ranked indices with CIs, one panel per output
    figures/heatmap.png               parameter x output, the ranking index
    figures/convergence_<measure>.png
    figures/quintiles.png             the ranking index by resource quintile (Q1 lowest)

The figures are drawn by sim.reporting.figures.sensitivity (the one plotting package).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.experiments.sensitivity.pipeline import SAResult, split_output

LEVEL_GROUPS = ("all", "gap", "ratio", "sii", "conc_index")
QUINTILES = ("Q1", "Q2", "Q3", "Q4", "Q5")
GROUP_WORDS = {
    "all": "all families",
    "gap": "gap between the lowest and highest resource quintiles",
    "ratio": "ratio of the lowest to the highest resource quintile",
    "sii": "slope index of inequality across resource quintiles",
    "conc_index": "concentration index by family resources",
}
INDEX_WORDS = {
    "ST": "total-order Sobol index",
    "S1": "first-order Sobol index",
    "mu_star": "Morris mu*",
    "sigma": "Morris sigma",
}


def _measure_info(measure: str) -> tuple[str, str]:
    """(description, unit) of a model measure; the bare name for other outputs."""
    from sim.analysis.measures import MEASURES

    for m in MEASURES:
        if m.name == measure:
            short = m.description
            for stop in (":", " (", ",", "."):
                short = short.split(stop, 1)[0]
            return short.strip(), m.unit
    return measure, ""


def _save_table(frame: pd.DataFrame, path: Path, parquet: bool = True) -> None:
    frame.to_csv(path.with_suffix(".csv"), index=False)
    if parquet:
        frame.to_parquet(path.with_suffix(".parquet"), index=False)


def write_report(result: SAResult, out: str | Path) -> dict[str, Path]:
    """Write tables and summary.md under ``out``; returns the main paths. The figures
    (``out/figures``) are drawn by sim.reporting.figures.sensitivity, which the sa command
    calls."""
    out = Path(out)
    tables, figures = out / "tables", out / "figures"
    tables.mkdir(parents=True, exist_ok=True)
    _save_table(result.indices, tables / "indices")
    result.table().reset_index().to_csv(tables / "main_index.csv", index=False)
    _save_table(result.convergence, tables / "convergence")
    _save_table(result.noise, tables / "noise")
    if result.by_replication is not None:
        _save_table(result.by_replication, tables / "indices_by_replication")
    params = pd.DataFrame(result.problem.table())
    params["salib_bounds"] = params["salib_bounds"].map(lambda b: " ".join(f"{x:g}" for x in b))
    params.to_csv(tables / "parameters.csv", index=False)
    sample = pd.DataFrame(result.X, columns=[f"x:{n}" for n in result.problem.names])
    values = (
        pd.DataFrame(result.problem.values(result.X)).astype(str)
        if result.problem.factors and result.problem.factors[0].param is not None
        else pd.DataFrame()
    )
    pd.concat([sample, values], axis=1).to_parquet(tables / "sample.parquet", index=False)
    result.outputs.reset_index(drop=True).to_parquet(tables / "outputs.parquet", index=False)

    summary = out / "summary.md"
    summary.write_text(summary_markdown(result), encoding="utf-8")
    return {"summary": summary, "indices": tables / "indices.csv", "figures": figures}


def _main(result: SAResult) -> pd.DataFrame:
    ix = result.indices
    return ix[(ix["index"] == result.main_index) & (ix["parameter2"] == "")]


# ----------------------------------------------------------------------------- words
def _strength(value: float, top: float, method: str) -> str:
    """Plain words for an index: Sobol ST is a share of variance; mu* is judged against the
    largest mu* of the same output (it has the output's units)."""
    share = value if method == "sobol" else (value / top if top > 0 else 0.0)
    if share >= 0.3:
        return "strong"
    if share >= 0.1:
        return "moderate"
    if share >= 0.02:
        return "weak"
    return "negligible"


def _fmt(x: float) -> str:
    if not np.isfinite(x):
        return "n/a"
    return f"{x:.2f}" if abs(x) >= 0.01 or x == 0 else f"{x:.1e}"


def _floor(result: SAResult, output: str) -> float:
    """The ranking index a parameter with no effect would show from seed noise (NaN if
    unknown; see sim.experiments.sensitivity.noise.noise_floor)."""
    noise = result.noise
    if "noise_floor" not in noise.columns:
        return float("nan")
    row = noise.loc[noise["output"] == output, "noise_floor"]
    return float(row.iloc[0]) if len(row) else float("nan")


def rank_sentence(result: SAResult, output: str, top: int = 3) -> str:
    """One output's drivers, ranked, in words (with the index and CI in brackets)."""
    m = _main(result)
    m = m[m["output"] == output].sort_values("value", ascending=False)
    if m.empty:
        return "not analysed."
    topv = float(m["value"].max())
    floor = _floor(result, output)
    parts, quiet, noisy = [], [], []
    for _, row in m.iterrows():
        word = _strength(float(row["value"]), topv, result.method)
        if word == "negligible":
            quiet.append(row["parameter"])
        elif np.isfinite(floor) and row["value"] - row["conf"] <= floor:
            noisy.append(row["parameter"])
        elif len(parts) < top:
            parts.append(
                f"`{row['parameter']}` ({word}, {_fmt(row['value'])} ± {_fmt(row['conf'])})"
            )
    text = (
        ("driven by " + ", then ".join(parts))
        if parts
        else "no parameter has an effect clearly above seed noise"
    )
    ranked = m[~m["parameter"].isin(quiet + noisy)]
    if len(ranked) > 1 and parts:
        first, second = ranked.iloc[0], ranked.iloc[1]
        if first["value"] - first["conf"] < second["value"] + second["conf"]:
            text += (
                f"; the lead of `{first['parameter']}` over `{second['parameter']}` is "
                "within the uncertainty"
            )
    if result.method == "sobol" and parts:
        ix = result.indices
        s1 = ix[(ix["output"] == output) & (ix["index"] == "S1")]["value"].clip(lower=0).sum()
        if s1 < 0.7:
            text += (
                f". First-order effects add up to {_fmt(s1)} of the variance, so "
                "much of it comes from parameters acting together (interactions)"
                + (" or from seed noise" if np.isfinite(floor) and floor > 0.1 else "")
            )
    if noisy:
        text += (
            ". Not distinguishable from seed noise (index within its CI of the noise "
            f"floor {_fmt(floor)}): {', '.join(f'`{q}`' for q in noisy)}"
        )
    if quiet:
        text += f". Little or no effect: {', '.join(f'`{q}`' for q in quiet)}"
    return text + "."


def _runs(quintiles: list[str], leaders: list[str]) -> list[str]:
    """``a in Q1-Q3; b in Q4-Q5``: consecutive quintiles with the same leader merged."""
    parts: list[tuple[str, str, str]] = []
    for q, p in zip(quintiles, leaders, strict=True):
        if parts and parts[-1][0] == p:
            parts[-1] = (p, parts[-1][1], q)
        else:
            parts.append((p, q, q))
    return [f"`{p}` in {a}" + (f"-{b}" if b != a else "") for p, a, b in parts]


def _caveats(result: SAResult) -> list[str]:
    """Warnings a reader must see before the rankings (noise, convergence)."""
    out = []
    noise = result.noise.dropna(subset=["noise_share_of_mean"])
    if not noise.empty and noise["noise_share_of_mean"].median() > 0.5:
        out.append(
            "**Read with care:** for most outputs more than half of the variance "
            "analysed is noise between seeds, so the indices below largely apportion "
            "noise. Use more replications or more families before drawing conclusions."
        )
    main = result.indices[result.indices["index"] == result.main_index]
    if len(main) and main["flagged"].mean() > 0.5:
        out.append(
            "**Not converged:** most ranking indices have confidence intervals wider "
            "than 10% of the top index of their output; rankings are provisional "
            "(a larger n would settle them)."
        )
    if result.method == "sobol" and len(main) and (main["value"] > 1.05).any():
        out.append(
            "Total-order indices above 1 are estimation error at this sample size "
            "(a share of variance cannot exceed 1)."
        )
    return out


def summary_markdown(result: SAResult) -> str:
    """The plain-words summary: drivers per output, the equity gradient, quintiles, caveats."""
    s = result.settings
    method = (
        "Sobol variance-based indices (total order ST ranks the drivers: the share of "
        "the output's variance that involves the parameter)"
        if result.method == "sobol"
        else "Morris elementary effects (mu* ranks the drivers: the mean absolute "
        "change in the output per step of the parameter; a screening, not a share)"
    )
    lines = [f"# Sensitivity analysis: {s.get('name', 'callable')}", ""]
    if s.get("description"):
        lines += [s["description"], ""]
    unit = "base points" if result.method == "sobol" else "trajectories"
    lines += [
        f"- Method: {method}.",
        f"- Sample: n = {result.n} ({unit}), {len(result.X)} sample points, "
        f"{s.get('replications', 1)} replication(s) each; the replication mean is analysed.",
    ]
    if s.get("base"):
        lines.append(f"- Base scenario: `{s['base']}`; spec: `{s.get('spec', '')}`.")
    lines.append(f"- Parameters varied: {', '.join(f'`{p}`' for p in result.problem.labels)}.")
    lines += [
        "",
        "Numbers in brackets are the index and the half-width of its "
        f"{int(100 * s.get('conf_level', 0.95))}% bootstrap confidence interval.",
        "",
    ]
    for caveat in _caveats(result):
        lines += [caveat, ""]

    by_measure: dict[str, list[str]] = {}
    for out in result.outputs.columns:
        by_measure.setdefault(split_output(out)[0], []).append(out)
    analysed = set(result.indices["output"])

    lines += ["## What drives each output", ""]
    for measure in by_measure:
        desc, unit = _measure_info(measure)
        where = f"{unit}, all families" if unit else ""
        if measure in analysed:
            lines.append(
                f"- **{desc}**{f' ({where})' if where else ''}: " + rank_sentence(result, measure)
            )
    gradient = [
        (m, o)
        for m, outs in by_measure.items()
        for o in outs
        if split_output(o)[1] in LEVEL_GROUPS[1:] and o in analysed
    ]
    if gradient:
        lines += [
            "",
            "## What drives the equity gradient",
            "",
            "How far apart families with the fewest and the most resources end up, and "
            "what moves that distance.",
            "",
        ]
        for measure, out in gradient:
            group = split_output(out)[1]
            if group in ("gap", "sii"):
                desc, _ = _measure_info(measure)
                lines.append(f"- **{desc}**, {GROUP_WORDS[group]}: " + rank_sentence(result, out))
        lines += ["", "Ratio and concentration-index results are in `tables/indices.csv`."]
    quint = _main(result)
    quint = quint[quint["group"].isin(QUINTILES)]
    if not quint.empty:
        lines += ["", "## Whose burden each lever moves (by resource quintile)", ""]
        for measure, sub in quint.groupby("measure", sort=False):
            lead = sub.loc[sub.groupby("group")["value"].idxmax()].set_index("group")
            lead = lead.reindex([q for q in QUINTILES if q in lead.index])
            desc, _ = _measure_info(measure)
            tops = list(lead["parameter"])
            if len(set(tops)) == 1:
                lines.append(f"- **{desc}**: `{tops[0]}` leads in every quintile.")
            else:
                lines.append(
                    f"- **{desc}**: the leading driver is "
                    + "; ".join(_runs(list(lead.index), tops))
                    + "."
                )
    lines += ["", "## How sure we can be", ""]
    noise = result.noise.dropna(subset=["noise_share_of_mean"])
    if not noise.empty:
        noisy = noise[noise["noise_share_of_mean"] > 0.2]
        single = 100 * noise["noise_share"].median()
        of_mean = 100 * noise["noise_share_of_mean"].median()
        lines.append(
            f"- Seed noise: across outputs, a median {single:.0f}% of a single run's variance "
            "is noise between seeds rather than the parameters; in the analysed replication "
            f"mean it is {of_mean:.0f}%."
        )
        if not noisy.empty:
            noisy = noisy.sort_values("noise_share_of_mean", ascending=False)
            shown = ", ".join(
                f"`{o}` ({100 * v:.0f}%)"
                for o, v in zip(
                    noisy["output"][:10], noisy["noise_share_of_mean"][:10], strict=True
                )
            )
            more = f" and {len(noisy) - 10} more" if len(noisy) > 10 else ""
            lines.append(
                f"- {len(noisy)} outputs have more than 20% of the analysed variance "
                f"still noise (more replications or families would sharpen them): "
                f"{shown}{more} (`tables/noise.csv`)."
            )
    else:
        lines.append("- Seed noise: not separable with one replication per point.")
    flagged = result.indices[
        result.indices["flagged"] & result.indices["index"].isin([result.main_index])
    ]
    if flagged.empty:
        lines.append(
            "- Convergence: every ranking index has a CI half-width within 10% of "
            "the largest index of its output."
        )
    else:
        outs = list(dict.fromkeys(flagged["output"]))
        lines.append(
            f"- Convergence: {len(flagged)} ranking indices in {len(outs)} outputs have "
            "a CI half-width above 10% of the largest index of their output, so their "
            "rank is uncertain (see `figures/convergence_*.png`; a larger n would "
            "settle them): "
            + ", ".join(f"`{o}`" for o in outs[:12])
            + (" ..." if len(outs) > 12 else "")
            + "."
        )
    if result.skipped:
        lines.append(
            "- Not analysed: "
            + "; ".join(f"`{o}` ({why})" for o, why in result.skipped.items())
            + "."
        )
    lines += ["", "## Parameters", "", "| parameter | what it is | sampled over |", "|---|---|---|"]
    for row in result.problem.table():
        b = row["salib_bounds"]
        if row["kind"] == "bool":
            rng = "false, true"
        elif row["choices"]:
            rng = row["choices"]
        else:
            rng = f"{row['dist']} {' '.join(f'{x:g}' for x in b)}"
            if row["kind"] == "int":
                rng += " (rounded)"
        rng += f" {row['unit']}" if row["unit"] and row["kind"] in ("int", "float") else ""
        lines.append(f"| `{row['parameter']}` | {row['description']} | {rng} |")
    return "\n".join(lines) + "\n"
