"""Discounting and the time horizon of the value analysis.

Costs and quality-adjusted years are discounted by year from the first recorded week: year
``y`` (0 the first) is weighted ``(1 + rate) ** -y`` (NICE discounts annually, the first year
undiscounted; FACTS §10 PMG36: 3.5%). Years after the horizon count nothing; the year the
horizon falls in counts for the share of it inside the horizon. Beyond the recorded run a
household still in the model continues at the rate of its last recorded year until the
horizon or its 25th birthday (the upper age), whichever comes first.
"""

from __future__ import annotations

import numpy as np


def year_weights(n_years: int, rate: float, horizon: float) -> np.ndarray:
    """Weight of each recorded year: its share inside the horizon times its discount."""
    years = np.arange(n_years, dtype=float)
    inside = np.clip(horizon - years, 0.0, 1.0)
    return inside * (1.0 + rate) ** -years


def extension_factor(start: float, years_left: np.ndarray, rate: float) -> np.ndarray:
    """Discounted years from ``start`` (years since the first recorded week) for each
    household's ``years_left``: the factor a yearly rate is multiplied by."""
    years_left = np.maximum(np.asarray(years_left, dtype=float), 0.0)
    out = np.zeros_like(years_left)
    for k in range(int(np.ceil(years_left.max(initial=0.0)))):
        out += np.clip(years_left - k, 0.0, 1.0) * (1.0 + rate) ** -np.floor(start + k)
    return out
