"""How much of an output's variance is seed noise rather than the varied parameters.

With R replications per sample point, the within-point variance (averaged over points)
estimates the noise of one run; over the variance of all runs it is the share of a single
run's variance that is noise. The SA analyses the replication mean, whose noise variance is
the within-point variance over R; its share of the variance of the point means says how
much of what the indices apportion is noise. A large share there means the indices are
being spent on explaining noise: add replications or families, not sample points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NOISE_COLUMNS = [
    "output",
    "replications",
    "noise_var",
    "total_var",
    "noise_share",
    "noise_share_of_mean",
]
SQRT_2_OVER_PI = float(np.sqrt(2 / np.pi))


def noise_share(runs: pd.DataFrame) -> pd.DataFrame:
    """Noise shares per output from ``runs`` (columns ``point``, ``replication``, outputs...).

    Outputs are every column besides ``point`` and ``replication``. With one replication
    per point the noise cannot be separated and the shares are NaN.
    """
    outputs = [c for c in runs.columns if c not in ("point", "replication")]
    reps = int(runs.groupby("point").size().min()) if len(runs) else 0
    rows = []
    for out in outputs:
        values = runs[["point", out]].dropna()
        if reps < 2 or values[out].nunique() < 2:
            rows.append((out, reps, np.nan, float(values[out].var(ddof=1)), np.nan, np.nan))
            continue
        grouped = values.groupby("point")[out]
        within = float(grouped.var(ddof=1).mean())
        total = float(values[out].var(ddof=1))
        means_var = float(grouped.mean().var(ddof=1))
        rows.append(
            (
                out,
                reps,
                within,
                total,
                min(within / total, 1.0) if total > 0 else np.nan,
                min(within / reps / means_var, 1.0) if means_var > 0 else np.nan,
            )
        )
    return pd.DataFrame(rows, columns=NOISE_COLUMNS)


def noise_floor(noise: pd.DataFrame, method: str, num_levels: int = 4) -> pd.Series:
    """The value the ranking index takes for a parameter with no effect, from noise alone.

    Sobol: SALib's total-order estimator averages ``(f(A) - f(AB_i))^2 / 2`` over the output
    variance; independent noise of variance s^2 in both runs adds s^2 / V to every ST (first
    order is unbiased). That is ``noise_share_of_mean``. Morris: an elementary effect of a
    parameter with no effect is the difference of two independent noisy means over the grid
    step ``delta = L / (2 (L - 1))``, so its expected absolute value is
    ``sqrt(2 s^2) * sqrt(2 / pi) / delta`` with s^2 the noise variance of the mean.
    A parameter whose index (less its CI half-width) is at or below the floor cannot be
    told apart from seed noise.
    """
    if method == "sobol":
        return noise["noise_share_of_mean"]
    delta = num_levels / (2 * (num_levels - 1))
    var_mean = noise["noise_var"] / noise["replications"]
    return np.sqrt(2 * var_mean) * SQRT_2_OVER_PI / delta
