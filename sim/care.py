"""Step 4 of the week: what families do and what happens to them.

Recruit, roster PAs (or receive the provider's hours), cover gaps in the order PA, agency,
family, unmet; do the paperwork; update strain and paid work; draw risk events; spend the
budget. All arithmetic is over arrays of families; the one per-family decision with lasting
consequences (handing a PHB back) goes through sim.icb.hand_back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.families import COMMISSIONED, EMPLOYS_PAS, THIRD_PARTY
from sim.icb import hand_back
from sim.workforce import recruit


@dataclass
class CareWeek:
    """Hours, events and money of one week, per family (read by the recorder)."""

    need: np.ndarray
    pa: np.ndarray
    provider: np.ndarray
    agency: np.ndarray
    family: np.ndarray
    unmet: np.ndarray
    familiar_paid: np.ndarray
    admin: np.ndarray
    work_lost: np.ndarray
    crisis: np.ndarray
    admission: np.ndarray
    budget_spend: np.ndarray
    icb_cost: np.ndarray
    qol: np.ndarray
    vacancies: np.ndarray
    team: np.ndarray

    @property
    def paid(self) -> np.ndarray:
        return self.pa + self.provider + self.agency


def team_counts(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PAs employed, in training, and vacancies per family."""
    pool, n = m.pas, len(m.fam)
    act = np.flatnonzero(pool.active)
    fam = pool.fam[act]
    team = np.bincount(fam, minlength=n)
    trainees = np.bincount(fam, weights=pool.train_left[act] > 0, minlength=n)
    vacancies = np.maximum(0, m.team_target - team)
    return team, trainees, vacancies


def family_week(m) -> CareWeek:
    f, fp, p, rng = m.fam, m.fp, m.p, m.rng
    n = len(f)
    u = rng.random((6, n))

    # -- recruit
    m.vacancies = np.maximum(0, m.team_target - np.bincount(m.pas.fam[m.pas.active], minlength=n))
    recruit(m)
    team, trainees, vacancies = team_counts(m)

    # -- roster: present PAs work their contracted hours, untrained ones only non-clinical care
    pool = m.pas
    present = np.flatnonzero(pool.active & (pool.absent_left == 0))
    pfam = pool.fam[present]
    hours = m.pa_contract[pfam]
    trained_hours = np.bincount(pfam, weights=hours * pool.trained[present], minlength=n)
    untrained_hours = np.bincount(pfam, weights=hours * ~pool.trained[present], minlength=n)
    familiar_pa = np.bincount(pfam, weights=hours * (pool.tenure[present] >= p["pa.familiar_weeks"]),
                              minlength=n)
    usable_untrained = np.minimum(untrained_hours, (1.0 - f.clinical_share) * m.pa_plan)
    pa = np.minimum(m.pa_plan, trained_hours + usable_untrained)
    available = trained_hours + untrained_hours
    pa_familiar = np.divide(familiar_pa * pa, available, out=np.zeros(n), where=available > 0)

    provided = m.plan * ~EMPLOYS_PAS[f.arrangement]
    fill = np.clip(m.provider_fill + 0.4 * (u[0] - 0.5), 0.0, 1.0)
    provider = provided * fill

    # -- cover gaps: interim care while waiting, agency bought from the budget, contingency
    waiting = ~m.active
    interim = m.funded * waiting * fp["icb.interim_cover_share"]
    gap = np.maximum(0.0, m.funded - pa - provider - interim)
    pa_spend = pa * m.pa_pay * (1.0 + fp["icb.employer_oncost_share"])
    needs_based = fp["icb.budget_method"] > 0
    money = np.where(needs_based, f.balance, f.budget_week) - pa_spend - m.week_budget_extra
    buys = m.active & EMPLOYS_PAS[f.arrangement]
    want = np.where(buys, np.minimum(gap, np.maximum(0.0, money) / fp["icb.agency_rate"]) * m.access, 0.0)
    bought, capacity = _share_capacity(f.icb, want, m.agency_capacity_area, m.n_areas)

    carer_capacity = (f.carers * p["family.carer_hours_available"]
                      * (1.0 - p["risk.crisis_capacity_loss"] * (f.crisis_left > 0)))
    free_time = np.maximum(0.0, carer_capacity - f.work) + f.network_hours
    cover_need = np.maximum(0.0, gap - bought)
    shortfall = np.maximum(0.0, f.need - pa - provider - interim - bought - free_time)
    emergency = (f.crisis_left > 0) * shortfall
    want2 = np.where(fp["support.contingency_cover"] > 0, np.maximum(cover_need, emergency), 0.0)
    contingency, _ = _share_capacity(f.icb, want2, capacity, m.n_areas)
    agency = interim + bought + contingency

    # -- family care, then unmet need
    needed = np.maximum(0.0, f.need - pa - provider - agency)
    missed = np.clip(needed - free_time, 0.0, p["family.work_flex_share"] * f.work)
    family = np.minimum(needed, free_time + missed)
    unmet = needed - family
    uncovered_gap = np.maximum(0.0, gap - bought - contingency)
    f.last_gap_week = np.where((uncovered_gap > 0.5) & (family > 0), m.steps_done, f.last_gap_week)

    # -- spend the budget; costs to the ICB
    provider_spend = provider * fp["icb.agency_rate"]
    budget_spend = pa_spend + provider_spend + bought * fp["icb.agency_rate"] + m.week_budget_extra
    f.balance -= budget_spend
    f.spent += budget_spend
    commissioned = f.arrangement == COMMISSIONED
    f.clawed += np.where(commissioned, f.balance, 0.0)  # the ICB pays a provider only for hours
    f.balance = np.where(commissioned, 0.0, f.balance)
    icb_cost = (budget_spend + (interim + contingency) * fp["icb.agency_rate"] + m.week_icb_extra
                + m.support_fee * (team > 0)
                + (f.arrangement == THIRD_PARTY) * p["cost.third_party_fee"] * budget_spend)

    # -- paperwork
    share = m.employer_admin_share
    employer_tasks = (p["admin.recruitment_hours"] * vacancies * np.where(fp["support.brokerage"] > 0, 0.5, 1.0)
                      + p["admin.rostering_hours"] * team
                      + p["admin.payroll_hours"] * team * m.does_payroll
                      + p["admin.training_hours"] * trainees * (fp["support.training_funding"] == 0))
    reviews = m.review_due * p["admin.review_hours"] * np.where(fp["icb.approval_regime"] > 0,
                                                               fp["icb.heavy_review_admin_factor"], 1.0)
    admin = (p["admin.coordination_hours"] + share * employer_tasks
             + m.liaison_share * p["admin.gap_cover_hours"] * (uncovered_gap > 0.5) + reviews)
    admin = admin * (2.0 - m.capability)

    # -- strain and paid work
    in_crisis = f.crisis_left > 0
    load = (family + admin + f.work - missed) / (f.carers * p["family.carer_comfort_hours"])
    recovery = p["strain.recovery_rate"] * (0.5 + 0.5 * f.housing) * ~in_crisis
    f.strain = np.clip(f.strain + p["strain.build_rate"] * np.maximum(0.0, load - 1.0)
                       - recovery * np.maximum(0.0, 1.0 - load), 0.0, 1.0)
    threshold = p["strain.work_cut_threshold"]
    half_post = 0.5 * p["family.work_hours_per_carer"]
    p_cut = p["strain.work_cut_prob"] * np.clip((f.strain - threshold) / (1.0 - threshold), 0.0, 1.0)
    cut = (f.work > 0) & (u[1] < p_cut)
    back = (f.work < f.work0) & (f.strain < 0.5 * threshold) & (u[1] > 1.0 - 0.25 * p["strain.work_cut_prob"])
    f.work = np.where(cut, np.maximum(0.0, f.work - half_post), np.where(back, np.minimum(f.work0, f.work + half_post), f.work))
    f.cut_work |= cut
    work_lost = f.work0 - f.work + missed

    # -- risk events: carer crisis (and hand-back), emergency admission
    f.crisis_left = np.maximum(0, f.crisis_left - 1)
    crisis = (f.crisis_left == 0) & (u[2] < p["risk.crisis_base"] * np.exp(p["risk.crisis_strain_slope"] * f.strain))
    f.crisis_left = np.where(crisis, p["risk.crisis_weeks"], f.crisis_left)
    paid = pa + provider + agency
    familiar_paid = pa_familiar + provider * fp["market.provider_familiarity"] + agency * fp["market.agency_familiarity"]
    unfamiliar = np.divide(paid - familiar_paid, paid, out=np.zeros(n), where=paid > 0)
    unmet_share = unmet / f.need
    p_admit = m.admission_rate * (1.0 + p["risk.admission_unmet_effect"] * unmet_share) * (
        1.0 + p["risk.admission_unfamiliar_effect"] * unfamiliar)
    admission = u[3] < p_admit
    icb_cost = icb_cost + admission * p["cost.admission"]
    handing = crisis & m.active & EMPLOYS_PAS[f.arrangement] & (
        u[4] < p["risk.handback_prob"] * np.where(fp["support.support_planning"] > 0, 0.5, 1.0))

    # -- care-related quality of life: control, continuity, met need, carer wellbeing
    known = familiar_paid + family
    continuity = np.divide(known, paid + family, out=np.ones(n), where=(paid + family) > 0)
    control = np.where(m.active, m.control, m.control_waiting)
    qol = 0.25 * (control + continuity + (1.0 - unmet_share) + (1.0 - f.strain))

    m.icb_spend_year += np.bincount(f.icb, weights=icb_cost, minlength=m.n_areas)
    week = CareWeek(need=f.need.copy(), pa=pa, provider=provider, agency=agency, family=family,
                    unmet=unmet, familiar_paid=familiar_paid, admin=admin, work_lost=work_lost,
                    crisis=crisis, admission=admission, budget_spend=budget_spend, icb_cost=icb_cost,
                    qol=qol, vacancies=vacancies, team=team)
    hand_back(m, np.flatnonzero(handing))
    return week


def _share_capacity(area: np.ndarray, want: np.ndarray, capacity: np.ndarray,
                    n_areas: int) -> tuple[np.ndarray, np.ndarray]:
    """Share each area's agency hours pro rata to what families want; return what is left."""
    demand = np.bincount(area, weights=want, minlength=n_areas)
    ratio = np.divide(np.minimum(demand, capacity), demand, out=np.zeros(n_areas), where=demand > 0)
    got = want * ratio[area]
    return got, capacity - np.minimum(demand, capacity)

