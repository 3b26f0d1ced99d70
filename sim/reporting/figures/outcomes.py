"""Outcome figures: who carries the care, quintile profiles, strain over time, forests of
conditions or differences, differences by quintile and the equity impact plane; and the
sets of figures ``run`` and ``summarise`` write."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.measures import measure_of
from sim.reporting.figures.style import (
    CARRIERS,
    QUINTILE_TICKS,
    QUINTILES,
    axis_label,
    display,
    legend_outside,
    note,
    parameter_value,
    plt,
    quintile_colours,
    save,
    scenario_display,
    wrap,
    yerr,
)


# ----------------------------------------------------------------------------- care
def carried_by_quintile(families: pd.DataFrame) -> pd.DataFrame:
    """Week-weighted mean hours a week by who meets them, per quintile (tidy)."""
    w = families["weeks"].to_numpy(float)
    cols = list(CARRIERS)
    weighted = families[cols].mul(w, axis=0).groupby(families["quintile"]).sum()
    means = weighted.div(families.groupby("quintile")["weeks"].sum(), axis=0)
    tidy = (
        means.rename_axis("quintile")
        .reset_index()
        .melt(id_vars="quintile", var_name="carrier", value_name="hours")
    )
    tidy["quintile"] = [f"Q{int(q)}" for q in tidy["quintile"]]
    return tidy


def care_by_quintile(carried: pd.DataFrame, path: Path, replications: int, title: str = "") -> Path:
    """Stacked bars of who carries the care by quintile, one panel per option side by side.

    ``carried`` has columns option (optional), quintile (Q1..Q5), carrier, hours.
    """
    if "option" not in carried:
        carried = carried.assign(option="")
    options = list(dict.fromkeys(carried["option"]))
    fig, axes = plt.subplots(
        1, len(options), figsize=(2.2 + 2.6 * len(options), 4.0), sharey=True, squeeze=False
    )
    x = np.arange(len(QUINTILES))
    for ax, option in zip(axes[0], options, strict=True):
        rows = carried[carried["option"] == option]
        wide = rows.pivot_table(index="quintile", columns="carrier", values="hours").reindex(
            QUINTILES
        )
        bottom = np.zeros(len(QUINTILES))
        for column, (label, colour) in CARRIERS.items():
            values = wide[column].fillna(0.0).to_numpy() if column in wide else bottom * 0
            ax.bar(x, values, bottom=bottom, color=colour, label=label, width=0.75)
            bottom += values
        ax.set_xticks(x, QUINTILE_TICKS, fontsize=8)
        ax.set_xlabel("family resource quintile")
        if option:
            ax.set_title(wrap(option, 28), fontsize=9)
    axes[0][0].set_ylabel("hours of care a week (mean per family)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(
        handles[::-1], labels[::-1], loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False
    )
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    note(fig, replications, intervals=False)
    return save(fig, path)


# ----------------------------------------------------------------------------- profiles
def quintile_profile(
    stats: pd.DataFrame,
    measure: str,
    path: Path,
    replications: int,
    title: str = "",
    series: str = "series",
) -> Path:
    """A measure's quintile means with clipped 95% intervals, one line per ``series``
    (condition or option); ``stats`` has series, group, mean, ci_low, ci_high."""
    rows = stats[stats["group"].isin(QUINTILES)]
    names = list(dict.fromkeys(rows[series])) if series in rows else [""]
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    x = np.arange(len(QUINTILES))
    spread = 0.06 if len(names) > 1 else 0.0
    for i, name in enumerate(names):
        r = rows[rows[series] == name] if series in rows else rows
        r = r.set_index("group").reindex(QUINTILES)
        ax.errorbar(
            x + (i - (len(names) - 1) / 2) * spread,
            r["mean"],
            yerr=yerr(measure, r),
            marker="o",
            capsize=3,
            label=wrap(name, 30) if name else None,
        )
    ax.set_xticks(x, QUINTILE_TICKS, fontsize=8)
    ax.set_xlabel("family resource quintile")
    ax.set_ylabel(wrap(axis_label(measure), 34))
    ax.set_title(wrap(title or f"{display(measure)} by resource quintile", 60), fontsize=10)
    lo = measure_of(measure).bounds[0] if measure_of(measure) else None
    if lo is not None:
        ax.set_ylim(bottom=lo)
    if len(names) > 1 or names[0]:
        legend_outside(ax)
    note(fig, replications)
    return save(fig, path)


def strain_over_time(weekly: pd.DataFrame, path: Path, replications: int, title: str = "") -> Path:
    """Mean carer strain by week, one line per quintile in ordered colours."""
    table = weekly.groupby(["week", "quintile"])["strain"].mean().unstack("quintile")
    fig, ax = plt.subplots(figsize=(6.8, 3.8))
    colours = quintile_colours()
    for q in table.columns:
        ax.plot(
            table.index, table[q], label=QUINTILES[int(q) - 1], lw=1.4, color=colours[int(q) - 1]
        )
    ax.set_xlabel("simulated week (weeks)")
    ax.set_ylabel(axis_label("strain"))
    ax.set_ylim(0.0, max(0.05, float(np.nanmax(table.to_numpy())) * 1.1))
    ax.set_title(wrap(f"Carer strain over time{': ' + title if title else ''}", 60), fontsize=10)
    legend_outside(ax, "resource quintile")
    note(fig, replications, " Q1 has the fewest resources.", intervals=False)
    return save(fig, path)


# ----------------------------------------------------------------------------- forests
def forest(
    stats: pd.DataFrame,
    measures: Sequence[str],
    path: Path,
    replications: int,
    title: str,
    series: str = "series",
    difference: bool = False,
) -> Path:
    """One panel per measure: each series' mean with its clipped 95% interval; with
    ``difference`` the values are differences against a comparator and zero is marked."""
    names = list(dict.fromkeys(stats[series]))
    ncol = min(3, len(measures))
    nrow = int(np.ceil(len(measures) / ncol))
    height = max(2.2, 0.32 * len(names) + 1.3)
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.4 * ncol, height * nrow), squeeze=False)
    y = np.arange(len(names))
    for k, (ax, measure) in enumerate(zip(axes.flat, measures, strict=False)):
        r = stats[stats["measure"] == measure].set_index(series).reindex(names)
        ax.errorbar(
            r["mean"], y, xerr=yerr(measure, r, difference), fmt="o", capsize=3, color="#2c7fb8"
        )
        if difference:
            ax.axvline(0.0, color="#888888", lw=0.8)
        if k % ncol == 0:
            ax.set_yticks(y, [wrap(n, 26) for n in names], fontsize=8)
        else:
            ax.set_yticks(y, [""] * len(names))
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlabel(wrap(axis_label(measure, "Difference in " if difference else ""), 36))
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(measures) :]:
        ax.set_visible(False)
    fig.suptitle(wrap(title, 90), fontsize=10)
    fig.tight_layout()
    note(fig, replications)
    return save(fig, path)


def differences_by_quintile(
    diff: pd.DataFrame, measure: str, path: Path, replications: int, comparator: str
) -> Path:
    """Grouped bars: each option's difference against the comparator per quintile, with
    paired 95% intervals; quintiles in ordered colours; ``diff`` has option, group, mean,
    ci_low, ci_high for one measure."""
    rows = diff[diff["group"].isin(QUINTILES)]
    options = list(dict.fromkeys(rows["option"]))
    fig, ax = plt.subplots(figsize=(2.6 + 1.9 * len(options), 3.8))
    x = np.arange(len(options))
    width = 0.8 / len(QUINTILES)
    colours = quintile_colours()
    for i, q in enumerate(QUINTILES):
        r = rows[rows["group"] == q].set_index("option").reindex(options)
        ax.bar(
            x + (i - 2) * width,
            r["mean"],
            width,
            yerr=yerr(measure, r, difference=True),
            capsize=2,
            color=colours[i],
            label=f"{q}{' (fewest)' if q == 'Q1' else ' (most)' if q == 'Q5' else ''}",
        )
    ax.axhline(0.0, color="#444444", lw=0.8)
    ax.set_xticks(x, [wrap(o, 18) for o in options], fontsize=8)
    ax.set_ylabel(wrap(axis_label(measure, "Difference in "), 34))
    ax.set_title(wrap(f"{display(measure)}: difference against {comparator}", 60), fontsize=10)
    legend_outside(ax, "resource quintile")
    note(fig, replications, " Common random numbers: intervals are of paired differences.")
    return save(fig, path)


def equity_plane(
    points: pd.DataFrame, path: Path, replications: int, x_label: str, y_label: str, comparator: str
) -> Path:
    """The equity impact plane: each option's change in total health (x) against its change
    in inequality (y, positive = less unequal), with paired 95% intervals on both."""
    fig, ax = plt.subplots(figsize=(6.0, 4.4))
    ax.axhline(0.0, color="#888888", lw=0.8)
    ax.axvline(0.0, color="#888888", lw=0.8)
    for i, r in enumerate(points.itertuples(index=False)):
        colour = plt.get_cmap("tab10")(i % 10)
        ax.errorbar(
            r.x,
            r.y,
            xerr=[[max(r.x - r.x_low, 0.0)], [max(r.x_high - r.x, 0.0)]],
            yerr=[[max(r.y - r.y_low, 0.0)], [max(r.y_high - r.y, 0.0)]],
            fmt="o",
            capsize=3,
            color=colour,
            label=wrap(r.option, 30),
        )
    ax.set_xlabel(wrap(x_label, 50))
    ax.set_ylabel(wrap(y_label, 40))
    ax.set_title(wrap(f"Equity impact plane, against {comparator}", 60), fontsize=10)
    corners = (
        (0.99, 0.99, "right", "top", "healthier and fairer"),
        (0.01, 0.01, "left", "bottom", "less healthy, less fair"),
    )
    for x, y, ha, va, words in corners:
        ax.text(x, y, words, transform=ax.transAxes, ha=ha, va=va, fontsize=7, color="#555555")
    legend_outside(ax)
    note(fig, replications)
    return save(fig, path)


# ----------------------------------------------------------------------------- sets
def run_figures(tables: dict[str, pd.DataFrame], out: Path, title: str) -> list[Path]:
    """The three figures of ``phb-sim run``."""
    from sim.analysis.stats import mean_ci

    reps = int(tables["summary"]["replication"].nunique())
    carried = carried_by_quintile(tables["families"])
    summary = tables["summary"]
    unmet = mean_ci(summary[summary["measure"] == "unmet_hours"], ["group"])
    return [
        care_by_quintile(
            carried, out / "care_hours_by_quintile.png", reps, f"Who carries the care: {title}"
        ),
        quintile_profile(
            unmet,
            "unmet_hours",
            out / "unmet_by_quintile.png",
            reps,
            f"Unmet need by resource quintile: {title}",
        ),
        strain_over_time(tables["weekly"], out / "strain_over_time.png", reps, title),
    ]


SUMMARY_COLUMNS = {"condition", "measure", "group", "n", "mean", "sd", "ci_low", "ci_high"}


def condition_display(table: pd.DataFrame) -> pd.Series:
    """Each row's condition in words, from the sweep's label columns."""
    labels = [c for c in table.columns if c not in SUMMARY_COLUMNS and c != "point"]
    varied = [c for c in labels if c != "scenario" and table[c].nunique(dropna=False) > 1]
    several = "scenario" in labels and table["scenario"].nunique() > 1

    def name(row) -> str:
        parts = [scenario_display(row["scenario"])] if several or not varied else []
        parts += [parameter_value(c, row[c]) for c in varied[:3]]
        if len(varied) > 3 and "point" in row:
            parts.append(f"point {row['point']}")
        return ", ".join(parts) or str(row.get("condition", "all runs"))

    if not labels:
        return table["condition"]
    return table.apply(name, axis=1)


def summary_figures(
    table: pd.DataFrame, dest: Path, measures: Sequence[str], max_series: int = 12
) -> list[Path]:
    """The figures of ``phb-sim summarise``: per measure the quintile profile of each
    condition, and one forest of all conditions on the whole population; conditions are
    named in words (scenario, and each varied parameter with its value and unit)."""
    table = table.assign(condition=condition_display(table))
    conditions = list(dict.fromkeys(table["condition"]))
    shown = conditions[:max_series]
    more = f" (first {len(shown)} of {len(conditions)})" if len(conditions) > len(shown) else ""
    reps = int(table["n"].max()) if "n" in table and len(table) else 0
    files: list[Path] = []
    part = table[table["condition"].isin(shown)]
    for measure in measures:
        rows = part[(part["measure"] == measure) & part["group"].isin(QUINTILES)]
        if rows.empty:
            continue
        files.append(
            quintile_profile(
                rows,
                measure,
                dest / f"quintiles_{measure}.png",
                reps,
                f"{display(measure)} by resource quintile{more}",
                series="condition",
            )
        )
    overall = table[(table["group"] == "all") & table["measure"].isin(measures)]
    if not overall.empty:
        present = [m for m in measures if m in set(overall["measure"])]
        files.append(
            forest(
                overall,
                present,
                dest / "overall.png",
                reps,
                "All families: mean and 95% interval over replications",
                series="condition",
            )
        )
    return files
