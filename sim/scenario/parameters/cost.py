"""Registry group `costs`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import Param, _f

PARAMS: tuple[Param, ...] = (
    _f(
        "cost.admission",
        3000.0,
        "GBP",
        (0.0, 100_000.0),
        (1500.0, 8000.0),
        "assumption: CMC admissions cost more than average (FACTS §3 Hessey 2025: 52% of costs)",
        "NHS cost of an emergency admission.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "cost.third_party_fee",
        0.08,
        "share of spend",
        (0.0, 1.0),
        (0.03, 0.15),
        "assumption",
        "Support organisation fee on third-party budgets.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "cost.payroll_fee",
        8.0,
        "GBP/week per family",
        (0.0, 200.0),
        (4.0, 15.0),
        "assumption",
        "Payroll / managed account fee.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "cost.brokerage_per_hire",
        300.0,
        "GBP",
        (0.0, 10_000.0),
        (100.0, 800.0),
        "assumption",
        "Brokerage cost per PA hired.",
        level="run",
        role="uncertainty",
    ),
    _f(
        "cost.training_per_pa",
        600.0,
        "GBP",
        (0.0, 10_000.0),
        (300.0, 1500.0),
        "assumption",
        "Training cost per PA trained (from the budget unless the ICB funds it).",
        level="run",
        role="uncertainty",
    ),
    _f(
        "cost.support_planning_per_plan",
        400.0,
        "GBP",
        (0.0, 10_000.0),
        (200.0, 1000.0),
        "assumption",
        "Support planning cost per new PHB.",
        level="run",
        role="uncertainty",
    ),
)
