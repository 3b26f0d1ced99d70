"""Means with confidence intervals over replications (Student t), for every summary table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def mean_ci(
    frame: pd.DataFrame, by: list[str], value: str = "value", level: float = 0.95
) -> pd.DataFrame:
    """Mean, standard deviation, count and the ``level`` t-interval of ``value`` within groups.

    Replications are independent draws of the same stochastic model, so the interval is
    for the scenario's expected value; with one replication the interval is undefined (NaN).
    """
    grouped = frame.groupby(by, sort=False, observed=True)[value]
    out = grouped.agg(["mean", "std", "count"]).reset_index()
    half = (
        stats.t.ppf(0.5 + level / 2.0, np.maximum(out["count"] - 1, 1))
        * out["std"]
        / np.sqrt(out["count"])
    )
    half = half.where(out["count"] > 1)
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    return out
