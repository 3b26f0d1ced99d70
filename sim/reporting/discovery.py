"""The figures of scenario discovery: PRIM's peeling trajectory and the feature scores."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def peeling_trajectory(trajectory: pd.DataFrame, chosen: int, path: Path, title: str) -> Path:
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
        label=f"chosen box: coverage {pick['coverage']:.0%}, density {pick['density']:.0%}",
    )
    bar = fig.colorbar(points, ax=ax)
    bar.set_label("parameters restricted")
    ax.set_xlabel("coverage (share of the cases of interest inside the box)")
    ax.set_ylabel("density (share of the box's runs that are cases)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize="medium")
    ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def feature_scores(scores: pd.DataFrame, path: Path, title: str) -> Path:
    """Horizontal bars of extra-trees importance, highest at the top."""
    fig, ax = plt.subplots(figsize=(6.5, 0.35 * len(scores) + 1.5))
    ax.barh(scores["parameter"], scores["score"], color="#1b9e77")
    ax.invert_yaxis()
    ax.set_xlabel("feature score (extra-trees importance)")
    ax.set_title(title, fontsize="medium")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
