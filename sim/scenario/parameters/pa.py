"""Registry group `personal assistants`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f, _i

PARAMS: tuple[Param, ...] = (
    _f(
        "pa.turnover_annual",
        0.10,
        "per year",
        (0.0, 0.99),
        (0.06, 0.3),
        "FACTS §4: PA turnover 16.7-20.1% (Skills for Care); calibrated: the reference rate "
        "0.10 gives an emergent baseline turnover (all leavers, incl. families leaving at "
        "the steady state's rate) of 17-20%",
        "Annual leaving rate at reference conditions (pay at the market wage, secure hours, "
        "untrained, unsupported, unstrained employer); weekly hazard 1-(1-T)^(1/52).",
    ),
    _f(
        "pa.pay_elasticity",
        1.5,
        "elasticity",
        (0.0, 10.0),
        (0.5, 3.0),
        "FACTS §4: 69% say candidates take better-paid jobs; anecdote: tenure fell 18 to 8 "
        "months with pay frozen",
        "Elasticity of the leaving hazard (and candidate arrivals) to pay/wage.",
    ),
    _f(
        "pa.insecure_share",
        0.21,
        "share",
        P01,
        (0.1, 0.4),
        "FACTS §4: 21% of PAs on zero-hours contracts (SfC 2019/20)",
        "Share of PAs on insecure hours.",
    ),
    _f(
        "pa.insecure_hazard_factor",
        1.5,
        "multiplier",
        (1.0, 10.0),
        (1.0, 2.5),
        "assumption: insecure hours raise leaving",
        "Leaving hazard multiplier, insecure hours.",
    ),
    _f(
        "pa.support_hazard_factor",
        0.8,
        "multiplier",
        (0.1, 1.0),
        (0.6, 1.0),
        "FACTS §4: drivers include type of support (Gousia & Allan 2024)",
        "Leaving hazard multiplier when the employer has payroll and planning support.",
    ),
    _f(
        "pa.trained_hazard_factor",
        0.8,
        "multiplier",
        (0.1, 2.0),
        (0.6, 1.0),
        "assumption: training is an investment that binds",
        "Leaving hazard multiplier for trained PAs.",
    ),
    _f(
        "pa.strain_hazard_effect",
        0.5,
        "relative per unit strain",
        (0.0, 5.0),
        (0.0, 1.0),
        "assumption: strained employers are harder to work for",
        "Rise in leaving hazard per unit of employer strain.",
    ),
    _f(
        "pa.contract_hours",
        21.0,
        "h/week",
        (1.0, 48.0),
        (16.0, 37.5),
        "FACTS §4: 1.87 PAs per employer (SfC); most PAs part-time; calibrated: 21 h gives "
        "about that team size with the steady-state caseload's post-18 hours",
        "Target contracted hours of one PA; team size is funded PA hours over this.",
    ),
    _f(
        "pa.sickness_prob",
        0.012,
        "per week",
        P01,
        (0.005, 0.03),
        "assumption: social care sickness about 3% of days",
        "Weekly probability a PA starts a sickness absence (1-3 weeks).",
        level="run",
    ),
    _f(
        "pa.holiday_weeks",
        5.6,
        "weeks/year",
        (0.0, 10.0),
        (5.6, 6.0),
        "statutory leave 5.6 weeks (assumption: taken as whole weeks)",
        "Holiday weeks a year per PA.",
        level="run",
    ),
    _i(
        "pa.training_weeks",
        6,
        "weeks",
        (0, 52),
        (2, 16),
        "FACTS §4: 64% willing, 74% need training (HSCC 2020); duration assumption",
        "Weeks to train a PA for delegated clinical tasks when training is funded (times "
        "pa.unfunded_training_factor when the family arranges it).",
    ),
    _f(
        "pa.unfunded_training_factor",
        2.0,
        "multiplier",
        (1.0, 5.0),
        (1.5, 3.0),
        "assumption: families arranging training themselves find courses and cover more "
        "slowly (seed 004 feature 8)",
        "Training time when the ICB does not fund training, relative to when it does.",
    ),
    _i(
        "pa.familiar_weeks",
        8,
        "weeks",
        (0, 52),
        (4, 16),
        "assumption",
        "Tenure after which a PA counts as familiar (continuity).",
        level="run",
    ),
    _f(
        "pa.untrained_start_share",
        0.7,
        "share",
        P01,
        (0.4, 0.9),
        "FACTS §4: 74% of PAs would need extra training for health tasks (HSCC 2020)",
        "Share of new hires not yet trained for clinical tasks.",
    ),
)
