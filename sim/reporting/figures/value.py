"""Value figures: cost-effectiveness acceptability curves, the probability each option has
the highest net monetary benefit against willingness to pay, by perspective and group."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.reporting.figures.style import legend_outside, note, plt, save, wrap

GROUP_TITLES = {"all": "All families", "Q1": "Lowest-resource quintile (Q1)"}


def acceptability_curves(
    frame: pd.DataFrame,
    path: Path,
    replications: int,
    extra: str = " Each curve is the share of paired replications in which the option is best.",
) -> Path:
    """One panel per perspective (rows) and group (columns), one line per option.

    ``frame`` has columns perspective, group, wtp (£ per QALY), option, probability_best,
    as sim.experiments.compare.acceptability_table writes it.
    """
    perspectives = list(dict.fromkeys(frame["perspective"]))
    groups = list(dict.fromkeys(frame["group"]))
    options = list(dict.fromkeys(frame["option"]))
    fig, axes = plt.subplots(
        len(perspectives),
        len(groups),
        figsize=(2.0 + 3.2 * len(groups), 1.2 + 2.6 * len(perspectives)),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    colours = plt.get_cmap("tab10")(np.arange(len(options)) % 10)
    for i, perspective in enumerate(perspectives):
        for j, group in enumerate(groups):
            ax = axes[i][j]
            sel = frame[(frame["perspective"] == perspective) & (frame["group"] == group)]
            for option, colour in zip(options, colours, strict=True):
                r = sel[sel["option"] == option].sort_values("wtp")
                ax.plot(r["wtp"] / 1000, r["probability_best"], color=colour, label=wrap(option))
            ax.set_ylim(-0.03, 1.03)
            ax.set_title(
                wrap(f"{GROUP_TITLES.get(group, group)}, {perspective} costs", 40), fontsize=9
            )
            if i == len(perspectives) - 1:
                ax.set_xlabel("willingness to pay (£ thousand per QALY)")
            if j == 0:
                ax.set_ylabel(wrap("probability the option is best (0-1)", 24))
    fig.suptitle("Probability each option has the highest net monetary benefit", fontsize=10)
    legend_outside(axes[0][-1], title="option")
    fig.tight_layout()
    note(fig, replications, extra, intervals=False)
    return save(fig, path)
