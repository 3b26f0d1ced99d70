"""The standard every figure meets, in one place: display names and units from the registries,
intervals clipped to a measure's range, ordered colours for quintiles, the number of
replications on the figure, wrapped labels, legends off the data and a fitted canvas."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sim.analysis.measures import interval_bounds, measure_of  # noqa: E402

QUINTILES = ("Q1", "Q2", "Q3", "Q4", "Q5")
QUINTILE_TICKS = ("Q1\n(fewest)", "Q2", "Q3", "Q4", "Q5\n(most)")
# Who meets the hours of need: column in the family table -> (display name, colour).
CARRIERS = {
    "pa_hours": ("Personal assistants", "#1b9e77"),
    "provider_hours": ("Commissioned provider", "#7570b3"),
    "agency_hours": ("Agency and contingency", "#e6ab02"),
    "family_care_hours": ("Family", "#d95f02"),
    "unmet_hours": ("Unmet", "#e7298a"),
}
DPI = 110
WRAP = 22


def quintile_colours() -> list:
    """Five ordered colours, light (fewest resources) to dark (most), for quintile series."""
    return list(plt.get_cmap("viridis_r")(np.linspace(0.15, 0.9, 5)))


def display(name: str) -> str:
    m = measure_of(name)
    return m.display if m and m.display else name.replace("_", " ")


def _param(name: str):
    from sim.scenario.parameters import REGISTRY

    return REGISTRY.get(name)


def _short(description: str, name: str) -> str:
    short = description
    for stop in (":", " (", ";", ".", ","):
        short = short.split(stop, 1)[0]
    short = short.strip() or name
    return short if len(short) <= 48 else short[:46].rsplit(" ", 1)[0] + "..."


def _unit(p) -> str:
    return p.unit if p.unit and p.unit not in ("-", "choice", "switch", "bool") else ""


def parameter_display(name: str) -> str:
    """A parameter's short display name: its description's first clause and its unit."""
    p = _param(name)
    if p is None:
        return name
    short, unit = _short(p.description, name), _unit(p)
    return f"{short} ({unit})" if unit else short


def parameter_value(name: str, value) -> str:
    """A parameter set to a value, in words: "Annual leaving rate ... 0.35 per year"."""
    p = _param(name)
    shown = f"{value:.4g}" if isinstance(value, float) else str(value)
    if p is None:
        return f"{name.rsplit('.', 1)[-1].replace('_', ' ')} {shown}"
    unit = _unit(p)
    return f"{_short(p.description, name)} {shown}{' ' + unit if unit else ''}"


def scenario_display(name: str) -> str:
    """A scenario's plain name: its last path part in words."""
    return str(name).rsplit("/", 1)[-1].replace("_", " ")


def axis_label(name: str, prefix: str = "") -> str:
    """ "Display name (unit)" for an axis; ``prefix`` e.g. "Difference in "."""
    m = measure_of(name)
    if m is None:
        return prefix + display(name)
    text = m.display or m.name
    return f"{prefix}{text[0].lower() + text[1:] if prefix else text} ({m.unit})"


def clip_interval(name: str, low, high, *, difference: bool = False):
    """Interval ends clipped to the measure's bounds (for a difference, to the widest
    difference two values in those bounds can have)."""
    lo, hi = interval_bounds(name, difference)
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    return np.clip(low, lo, hi), np.clip(high, lo, hi)


def yerr(name: str, frame: pd.DataFrame, difference: bool = False) -> np.ndarray:
    """Asymmetric error bars from clipped ends; no bar where there is no interval."""
    low, high = clip_interval(name, frame["ci_low"], frame["ci_high"], difference=difference)
    mean = frame["mean"].to_numpy(float)
    err = np.vstack([mean - low, high - mean])
    return np.nan_to_num(np.maximum(err, 0.0))


def wrap(text: str, width: int = WRAP) -> str:
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def legend_outside(ax, title: str | None = None, fontsize: float = 8, **kw) -> None:
    """The legend to the right of the plotting area, never over the data."""
    ax.legend(
        title=title,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=fontsize,
        **kw,
    )


OVER_REPLICATIONS = "bars are 95% intervals over replications"


def note(
    fig, replications: int, extra: str = "", intervals: bool = True, bars: str = OVER_REPLICATIONS
) -> None:
    """The footnote every figure carries: how many replications it shows (and what its
    interval bars are). It is placed below everything already drawn (tick labels, axis
    titles), so it never overlaps them."""
    reps = f"{replications} replication{'s' if replications != 1 else ''}"
    what = f"; {bars}" if intervals else ""
    footnote(fig, f"Means over {reps}{what}.{extra}")


def footnote(fig, text: str) -> None:
    """A footnote below everything already drawn (tick labels, axis titles), so it never
    overlaps them; figures that are not means over replications say what they rest on."""
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    y = box.y0 / fig.get_figheight() - 0.03
    fig.text(0.01, y, wrap(text, 110), fontsize=7, color="#444444", ha="left", va="top")


def save(fig, path: Path) -> Path:
    path = Path(path)
    fig.savefig(path, dpi=DPI, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return path
