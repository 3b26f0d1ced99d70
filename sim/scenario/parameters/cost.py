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
        "assumption: support organisations' management fees are commonly quoted as a single-digit "
        "to low-teens share of the budget; no national figure, so the range spans that",
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
        "assumption: managed-account and payroll services charge a flat weekly fee of a few pounds"
        " to about £15; no national figure",
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
        "assumption: a few hours of a broker's or support worker's time per hire (advert, checks, "
        "interview) at about £30-40 an hour; the range allows DBS and advertising costs",
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
        "assumption: clinical-skills training for a PA (e.g. suction, gastrostomy, epilepsy "
        "rescue) is days of a nurse trainer's time shared across trainees; the range spans one to "
        "several modules",
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
        "assumption: support planning takes one to two working days of a planner's or care "
        "coordinator's time per new plan",
        "Support planning cost per new PHB.",
        level="run",
        role="uncertainty",
    ),
)
