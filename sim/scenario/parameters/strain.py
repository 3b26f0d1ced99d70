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
    _f(
        "strain.night_weight",
        1.5,
        "load per night hour",
        (1.0, 4.0),
        (1.2, 2.5),
        "assumption: a waking night costs the sleep as well as the hour; FACTS §5: about half "
        "of parents up at night report health problems from sleep loss (Family Fund), 3x as "
        "many nights under 6 h (Keilty)",
        "Weight of an hour of care the parents give at night against a day hour, in their load.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.unmet_weight",
        0.5,
        "load per unmet hour",
        (0.0, 2.0),
        (0.25, 1.0),
        "assumption: parents stay on call and vigilant for care nobody gives; FACTS §4: "
        "WellChild, 57% of families with care-package problems report worse mental health",
        "Weight of an hour of unmet need in the parents' load.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.respite_recovery_per_hour",
        0.03,
        "per h/week",
        (0.0, 0.2),
        (0.01, 0.06),
        "assumption: hours the network takes over are breaks that speed recovery (10 h a week "
        "about a third faster)",
        "Relative gain in strain recovery per weekly hour of help from the informal network.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "strain.support_recovery_gain",
        0.5,
        "relative",
        (0.0, 2.0),
        (0.2, 1.0),
        "assumption: support planning and a working support offer help carers recover; "
        "FACTS §1: PHBs improved wellbeing (GHQ-12) where well supported (Forder 2012)",
        "Relative gain in strain recovery at full support (the package's support index).",
        level="run",
        role="uncertainty",
    ),
)
