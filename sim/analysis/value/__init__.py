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

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use: a model run imports only sim.analysis.value.discount, and the
# incremental analysis brings scipy.stats, which a run does not need.
_EXPORTS = {
    "ATKINSON_EPSILON": "incremental",
    "THRESHOLDS": "incremental",
    "ValueResult": "incremental",
    "compare": "incremental",
    "compare_values": "incremental",
    "increments_from": "incremental",
    "run_values": "incremental",
    "increments": "incremental",
    "person_means": "incremental",
    "quadrant": "incremental",
    "comparison_lines": "text",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"sim.analysis.value.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
