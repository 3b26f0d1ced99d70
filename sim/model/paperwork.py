"""The family's paperwork: hours of admin a week, by task.

Coordination falls on every family; employers of PAs also recruit, roster, run payroll and
arrange training; anyone whose paid care fell short arranges cover; a review adds its own
paperwork. A family with less capability (health-system literacy, buffered by support and
information) takes longer over the same tasks.
"""

from __future__ import annotations

import numpy as np


def admin_hours(
    m, vacancies: np.ndarray, team: np.ndarray, trainees: np.ndarray, open_gap: np.ndarray
) -> np.ndarray:
    """Admin hours this week per family (task hours from the registry's ``admin`` group)."""
    admin = (
        m.admin_base
        + m.admin_vacancy * vacancies
        + m.admin_per_pa * team
        + m.admin_trainee * trainees
        + m.admin_gap * open_gap
        + m.admin_review * m.review_due
    )
    return admin * m.admin_mult
