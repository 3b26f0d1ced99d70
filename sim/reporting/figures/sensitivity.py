"""Sensitivity-analysis figures (``phb-sim sa``): ranked drivers with intervals, the
parameter x output heat map, convergence of the indices, and indices by resource quintile.

Parameters are shown by a short display name from the registry (its description's first
clause, with its unit), outputs by the measure's display name and group; index intervals
are clipped at zero (a share of variance or a mean absolute effect cannot be negative).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.measures import measure_of
from sim.reporting.figures.style import (
    QUINTILE_TICKS,
    QUINTILES,
    legend_outside,
    note,
    parameter_display,
    plt,
    save,
    wrap,
)

INDEX_WORDS = {
    "ST": "total-order Sobol index",
    "S1": "first-order Sobol index",
    "mu_star": "Morris mu*",
    "sigma": "Morris sigma",
}
BOOT = "bars are bootstrap 95% intervals of the index"
GROUP_WORDS = {
    "all": "all families",
    "gap": "gap Q1 - Q5",
    "ratio": "ratio Q1 / Q5",
    "sii": "slope index",
    "conc_index": "concentration index",
}


def output_display(output: str) -> str:
    """``unmet_hours:gap`` -> "Unmet need, gap Q1 - Q5 (h/week)"."""
    measure, _, group = output.partition(":")
    m = measure_of(measure)
    name = m.display if m else measure.replace("_", " ")
    words = GROUP_WORDS.get(group or "all", group)
    unit = f" ({m.unit})" if m and (group or "all") not in ("ratio", "conc_index") else ""
    return f"{name}, {words}{unit}"


def _split(output: str) -> tuple[str, str]:
    measure, _, group = output.partition(":")
    return measure, group or "all"


def _grid(n: int, width: float, height: float):
    cols = 2 if n == 4 else min(n, 3)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    return fig, axes.ravel()


def _main(result) -> pd.DataFrame:
    ix = result.indices
    return ix[(ix["index"] == result.main_index) & (ix["parameter2"] == "")]


def _replications(result) -> int:
    return int(result.settings.get("replications", 1) or 1)


def _floor(result, output: str) -> float:
    noise = result.noise
    if "noise_floor" not in noise.columns:
        return float("nan")
    row = noise.loc[noise["output"] == output, "noise_floor"]
    return float(row.iloc[0]) if len(row) else float("nan")


def _index_error(values: pd.Series, conf: pd.Series) -> np.ndarray:
    """Error bars of an index, the lower end clipped at zero."""
    v, c = values.to_numpy(float), np.nan_to_num(conf.to_numpy(float))
    return np.vstack([np.minimum(c, np.maximum(v, 0.0)), c])


def bars(result, measure: str, path: Path) -> Path | None:
    """Ranked bars with 95% intervals, one panel per output of the measure."""
    ix = result.indices[
        (result.indices["measure"] == measure) & (result.indices["parameter2"] == "")
    ]
    outputs = [o for o in dict.fromkeys(ix["output"]) if _split(o)[1] not in QUINTILES]
    if not outputs:
        return None
    n_par = len(result.problem.labels)
    fig, axes = _grid(len(outputs), 4.6, 1.2 + 0.3 * n_par)
    main, other = result.main_index, ("S1" if result.method == "sobol" else None)
    for k, (ax, out) in enumerate(zip(axes, outputs, strict=False)):
        sub = ix[ix["output"] == out]
        m = sub[sub["index"] == main].sort_values("value")
        y = np.arange(len(m))
        ax.barh(
            y,
            m["value"].clip(lower=0.0),
            xerr=_index_error(m["value"], m["conf"]),
            color="#2c7fb8",
            label=INDEX_WORDS.get(main, main),
            error_kw={"elinewidth": 0.8},
        )
        if other:
            s1 = sub[sub["index"] == other].set_index("parameter").reindex(m["parameter"])
            ax.barh(
                y,
                s1["value"].clip(lower=0.0),
                height=0.4,
                color="#fdae61",
                label=INDEX_WORDS[other],
            )
        flagged = m["flagged"].to_numpy()
        ax.set_yticks(
            y,
            [
                wrap(parameter_display(p) + (" *" if f else ""), 34)
                for p, f in zip(m["parameter"], flagged, strict=True)
            ],
            fontsize=7,
        )
        ax.set_title(wrap(output_display(out), 40), fontsize=8)
        ax.set_xlabel(
            f"{INDEX_WORDS.get(main, main)}"
            + (" (output's unit)" if main == "mu_star" else " (share of variance)"),
            fontsize=7,
        )
        ax.set_xlim(left=0.0)
        floor = _floor(result, out)
        if np.isfinite(floor):
            ax.axvline(floor, color="grey", ls="--", lw=0.8, label="seed-noise floor")
        if k == 0:
            handles, labels = ax.get_legend_handles_labels()
    fig.suptitle(
        wrap(
            f"{output_display(measure).split(',')[0]}: drivers ranked "
            f"({INDEX_WORDS.get(main, main)}, 95% intervals); * = interval half-width above "
            "10% of the top index",
            90,
        ),
        fontsize=9,
    )
    fig.tight_layout()
    fig.legend(
        handles, labels, loc="upper left", bbox_to_anchor=(1.0, 0.95), frameon=False, fontsize=7
    )
    note(fig, _replications(result), f" {result.n} base points ({result.method}).", bars=BOOT)
    return save(fig, path)


def heatmap(result, path: Path) -> Path | None:
    """Parameters x outputs (quintiles left out): which lever matters for which output."""
    m = _main(result)
    m = m[~m["group"].isin(QUINTILES)]
    if m.empty:
        return None
    wide = m.pivot(index="parameter", columns="output", values="value")
    wide = wide.reindex(
        index=result.problem.labels, columns=list(dict.fromkeys(m["output"]))
    ).dropna(how="all")
    label = INDEX_WORDS.get(result.main_index, result.main_index) + " (share of variance)"
    if result.method == "morris":  # mu* has the output's units: scale each output to its max
        wide = wide / wide.abs().max(axis=0).replace(0, np.nan)
        label = "Morris mu* / largest mu* of the output (0-1)"
    fig, ax = plt.subplots(figsize=(3.5 + 0.32 * wide.shape[1], 2.0 + 0.3 * wide.shape[0]))
    # Sobol indices are shares of variance: the colour scale stops at 1.
    top = 1.0 if result.method == "sobol" else float(np.nanmax(wide.to_numpy(dtype=float)))
    im = ax.imshow(
        wide.to_numpy(dtype=float), aspect="auto", cmap="viridis", vmin=0, vmax=max(top, 1e-9)
    )
    ax.set_xticks(
        range(wide.shape[1]),
        [wrap(output_display(c), 30) for c in wide.columns],
        rotation=90,
        fontsize=6,
    )
    ax.set_yticks(range(wide.shape[0]), [parameter_display(p) for p in wide.index], fontsize=6)
    fig.colorbar(im, ax=ax, label=label, shrink=0.8)
    ax.set_title("Which parameter drives which output", fontsize=9)
    note(fig, _replications(result), f" {result.n} base points ({result.method}).", False)
    return save(fig, path)


def convergence(result, measure: str, path: Path) -> Path | None:
    """The ranking index at increasing sample size, per output of the measure."""
    conv = result.convergence
    if conv.empty:
        return None
    conv = conv[
        (conv["index"] == result.main_index)
        & (conv["output"].map(lambda o: _split(o)[0]) == measure)
    ]
    outputs = [o for o in dict.fromkeys(conv["output"]) if _split(o)[1] not in QUINTILES]
    if not outputs or conv["n"].nunique() < 2:
        return None
    fig, axes = _grid(len(outputs), 3.8, 2.8)
    handles: dict[str, object] = {}
    for ax, out in zip(axes, outputs, strict=False):
        sub = conv[conv["output"] == out]
        for par, g in sub.groupby("parameter", sort=False):
            g = g.sort_values("n")
            low = (g["value"] - g["conf"]).clip(lower=0.0)
            (line,) = ax.plot(g["n"], g["value"], marker="o", ms=2, lw=1)
            ax.fill_between(g["n"], low, g["value"] + g["conf"], color=line.get_color(), alpha=0.15)
            handles.setdefault(parameter_display(par), line)
        ax.set_xscale("log", base=2)
        ax.set_ylim(bottom=0.0)
        ax.set_title(wrap(output_display(out), 40), fontsize=8)
        ax.set_xlabel(
            "base points (count)" if result.method == "sobol" else "trajectories (count)",
            fontsize=7,
        )
        ax.set_ylabel(INDEX_WORDS.get(result.main_index, ""), fontsize=7)
    fig.suptitle(
        f"{output_display(measure).split(',')[0]}: convergence of the "
        f"{INDEX_WORDS.get(result.main_index, '')}",
        fontsize=9,
    )
    fig.tight_layout()
    fig.legend(
        list(handles.values()),
        [wrap(k, 40) for k in handles],
        loc="upper left",
        bbox_to_anchor=(1.0, 0.95),
        frameon=False,
        fontsize=6,
    )
    note(fig, _replications(result), bars="bands are bootstrap 95% intervals")
    return save(fig, path)


def quintiles(result, path: Path, top: int = 5) -> Path | None:
    """The ranking index for each resource quintile: whose burden does each lever move?"""
    m = _main(result)
    m = m[m["group"].isin(QUINTILES)]
    if m.empty:
        return None
    measures = list(dict.fromkeys(m["measure"]))
    fig, axes = _grid(len(measures), 4.2, 3.0)
    for ax, measure in zip(axes, measures, strict=False):
        sub = m[m["measure"] == measure]
        lead = sub.groupby("parameter")["value"].mean().nlargest(top).index
        for par in lead:
            g = sub[sub["parameter"] == par].set_index("group").reindex(QUINTILES)
            ax.errorbar(
                range(5),
                g["value"],
                yerr=_index_error(g["value"], g["conf"]),
                marker="o",
                ms=3,
                lw=1,
                capsize=2,
                label=wrap(parameter_display(par), 36),
            )
        ax.set_xticks(range(5), QUINTILE_TICKS, fontsize=7)
        ax.set_xlabel("family resource quintile", fontsize=7)
        ax.set_ylabel(INDEX_WORDS.get(result.main_index, ""), fontsize=7)
        ax.set_ylim(bottom=0.0)
        ax.set_title(wrap(output_display(measure).split(",")[0], 40), fontsize=8)
        legend_outside(ax, fontsize=6)
    fig.suptitle(
        f"{INDEX_WORDS.get(result.main_index, result.main_index)} by resource quintile "
        f"(top {top} parameters per measure)",
        fontsize=9,
    )
    fig.tight_layout()
    note(fig, _replications(result), bars=BOOT)
    return save(fig, path)


def sa_figures(result, dest: Path) -> list[Path]:
    """The figures of ``phb-sim sa`` in ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    files: list[Path | None] = []
    for measure in dict.fromkeys(result.indices["measure"]):
        slug = "".join(c if c.isalnum() or c in "-_" else "_" for c in measure)
        files.append(bars(result, measure, dest / f"bars_{slug}.png"))
        files.append(convergence(result, measure, dest / f"convergence_{slug}.png"))
    files.append(heatmap(result, dest / "heatmap.png"))
    files.append(quintiles(result, dest / "quintiles.png"))
    return [f for f in files if f is not None]
