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

The carers' score follows ASCOT-Carer and the Carer Experience Scale: own time (hours the
parents do not spend caring, net of the network's help, or on paperwork), strain and sleep,
paid work kept, feeling supported (help from paid care and the support offer) and control
(the household's control, lost when need goes unmet).

Both scores are weighted sums over the whole instrument, not over the domains the model
scores: ASCOT has eight domains and ASCOT-Carer seven, and those the model cannot speak to
(the child's food and drink, personal cleanliness, accommodation; the carers' personal
safety and social participation) keep their weight at a fixed level that no option
changes. A domain scored 0-1 maps its range linearly onto ASCOT's four levels (high needs,
some needs, no needs, ideal: 0, 1/3, 2/3, 1, the equal-interval scoring of ASCOF 1A).
Weights are registry parameters (group ``value``), normalised by their sum.
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
    """The week's scores per family: rows child QoL, carer QoL, then the domains in the
    order of CHILD_DOMAINS and CARER_DOMAINS (one block, so the recorder adds it at once)."""

    values: np.ndarray

    @property
    def child(self) -> np.ndarray:
        return self.values[0]

    @property
    def carer(self) -> np.ndarray:
        return self.values[1]

    @property
    def domains(self) -> np.ndarray:
        return self.values[2:]


@dataclass(frozen=True)
class Weights:
    """The registry's weights, normalised over the whole instrument (see ``domain_weights``)."""

    child: np.ndarray  # the scored child domains' weights (CHILD_DOMAINS)
    carer: np.ndarray  # the scored carer domains' weights (CARER_DOMAINS)
    choice: float  # weight of choice in control, times (1 - floor)
    budget: np.ndarray  # weights of CONTROL_PARTS in control, times (1 - floor)
    scores: np.ndarray  # (2, domains): child then carer weights, for one weighted sum
    unscored: np.ndarray  # (2,): child and carer score from the domains held at a level


def domain_weights(p) -> Weights:
    """Weights from parameters ``p``, each score's over the whole instrument: ASCOT's eight
    domains for the child, ASCOT-Carer's seven for the carers. The domains the model
    cannot score keep their share of the weight at a fixed level
    (``value.unscored_domain_level``), the same under every option, so a change in a
    scored domain moves the score by its share of the whole instrument, as it would move
    an ASCOT score."""
    child = np.array([p[f"value.child_weight_{k}"] for k in CHILD_DOMAINS])
    carer = np.array([p[f"value.carer_weight_{k}"] for k in CARER_DOMAINS])
    unscored = np.array([p["value.child_weight_unscored"], p["value.carer_weight_unscored"]])
    totals = np.array([child.sum(), carer.sum()]) + unscored
    budget = np.array([p[f"value.control_weight_{k}"] for k in CONTROL_PARTS])
    scale = (1.0 - p["value.control_floor"]) / (budget.sum() + p["value.control_weight_choice"])
    scores = np.zeros((2, len(CHILD_DOMAINS) + len(CARER_DOMAINS)))
    scores[0, : len(CHILD_DOMAINS)] = child / totals[0]
    scores[1, len(CHILD_DOMAINS) :] = carer / totals[1]
    return Weights(
        child=scores[0, : len(CHILD_DOMAINS)],
        carer=scores[1, len(CHILD_DOMAINS) :],
        choice=p["value.control_weight_choice"] * scale,
        budget=budget * scale,
        scores=scores,
        unscored=unscored / totals * p["value.unscored_domain_level"],
    )


def weights(m) -> Weights:
    """The model's normalised weights (computed once, kept on the model)."""
    cached = getattr(m, "_outcome_weights", None)
    if cached is None:
        cached = m._outcome_weights = domain_weights(m.p)
    return cached


def control_from_budget(
    fp: dict, arrangement: np.ndarray, plan_fit: np.ndarray, w_budget
) -> np.ndarray:
    """The part of control a PHB's design gives, weighted and scaled to the range above the
    floor (0 for commissioned care), for area parameters ``fp`` (one value per entry), the
    ``arrangement`` and the plan's fit.

    Worked out when a family is drawn or changes arrangement (sim.model.derived), so a
    hand-back takes it away.
    """
    holds = (arrangement == DIRECT_PAYMENT) | (arrangement == THIRD_PARTY)
    planning = np.maximum(
        fp["support.support_planning"] > 0,
        (arrangement == THIRD_PARTY) * fp["support.third_party_support"],
    )
    parts = (
        fp["icb.budget_known_upfront"] > 0,
        0.5 * (fp["icb.budget_method"] > 0) + 0.5 * holds,
        planning,
        plan_fit,
    )
    return (arrangement != COMMISSIONED) * sum(w_budget[k] * x for k, x in enumerate(parts))


def week(m, rota, cover, events, admin: np.ndarray, work_lost: np.ndarray) -> Outcomes:
    """Score this week for every family (after strain and risk events are drawn).

    Written for few passes over the families' arrays (it runs every recorded week): each
    domain is built in its own row of one block, and the carers' first three domains,
    all of the form 1 - loss, share one subtraction and one floor at 0.
    """
    f, p, w = m.fam, m.p, weights(m)
    inv_need = m.inv_need
    out = np.empty((2 + len(CHILD_DOMAINS) + len(CARER_DOMAINS), len(f)))
    control, safety, continuity, occupation = out[2:6]
    losses = out[6:9]  # own time, strain and sleep, paid work: 1 - these below
    own_time, strain_sleep, work, supported, carer_control = out[6:]

    # Every hour of need is paid, family or unmet (an invariant of the week), so each
    # share of need below is already in 0-1.
    met = 1.0 - events.unmet_share
    np.multiply(events.familiar_paid, inv_need, out=continuity)  # continuity of paid care
    tired = cover.family * inv_need
    tired *= f.strain

    # Child: control, safety, occupation and participation.
    np.multiply(rota.pa, inv_need, out=control)
    control *= w.choice
    control += m.active_control
    control += p["value.control_floor"]
    # safety = met - w_u * unfamiliar paid share - w_t * tired (at least 0 with weights up
    # to 1); the paid share is also the first half of feeling supported.
    np.multiply(events.paid, inv_need, out=supported)
    np.subtract(supported, continuity, out=safety)
    safety *= -p["value.safety_unfamiliar_weight"]
    safety += met
    safety -= p["value.safety_tired_weight"] * tired
    np.multiply(events.admission, -p["value.admission_week_share"], out=occupation)
    occupation += 1.0
    occupation *= met
    tired *= -p["value.participation_strain_weight"]
    tired += 1.0
    occupation *= tired

    # Carers: own time, strain and sleep, paid work, feeling supported, control.
    np.subtract(cover.family, cover.network, out=own_time)  # the parents' own care
    own_time += admin
    own_time /= m.carer_hours
    strain_sleep[:] = f.strain
    # Households without baseline work lose none (work lost is then 0).
    np.divide(work_lost, np.maximum(f.work0, 1e-9), out=work)
    np.subtract(1.0, losses, out=losses)
    # A cut and missed hours in one week can pass baseline; network help can pass the
    # parents' own care: both floors at 0.
    np.maximum(losses, 0.0, out=losses)
    supported += m.support_score
    supported *= 0.5
    np.multiply(control, met, out=carer_control)

    # Both weighted sums at once (einsum's own loop, not BLAS, which oversubscribes cores
    # in parallel sweeps), plus the part of the domains held at a fixed level.
    np.einsum("kd,dn->kn", w.scores, out[2:], out=out[:2])
    out[:2] += w.unscored[:, None]
    return Outcomes(values=out)
