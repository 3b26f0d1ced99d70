"""Every figure the project draws (run, summarise, sa, compare, discover) comes from this
package, to one standard (``style``): units on every axis; measures and parameters by their
display names from the registries, never code names; intervals clipped to the range a measure
can take (no negative hours); ordered (sequential) colours whenever the series are resource
quintiles; the number of replications stated on the figure; labels wrapped and the canvas
fitted so nothing is clipped or overlaps; legends outside the plotting area.
"""

from sim.reporting.figures.discovery import feature_scores, peeling_trajectory
from sim.reporting.figures.outcomes import (
    care_by_quintile,
    carried_by_quintile,
    differences_by_quintile,
    equity_plane,
    forest,
    quintile_profile,
    run_figures,
    strain_over_time,
    summary_figures,
)
from sim.reporting.figures.style import QUINTILES, axis_label, clip_interval, display
from sim.reporting.figures.value import acceptability_curves

__all__ = [
    "QUINTILES",
    "acceptability_curves",
    "axis_label",
    "care_by_quintile",
    "carried_by_quintile",
    "clip_interval",
    "differences_by_quintile",
    "display",
    "equity_plane",
    "feature_scores",
    "forest",
    "peeling_trajectory",
    "quintile_profile",
    "run_figures",
    "strain_over_time",
    "summary_figures",
]
