"""The parameter registry: every model parameter, once, with unit, default, ranges and source.

The scenario loader validates against it, docs/PARAMETERS.md and docs/ODD.md are generated
from it, and the sensitivity analysis takes its default bounds and distributions from it.
Adding a parameter means adding one `Param` here and reading it in the model; nothing else
has to be kept in step by hand.

Sources cite a row of ``shared/evidence/FACTS.md`` as ``FACTS §section: row``, a seed text as
``seed NNN``, or say ``assumption`` with the reason. ``valid`` is what validation accepts
(logical limits); ``plausible`` is the range a modeller would believe and the default range
for sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["float", "int", "bool", "choice", "shares"]
Level = Literal["run", "area"]


@dataclass(frozen=True)
class Param:
    """One model parameter.

    ``level="area"`` marks parameters an ICB area can set for itself (labour market and
    policy); the model holds them as one value per area. ``level="run"`` parameters are the
    same for the whole run.
    """

    name: str
    kind: Kind
    default: Any
    unit: str
    source: str
    description: str
    valid: tuple[float, float] | None = None
    plausible: tuple[float, float] | None = None
    choices: tuple[str, ...] = ()
    level: Level = "area"
    dist: str = "unif"
    sa: bool = True

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.name.split(".", 1)[1]


def _f(name, default, unit, valid, plausible, source, description, **kw) -> Param:
    return Param(name, "float", default, unit, source, description, valid, plausible, **kw)


def _i(name, default, unit, valid, plausible, source, description, **kw) -> Param:
    return Param(name, "int", default, unit, source, description, valid, plausible, **kw)


def _b(name, default, source, description, **kw) -> Param:
    return Param(name, "bool", default, "switch", source, description, (0, 1), (0, 1), **kw)


def _c(name, default, choices, source, description, **kw) -> Param:
    return Param(name, "choice", default, "category", source, description, choices=choices, **kw)


def _s(name, default, source, description, **kw) -> Param:
    return Param(
        name,
        "shares",
        default,
        "share (sums to 1)",
        source,
        description,
        (0.0, 1.0),
        sa=False,
        **kw,
    )


P01 = (0.0, 1.0)
ARRANGEMENTS = ("commissioned", "notional", "third_party", "direct_payment")
TIERS = ("personal_care", "clinical", "twenty_four_hour")

PARAMS: tuple[Param, ...] = (
    # ------------------------------------------------------------------ population
    _i(
        "population.n_families",
        1000,
        "families",
        (1, 200_000),
        (100, 25_000),
        "FACTS §2: 25,855 CYP PHBs in 2023-24 over 42 ICBs, about 615 an ICB [D]",
        "Families (one child each) simulated; slots are refilled by new referrals.",
        level="run",
        sa=False,
    ),
    _i(
        "population.n_icbs",
        2,
        "ICB areas",
        (1, 42),
        (1, 42),
        "FACTS §2: ICBs (budget holders) = 42",
        "ICB areas; families are spread evenly over them.",
        level="run",
        sa=False,
    ),
    _i(
        "population.weeks",
        260,
        "weeks",
        (1, 2080),
        (52, 520),
        "assumption: five years shows turnover, reviews and transitions at 18",
        "Weeks simulated.",
        level="run",
        sa=False,
    ),
    _s(
        "population.tier_shares",
        {"personal_care": 0.5, "clinical": 0.35, "twenty_four_hour": 0.15},
        "assumption: national CCC mix is MISSING (FACTS §3); LTV census (Wallis 2011) shows "
        "24-hour ventilation is a minority",
        "Complexity tiers: personal care only, delegated clinical tasks, 24-hour care.",
        level="run",
    ),
    _f(
        "population.age_max",
        25.0,
        "years",
        (18.0, 25.0),
        (18.0, 25.0),
        "seed 001: SEND duties and PHBs run 0-25",
        "Age at which a young person leaves the model (slot refilled by a new referral).",
        level="run",
        sa=False,
    ),
    _f(
        "population.referral_age_max",
        17.0,
        "years",
        (0.0, 17.9),
        (5.0, 17.0),
        "assumption: most CCC referrals are in childhood; new referrals arrive aged 0 to this",
        "Upper age of a new referral.",
        level="run",
        sa=False,
    ),
    _i(
        "population.burn_in_weeks",
        104,
        "weeks",
        (0, 1040),
        (52, 156),
        "assumption: a running caseload needs about two years for carer strain, paid work and "
        "PA teams to settle from their starting values; burn-in weeks are run, not reported",
        "Weeks run before recording starts (a 'caseload' start only).",
        level="run",
        sa=False,
    ),
    _f(
        "population.initial_team_fill",
        0.92,
        "share of posts",
        P01,
        (0.85, 0.97),
        "FACTS §4: PA vacancy rate 7.9-8.1% (Skills for Care)",
        "Share of PA posts filled in the starting caseload.",
        level="run",
        sa=False,
    ),
    _c(
        "population.initial_state",
        "caseload",
        ("caseload", "referrals"),
        "assumption: a running caseload (packages active, PA teams mostly filled) or a cohort "
        "of new referrals all waiting for assessment and approval",
        "How the population starts.",
        level="run",
        sa=False,
    ),
    _b(
        "population.record_family_weeks",
        False,
        "assumption: the per-family-week table is large; off by default",
        "Keep the per-family-week table (float32) as well as the per-run summary.",
        level="run",
        sa=False,
    ),
    # ------------------------------------------------------------------ need
    _f(
        "need.hours_personal_care",
        25.0,
        "h/week",
        (1.0, 168.0),
        (15.0, 40.0),
        "assumption: typical CCC hours are MISSING (FACTS §3); Kuo 2011 gives 11-20 h direct "
        "family care for CMC",
        "Mean weekly hours of care need, personal-care tier.",
        level="run",
    ),
    _f(
        "need.hours_clinical",
        60.0,
        "h/week",
        (1.0, 168.0),
        (40.0, 84.0),
        "assumption: delegated clinical tasks (tube feeding, suction) through days and some nights",
        "Mean weekly hours of care need, delegated-clinical tier.",
        level="run",
    ),
    _f(
        "need.hours_twenty_four_hour",
        126.0,
        "h/week",
        (1.0, 168.0),
        (84.0, 168.0),
        "FACTS §3: 24/7 waking cover = 168 h/wk; LTV guidance expects help at least 7 nights",
        "Mean weekly hours of care need, 24-hour tier.",
        level="run",
    ),
    _f(
        "need.hours_spread",
        0.25,
        "share of mean",
        (0.0, 0.9),
        (0.1, 0.4),
        "assumption: no national distribution of package hours (FACTS §3)",
        "Half-width of the uniform spread of need hours around the tier mean.",
        level="run",
    ),
    _f(
        "need.clinical_share_clinical",
        0.5,
        "share of hours",
        P01,
        (0.3, 0.8),
        "FACTS §4: 74% of PAs would need extra training for health tasks (HSCC 2020); share "
        "is an assumption",
        "Share of care hours needing a trained carer, delegated-clinical tier.",
        level="run",
    ),
    _f(
        "need.clinical_share_twenty_four_hour",
        0.9,
        "share of hours",
        P01,
        (0.7, 1.0),
        "FACTS §3: trach/ventilation care is delivered by trained staff (Sheffield FOI 0195)",
        "Share of care hours needing a trained carer, 24-hour tier.",
        level="run",
    ),
    # ------------------------------------------------------------------ family
    _f(
        "family.two_carer_share_low",
        0.55,
        "share",
        P01,
        (0.4, 0.7),
        "assumption: lone parents are over-represented among low-income families with "
        "disabled children (Contact 2017, FACTS §5)",
        "Share of two-carer households at the lowest resource level.",
        level="run",
    ),
    _f(
        "family.two_carer_share_high",
        0.9,
        "share",
        P01,
        (0.75, 0.97),
        "assumption: as above, at the highest resource level",
        "Two-carer share, highest resource level.",
        level="run",
    ),
    _f(
        "family.carer_hours_available",
        70.0,
        "h/week per carer",
        (0.0, 112.0),
        (50.0, 90.0),
        "FACTS §5: 24% of parent carers give 100+ h/week; 93% are up at night (Family Fund)",
        "Hours a week one carer can give to care and paid work together.",
        level="run",
    ),
    _f(
        "family.carer_comfort_hours",
        40.0,
        "h/week per carer",
        (1.0, 112.0),
        (32.0, 55.0),
        "assumption, calibrated: with it about 60% of families cut paid work (FACTS §5, "
        "Contact 2024: 62%)",
        "Care, admin and paid work hours a carer sustains without building strain.",
        level="run",
    ),
    _f(
        "family.work_hours_per_carer",
        37.5,
        "h/week",
        (0.0, 60.0),
        (30.0, 40.0),
        "assumption: UK mean usual hours of employed parents, part-time included",
        "Paid work hours of an employed carer.",
        level="run",
    ),
    _f(
        "family.employment_low",
        0.6,
        "share",
        P01,
        (0.3, 0.6),
        "assumption: employment of parent carers is graded by income (FACTS §5, Contact 2024)",
        "Probability a carer would be employed without caring, lowest resource level.",
        level="run",
    ),
    _f(
        "family.employment_high",
        0.9,
        "share",
        P01,
        (0.7, 0.95),
        "assumption: as above",
        "Probability a carer is employed, highest resource level.",
        level="run",
    ),
    _f(
        "family.work_flex_share",
        0.2,
        "share of work hours",
        P01,
        (0.05, 0.4),
        "FACTS §4: parents lost about 23 h paid work/week to cover shortfalls (Weaver 2018, US)",
        "Share of work hours a carer can drop in a week to cover a gap.",
        level="run",
    ),
    _f(
        "family.network_hours_max",
        10.0,
        "h/week",
        (0.0, 40.0),
        (0.0, 20.0),
        "assumption: informal help (grandparents, friends) rises with network, FACTS §6",
        "Informal network care hours at the highest resource level.",
        level="run",
    ),
    _f(
        "family.resource_effect",
        0.5,
        "relative",
        P01,
        (0.2, 0.8),
        "FACTS §6 and seed 000: benefits follow a gradient of family resources; size MISSING",
        "How strongly low resources cut recruitment success and raise admin time, before "
        "support and information buffer it.",
        level="run",
    ),
    _f(
        "family.resource_correlation",
        0.5,
        "correlation",
        P01,
        (0.2, 0.8),
        "assumption: income, literacy, network and housing go together (FACTS §6)",
        "Correlation between the four resource components.",
        level="run",
    ),
    # ------------------------------------------------------------------ strain and work
    _f(
        "strain.build_rate",
        0.1,
        "per week per unit overload",
        (0.0, 1.0),
        (0.03, 0.2),
        "assumption: strain builds over weeks of overload (Zarit 52.8, FACTS §5)",
        "Strain added per week for each unit of load above comfort.",
        level="run",
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
    ),
    # ------------------------------------------------------------------ risk
    _f(
        "strain.work_return_threshold",
        0.25,
        "strain (0-1)",
        P01,
        (0.1, 0.4),
        "assumption: carers go back to work only well below the strain at which they cut it",
        "Strain below which carers who cut paid work may take it back.",
        level="run",
    ),
    _f(
        "strain.work_return_prob",
        0.025,
        "per week",
        P01,
        (0.005, 0.1),
        "assumption: returning to work is slower than cutting it",
        "Weekly probability of taking back half a post when strain is below the return threshold.",
        level="run",
    ),
    _f(
        "risk.crisis_base",
        0.0008,
        "per week",
        (0.0, 0.5),
        (0.0002, 0.003),
        "assumption: carer crisis is rare at low strain (FACTS §4: WellChild 57% worse "
        "mental health)",
        "Weekly probability of a carer crisis at zero strain.",
        level="run",
    ),
    _f(
        "risk.crisis_strain_slope",
        4.0,
        "log relative risk per unit strain",
        (0.0, 10.0),
        (2.0, 6.0),
        "assumption: crisis risk rises steeply with strain",
        "Crisis risk is risk.crisis_base x exp(slope x strain).",
        level="run",
    ),
    _i(
        "risk.crisis_weeks",
        4,
        "weeks",
        (1, 52),
        (2, 12),
        "assumption",
        "Weeks a crisis cuts the family's care capacity (by risk.crisis_capacity_loss).",
        level="run",
    ),
    _f(
        "risk.crisis_capacity_loss",
        0.5,
        "share",
        P01,
        (0.3, 0.8),
        "assumption",
        "Share of family care capacity lost during a crisis.",
        level="run",
    ),
    _f(
        "risk.handback_prob",
        0.2,
        "per crisis",
        P01,
        (0.05, 0.5),
        "FACTS §6: admin burden and PA recruitment are barriers to DPs (Centre for Care 2024)",
        "Probability a family employing PAs hands the PHB back after a crisis (times "
        "risk.handback_support_factor with support planning).",
        level="run",
    ),
    _f(
        "risk.handback_support_factor",
        0.5,
        "multiplier",
        P01,
        (0.3, 0.8),
        "assumption: support planning helps families keep a PHB through a crisis (seeds "
        "002/003: advice and support)",
        "Hand-back probability with support planning, relative to without.",
        level="run",
    ),
    _f(
        "risk.admission_personal_care",
        0.25,
        "per year",
        (0.0, 20.0),
        (0.1, 0.5),
        "assumption scaled from FACTS §3: recurrent emergency admissions concentrate in "
        "chronic conditions (Wijlaars 2015)",
        "Baseline emergency admissions a year, personal-care tier.",
        level="run",
    ),
    _f(
        "risk.admission_clinical",
        0.8,
        "per year",
        (0.0, 20.0),
        (0.4, 1.5),
        "assumption: FACTS §3 CMC 30-day readmission 12.6-23.7% (Cohen 2012, CA)",
        "Baseline emergency admissions a year, clinical tier.",
        level="run",
    ),
    _f(
        "risk.admission_twenty_four_hour",
        1.5,
        "per year",
        (0.0, 20.0),
        (0.8, 3.0),
        "assumption: FACTS §3 technology-assisted children cost 3.5x (Cohen 2012, CA)",
        "Baseline emergency admissions a year, 24-hour tier.",
        level="run",
    ),
    _f(
        "risk.admission_unmet_effect",
        2.0,
        "relative per unit unmet share",
        (0.0, 20.0),
        (0.5, 4.0),
        "FACTS §4: WellChild 37% felt child's safety affected by staffing gaps",
        "Rise in admission risk per unit of unmet share of need.",
        level="run",
    ),
    _f(
        "risk.admission_unfamiliar_effect",
        1.0,
        "relative per unit unfamiliar share",
        (0.0, 20.0),
        (0.2, 2.0),
        "FACTS §4: >6 different nurses a month in home nursing shortfall (Weaver 2018)",
        "Rise in admission risk per unit share of paid hours by unfamiliar carers.",
        level="run",
    ),
    # ------------------------------------------------------------------ arrangements
    _s(
        "arrangement.shares",
        {"commissioned": 0.51, "notional": 0.37, "third_party": 0.025, "direct_payment": 0.095},
        "FACTS §2: delivery mode DP 15-18%, notional 75-80%, third party 3-6% of PHBs; share "
        "of CCC families with a PHB (0.5) is an assumption (right to have, not default)",
        "Arrangement of families at the start and of new referrals.",
    ),
    _f(
        "arrangement.dp_resource_gradient",
        2.0,
        "odds ratio high/low",
        (0.1, 10.0),
        (1.0, 4.0),
        "FACTS §6: DP take-up skewed to better-off families (pilot interim report 2010; "
        "Centre for Care 2024)",
        "Odds of a direct payment at the highest resource level relative to the lowest.",
    ),
    _f(
        "arrangement.control_commissioned",
        0.35,
        "score 0-1",
        P01,
        (0.2, 0.5),
        "assumption in the spirit of ASCOT's control domain",
        "Control over daily life, commissioned care.",
        level="run",
    ),
    _f(
        "arrangement.control_notional",
        0.55,
        "score 0-1",
        P01,
        (0.4, 0.7),
        "assumption",
        "Control over daily life, notional budget.",
        level="run",
    ),
    _f(
        "arrangement.control_third_party",
        0.7,
        "score 0-1",
        P01,
        (0.5, 0.85),
        "assumption",
        "Control over daily life, third-party budget.",
        level="run",
    ),
    _f(
        "arrangement.control_direct_payment",
        0.85,
        "score 0-1",
        P01,
        (0.7, 1.0),
        "assumption",
        "Control over daily life, direct payment.",
        level="run",
    ),
    # ------------------------------------------------------------------ ICB budget holder
    _f(
        "icb.funded_share_of_need",
        0.75,
        "share of need hours",
        P01,
        (0.5, 1.0),
        "seed 004 feature 1-2 (budget covers whole need); FACTS §4 WellChild 88% cover gaps",
        "Share of the child's care need the package funds as paid hours.",
    ),
    _c(
        "icb.budget_method",
        "hours_x_rate",
        ("hours_x_rate", "needs_based"),
        "seed 004 feature 4; FACTS §1 pilot: flexibility in what can be bought",
        "Indicative budget as funded hours times a fixed rate (spent week by week) or "
        "needs-based (the same money, flexible across weeks and uses).",
    ),
    _b(
        "icb.budget_known_upfront",
        False,
        "FACTS §1: pilot interviewees rarely knew their budget; seeds 002/003/004 feature 3",
        "The family knows the budget before planning.",
    ),
    _f(
        "icb.unknown_budget_plan_fit",
        0.85,
        "share of funded hours",
        P01,
        (0.6, 1.0),
        "assumption: plans made without knowing the budget under-plan regular PA hours",
        "Share of funded hours planned as regular PA hours when the budget is not known.",
    ),
    _i(
        "icb.unknown_budget_extra_weeks",
        4,
        "weeks",
        (0, 52),
        (0, 12),
        "FACTS §1: delays and disputes over acceptable uses (Davidson 2013)",
        "Extra approval weeks when the budget is not known up front (re-planning).",
    ),
    _c(
        "icb.approval_regime",
        "light",
        ("light", "heavy"),
        "seed 004 feature 9; seed 000 governance theme",
        "Light-touch or heavy approval.",
    ),
    _i(
        "icb.approval_weeks_light",
        4,
        "weeks",
        (0, 52),
        (1, 8),
        "assumption",
        "Approval delay under light-touch approval.",
    ),
    _i(
        "icb.approval_weeks_heavy",
        14,
        "weeks",
        (0, 104),
        (8, 26),
        "assumption: FACTS §1 heavily restricted sites tended to worsen outcomes",
        "Approval delay under heavy approval.",
    ),
    _f(
        "icb.interim_cover_share",
        0.25,
        "share of funded hours",
        P01,
        (0.0, 0.6),
        "assumption: interim agency cover while a PHB is approved",
        "Share of funded hours delivered by interim care while approval is pending.",
    ),
    _i(
        "icb.panel_weeks",
        4,
        "weeks",
        (1, 13),
        (1, 8),
        "assumption: ICB continuing-care panels typically meet monthly",
        "Weeks between ICB panels that close finished packages and take new referrals.",
        level="run",
        sa=False,
    ),
    _i(
        "icb.review_weeks",
        26,
        "weeks",
        (4, 156),
        (13, 52),
        "assumption: first review at 3-6 months, then at least yearly (NHS England guidance)",
        "Weeks between budget reviews.",
    ),
    _f(
        "icb.heavy_review_admin_factor",
        2.5,
        "multiplier",
        (1.0, 10.0),
        (1.5, 4.0),
        "seed 004 feature 9: light-touch, transparent approval",
        "Review paperwork under heavy governance relative to light.",
    ),
    _f(
        "icb.review_disruption_share",
        0.1,
        "share of funded hours",
        P01,
        (0.0, 0.3),
        "assumption: heavy reviews pause changes and agency cover for a week",
        "Share of funded hours lost in a review week under heavy governance.",
    ),
    _b(
        "icb.clawback",
        True,
        "assumption: ICBs commonly reclaim unspent PHB money",
        "Reclaim unspent money above a threshold at review.",
    ),
    _f(
        "icb.clawback_threshold_weeks",
        8.0,
        "weeks of budget",
        (0.0, 52.0),
        (4.0, 13.0),
        "assumption",
        "Balance kept by the family at review, in weeks of budget.",
    ),
    _c(
        "icb.overspend_response",
        "absorb",
        ("absorb", "cut"),
        "assumption: some ICBs cut packages when the envelope is overspent",
        "What the ICB does when its envelope is overspent.",
    ),
    _f(
        "icb.overspend_cut_share",
        0.05,
        "share of funded hours",
        P01,
        (0.0, 0.2),
        "assumption",
        "Cut to funded hours at review after an overspend (response 'cut').",
    ),
    _f(
        "icb.overspend_cut_floor",
        0.5,
        "share of the package",
        P01,
        (0.3, 0.8),
        "assumption: cuts after an overspend stop at half the assessed package",
        "Lowest share of funded hours that repeated overspend cuts can leave.",
    ),
    _f(
        "icb.envelope_headroom",
        0.03,
        "share",
        (0.0, 1.0),
        (0.0, 0.1),
        "assumption",
        "Envelope above the sum of allocations.",
    ),
    _f(
        "icb.pa_funded_pay",
        13.80,
        "GBP/h",
        (5.0, 60.0),
        (12.21, 18.0),
        "FACTS §3: Herefordshire children's DP £13.80/h (2024); NLW £12.71 (2026)",
        "PA hourly pay the budget funds, before on-costs.",
    ),
    _f(
        "icb.employer_oncost_share",
        0.25,
        "share of pay",
        (0.0, 1.0),
        (0.15, 0.35),
        "MODEL_BRIEF conversions: NI, pension and holiday pay on top of pay; size assumption",
        "Employer on-costs on PA pay.",
    ),
    _f(
        "icb.agency_rate",
        38.0,
        "GBP/h",
        (5.0, 150.0),
        (30.0, 60.0),
        "FACTS §3: homecare minimum £32.14 (2025/26), Band-3 equivalent £33.87; complex care "
        "costs more (MISSING)",
        "Agency price per hour (commissioned packages, interim and gap cover).",
    ),
    _f(
        "icb.needs_based_pay_premium",
        0.1,
        "share of pay",
        (0.0, 1.0),
        (0.0, 0.2),
        "FACTS §4: 69% of employers say candidates take better-paid jobs (TLAP 2022)",
        "Pay premium a needs-based budget lets families offer PAs from its flexibility.",
    ),
    # ------------------------------------------------------------------ support offer
    _f(
        "support.information_quality",
        0.5,
        "score 0-1",
        P01,
        (0.1, 0.9),
        "seed 000: information infrastructure theme; FACTS §6: families not told about DPs",
        "Quality of information; buffers the effect of low family resources.",
    ),
    _b(
        "support.support_planning",
        True,
        "seed 004 feature 6; seeds 002/003 advice and support",
        "Adequate support for support planning (halves hand-back risk, buffers resources).",
    ),
    _b(
        "support.brokerage",
        False,
        "seed 004 feature 10; FACTS §2 POET brokers 11.5%",
        "Brokerage helps families recruit PAs (raises hiring success, cuts recruitment admin).",
    ),
    _b(
        "support.payroll_service",
        True,
        "FACTS §2 POET: managed/provider routes 24%",
        "Payroll / managed account takes payroll admin off the family.",
    ),
    _b(
        "support.training_funding",
        False,
        "seed 004 feature 8; FACTS §4 74% need training",
        "The ICB funds and arranges PA training for delegated clinical tasks.",
    ),
    _b(
        "support.contingency_cover",
        False,
        "FACTS §4: 66% found agency cover harder (TLAP)",
        "ICB-funded emergency cover for PHB holders: gaps in paid care and carer crises, "
        "outside the family budget.",
    ),
    _f(
        "support.brokerage_hire_factor",
        1.5,
        "multiplier",
        (1.0, 5.0),
        (1.2, 2.0),
        "assumption: brokers bring candidates (FACTS §2 POET brokers 11.5%)",
        "Weekly hiring success multiplier with brokerage.",
    ),
    _f(
        "support.information_weight",
        0.5,
        "share",
        P01,
        (0.3, 0.7),
        "assumption: information and the support services weigh equally in the support a "
        "family can draw on (seed 000: information infrastructure and support themes)",
        "Weight of information quality in the support score (the rest: the mean of the five "
        "support switches).",
    ),
    _f(
        "support.third_party_support",
        0.8,
        "score 0-1",
        P01,
        (0.6, 1.0),
        "assumption: a support organisation provides most of the support services",
        "Floor of the support-switch score under a third-party budget.",
    ),
    _f(
        "support.brokerage_admin_factor",
        0.5,
        "multiplier",
        P01,
        (0.3, 0.8),
        "assumption: brokers do much of the searching and first interviews",
        "Recruitment admin with brokerage, relative to without.",
    ),
    _f(
        "support.buffer",
        0.6,
        "share",
        P01,
        (0.3, 0.9),
        "assumption: how much good support and information offset low family resources",
        "Share of the resource gradient removed by full support and information.",
    ),
    # ------------------------------------------------------------------ transition at 18
    _c(
        "transition.policy",
        "planned",
        ("planned", "cliff_edge"),
        "seed 000 transitions theme; FACTS §7 cliff edge (CQC 2014)",
        "Planned handover to adult services or a cliff edge with a gap.",
    ),
    _f(
        "transition.adult_chc_eligibility",
        0.6,
        "share",
        P01,
        (0.3, 0.9),
        "FACTS §7: share found ineligible for adult CHC is MISSING; assumption",
        "Probability a young person is eligible for adult CHC at 18.",
    ),
    _f(
        "transition.ineligible_funded_share",
        0.4,
        "share of funded hours",
        P01,
        (0.1, 0.7),
        "assumption: adult social care funds part of the package after CHC ineligibility",
        "Funded hours kept after 18 when not eligible for adult CHC.",
    ),
    _i(
        "transition.cliff_edge_gap_weeks",
        16,
        "weeks",
        (0, 104),
        (4, 26),
        "FACTS §7: services sometimes stop before adult services start",
        "Weeks with no funded care at 18 under a cliff edge.",
    ),
    # ------------------------------------------------------------------ labour market
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
    # ------------------------------------------------------------------ personal assistants
    _f(
        "pa.turnover_annual",
        0.12,
        "per year",
        (0.0, 0.99),
        (0.06, 0.3),
        "FACTS §4: PA turnover 16.7-20.1% (Skills for Care); calibrated: the reference rate "
        "0.12 gives an emergent baseline turnover (all leavers, incl. families leaving) of "
        "17-20%",
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
        22.0,
        "h/week",
        (1.0, 48.0),
        (16.0, 37.5),
        "FACTS §4: 1.87 PAs per employer (SfC); most PAs part-time",
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
    # ------------------------------------------------------------------ admin time
    _f(
        "admin.coordination_hours",
        2.0,
        "h/week",
        (0.0, 40.0),
        (1.0, 4.0),
        "FACTS §5: median 2 h/week care coordination (Kuo 2011, US)",
        "Care coordination every family does.",
        level="run",
    ),
    _f(
        "admin.recruitment_hours",
        3.0,
        "h/week per vacancy",
        (0.0, 40.0),
        (1.0, 6.0),
        "FACTS §4: about 10 h/month finding cover (Weaver 2018, US)",
        "Recruitment admin per open vacancy a week (times support.brokerage_admin_factor "
        "with brokerage).",
        level="run",
    ),
    _f(
        "admin.rostering_hours",
        0.5,
        "h/week per PA",
        (0.0, 10.0),
        (0.25, 1.0),
        "assumption",
        "Rostering per PA a week.",
        level="run",
    ),
    _f(
        "admin.payroll_hours",
        0.5,
        "h/week per PA",
        (0.0, 10.0),
        (0.25, 1.0),
        "assumption: timesheets, HMRC, pension (none with a payroll service)",
        "Payroll per PA a week.",
        level="run",
    ),
    _f(
        "admin.training_hours",
        1.0,
        "h/week per trainee",
        (0.0, 10.0),
        (0.5, 2.0),
        "assumption",
        "Arranging training per PA in training (none when the ICB funds it).",
        level="run",
    ),
    _f(
        "admin.review_hours",
        6.0,
        "h per review",
        (0.0, 80.0),
        (3.0, 12.0),
        "assumption: support plan review and reporting",
        "Review and reporting per review (times the heavy factor under heavy governance).",
        level="run",
    ),
    _f(
        "admin.gap_cover_hours",
        1.0,
        "h/week per gap week",
        (0.0, 20.0),
        (0.5, 3.0),
        "FACTS §4: about 10 h/month finding cover (Weaver 2018, US)",
        "Arranging cover in a week with a paid-care gap.",
        level="run",
    ),
    _f(
        "admin.employer_share_third_party",
        0.25,
        "share",
        P01,
        (0.1, 0.5),
        "assumption: a support organisation takes most employer tasks",
        "Share of employer admin left to the family under a third-party budget.",
        level="run",
    ),
    _f(
        "admin.employer_share_notional",
        0.3,
        "share",
        P01,
        (0.1, 0.5),
        "assumption: families still liaise with providers",
        "Share of provider liaison admin under a notional budget relative to a direct payment.",
        level="run",
    ),
    # ------------------------------------------------------------------ costs
    _f(
        "cost.admission",
        3000.0,
        "GBP",
        (0.0, 100_000.0),
        (1500.0, 8000.0),
        "assumption: CMC admissions cost more than average (FACTS §3 Hessey 2025: 52% of costs)",
        "NHS cost of an emergency admission.",
        level="run",
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
    ),
)

REGISTRY: dict[str, Param] = {p.name: p for p in PARAMS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(p.group for p in PARAMS))


def defaults() -> dict[str, Any]:
    """Flat ``{dotted name: default}``; shares are copied so callers can change them."""
    return {p.name: (dict(p.default) if p.kind == "shares" else p.default) for p in PARAMS}


def nested(flat: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Flat dotted names to the nested form scenario files use."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in flat.items():
        group, key = name.split(".", 1)
        out.setdefault(group, {})[key] = value
    return out


def flatten(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Nested mapping to ``(dotted name, value)``; a shares parameter stays one value."""
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not (
            name in REGISTRY and REGISTRY[name].kind == "shares"
        ):
            yield from flatten(value, prefix=f"{name}.")
        else:
            yield name, value
