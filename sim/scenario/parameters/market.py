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
        role="uncertainty",
    ),
    _f(
        "market.labour_force",
        900_000.0,
        "people",
        (1_000.0, 10_000_000.0),
        (400_000.0, 2_000_000.0),
        "assumption: England's working-age population (about 37 million) over 42 ICB areas; "
        "areas range from about 0.5 to 3 million residents",
        "Working-age labour force of the area, from which care workers enter the market.",
        role="uncertainty",
    ),
    _f(
        "market.candidate_arrivals",
        1.2,
        "candidates/week per 100,000 labour force",
        (0.0, 100.0),
        (0.5, 2.5),
        "assumption: calibrated so PA vacancy sits in 8-11% (FACTS §4 SfC 2021; FACTS §10 "
        "SfC 2023/24) and provider staff turnover near 25-30% (FACTS §4)",
        "New care-work candidates a week per 100,000 of the area's labour force, at posts "
        "whose appeal equals the competing job's.",
        role="uncertainty",
    ),
    _f(
        "market.candidate_leave_rate",
        0.08,
        "per week",
        (0.001, 1.0),
        (0.03, 0.2),
        "assumption: candidates find other jobs within a few months",
        "Weekly probability a waiting candidate leaves the pool.",
        role="uncertainty",
    ),
    _f(
        "market.hire_rate",
        0.06,
        "per week",
        P01,
        (0.03, 0.3),
        "FACTS §4: 77% found recruiting harder (TLAP 2022); calibrated to PA vacancy of "
        "8-11% (FACTS §4, §10) with the caseload's hand-backs at their steady state, the "
        "24-hour tier's round-the-clock teams and a search for every open post",
        "Weekly probability an open PA post is filled when candidates are plentiful (a "
        "family hires at most one PA a week).",
        role="uncertainty",
    ),
    _f(
        "market.agency_capacity",
        4.0,
        "h/week per family",
        (0.0, 168.0),
        (1.0, 10.0),
        "FACTS §4: 66% found agency cover harder, 62% dearer (TLAP 2022)",
        "Spare agency hours a week agencies aim to hold for interim, gap and contingency "
        "cover, per family in the area; they staff it from the same labour market.",
        role="uncertainty",
    ),
    _f(
        "market.homecare_pay",
        12.90,
        "GBP/h",
        (5.0, 60.0),
        (12.21, 14.5),
        "FACTS §3: NLW £12.71 (Apr 2026); council fee rates below the sustainable price "
        "(Homecare Association 2025) keep homecare pay near the NLW",
        "Hourly pay of homecare (and agency) care workers.",
        role="uncertainty",
    ),
    _f(
        "market.complex_care_pay",
        14.00,
        "GBP/h",
        (5.0, 60.0),
        (12.71, 16.0),
        "FACTS §3: the price to pay NHS Band-3-equivalent £33.87 (2025/26); complex-care "
        "HCAs are trained for delegated tasks (Sheffield FOI); size assumption",
        "Hourly pay of HCAs in nurse-led complex-care providers.",
        role="uncertainty",
    ),
    _f(
        "market.training_appeal",
        0.1,
        "relative appeal",
        (0.0, 2.0),
        (0.0, 0.3),
        "assumption: funded training and a nurse-led team make complex-care posts more "
        "attractive (FACTS §4: 64% willing, 74% need training, HSCC 2020)",
        "Extra appeal of complex-care posts from the training they give.",
        role="uncertainty",
    ),
    _f(
        "market.provider_insecure_share",
        0.36,
        "share",
        P01,
        (0.2, 0.5),
        "FACTS §4: 36% of independent-sector care workers on zero-hours contracts (SfC 2019/20)",
        "Share of provider and agency posts on insecure hours.",
        role="uncertainty",
    ),
    _f(
        "market.provider_turnover_annual",
        0.2,
        "per year",
        (0.0, 0.99),
        (0.1, 0.35),
        "FACTS §4: care-worker turnover 29.9%, independent sector 24.7-25.8% (SfC 2024/25); "
        "the reference rate at pay equal to the competing wage and secure hours",
        "Annual leaving rate of provider and agency staff at reference conditions (times "
        "(pay / wage)^-pa.pay_elasticity and the insecure-hours factor).",
        role="uncertainty",
    ),
    _f(
        "market.provider_contract_hours",
        30.0,
        "h/week",
        (1.0, 48.0),
        (20.0, 37.5),
        "assumption: most provider care workers work part-time to full-time rotas",
        "Hours a week one provider or agency worker delivers.",
        role="uncertainty",
    ),
    _f(
        "market.provider_hire_rate",
        0.35,
        "per week",
        P01,
        (0.05, 0.5),
        "assumption: providers recruit continuously and screen candidates at scale, so a "
        "vacancy fills faster than a family's",
        "Weekly chance a provider or agency vacancy is filled when candidates are plentiful.",
        role="uncertainty",
    ),
    _f(
        "market.provider_fill_rate",
        0.9,
        "share of hours",
        P01,
        (0.6, 1.0),
        "FACTS §4: 78% of families had care-package problems; 88% covered gaps (WellChild); "
        "0.9 with baseline staffing (about 94%) keeps the delivered share near 0.85",
        "Mean weekly share of package hours a fully staffed provider delivers (times the share "
        "of planned hours the area's providers have the staff for, sim.model.market).",
        role="uncertainty",
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
        role="uncertainty",
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
        role="uncertainty",
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
        role="uncertainty",
    ),
    _f(
        "market.provider_familiarity",
        0.45,
        "share of hours",
        P01,
        (0.2, 0.8),
        "FACTS §4: >6 different nurses a month (Weaver 2018, US); assumption",
        "Share of provider hours by carers the family knows.",
        role="uncertainty",
    ),
    _f(
        "market.agency_familiarity",
        0.1,
        "share of hours",
        P01,
        (0.0, 0.4),
        "assumption: ad hoc agency cover is mostly unfamiliar staff",
        "Share of ad hoc agency hours by carers the family knows.",
        role="uncertainty",
    ),
)
