"""Carer strain and paid work: what the parents carry, and what it does to their jobs.

The week's load is what the parents themselves carry, against the hours a household can carry
comfortably: their own care hours (the network's help is not their load), with each night
hour weighted for the sleep it costs; admin; paid work actually done; and a share of the
hours nobody covered (a parent stays on call for care no one gives). Strain builds when the
load is above one and recovers below it: faster with better housing, with support (the
package's support offer) and with respite from the network, and not during a crisis. Above
a threshold carers cut paid work by half a post; once strain falls they may return.
"""

from __future__ import annotations

import numpy as np


def load(m, cover, admin: np.ndarray) -> np.ndarray:
    """The week's load on the parents, as a multiple of what they carry comfortably."""
    p = m.p
    own_day = cover.family - cover.network - cover.parent_night
    hours = (
        own_day
        + p["strain.night_weight"] * cover.parent_night
        + admin
        + m.fam.work
        - cover.missed
        + p["strain.unmet_weight"] * cover.unmet
    )
    return hours * m.inv_comfort


def carry(m, cover, admin: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Update strain and paid work; return paid-work hours lost this week."""
    f, p = m.fam, m.p
    over = load(m, cover, admin)
    recovery = m.recovery * (1.0 + p["strain.respite_recovery_per_hour"] * cover.network)
    shed = recovery * (f.crisis_left == 0)
    if m.settling.measuring(m):
        m.settling.add_load(over / m.inv_comfort - f.work, shed)
    f.strain, f.work, cut = advance(p, f.strain, f.work, f.work0, over, shed, u)
    f.cut_work |= cut
    return f.work0 - f.work + cover.missed


def advance(
    p,
    strain: np.ndarray,
    work: np.ndarray,
    work0: np.ndarray,
    over: np.ndarray,
    recovery: np.ndarray,
    u: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One week of the rule: strain builds with load above one and recovers below it (by
    ``recovery``, zero in a crisis); above the threshold carers may cut half a post, and
    once strain has fallen they may take it back. Returns strain, paid work and who cut.
    One place for the rule: the weekly step and the settling of the starting caseload
    (sim.model.settling) both run it."""
    strain = (
        strain
        + p["strain.build_rate"] * np.maximum(0.0, over - 1.0)
        - recovery * np.maximum(0.0, 1.0 - over)
    )
    strain = np.minimum(np.maximum(strain, 0.0), 1.0)
    threshold = p["strain.work_cut_threshold"]
    p_cut = p["strain.work_cut_prob"] * np.maximum(strain - threshold, 0.0) / (1.0 - threshold)
    cut = (work > 0) & (u < p_cut)
    back = (
        (work < work0)
        & (strain < p["strain.work_return_threshold"])
        & (u > 1.0 - p["strain.work_return_prob"])
    )
    if cut.any() or back.any():
        half_post = 0.5 * p["family.work_hours_per_carer"]
        work = np.minimum(np.maximum(work - half_post * cut + half_post * back, 0.0), work0)
    return strain, work, cut
