"""Carer strain and paid work: what the parents carry, and what it does to their jobs.

Strain builds when the week's load (care, admin and paid work, against the hours a household
can carry comfortably) is above one and recovers below it, faster with better housing and not
during a crisis. Above a threshold carers cut paid work by half a post; once strain falls they
may return.
"""

from __future__ import annotations

import numpy as np


def carry(
    m, family: np.ndarray, admin: np.ndarray, missed: np.ndarray, u: np.ndarray
) -> np.ndarray:
    """Update strain and paid work; return paid-work hours lost this week."""
    f, p = m.fam, m.p
    load = (family + admin + f.work - missed) * m.inv_comfort
    strain = (
        f.strain
        + p["strain.build_rate"] * np.maximum(0.0, load - 1.0)
        - m.recovery * (f.crisis_left == 0) * np.maximum(0.0, 1.0 - load)
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
    return f.work0 - f.work + missed
