"""Outcomes of the week: the child's care-related quality of life and the carers'.

The child's score follows ASCOT (the pilot's headline measure, FACTS §1) in the domains the
model can speak to, each scored 0-1 from what happened this week:

- control over daily life: a floor for care arranged by others, raised by what a PHB gives
  (knowing the budget before planning, flexibility in how the money is held and what it
  buys, support for planning, a plan in the family's own words) and by choosing who cares
  and when (the share of need met by the family's own PAs). A hand-back returns the family
  to commissioned care, and the budget's part of control goes with it;
- personal safety: lost for hours nobody covered, less for hours by paid carers who do not
  know the child, and for hours given by exhausted parents;
- continuity of paid care: the share of the child's need met by paid carers the child
  knows. Family care is not continuity of paid care, and a ratio over paid hours alone
  would reward fewer paid hours, so the share is of need;
- occupation and social participation: lost with unmet need, an emergency admission, and
  care by parents too strained to take the child out.

The carers' score follows ASCOT-Carer and the Carer Experience Scale: own time (hours not
spent caring or on paperwork), strain and sleep, paid work kept, feeling supported (help
from paid care and the support offer) and control (the household's control, lost when
need goes unmet). Weights are registry parameters (group ``value``), normalised by their sum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.families import COMMISSIONED, DIRECT_PAYMENT, THIRD_PARTY

CHILD_DOMAINS = ("control", "safety", "continuity", "occupation")
CARER_DOMAINS = ("own_time", "strain_sleep", "work", "supported", "control")
CONTROL_PARTS = ("known", "flexibility", "planning", "own_words")  # the budget's part


@dataclass
class Outcomes:
    """The week's scores per family: child and carer QoL and their domains (rows in the
    order of CHILD_DOMAINS then CARER_DOMAINS)."""

    child: np.ndarray
    carer: np.ndarray
    domains: np.ndarray


def control_from_budget(m, rows: np.ndarray, arrangement: np.ndarray) -> np.ndarray:
    """The part of control a PHB's design gives, weighted (0 for commissioned care).

    Called when a family is drawn or changes arrangement, so a hand-back takes it away.
    """
    fp, p = m.fp, m.p
    phb = arrangement != COMMISSIONED
    holds = (arrangement == DIRECT_PAYMENT) | (arrangement == THIRD_PARTY)
    planning = np.maximum(
        fp["support.support_planning"][rows] > 0,
        (arrangement == THIRD_PARTY) * fp["support.third_party_support"][rows],
    )
    parts = (
        fp["icb.budget_known_upfront"][rows] > 0,
        0.5 * (fp["icb.budget_method"][rows] > 0) + 0.5 * holds,
        planning,
        m.plan_fit[rows],
    )
    weights = [p[f"value.control_weight_{k}"] for k in CONTROL_PARTS]
    total = sum(weights) + p["value.control_weight_choice"]
    return phb * sum(w * x for w, x in zip(weights, parts, strict=True)) / total


def week(m, rota, cover, events, admin: np.ndarray, work_lost: np.ndarray) -> Outcomes:
    """Score this week for every family (after strain and risk events are drawn)."""
    f, p = m.fam, m.p
    inv_need = m.inv_need
    unmet = events.unmet_share
    strain = f.strain
    tired = strain * np.minimum(cover.family * inv_need, 1.0)
    paid = rota.pa + rota.provider + cover.agency

    floor = p["value.control_floor"]
    choice = (
        p["value.control_weight_choice"]
        / (
            sum(p[f"value.control_weight_{k}"] for k in CONTROL_PARTS)
            + p["value.control_weight_choice"]
        )
        * np.minimum(rota.pa * inv_need, 1.0)
    )
    control = floor + (1.0 - floor) * (m.control * m.active + choice)
    safety = np.maximum(
        1.0
        - unmet
        - p["value.safety_unfamiliar_weight"] * (paid - events.familiar_paid) * inv_need
        - p["value.safety_tired_weight"] * tired,
        0.0,
    )
    continuity = np.minimum(events.familiar_paid * inv_need, 1.0)
    occupation = (
        (1.0 - unmet)
        * (1.0 - p["value.admission_week_share"] * events.admission)
        * (1.0 - p["value.participation_strain_weight"] * tired)
    )

    own_time = np.maximum(1.0 - (cover.family + admin) / m.carer_hours, 0.0)
    work = 1.0 - np.divide(work_lost, f.work0, out=np.zeros(len(f)), where=f.work0 > 0)
    supported = 0.5 * np.minimum(paid * inv_need, 1.0) + 0.5 * m.support_score
    carer_control = control * (1.0 - unmet)

    domains = np.stack(
        [
            control,
            safety,
            continuity,
            occupation,
            own_time,
            1.0 - strain,
            np.clip(work, 0.0, 1.0),
            supported,
            carer_control,
        ]
    )
    child_w = np.array([p[f"value.child_weight_{k}"] for k in CHILD_DOMAINS])
    carer_w = np.array([p[f"value.carer_weight_{k}"] for k in CARER_DOMAINS])
    child = _weighted(child_w, domains[: len(CHILD_DOMAINS)])
    carer = _weighted(carer_w, domains[len(CHILD_DOMAINS) :])
    return Outcomes(child=child, carer=carer, domains=domains)


def _weighted(weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Weighted mean of domain rows; weights normalised by their sum (no BLAS: it
    oversubscribes cores in parallel sweeps)."""
    w = weights / weights.sum()
    out = w[0] * rows[0]
    for k in range(1, len(w)):
        out += w[k] * rows[k]
    return out
