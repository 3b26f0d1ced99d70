"""The standard figures of a run, for readers who want pictures rather than tables.

Who carries the care hours by resource quintile; unmet need by quintile with confidence
intervals over replications; carer strain over time by quintile.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from sim.analysis.stats import mean_ci  # noqa: E402

CARRIERS = {
    "pa_hours": ("Personal assistants", "#1b9e77"),
    "provider_hours": ("Commissioned / provider", "#7570b3"),
    "agency_hours": ("Agency and contingency", "#e6ab02"),
    "family_care_hours": ("Family", "#d95f02"),
    "unmet_hours": ("Unmet", "#e7298a"),
}
QUINTILE_LABELS = ["Q1\n(fewest)", "Q2", "Q3", "Q4", "Q5\n(most)"]


def care_hours_by_quintile(families: pd.DataFrame, path: Path, title: str) -> Path:
    """Stacked bars: mean weekly hours of need by who meets them, per resource quintile."""
    means = families.groupby("quintile")[list(CARRIERS)].apply(
        lambda g: (
            g.mul(families.loc[g.index, "weeks"], axis=0).sum()
            / families.loc[g.index, "weeks"].sum()
        )
    )
    fig, ax = plt.subplots(figsize=(7, 4.5))
    bottom = None
    for column, (label, colour) in CARRIERS.items():
        ax.bar(
            QUINTILE_LABELS[: len(means)], means[column], bottom=bottom, label=label, color=colour
        )
        bottom = means[column] if bottom is None else bottom + means[column]
    ax.set_ylabel("hours a week (mean per family)")
    ax.set_xlabel("family resource quintile")
    ax.set_title(f"Who carries the care: {title}")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(fig, path)


def measure_by_quintile(
    summary: pd.DataFrame, measure: str, path: Path, title: str, ylabel: str
) -> Path:
    """Bars of a measure's quintile means, with 95% intervals over replications."""
    rows = summary[(summary["measure"] == measure) & summary["group"].str.match(r"Q\d")]
    stats = mean_ci(rows, ["group"]).sort_values("group")
    fig, ax = plt.subplots(figsize=(6, 4))
    err = (stats["mean"] - stats["ci_low"]).fillna(0.0)
    ax.bar(QUINTILE_LABELS[: len(stats)], stats["mean"], yerr=err, color="#e7298a", capsize=4)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("family resource quintile")
    ax.set_title(title)
    return _save(fig, path)


def strain_over_time(weekly: pd.DataFrame, path: Path, title: str) -> Path:
    """Mean carer strain by week and quintile (averaged over replications)."""
    table = weekly.groupby(["week", "quintile"])["strain"].mean().unstack("quintile")
    fig, ax = plt.subplots(figsize=(7, 4))
    for q in table.columns:
        ax.plot(table.index, table[q], label=f"Q{q}", lw=1.4)
    ax.set_xlabel("week")
    ax.set_ylabel("mean carer strain (0-1)")
    ax.set_title(f"Carer strain over time: {title}")
    ax.legend(frameon=False, title="quintile", ncols=5, fontsize=8)
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
