"""Registry group `strain and work`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f

PARAMS: tuple[Param, ...] = (
    _f(
        "strain.build_rate",
        0.1,
        "per week per unit overload",
        (0.0, 1.0),
        (0.03, 0.2),
        "assumption: strain builds over weeks of overload (Zarit 52.8, FACTS §5)",
        "Strain added per week for each unit of load above comfort.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.recovery_rate",
        0.05,
        "per week",
        (0.0, 1.0),
        (0.02, 0.1),
        "assumption: recovery is slower than build-up and faster with resources",
        "Strain shed per week when load is below comfort.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.work_cut_threshold",
        0.5,
        "strain (0-1)",
        P01,
        (0.3, 0.7),
        "FACTS §5: 62% of parent carers cut or left work (Contact 2024)",
        "Strain above which carers start cutting paid work.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.work_cut_prob",
        0.1,
        "per week",
        P01,
        (0.02, 0.3),
        "assumption: cutting work is a slow decision",
        "Weekly probability of cutting paid "
        "work when strain is at its maximum (scaled down to 0 at the threshold).",
        level="run",
        role="uncertainty",
    ),
)
