"""Step 4 of the week: what families do and what happens to them.

Recruit, roster PAs (or receive the provider's hours), cover gaps in the order PA, agency,
family, unmet; do the paperwork; update strain and paid work; draw risk events; spend the
budget. All arithmetic is over arrays of families; the one per-family decision with lasting
consequences (handing a PHB back) goes through sim.model.icb.hand_back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.measures import GAP_SHIFT_HOURS
from sim.model.icb import hand_back
from sim.model.workforce import recruit


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
    icb_cost: np.ndarray
    qol: np.ndarray
    vacancies: np.ndarray
    team: np.ndarray
    rostered: np.ndarray  # hours each PA slot worked this week
    slot_family: np.ndarray  # each slot's employer row when rostered (-1: empty slot)
    slot_absent: np.ndarray  # each slot's absence when rostered

    @property
    def paid(self) -> np.ndarray:
        return self.pa + self.provider + self.agency


def team_counts(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PAs employed, in training, and vacancies per family."""
    pool, n = m.pas, len(m.fam)
    act = np.nonzero(pool.active)[0]
    fam = pool.fam[act]
    team = np.bincount(fam, minlength=n)
    trainees = np.bincount(fam, weights=pool.train_left[act] > 0, minlength=n)
    vacancies = np.maximum(0, m.team_target - team)
    return team, trainees, vacancies


def family_week(m) -> CareWeek:
    f, p, rng = m.fam, m.p, m.rng
    n = len(f)
    u = rng.random((5, n))
    employs = m.employs

    # -- recruit
    pool = m.pas
    team, trainees, vacancies = team_counts(m)
    m.vacancies = vacancies
    hires = m.hires_total
    recruit(m)
    if m.hires_total != hires:
        team, trainees, vacancies = team_counts(m)

    # -- roster: present PAs work their contracted hours, untrained ones only non-clinical care
    present = np.nonzero(pool.active & (pool.absent_left == 0))[0]
    pfam = pool.fam[present]
    hours = m.pa_contract[pfam]
    trained_hours = np.bincount(pfam, weights=hours * pool.trained[present], minlength=n)
    all_hours = np.bincount(pfam, weights=hours, minlength=n)
    familiar_pa = np.bincount(
        pfam, weights=hours * (pool.tenure[present] >= p["pa.familiar_weeks"]), minlength=n
    )
    usable_untrained = np.minimum(all_hours - trained_hours, m.non_clinical * m.pa_plan)
    pa = np.minimum(m.pa_plan, trained_hours + usable_untrained)
    worked = np.divide(pa, all_hours, out=np.zeros(n), where=all_hours > 0)
    pa_familiar = familiar_pa * worked
    rostered = np.zeros(len(pool.active))
    rostered[present] = hours * worked[pfam]

    fill = np.minimum(np.maximum(m.provider_fill + m.fill_spread * (u[0] - 0.5), 0.0), 1.0)
    provider = m.plan * ~employs * fill

    # -- cover gaps: interim care while waiting, agency bought from the budget, contingency
    interim = m.funded * m.interim_share * ~m.active
    gap = np.maximum(0.0, m.funded - pa - provider - interim)
    pa_spend = pa * m.pa_hour_cost
    committed = pa_spend + provider * m.agency_rate + m.week_budget_extra
    money = np.where(m.needs_based, f.balance, f.budget_week) - committed
    want = (
        np.minimum(gap, np.maximum(0.0, money) / m.agency_rate)
        * m.access
        * (m.active & m.buys_cover)
    )
    bought, capacity = _share_capacity(f.icb, want, m.agency_capacity_area, m.n_areas)

    free_time = (
        np.maximum(0.0, m.carer_hours * (1.0 - m.crisis_loss * (f.crisis_left > 0)) - f.work)
        + f.network_hours
    )
    if m.any_contingency:
        shortfall = np.maximum(0.0, f.need - pa - provider - interim - bought - free_time)
        want2 = m.contingency * np.maximum(gap - bought, (f.crisis_left > 0) * shortfall)
        contingency, _ = _share_capacity(f.icb, want2, capacity, m.n_areas)
    else:
        contingency = np.zeros(n)
    agency = interim + bought + contingency

    # -- family care, then unmet need
    needed = np.maximum(0.0, f.need - pa - provider - agency)
    missed = np.minimum(np.maximum(needed - free_time, 0.0), p["family.work_flex_share"] * f.work)
    family = np.minimum(needed, free_time + missed)
    unmet = needed - family
    open_gap = gap - bought - contingency
    f.last_gap_week[(open_gap >= GAP_SHIFT_HOURS) & (family >= GAP_SHIFT_HOURS)] = m.steps_done
    open_gap = open_gap > 0.5

    # -- spend the budget; costs to the ICB
    spend = committed + bought * m.agency_rate
    f.balance -= spend
    f.spent += spend
    returned = f.balance * m.commissioned  # the ICB pays a provider only for hours delivered
    f.clawed += returned
    f.balance -= returned
    icb_cost = (
        spend * m.budget_fee_factor
        + (interim + contingency) * m.agency_rate
        + m.week_icb_extra
        + m.support_fee * (team > 0)
    )

    # -- paperwork
    admin = (
        m.admin_base
        + m.admin_vacancy * vacancies
        + m.admin_per_pa * team
        + m.admin_trainee * trainees
        + m.admin_gap * open_gap
        + m.admin_review * m.review_due
    )
    admin *= m.admin_mult

    # -- strain and paid work
    load = (family + admin + f.work - missed) * m.inv_comfort
    strain = (
        f.strain
        + p["strain.build_rate"] * np.maximum(0.0, load - 1.0)
        - m.recovery * (f.crisis_left == 0) * np.maximum(0.0, 1.0 - load)
    )
    f.strain = np.minimum(np.maximum(strain, 0.0), 1.0)
    threshold = p["strain.work_cut_threshold"]
    p_cut = p["strain.work_cut_prob"] * np.maximum(f.strain - threshold, 0.0) / (1.0 - threshold)
    cut = (f.work > 0) & (u[1] < p_cut)
    back = (
        (f.work < f.work0)
        & (f.strain < p["strain.work_return_threshold"])
        & (u[1] > 1.0 - p["strain.work_return_prob"])
    )
    if cut.any() or back.any():
        half_post = 0.5 * p["family.work_hours_per_carer"]
        f.work = np.minimum(np.maximum(f.work - half_post * cut + half_post * back, 0.0), f.work0)
        f.cut_work |= cut
    work_lost = f.work0 - f.work + missed

    # -- risk events: carer crisis (and hand-back), emergency admission
    f.crisis_left = np.maximum(0, f.crisis_left - 1)
    crisis = (f.crisis_left == 0) & (
        u[2] < p["risk.crisis_base"] * np.exp(p["risk.crisis_strain_slope"] * f.strain)
    )
    f.crisis_left[crisis] = p["risk.crisis_weeks"]
    paid = pa + provider + agency
    familiar_paid = pa_familiar + provider * m.provider_familiarity + agency * m.agency_familiarity
    unfamiliar = np.divide(paid - familiar_paid, paid, out=np.zeros(n), where=paid > 0)
    unmet_share = unmet * m.inv_need
    p_admit = (
        m.admission_rate
        * (1.0 + p["risk.admission_unmet_effect"] * unmet_share)
        * (1.0 + p["risk.admission_unfamiliar_effect"] * unfamiliar)
    )
    admission = u[3] < p_admit
    icb_cost += admission * p["cost.admission"]
    handing = crisis & m.active & (u[4] < m.handback_prob)

    # -- care-related quality of life: control, continuity, met need, carer wellbeing
    known = paid + family
    continuity = np.divide(familiar_paid + family, known, out=np.ones(n), where=known > 0)
    control = np.where(m.active, m.control, m.control_waiting)
    qol = 0.25 * (control + continuity + (1.0 - unmet_share) + (1.0 - f.strain))

    m.icb_spend_year += np.bincount(f.icb, weights=icb_cost, minlength=m.n_areas)
    week = CareWeek(
        need=f.need,
        pa=pa,
        provider=provider,
        agency=agency,
        family=family,
        unmet=unmet,
        familiar_paid=familiar_paid,
        admin=admin,
        work_lost=work_lost,
        crisis=crisis,
        admission=admission,
        icb_cost=icb_cost,
        qol=qol,
        vacancies=vacancies,
        team=team,
        rostered=rostered,
        slot_family=pool.fam.copy(),
        slot_absent=pool.absent_left > 0,
    )
    hand_back(m, np.nonzero(handing)[0])
    return week


def _share_capacity(
    area: np.ndarray, want: np.ndarray, capacity: np.ndarray, n_areas: int
) -> tuple[np.ndarray, np.ndarray]:
    """Share each area's agency hours pro rata to what families want; return what is left."""
    demand = np.bincount(area, weights=want, minlength=n_areas)
    ratio = np.divide(np.minimum(demand, capacity), demand, out=np.zeros(n_areas), where=demand > 0)
    got = want * ratio[area]
    return got, capacity - np.minimum(demand, capacity)
