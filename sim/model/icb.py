"""Step 1 of the week: what the ICB budget holders do.

Ageing and the transition at 18, exits at the upper age and new referrals into the freed
slots, approvals, periodic reviews (response to overspend), and the week's funded
hours and budget accrual. Vectorised over families; agents of new families are made here.
"""

from __future__ import annotations

import numpy as np

from sim.model.families import (
    COMMISSIONED,
    IS_PHB,
    draw_arrangement,
    draw_families,
    need_at_age,
)
from sim.model.workforce import release_families

TRANSITION_AGE = 18.0
WEEK_YEARS = 1.0 / 52.0


def approval_weeks(m, rows: np.ndarray) -> np.ndarray:
    """Weeks from referral to an active package: a PHB waits for approval (light or heavy,
    longer when the budget is not known up front); commissioned care only for set-up."""
    fp, arr = m.fp, m.fam.arrangement[rows]
    heavy = fp["icb.approval_regime"][rows] > 0
    phb = np.where(
        heavy, fp["icb.approval_weeks_heavy"][rows], fp["icb.approval_weeks_light"][rows]
    )
    phb = phb + np.where(
        fp["icb.budget_known_upfront"][rows] > 0, 0, fp["icb.unknown_budget_extra_weeks"][rows]
    )
    return np.where(IS_PHB[arr], phb, fp["icb.approval_weeks_light"][rows]).astype(np.int64)


def age_and_transition(m) -> None:
    """Children age a week; at 18 the package changes; at the ICB's next panel after the
    upper age the family leaves and a new referral takes its place."""
    f = m.fam
    young = f.age < TRANSITION_AGE
    f.age += WEEK_YEARS
    young &= f.age >= TRANSITION_AGE
    crossing = young.nonzero()[0]
    if len(crossing):
        transition(m, crossing, np.zeros(len(crossing), dtype=np.int64))
    if m.steps_done % m.p["icb.panel_weeks"] == 0:
        # Need changes with age, taken in steps at the panel's rhythm (plans are remade so
        # no plan exceeds it); the funded hours follow it only when it is assessed (review).
        f.need = need_at_age(m.p, f.base_need, f.age, f.tier)
        m.need_derived(slice(None))
        m.plan_stale = True
        leaving = (f.age >= m.p["population.age_max"]).nonzero()[0]
        if len(leaving):
            refer(m, leaving)


def transition(m, rows: np.ndarray, weeks_since: np.ndarray) -> None:
    """The transition at 18 for the young people in ``rows``, ``weeks_since`` weeks after
    their 18th birthday: adult CHC eligibility sets the funded hours kept, and under a cliff
    edge funding stops for the gap weeks not yet past. Applied to every young person who
    crosses 18 in the model and, at the start, to the young adults of the starting caseload
    (who crossed it before the model began), so the post-18 hours factor is the same for all."""
    f, fp = m.fam, m.fp
    eligible = m.streams.icb.random(len(rows)) < fp["transition.adult_chc_eligibility"][rows]
    f.hours_factor[rows] *= np.where(eligible, 1.0, fp["transition.ineligible_funded_share"][rows])
    cliff = fp["transition.policy"][rows] > 0
    left = np.maximum(0, fp["transition.cliff_edge_gap_weeks"][rows].astype(np.int64) - weeks_since)
    f.gap_left[rows] = np.where(cliff, left, 0)
    # With no money in the gap, PAs cannot be paid and move on.
    release_families(m, rows[f.gap_left[rows] > 0])
    m.plan_stale = True


def refer(m, rows: np.ndarray) -> None:
    """Replace the families in ``rows`` (leaving the model) by new referrals."""
    release_families(m, rows)
    m.recorder.flush(m, rows)
    m.family_version += 1
    m.detach_family_agents(rows)
    draw_families(m, rows, m.streams.population, initial=False)
    m.fam.wait_left[rows] = approval_weeks(m, rows)
    m.refresh_derived(rows)
    m.attach_family_agents(rows)
    m.plan_stale = True


def approve(m) -> None:
    """Waiting families count down; those approved start their package this week."""
    f = m.fam
    waiting = f.wait_left > 0
    f.waited += waiting
    f.wait_left -= waiting
    m.assessed_now = waiting & (f.wait_left == 0)  # priced as an assessment (costs.py)
    started = m.assessed_now.nonzero()[0]
    if len(started):
        m.plan_stale = True
        phb = IS_PHB[f.arrangement[started]]
        m.week_icb_extra[started] += (
            phb * m.fp["support.support_planning"][started] * m.p["cost.support_planning_per_plan"]
        )
        f.next_review[started] = m.steps_done + m.fp["icb.review_weeks"][started].astype(np.int64)
        m.approved_waits.append(f.waited[started].copy())
        f.waited[started] = 0


def review(m) -> None:
    """Periodic reviews: need reassessed and the budget set from it, moves into or out of a
    PHB, and cuts after an overspend.

    There is no clawback of unspent money at review: money a family holds never limits the
    cover it can buy (the area's agency hours run out first), so reclaiming it changed no
    outcome. Money returns to the ICB when a commissioned package is under-delivered
    (sim.model.ledger) and when a PHB is handed back (hand_back).
    """
    f, fp = m.fam, m.fp
    due = (f.next_review == m.steps_done) & (f.wait_left == 0)
    m.review_due = due
    rows = due.nonzero()[0]
    if len(rows) == 0:
        return
    f.next_review[rows] += fp["icb.review_weeks"][rows].astype(np.int64)
    m.plan_stale = True
    f.assessed_need[rows] = f.need[rows]
    m.set_funded(rows)
    move_at_review(m, rows)
    overspent = m.icb_spend_year > m.icb_envelope_year
    cut = overspent[f.icb[rows]] & (fp["icb.overspend_response"][rows] > 0)
    f.hours_factor[rows] = np.where(
        cut,
        np.maximum(
            fp["icb.overspend_cut_floor"][rows],
            f.hours_factor[rows] * (1.0 - fp["icb.overspend_cut_share"][rows]),
        ),
        f.hours_factor[rows],
    )


def allocate(m) -> None:
    """This week's funded and planned hours, team targets, and budget accrual.

    Plans change only when something that feeds them does (an approval, a review, the
    transition at 18, a hand-back, a new referral, an open cliff-edge gap); other weeks reuse
    them and only accrue the budget.
    """
    f = m.fam
    if m.plan_stale or m.gaps_open:
        active = f.wait_left == 0
        m.active = active
        in_gap = f.gap_left > 0  # a gap of k weeks leaves k weeks unfunded, from this week
        m.gaps_open = bool(in_gap.any())
        # No more hours are funded than the child needs now (a banded budget may exceed it).
        funded = np.minimum(m.funded_full * f.hours_factor, f.need)
        if m.gaps_open:  # (without a gap the factors below are all 1 and change nothing)
            f.gap_left -= in_gap
            funded *= ~in_gap
        m.funded = funded
        plan = funded * m.plan_fit * active
        # A heavy review disrupts the reviewed families' plans for its week.
        disrupted = m.review_disruption * m.review_due if m.any_disruption else None
        if disrupted is not None and disrupted.any():
            plan *= 1.0 - disrupted
            m.plan_stale = True  # the disruption lasts its week: plans are remade the next
        else:
            m.plan_stale = False
        m.plan = plan
        m.pa_plan = plan * m.pa_care
        # What the week's steps read of the plan, worked out when it changes.
        m.provider_plan = plan * m.provider_care
        m.interim_want = funded * m.interim_share * ~active
        # Access to agency cover of families that may buy it now (0 for the others): one
        # factor for the week's purchase, not a product and a mask.
        m.cover_access = m.access * (active & m.buys_cover)
        m.active_control = m.control * active
        m.team_target = np.ceil(m.pa_plan * m.inv_contract_hours - 1e-9)
        # Contract hours per post, 0 without posts. (Targets are whole numbers: over 0 is at
        # least 1, so dividing by the target floored at 1 and zeroing where there is none
        # gives the same numbers as a masked division, at a fraction of its cost.)
        m.pa_contract = m.pa_plan / np.maximum(m.team_target, 1.0) * (m.team_target > 0)
        f.budget_week = funded * m.hour_rate * active
        m.envelope_week = (
            np.bincount(f.icb, weights=f.budget_week, minlength=m.n_areas) * m.envelope_factor
        )
    f.balance += f.budget_week
    f.allocated += f.budget_week
    if m.steps_done % 52 == 0:
        m.icb_spend_year[:] = 0.0
        m.icb_envelope_year[:] = 0.0
    m.icb_envelope_year += m.envelope_week


def move_at_review(m, rows: np.ndarray) -> None:
    """Families move into or out of a PHB at review.

    A share ``arrangement.review_switch_share`` of the families reviewed reconsider and are
    offered a choice again (the same offer as at referral, so information shapes it and the
    caseload's mix stays the referral mix); a family that handed its PHB back takes it up
    again with probability ``arrangement.handback_return_share`` (the crisis has passed).
    """
    f, fp, rng = m.fam, m.fp, m.streams.icb
    u = rng.random((2, len(rows)))
    reconsider = rows[u[0] < fp["arrangement.review_switch_share"][rows]]
    if len(reconsider):
        f.preferred[reconsider] = draw_arrangement(fp, reconsider, f.resource[reconsider], rng)
    returning = (f.arrangement[rows] == COMMISSIONED) & (
        u[1] < fp["arrangement.handback_return_share"][rows]
    )
    moving = np.zeros(len(f), dtype=bool)
    moving[reconsider] = True
    moving[rows[returning]] = True
    moving &= f.preferred != f.arrangement
    change_arrangement(m, moving.nonzero()[0], f.preferred[moving])


def change_arrangement(m, rows: np.ndarray, arrangement: np.ndarray | int) -> None:
    """A family moves to another arrangement: its PAs go, its balance returns to the ICB,
    and the new package waits for approval (or a provider's set-up)."""
    if len(rows) == 0:
        return
    f = m.fam
    release_families(m, rows)
    f.arrangement[rows] = arrangement
    f.clawed[rows] += f.balance[rows]
    f.balance[rows] = 0.0
    f.wait_left[rows] = approval_weeks(m, rows)
    m.refresh_derived(rows)
    m.plan_stale = True


def hand_back(m, rows: np.ndarray) -> None:
    """Families give the PHB back after a crisis: PAs go, commissioned care is set up (the
    family may take a PHB again at a later review, ``move_at_review``)."""
    if len(rows) == 0:
        return
    change_arrangement(m, rows, COMMISSIONED)
    m.fam.handed_back[rows] = True
