"""Registry group `labour market`: its parameters with unit, default, ranges and source."""

from __future__ import annotations

from sim.scenario.parameters.core import P01, Param, _f

PARAMS: tuple[Param, ...] = (
    _f(
        "market.competing_wage",
        13.50,
        "GBP/h",
        (5.0, 60.0),
        (12.71, 16.0),
        "FACTS §3: NLW £12.71 (Apr 2026); FACTS §4: candidates take better-paid jobs",
        "Local wage of competing jobs (retail, care homes).",
    ),
    _f(
        "market.candidate_arrivals",
        0.6,
        "candidates/week per 100 families",
        (0.0, 100.0),
        (0.2, 1.5),
        "assumption: calibrated so PA vacancy is about 8% (FACTS §4, SfC 2021)",
        "New PA candidates a week per 100 families in the area, at pay equal to the wage.",
    ),
    _f(
        "market.candidate_leave_rate",
        0.08,
        "per week",
        (0.001, 1.0),
        (0.03, 0.2),
        "assumption: candidates find other jobs within a few months",
        "Weekly probability a waiting candidate leaves the pool.",
    ),
    _f(
        "market.hire_rate",
        0.06,
        "per week",
        P01,
        (0.03, 0.3),
        "FACTS §4: 77% found recruiting harder (TLAP 2022); calibration to 8% vacancy",
        "Weekly probability a recruiting family fills a vacancy when candidates are plentiful.",
    ),
    _f(
        "market.agency_capacity",
        4.0,
        "h/week per family",
        (0.0, 168.0),
        (1.0, 10.0),
        "FACTS §4: 66% found agency cover harder, 62% dearer (TLAP 2022)",
        "Agency hours a week available for gap cover, per family in the area.",
    ),
    _f(
        "market.provider_fill_rate",
        0.85,
        "share of hours",
        P01,
        (0.6, 1.0),
        "FACTS §4: 78% of families had care-package problems; 88% covered gaps (WellChild)",
        "Mean weekly share of commissioned or notional package hours a provider delivers.",
    ),
    _f(
        "market.provider_complex_penalty",
        0.25,
        "share of hours",
        P01,
        (0.05, 0.4),
        "FACTS §4: home-nursing shortfall about 40 h/week per family (Weaver 2018, US), about "
        "40% of a 24-hour package; FACTS §3: complex-care agencies need trained HCAs (Sheffield "
        "FOI)",
        "Fill-rate shortfall for the 24-hour tier (half of it for the clinical tier).",
    ),
    _f(
        "market.provider_complex_familiarity_loss",
        0.35,
        "share",
        P01,
        (0.1, 0.6),
        "FACTS §4: >6 different nurses a month in complex home nursing (Weaver 2018, US); "
        "FACTS §3: complex-care agencies staff 1:1 packages from a rota (Sheffield FOI)",
        "Relative loss of provider familiarity for the 24-hour tier (half for clinical).",
    ),
    _f(
        "market.provider_fill_spread",
        0.4,
        "share of hours",
        P01,
        (0.2, 0.6),
        "FACTS §4: 78% of families had care-package problems (WellChild); week-to-week "
        "variation is an assumption",
        "Width of the uniform week-to-week variation of a provider's fill rate.",
    ),
    _f(
        "market.provider_familiarity",
        0.45,
        "share of hours",
        P01,
        (0.2, 0.8),
        "FACTS §4: >6 different nurses a month (Weaver 2018, US); assumption",
        "Share of provider hours by carers the family knows.",
    ),
    _f(
        "market.agency_familiarity",
        0.1,
        "share of hours",
        P01,
        (0.0, 0.4),
        "assumption: ad hoc agency cover is mostly unfamiliar staff",
        "Share of ad hoc agency hours by carers the family knows.",
    ),
)
