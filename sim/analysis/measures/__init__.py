"""The model's outputs: one list of measures that summaries, plots, sweeps and SA all read.

A measure is computed per family from the run (a weekly mean, a yearly rate or a share) and
then summarised by resource quintile with distribution measures (see sim.analysis.inequality).
What a measure is lives in ``measure``; the model's outputs in ``model_outputs``; the value
layer's increments in ``value_outputs``; calibration and other run-level outputs in
``run_level``; look-up by name in ``lookup``. Import the names from here.
"""

from __future__ import annotations

from sim.analysis.measures.lookup import interval_bounds, measure_of
from sim.analysis.measures.measure import Measure
from sim.analysis.measures.model_outputs import HEADLINE, MEASURE_NAMES, MEASURES
from sim.analysis.measures.run_level import (
    CALIBRATION,
    DISTRIBUTION,
    GAP_SHIFT_HOURS,
    SAFETY_RISK_MULTIPLIER,
    TIER_GROUPS,
    TIER_MEASURES,
)
from sim.analysis.measures.value_outputs import VALUE_OUTPUT_NAMES, VALUE_OUTPUTS

__all__ = [
    "CALIBRATION",
    "DISTRIBUTION",
    "GAP_SHIFT_HOURS",
    "HEADLINE",
    "MEASURES",
    "MEASURE_NAMES",
    "SAFETY_RISK_MULTIPLIER",
    "TIER_GROUPS",
    "TIER_MEASURES",
    "VALUE_OUTPUTS",
    "VALUE_OUTPUT_NAMES",
    "Measure",
    "interval_bounds",
    "measure_of",
]
