"""Distribution measures across family resource levels.

Quintile means, the gap and ratio between the lowest (Q1) and highest (Q5) quintile, the
slope index of inequality (SII) and the concentration index, all from one family-level
table, with weights (weeks observed) so families that joined late count for what they saw.
"""

from __future__ import annotations

import numpy as np


def fractional_rank(score: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted ridit of ``score``: the mid-point of each family's share of the population
    ranked from the lowest resource (0) to the highest (1)."""
    order = np.argsort(score, kind="stable")
    w = weights[order] / weights.sum()
    mid = np.cumsum(w) - 0.5 * w
    rank = np.empty_like(mid)
    rank[order] = mid
    return rank


def slope_index(values: np.ndarray, rank: np.ndarray, weights: np.ndarray) -> float:
    """Slope of the weighted least-squares line of the outcome on the fractional rank: the
    modelled difference between the highest and the lowest resource level."""
    w = weights / weights.sum()
    r_mean, y_mean = np.dot(w, rank), np.dot(w, values)
    var = np.dot(w, (rank - r_mean) ** 2)
    if var <= 0:
        return float("nan")
    return float(np.dot(w, (rank - r_mean) * (values - y_mean)) / var)


def concentration_index(values: np.ndarray, rank: np.ndarray, weights: np.ndarray) -> float:
    """2 cov(y, rank) / mean(y): negative when the outcome concentrates among families with
    fewer resources, positive when among those with more (O'Donnell et al. 2008)."""
    w = weights / weights.sum()
    y_mean = np.dot(w, values)
    if y_mean == 0:
        return float("nan")
    cov = np.dot(w, (rank - np.dot(w, rank)) * (values - y_mean))
    return float(2.0 * cov / y_mean)


def atkinson_ede(values: np.ndarray, weights: np.ndarray, epsilon: float) -> float:
    """Atkinson equally distributed equivalent: the level of an outcome that, shared
    equally, is as good as the actual distribution for inequality aversion ``epsilon``
    (0: the mean; larger: more weight on the worst off). Cookson et al. 2017 (FACTS §10)
    apply it to health; values must be positive."""
    w = weights / weights.sum()
    if np.any(values <= 0):
        return float("nan")
    if abs(epsilon - 1.0) < 1e-12:
        return float(np.exp(np.dot(w, np.log(values))))
    # Scale by the maximum so large epsilon does not underflow.
    top = values.max()
    return float(top * np.dot(w, (values / top) ** (1.0 - epsilon)) ** (1.0 / (1.0 - epsilon)))


def atkinson_index(values: np.ndarray, weights: np.ndarray, epsilon: float) -> float:
    """1 - EDE / mean: the share of the mean an equal distribution could give up and be
    as good."""
    return 1.0 - atkinson_ede(values, weights, epsilon) / _wmean(values, weights)


def distribution(
    values: np.ndarray,
    weights: np.ndarray,
    score: np.ndarray,
    quintile: np.ndarray,
    numer: np.ndarray | None = None,
    denom: np.ndarray | None = None,
    rank: np.ndarray | None = None,
) -> dict[str, float]:
    """All, Q1..Q5, gap (Q1 - Q5), ratio (Q1 / Q5), SII and concentration index.

    ``numer``/``denom`` give a ratio-of-sums measure (continuity, turnover), whose group
    values are sum(numer) / sum(denom) rather than a mean of family ratios. ``rank`` is the
    fractional rank of all rows, when the caller summarises many measures of one table
    (used when every value is finite).
    """
    ok = np.isfinite(values) & (weights > 0)
    out: dict[str, float] = {}
    if numer is not None and denom is not None:
        out["all"] = _ratio(numer.sum(), denom.sum())
        for q in range(5):
            sel = quintile == q
            out[f"Q{q + 1}"] = _ratio(numer[sel].sum(), denom[sel].sum())
    else:
        w = np.where(ok, weights, 0.0)
        wv = w * np.where(ok, values, 0.0)
        sums = np.bincount(quintile, weights=wv, minlength=5)
        dens = np.bincount(quintile, weights=w, minlength=5)
        total = dens.sum()
        out["all"] = float(sums.sum() / total) if total > 0 else float("nan")
        for q in range(5):
            out[f"Q{q + 1}"] = float(sums[q] / dens[q]) if dens[q] > 0 else float("nan")
    out["gap"] = out["Q1"] - out["Q5"]
    out["ratio"] = _ratio(out["Q1"], out["Q5"])
    if ok.sum() >= 2:
        if rank is None or not ok.all():
            rank = fractional_rank(score[ok], weights[ok])
        out["sii"] = slope_index(values[ok], rank, weights[ok])
        out["conc_index"] = concentration_index(values[ok], rank, weights[ok])
    else:
        out["sii"] = out["conc_index"] = float("nan")
    return out


def _wmean(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float(np.dot(values, weights) / total) if total > 0 else float("nan")


def _ratio(a: float, b: float) -> float:
    return float(a / b) if b not in (0, 0.0) and np.isfinite(b) else float("nan")
