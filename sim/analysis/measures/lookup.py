"""Finding a measure (or value output) by name, and the range its intervals are clipped to."""

from __future__ import annotations

from sim.analysis.measures.measure import Measure
from sim.analysis.measures.model_outputs import MEASURES
from sim.analysis.measures.value_outputs import VALUE_OUTPUTS

# Value outputs are looked up too, so tables and figures show their display names and units.
_BY_NAME = {m.name: m for m in (*MEASURES, *VALUE_OUTPUTS)}


def measure_of(name: str) -> Measure | None:
    """The registered measure called ``name`` (None for run-level or accounting outputs)."""
    return _BY_NAME.get(name)


def interval_bounds(name: str, difference: bool = False) -> tuple[float | None, float | None]:
    """The range an interval of measure ``name`` is clipped to: the measure's bounds, or for
    a difference of two values the widest difference those bounds allow."""
    m = measure_of(name)
    lo, hi = m.bounds if m else (None, None)
    if difference:
        return (lo - hi, hi - lo) if lo is not None and hi is not None else (None, None)
    return lo, hi
