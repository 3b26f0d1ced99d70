"""Risk events: carer crises (which may end in handing a PHB back) and emergency admissions.

A crisis is more likely the higher the carer's strain; while it lasts the household's own
capacity to care is reduced. An admission's weekly probability rises with the share of need
left unmet (more steeply the more of the tier's care is clinical), further with the share of
night need left unmet (nobody awake with the child), and with the share of need covered by
paid carers the child does not know. The terms add: each is a share of the same week's need.

The same sum marks the weeks in which staffing put the child at risk: the gaps at least
doubled the week's admission hazard (``SAFETY_RISK_MULTIPLIER``). The family state keeps the
last such week (``last_unsafe_week``, beside ``last_gap_week``) for the held-out
``share_safety_affected``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.measures import SAFETY_RISK_MULTIPLIER


@dataclass
class Events:
    crisis: np.ndarray
    admission: np.ndarray
    handing: np.ndarray  # families handing their PHB back this week
    paid: np.ndarray  # PA, provider and agency hours
    familiar_paid: np.ndarray  # paid hours by carers the family knows
    unmet_share: np.ndarray


def crisis_chance(m) -> np.ndarray:
    """Weekly chance of a carer crisis for a family not already in one: it rises with strain
    (``risk.crisis_base`` x exp(``risk.crisis_strain_slope`` x strain))."""
    p = m.p
    return p["risk.crisis_base"] * np.exp(p["risk.crisis_strain_slope"] * m.fam.strain)


def events(m, rota, cover, u_crisis, u_admit, u_handback) -> Events:
    """Draw this week's crises, admissions and hand-backs."""
    f, p = m.fam, m.p
    f.crisis_left = np.maximum(0, f.crisis_left - 1)
    crisis = (f.crisis_left == 0) & (u_crisis < crisis_chance(m))
    f.crisis_left[crisis] = p["risk.crisis_weeks"]
    agency = cover.agency
    paid = rota.pa + rota.provider + agency
    familiar_paid = (
        rota.pa_familiar + rota.provider * m.provider_familiarity + agency * m.agency_familiarity
    )
    # Each risk counts by the share of the child's need it touches: hours nobody covers,
    # night hours nobody watches and hours by carers who do not know the child. Losing paid
    # care removes the unfamiliar hours but leaves their share of need unmet or to the family.
    unmet_share = cover.unmet * m.inv_need
    night_unmet_share = cover.unmet_night * m.inv_night_need
    unfamiliar_share = (paid - familiar_paid) * m.inv_need
    staffing_risk = (
        1.0
        + m.unmet_admission_effect * unmet_share
        + p["risk.admission_night_unmet_effect"] * night_unmet_share
        + p["risk.admission_unfamiliar_effect"] * unfamiliar_share
    )
    p_admit = m.admission_rate * staffing_risk
    f.last_unsafe_week[staffing_risk >= SAFETY_RISK_MULTIPLIER] = m.steps_done
    admission = u_admit < p_admit
    return Events(
        crisis=crisis,
        admission=admission,
        handing=crisis & m.active & (u_handback < m.handback_prob),
        paid=paid,
        familiar_paid=familiar_paid,
        unmet_share=unmet_share,
    )
