"""Step 4 of the week: what families do and what happens to them.

``family_week`` reads like the brief's step 4: recruit, roster the PAs (or receive the
provider's hours), cover gaps in the order PA, agency, family, unmet; do the paperwork; carry
strain and adjust paid work; meet risk events; spend the budget. Each sub-step is a named
function here or in the module named for its mechanism (paperwork, strain, risks, ledger,
outcomes). All arithmetic is over arrays of families; the one per-family decision with lasting
consequences (handing a PHB back) goes through sim.model.icb.hand_back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.measures import GAP_SHIFT_HOURS
from sim.model import costs, ledger, outcomes, paperwork, risks, shifts, strain
from sim.model.icb import hand_back
from sim.model.market import recruit


@dataclass
class CareWeek:
    """Hours, events and money of one week, per family (read by the recorder)."""

    need: np.ndarray
    pa: np.ndarray
    provider: np.ndarray
    agency: np.ndarray
    family: np.ndarray  # parents and network
    unmet: np.ndarray
    network: np.ndarray  # family hours given by the informal network (not the parents' load)
    parent_night: np.ndarray  # family hours given by the parents at night (23:00-07:00)
    unmet_night: np.ndarray  # unmet hours at night
    paid: np.ndarray  # PA, provider and agency hours (pa + provider + agency)
    familiar_paid: np.ndarray
    admin: np.ndarray
    work_lost: np.ndarray
    crisis: np.ndarray
    admission: np.ndarray
    icb_cost: np.ndarray
    costs: np.ndarray | None  # cost components (sim.model.costs.COMPONENTS; recorded weeks)
    outcomes: outcomes.Outcomes | None  # child and carer QoL (recorded weeks only)
    vacancies: np.ndarray
    team: np.ndarray
    rostered: np.ndarray  # hours each PA slot worked this week
    slot_family: np.ndarray  # each slot's employer row when rostered (-1: empty slot)
    slot_absent: np.ndarray  # each slot's absence when rostered

    @property
    def parent(self) -> np.ndarray:
        """Care hours the parents gave themselves (family hours less the network's)."""
        return self.family - self.network


@dataclass
class Roster:
    """Paid hours planned for the week before gaps are covered."""

    pa: np.ndarray  # PA hours worked
    pa_familiar: np.ndarray  # of which by PAs the family knows
    rostered: np.ndarray  # hours per PA slot
    provider: np.ndarray  # provider hours delivered (commissioned and notional packages)


@dataclass
class Cover:
    """How the rest of the week's need was covered."""

    interim: np.ndarray  # interim agency care while waiting for a package
    bought: np.ndarray  # agency hours bought from the budget
    contingency: np.ndarray  # agency hours from the ICB's contingency
    family: np.ndarray  # hours the family (parents and network) gave
    network: np.ndarray  # of which by the informal network (day and evening)
    parent_night: np.ndarray  # of which by the parents at night
    unmet: np.ndarray  # hours nobody covered
    unmet_night: np.ndarray  # of which at night
    missed: np.ndarray  # paid-work hours carers missed to cover
    open_gap: np.ndarray  # funded hours no paid carer delivered (bool: above half an hour)
    committed: np.ndarray  # budget money committed before buying cover
    agency: np.ndarray  # all agency hours: interim + bought + contingency


def team_counts(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PAs employed, in training, and vacancies per family."""
    pool, n = m.pas, len(m.fam)
    act = pool.active.nonzero()[0]
    fam = pool.fam[act]
    team = np.bincount(fam, minlength=n)
    trainees = np.bincount(fam, weights=pool.train_left[act] > 0, minlength=n)
    return team, trainees, open_posts(m, team)


def open_posts(m, team: np.ndarray) -> np.ndarray:
    """Vacancies per family: posts of its team target not filled."""
    return np.maximum(0, m.team_target - team)


def family_week(m) -> CareWeek:
    """Step 4 for every family at once."""
    u = m.streams.week.random((5, len(m.fam)))
    team, trainees, vacancies = recruit_for_vacancies(m)
    rota = roster(m, u[0])
    cover = cover_gaps(m, rota)
    admin = paperwork.admin_hours(m, vacancies, team, trainees, cover.open_gap)
    work_lost = strain.carry(m, cover, admin, u[1])
    icb_cost = ledger.spend(m, cover, team)
    events = risks.events(m, rota, cover, u[2], u[3], u[4])
    week_costs, icb_cost = costs.week_costs(m, rota, cover, events, icb_cost, work_lost)
    scores = outcomes.week(m, rota, cover, events, admin, work_lost) if m.recording else None
    m.icb_spend_year += np.bincount(m.fam.icb, weights=icb_cost, minlength=m.n_areas)
    week = CareWeek(
        need=m.fam.need,
        pa=rota.pa,
        provider=rota.provider,
        agency=cover.agency,
        family=cover.family,
        unmet=cover.unmet,
        network=cover.network,
        parent_night=cover.parent_night,
        unmet_night=cover.unmet_night,
        paid=events.paid,
        familiar_paid=events.familiar_paid,
        admin=admin,
        work_lost=work_lost,
        crisis=events.crisis,
        admission=events.admission,
        icb_cost=icb_cost,
        costs=week_costs,
        outcomes=scores,
        vacancies=vacancies,
        team=team,
        rostered=rota.rostered,
        slot_family=m.pas.fam.copy(),
        slot_absent=m.pas.absent_left > 0,
    )
    hand_back(m, events.handing.nonzero()[0])
    return week


def recruit_for_vacancies(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Families with vacancies search the market; return team, trainees and vacancies."""
    team, trainees, vacancies = team_counts(m)
    m.vacancies = vacancies
    hired, slots = recruit(m)
    if len(hired):
        # Each family that hired has one PA more (families do not repeat), a trainee if the
        # new PA is in training: the counts team_counts would give, without recounting.
        team[hired] += 1
        trainees[hired] += m.pas.train_left[slots] > 0
        vacancies = open_posts(m, team)
    return team, trainees, vacancies


def roster(m, u_fill: np.ndarray) -> Roster:
    """Present PAs work their contracted hours, untrained ones only non-clinical care; the
    provider delivers its share of a commissioned or notional plan."""
    pool, n = m.pas, len(m.fam)
    present = (pool.active & (pool.absent_left == 0)).nonzero()[0]
    pfam = pool.fam[present]
    hours = m.pa_contract[pfam]
    trained_hours = np.bincount(pfam, weights=hours * pool.trained[present], minlength=n)
    all_hours = np.bincount(pfam, weights=hours, minlength=n)
    familiar_pa = np.bincount(
        pfam, weights=hours * (pool.tenure[present] >= m.p["pa.familiar_weeks"]), minlength=n
    )
    usable_untrained = np.minimum(all_hours - trained_hours, m.non_clinical * m.pa_plan)
    pa = np.minimum(m.pa_plan, trained_hours + usable_untrained)
    # Share of the present PAs' hours worked; a family with none has pa == 0 (the plan is
    # never negative), so dividing by 1 there gives the 0 a masked division would.
    worked = pa / np.where(all_hours > 0, all_hours, 1.0)
    rostered = np.zeros(len(pool.active))
    rostered[present] = hours * worked[pfam]
    return Roster(
        pa=pa,
        pa_familiar=familiar_pa * worked,
        rostered=rostered,
        provider=provider_hours(m, u_fill),
    )


def provider_hours(m, u_fill: np.ndarray) -> np.ndarray:
    """Hours a provider delivers of a commissioned or notional plan this week."""
    # The rota's fill when staffed (less for complex packages), times the share of the
    # area's planned provider hours its providers have the staff for (sim.model.market).
    staffed = m.provider_fill * m.markets.provider_fill(m)
    fill = np.minimum(np.maximum(staffed + m.fill_spread * (u_fill - 0.5), 0.0), 1.0)
    return m.provider_plan * fill


def cover_gaps(m, rota: Roster) -> Cover:
    """Interim care while waiting, agency bought from the budget, the ICB's contingency,
    then the family's own time, then unmet need, band by band (day, evening, night).

    Paid hours are spread over the bands by ``sim.model.shifts.spread`` (nights weighted by
    how fully each kind of carer staffs them). In the day the network helps first (its hours
    are not the parents' load); the rest of the day and the evening fall to the parents'
    waking hours net of paid work (plus the work hours they can drop); at night only the
    parents, up to the nights they can stay up. What is left in a band is unmet there.
    """
    f, p, n = m.fam, m.p, len(m.fam)
    pa, provider = rota.pa, rota.provider
    # Interim care while a package is set up comes from the area's agencies, as does cover
    # bought from budgets and the ICB's contingency: all share its agency capacity.
    capacity = m.markets.capacity_hours(m)
    interim, capacity = share_capacity(f.icb, m.interim_want, capacity, m.n_areas)
    gap = np.maximum(0.0, m.funded - pa - provider - interim)
    committed = pa * m.pa_hour_cost + provider * m.provider_rate + m.week_budget_extra
    # A needs-based budget buys from the balance held, a banded one from this week's budget.
    money = np.where(m.needs_based, f.balance, f.budget_week) - committed
    want = np.minimum(gap, np.maximum(0.0, money) / m.agency_rate) * m.cover_access
    bought, capacity = share_capacity(f.icb, want, capacity, m.n_areas)

    need = m.need_band
    # A family's paid carers are its PAs or its provider's staff, never both.
    room = need - shifts.spread(pa + provider, need, m.paid_night_cover)
    able = 1.0 - m.crisis_loss * (f.crisis_left > 0)
    waking = np.maximum(0.0, m.carer_hours * able - f.work)
    night_hours = m.night_hours * able
    if m.any_contingency:
        free_time = waking + f.network_hours + night_hours
        shortfall = np.maximum(0.0, room.sum(axis=0) - interim - bought - free_time)
        want2 = m.contingency * np.maximum(gap - bought, (f.crisis_left > 0) * shortfall)
        contingency, _ = share_capacity(f.icb, want2, capacity, m.n_areas)
    else:
        contingency = np.zeros(n)
    agency = interim + bought + contingency
    if agency.any():
        room = room - shifts.spread(agency, room, p["shift.agency_night_cover"])

    network = np.minimum(room[shifts.DAY], f.network_hours)
    left = room[shifts.DAY] + room[shifts.EVENING] - network
    missed = np.minimum(np.maximum(left - waking, 0.0), p["family.work_flex_share"] * f.work)
    parent_day = np.minimum(left, waking + missed)
    parent_night = np.minimum(room[shifts.NIGHT], night_hours)
    family = network + parent_day + parent_night
    unmet_night = room[shifts.NIGHT] - parent_night
    open_gap = gap - bought - contingency
    f.last_gap_week[(open_gap >= GAP_SHIFT_HOURS) & (family >= GAP_SHIFT_HOURS)] = m.steps_done
    return Cover(
        interim=interim,
        bought=bought,
        contingency=contingency,
        family=family,
        network=network,
        parent_night=parent_night,
        unmet=(left - parent_day) + unmet_night,
        unmet_night=unmet_night,
        missed=missed,
        open_gap=open_gap > 0.5,
        committed=committed,
        agency=agency,
    )


def share_capacity(
    area: np.ndarray, want: np.ndarray, capacity: np.ndarray, n_areas: int
) -> tuple[np.ndarray, np.ndarray]:
    """Share each area's agency hours pro rata to what families want; return what is left."""
    demand = np.bincount(area, weights=want, minlength=n_areas)
    used = np.minimum(demand, capacity)
    # Where nobody wants any, nothing is used (capacity is never negative): dividing by 1
    # there gives the 0 a masked division would, for less.
    ratio = used / np.where(demand > 0, demand, 1.0)
    got = want * ratio[area]
    return got, capacity - used
