"""Scenario discovery figures: PRIM's peeling trajectory and the feature scores.

They follow the one standard (``style``): parameters by their display names, a unit on every
axis, the chosen box named off the data, and a footnote that says how many runs (and
replications of each condition) the figure rests on. PRIM counts runs one by one rather
than averaging replications, so the footnote says so instead of "means over replications".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.ticker import MaxNLocator

from sim.reporting.figures.style import footnote, parameter_display, plt, save, wrap


def _runs_text(runs: int, replications: int, cases: int | None = None) -> str:
    reps = f"{replications} replication{'s' if replications != 1 else ''}"
    which = f"; {cases} of them are cases" if cases is not None else ""
    return f"{runs} runs ({reps} of each condition), each run counted alone{which}."


def _parameter_label(name: str) -> str:
    """A varied column by its display name (labels outside the registry in words)."""
    return parameter_display(name).replace("_", " ")


def peeling_trajectory(
    trajectory: pd.DataFrame,
    chosen: int,
    path: Path,
    title: str,
    runs: int,
    replications: int,
    cases: int | None = None,
) -> Path:
    """Coverage against density of every box PRIM tried, coloured by how many parameters
    each restricts; the chosen box is ringed. Moving left trades coverage for density."""
    fig, ax = plt.subplots(figsize=(6.5, 4.8))
    points = ax.scatter(
        trajectory["coverage"],
        trajectory["density"],
        c=trajectory["res_dim"],
        cmap="viridis",
        s=28,
        zorder=2,
    )
    ax.plot(trajectory["coverage"], trajectory["density"], color="0.7", lw=1, zorder=1)
    pick = trajectory.loc[chosen]
    ax.scatter(
        [pick["coverage"]],
        [pick["density"]],
        s=160,
        facecolors="none",
        edgecolors="crimson",
        linewidths=2,
        zorder=3,
    )
    bar = fig.colorbar(points, ax=ax, ticks=MaxNLocator(integer=True))
    bar.set_label("parameters restricted (count)")
    ax.set_xlabel(wrap("coverage: share of the cases of interest inside the box (0-1)", 60))
    ax.set_ylabel(wrap("density: share of the box's runs that are cases (0-1)", 36))
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(
        wrap(title, 60) + f"\nringed: the chosen box, coverage {pick['coverage']:.0%}, "
        f"density {pick['density']:.0%}",
        fontsize=9,
    )
    fig.tight_layout()
    footnote(fig, "Each point is a box PRIM tried, over " + _runs_text(runs, replications, cases))
    return save(fig, path)


def feature_scores(
    scores: pd.DataFrame, path: Path, title: str, runs: int, replications: int
) -> Path:
    """Horizontal bars of extra-trees importance, highest at the top."""
    fig, ax = plt.subplots(figsize=(7.0, 0.4 * len(scores) + 1.6))
    labels = [wrap(_parameter_label(p), 40) for p in scores["parameter"]]
    ax.barh(labels, scores["score"], color="#1b9e77")
    ax.invert_yaxis()
    ax.set_xlabel("feature score (extra-trees importance, shares summing to 1)")
    ax.set_title(wrap(title, 60), fontsize=9)
    fig.tight_layout()
    footnote(fig, "Scores from " + _runs_text(runs, replications))
    return save(fig, path)
