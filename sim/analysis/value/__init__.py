"""The value layer: quality-adjusted years, discounted costs by perspective, and the
incremental analysis of an option against a comparator (commissioned care by default),
overall, by resource quintile and in the distributional view of Cookson et al.

A Python API that reports and the sensitivity analysis call::

    from sim.analysis.value import compare
    result = compare(option_family_tables, comparator_family_tables)
    result.table        # increments with intervals over paired replications
    result.quadrant     # the equity impact plane's quadrant

The per-household inputs (discounted totals over the horizon) are columns of every run's
family table (sim.model.recorder); discounting is in sim.analysis.value.discount.
"""

from sim.analysis.value.incremental import (
    ATKINSON_EPSILON,
    THRESHOLDS,
    ValueResult,
    compare,
    increments,
    person_means,
    quadrant,
)
from sim.analysis.value.text import comparison_lines

__all__ = [
    "ATKINSON_EPSILON",
    "THRESHOLDS",
    "ValueResult",
    "compare",
    "comparison_lines",
    "increments",
    "person_means",
    "quadrant",
]
