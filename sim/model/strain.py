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
    strain = (
        f.strain
        + p["strain.build_rate"] * np.maximum(0.0, over - 1.0)
        - recovery * (f.crisis_left == 0) * np.maximum(0.0, 1.0 - over)
    )
    f.strain = np.minimum(np.maximum(strain, 0.0), 1.0)
    threshold = p["strain.work_cut_threshold"]
    p_cut = p["strain.work_cut_prob"] * np.maximum(f.strain - threshold, 0.0) / (1.0 - threshold)
    cut = (f.work > 0) & (u < p_cut)
    back = (
        (f.work < f.work0)
        & (f.strain < p["strain.work_return_threshold"])
        & (u > 1.0 - p["strain.work_return_prob"])
    )
    if cut.any() or back.any():
        half_post = 0.5 * p["family.work_hours_per_carer"]
        f.work = np.minimum(np.maximum(f.work - half_post * cut + half_post * back, 0.0), f.work0)
        f.cut_work |= cut
    return f.work0 - f.work + cover.missed
