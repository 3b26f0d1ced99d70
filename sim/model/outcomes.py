"""Outcomes of the week for the child and the carers.

The care-related quality-of-life index in the spirit of ASCOT: control, continuity of care,
met need and carer wellbeing, with equal weights.
"""

from __future__ import annotations

import numpy as np


def quality_of_life(m, unmet_share: np.ndarray, continuity: np.ndarray) -> np.ndarray:
    """The week's quality-of-life index per family (0-1)."""
    control = np.where(m.active, m.control, m.control_waiting)
    return 0.25 * (control + continuity + (1.0 - unmet_share) + (1.0 - m.fam.strain))
