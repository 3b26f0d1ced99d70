"""The measures registry: every output has a plain name, a unit and a range figures respect."""

from __future__ import annotations

from sim.analysis.measures import MEASURE_NAMES, MEASURES


def test_every_measure_has_a_display_name_unit_and_bounds():
    assert len(set(MEASURE_NAMES)) == len(MEASURE_NAMES)
    for m in MEASURES:
        assert m.display and m.display != m.name, m.name
        assert m.unit, m.name
        lo, hi = m.bounds
        assert lo is None or hi is None or lo < hi, m.name
        assert m.label.startswith(m.display)
