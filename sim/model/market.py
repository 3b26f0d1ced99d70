"""One local labour market for all paid care in an ICB area.

Care workers arrive from the area's labour force into a pool of candidates and are shared
between the area's employers of paid care: families employing PAs, homecare providers
(personal-care packages), nurse-led complex-care providers (clinical and 24-hour packages,
trained HCAs) and agencies holding spare capacity for ad hoc cover. Each employer's share of
candidates follows its pay against the competing wage, its hours security and (for
complex care) its training; staff leave at a hazard that falls with pay. Provider fill and
agency capacity are what the providers and agencies manage to staff, so pay, churn and
candidate supply move commissioned and notional care as well as PA teams. Everything is
arithmetic over areas (and, for PA recruitment, over searching families).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.market_start import StationaryMarket, stationary
from sim.model.workforce import hire, weekly_hazard

HOMECARE, COMPLEX_CARE = 0, 1  # provider types; complex care serves the clinical and 24 h tiers
PER_100K = 1e-5
# Up to this many cells, drawing cell by cell costs less than one array call (whose argument
# checks cost more than the draws themselves on arrays of a few areas).
FEW_CELLS = 6


def draw(method, *args: np.ndarray) -> np.ndarray:
    """``method(*args)`` for a Generator's ``binomial`` or ``poisson`` with arrays of one
    shape: one scalar draw per cell, in the array call's order (so the same numbers from the
    same stream), when there are at most FEW_CELLS cells; else the array call itself."""
    first = args[0]
    if first.size > FEW_CELLS:
        return method(*args)
    cells = zip(*(a.ravel().tolist() for a in args), strict=True)
    return np.array([method(*cell) for cell in cells], dtype=np.int64).reshape(first.shape)


def security(insecure_share: np.ndarray, insecure_factor: np.ndarray) -> np.ndarray:
    """Appeal of an employer's hours: insecure posts count as the inverse of how much more
    often their holders leave (the same factor that raises leaving lowers the appeal)."""
    return (1.0 - insecure_share) + insecure_share / insecure_factor


@dataclass
class LabourMarkets:
    """Per-area state of the care labour market: candidates waiting, provider staff (by
    provider type; complex-care staff split into trained and in training) and agency staff."""

    candidates: np.ndarray
    families: np.ndarray
    staff: np.ndarray  # (areas, 2) provider workers in post, trained for their work
    trainees: np.ndarray  # (areas,) complex-care workers still in training
    agency_staff: np.ndarray  # (areas,)
    demand_hours: np.ndarray  # (areas, 2) provider hours planned this week
    staffing: np.ndarray  # (areas, 2) share of planned provider hours the staff can cover
    tightness: np.ndarray  # (areas,) chance per unit of appeal that a vacancy finds a candidate
    hires: np.ndarray  # (areas, 3) hires this week: homecare, complex care, agency
    leavers: np.ndarray  # (areas, 3)
    _const: dict | None = None  # area constants of a run (pay, wages, hazards do not change)
    stationary: StationaryMarket | None = None  # the state the start was drawn from

    @classmethod
    def start(cls, m) -> LabourMarkets:
        """A market that has been running: providers, agencies and the pool of candidates at
        the area's stationary state (sim.model.market_start), which also gives the chance
        each PA post of the caseload is filled (``stationary.pa_fill``)."""
        k = m.n_areas
        families = np.bincount(m.fam.icb, minlength=k).astype(float)
        mk = cls(
            candidates=np.zeros(k, dtype=np.int64),
            families=families,
            staff=np.zeros((k, 2)),
            trainees=np.zeros(k),
            agency_staff=np.zeros(k),
            demand_hours=np.zeros((k, 2)),
            staffing=np.ones((k, 2)),
            tightness=np.ones(k),
            hires=np.zeros((k, 3)),
            leavers=np.zeros((k, 3)),
        )
        # The packages the caseload is funded for (a referral cohort's are not yet planned).
        mk.demand_hours = mk.provider_demand(m, m.funded_full * m.fam.hours_factor * m.plan_fit)
        mk._const = mk.constants(m)
        steady = mk.stationary = stationary(m, mk._const, mk.required(m), mk.agency_target(m))
        mk.candidates = m.rng.poisson(steady.candidates)
        mk.trainees = np.floor(steady.trainees)
        mk.staff = np.floor(steady.workers[:, :2])
        mk.staff[:, COMPLEX_CARE] = np.floor(steady.workers[:, COMPLEX_CARE] - steady.trainees)
        mk.agency_staff = np.floor(steady.workers[:, 2])
        mk.tightness = steady.tightness
        mk.staffing = mk.staffed_share(m)
        return mk

    def constants(self, m) -> dict:
        """What the weekly step reads that cannot change during a run."""
        a = m.area
        wage, e = a["market.competing_wage"], a["pa.pay_elasticity"]
        insecure = 1.0 + a["market.provider_insecure_share"] * (a["pa.insecure_hazard_factor"] - 1)
        pay = np.stack([a["market.homecare_pay"], a["market.complex_care_pay"]], axis=1)
        hazard = (
            weekly_hazard(a["market.provider_turnover_annual"])[:, None]
            * (pay / wage[:, None]) ** -e[:, None]
        )
        hazard = np.minimum(1.0, hazard * insecure[:, None])
        appeal = self.appeal(m)
        return {
            "appeal": appeal,
            "arrivals": self.arrivals(m),
            "stay": 1.0 - a["market.candidate_leave_rate"],
            # Leaving hazard of provider staff (homecare, complex care), trainees (complex
            # care's) and agency staff (homecare's), in the order the weekly draw takes them.
            "leave_hazard": np.concatenate(
                (hazard.ravel(), hazard[:, COMPLEX_CARE], hazard[:, HOMECARE])
            ),
            # (areas, 3) the same hazards by employer: homecare, complex care, agency.
            "employer_hazard": np.column_stack((hazard, hazard[:, HOMECARE])),
            "done": 1.0 / np.maximum(1.0, a["pa.training_weeks"]),
            "agency_target": self.agency_target(m),
            "hire_rate": a["market.provider_hire_rate"][:, None] * appeal[:, 1:],
        }

    # -------------------------------------------------------------- what employers offer
    def appeal(self, m) -> np.ndarray:
        """(areas, 4) appeal of a post with each employer: PA, homecare, complex care, agency:
        (pay / competing wage)^elasticity x hours security (x training for complex care)."""
        a = m.area
        wage, e = a["market.competing_wage"], a["pa.pay_elasticity"]
        pa_pay = a["icb.pa_funded_pay"] * (
            1.0 + (a["icb.budget_method"] > 0) * a["icb.needs_based_pay_premium"]
        )
        insecure = a["pa.insecure_hazard_factor"]
        pa = (pa_pay / wage) ** e * security(a["pa.insecure_share"], insecure)
        provider = security(a["market.provider_insecure_share"], insecure)
        homecare = (a["market.homecare_pay"] / wage) ** e * provider
        complex_care = (a["market.complex_care_pay"] / wage) ** e * provider
        complex_care = complex_care * (1.0 + a["market.training_appeal"])
        return np.stack([pa, homecare, complex_care, homecare], axis=1)

    def arrivals(self, m) -> np.ndarray:
        """Expected new candidates a week: the area's labour force times the entry rate, more
        when paid care pays well against the competing wage (the mean appeal of its posts)."""
        a = m.area
        base = a["market.candidate_arrivals"] * a["market.labour_force"] * PER_100K
        return base * np.minimum(2.0, self.appeal(m).mean(axis=1))

    # -------------------------------------------------------------- what employers need
    def provider_demand(self, m, plan: np.ndarray | None = None) -> np.ndarray:
        """(areas, 2) provider hours planned (this week's plan unless given): homecare for
        personal care, complex care for the clinical and 24-hour tiers."""
        served = m.provider_plan if plan is None else plan * m.provider_care
        return np.bincount(m.provider_cell, weights=served, minlength=2 * m.n_areas).reshape(-1, 2)

    def required(self, m) -> np.ndarray:
        """(areas, 2) provider workers the planned hours need."""
        return self.demand_hours / m.area["market.provider_contract_hours"][:, None]

    def agency_target(self, m) -> np.ndarray:
        """Agency workers agencies aim to hold for ad hoc cover in each area."""
        a = m.area
        return a["market.agency_capacity"] * self.families / a["market.provider_contract_hours"]

    def capacity_hours(self, m) -> np.ndarray:
        """Agency hours a week available for interim, gap and contingency cover."""
        return self.agency_staff * m.area["market.provider_contract_hours"]

    def staffed_share(self, m, need: np.ndarray | None = None) -> np.ndarray:
        """Share of the planned provider hours the staff can cover (``need``: the workers
        those hours need, if already worked out this week)."""
        need = self.required(m) if need is None else need
        # (np.where over a few areas costs less than a masked division into a new array.)
        return np.where(need > 1e-9, np.minimum(self.staff, need) / np.maximum(need, 1e-9), 1.0)

    # -------------------------------------------------------------- the week
    def step(self, m) -> None:
        """Candidates leave for other jobs and new ones arrive; provider and agency staff leave
        and are replaced from the pool, in competition with PA employers (whose hiring in
        step 4 uses the tightness found here)."""
        c, rng = self._const, m.streams.market
        stay = draw(rng.binomial, self.candidates, c["stay"])
        self.candidates = stay + draw(rng.poisson, c["arrivals"])

        appeal = c["appeal"]
        # Provider staff, trainees and agency staff leave in one draw (element by element in
        # this order, so the same numbers as three draws): one call's overhead, not three.
        k = len(self.trainees)
        at_risk = np.concatenate((self.staff.ravel(), self.trainees, self.agency_staff))
        left_all = draw(rng.binomial, at_risk.astype(np.int64), c["leave_hazard"])
        left = left_all[: 2 * k].reshape(k, 2)
        left_trainees = left_all[2 * k : 3 * k]
        left_agency = left_all[3 * k :]
        # Those who stay, in one subtraction; the three counts are views of its result.
        at_risk -= left_all
        self.staff = at_risk[: 2 * k].reshape(k, 2)
        self.trainees = at_risk[2 * k : 3 * k]
        self.agency_staff = at_risk[3 * k :]
        # (Columns filled in place: the arrays are a few areas long, so each call's own
        # overhead is what a week pays.)
        leavers = np.empty((len(left), 3), dtype=left.dtype)
        leavers[:, :2] = left
        leavers[:, 1] += left_trainees
        leavers[:, 2] = left_agency
        self.leavers = leavers
        done = draw(rng.binomial, self.trainees.astype(np.int64), c["done"])
        self.trainees = self.trainees - done
        self.staff[:, COMPLEX_CARE] += done

        self.demand_hours = self.provider_demand(m)
        need = self.required(m)
        vacancies = np.empty((len(need), 3))
        gap = vacancies[:, :2]
        np.subtract(need, self.staff, out=gap)
        gap[:, 1] -= self.trainees
        np.subtract(c["agency_target"], self.agency_staff, out=vacancies[:, 2])
        vacancies -= 1e-9
        np.ceil(vacancies, out=vacancies)
        np.maximum(0.0, vacancies, out=vacancies)
        pa_vacancies = np.bincount(m.fam.icb, weights=m.vacancies, minlength=m.n_areas)
        weighted = pa_vacancies * appeal[:, 0] + (vacancies * appeal[:, 1:]).sum(axis=1)
        pool = self.candidates
        self.tightness = pool / (pool + weighted + 1e-9)
        p_hire = np.minimum(1.0, c["hire_rate"] * self.tightness[:, None])
        hires = draw(rng.binomial, vacancies.astype(np.int64), p_hire)
        # No area hires more candidates than it has: scale down where over.
        total = hires.sum(axis=1)
        over = total > pool
        if over.any():
            scale = np.divide(pool, total, out=np.zeros(len(pool)), where=total > 0)
            hires[over] = np.floor(hires[over] * scale[over, None]).astype(np.int64)
            total = hires.sum(axis=1)
        self.candidates = pool - total
        self.hires = hires
        self.staff[:, HOMECARE] += hires[:, 0]
        self.trainees = self.trainees + hires[:, 1]
        self.agency_staff = self.agency_staff + hires[:, 2]
        self.staffing = self.staffed_share(m, need)

    def provider_fill(self, m) -> np.ndarray:
        """Per-family share of planned provider hours the area's providers can staff."""
        return self.staffing.ravel()[m.provider_cell]


def recruit(m) -> tuple[np.ndarray, np.ndarray]:
    """Families with vacancies search; success depends on the market, resources, support, pay.
    Return the families that hired (one PA each) and their new PAs' slots."""
    fam, rng = m.fam, m.streams.recruit
    searching = (m.vacancies > 0).nonzero()[0]
    if len(searching) == 0:
        return searching, searching
    n_areas = m.n_areas
    pool = m.markets.candidates
    area = fam.icb[searching]
    # hire_factor: hire rate x pay against the local wage x brokerage x capability
    # (per family, from PHBModel.refresh_derived); the shared market adds how tight it is.
    p_hire = np.minimum(m.hire_factor[searching] * m.markets.tightness[area], 1.0)
    # Each open post is searched for, as a provider's are: the chance of filling at least one
    # this week is 1 - (1 - p)^vacancies, so a family rebuilding a team of six after a
    # hand-back recruits faster than one replacing a single PA.
    p_family = 1.0 - (1.0 - p_hire) ** m.vacancies[searching]
    hired = searching[rng.random(len(searching)) < p_family]
    # No area hires more candidates than it has: keep a random subset where over.
    per_area = np.bincount(fam.icb[hired], minlength=n_areas)
    if (per_area > pool).any():
        order = hired[rng.permutation(len(hired))]
        area_of = fam.icb[order]
        sort = np.argsort(area_of, kind="stable")
        order, area_of = order[sort], area_of[sort]
        rank = np.arange(len(order)) - np.searchsorted(area_of, area_of)
        hired = np.sort(order[rank < pool[area_of]])
    m.markets.candidates = pool - np.bincount(fam.icb[hired], minlength=n_areas)
    return hired, hire(m, hired)
