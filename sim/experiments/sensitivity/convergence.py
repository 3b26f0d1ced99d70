"""Convergence: are the indices settled, or would a larger sample change the story?

Indices are re-estimated on prefixes of the one sample (no new runs): for Sobol the first
k base points of SALib's Saltelli design, k = N/8, N/4, N/2, N (each a power of two, so the
scrambled Sobol prefix keeps its balance, and each block of D+2 or 2D+2 rows intact); for
Morris the first r/8, r/4, r/2, r trajectories. An index is flagged when its CI half-width
at full size is more than ``FLAG_SHARE`` of the largest index of the same kind for that
output: its rank among the drivers is then not yet known.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

FLAG_SHARE = 0.10
MIN_BLOCKS = 4


def prefix_sizes(n: int, fractions: tuple[int, ...] = (8, 4, 2, 1)) -> list[int]:
    """Base points (Sobol) or trajectories (Morris) for each prefix, smallest first."""
    sizes = sorted({max(n // f, 1) for f in fractions})
    kept = [k for k in sizes if k >= MIN_BLOCKS]
    return kept or [n]


def convergence(estimate: Callable[[int], pd.DataFrame], n: int) -> pd.DataFrame:
    """Indices at each prefix size; ``estimate(k)`` analyses the first k blocks."""
    frames = []
    for k in prefix_sizes(n):
        frame = estimate(k)
        frame.insert(0, "n", k)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def flag(indices: pd.DataFrame, share: float = FLAG_SHARE) -> pd.Series:
    """True where an index's CI half-width exceeds ``share`` of the largest index of its kind
    for the same output (indices without a CI are never flagged)."""
    largest = indices.groupby(["output", "index"])["value"].transform(
        lambda v: np.nanmax(np.abs(v.to_numpy())) if v.notna().any() else np.nan
    )
    return (indices["conf"] > share * largest).fillna(False).astype(bool)
