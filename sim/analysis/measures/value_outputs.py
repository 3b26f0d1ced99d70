"""Outputs of the value layer (sim.analysis.value): increments of an option against a
comparator, per person over the value horizon, discounted; differences, so either sign."""

from __future__ import annotations

from sim.analysis.measures.measure import Measure


def _increment(name: str, unit: str, description: str, worse: bool, display: str) -> Measure:
    """A value-layer output: a difference, so it may take either sign."""
    return Measure(name, unit, description, worse, display=display, bounds=(None, None))


VALUE_OUTPUTS: tuple[Measure, ...] = (
    *(
        _increment(
            f"inc_cost_{name}",
            "GBP/person",
            f"Incremental cost, {text} perspective.",
            True,
            f"Incremental cost, {text}",
        )
        for name, text in (("nhs", "NHS/ICB"), ("family", "families'"), ("societal", "societal"))
    ),
    *(
        _increment(
            f"inc_qaly_{who}",
            "QALY/person",
            f"Incremental quality-adjusted years, {text}.",
            False,
            f"Incremental QALYs, {text}",
        )
        for who, text in (("child", "child"), ("carer", "carer"), ("total", "child and carer"))
    ),
    *(
        _increment(
            f"nmb_{persp}_{k}k",
            "GBP/person",
            f"Net monetary benefit at £{k},000 per QALY: £{k},000 x incremental QALYs "
            f"(child and carer) minus the incremental {text} cost.",
            False,
            f"Net monetary benefit, {text}, £{k}k/QALY",
        )
        for persp, text in (("nhs", "NHS/ICB"), ("societal", "societal"))
        for k in (20, 30)
    ),
    _increment(
        "delta_sii_qaly",
        "QALY/person",
        "Change in the slope index of inequality of "
        "quality-adjusted years by resource (positive: the gap between the best- and "
        "worst-resourced widens).",
        True,
        "Change in SII of QALYs",
    ),
    _increment(
        "delta_ede_qaly",
        "QALY/person",
        "Change in the Atkinson equally distributed "
        "equivalent of quality-adjusted years across resource quintiles.",
        False,
        "Change in equally distributed QALYs",
    ),
    _increment(
        "net_health_benefit",
        "QALY/person",
        "Incremental QALYs minus the incremental "
        "NHS/ICB cost at £20,000 per QALY (the equity impact plane's horizontal axis).",
        False,
        "Net health benefit",
    ),
)
VALUE_OUTPUT_NAMES: tuple[str, ...] = tuple(m.name for m in VALUE_OUTPUTS)
