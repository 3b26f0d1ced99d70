"""Space-filling designs over the uncertain parameters, in the unit cube and back.

Every point lives in the unit cube of the spec's bounds, where the emulators work; only the
model sees parameter values. Wave 1 is a Latin hypercube over the whole box; later waves
are drawn from the space earlier waves left not implausible (see ``refocused``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from scipy.stats import qmc

from sim.scenario.parameters import REGISTRY


class Box:
    """The uncertain parameters and their bounds: unit cube <-> parameter values."""

    def __init__(self, bounds: Mapping[str, tuple[float, float]]) -> None:
        self.names = tuple(bounds)
        self.low = np.array([bounds[n][0] for n in self.names], dtype=float)
        self.high = np.array([bounds[n][1] for n in self.names], dtype=float)

    @property
    def dim(self) -> int:
        return len(self.names)

    def values(self, U: np.ndarray) -> np.ndarray:
        """Unit-cube points to parameter values (integers rounded)."""
        X = self.low + np.asarray(U, dtype=float) * (self.high - self.low)
        for j, name in enumerate(self.names):
            if REGISTRY[name].kind == "int":
                X[:, j] = np.round(X[:, j])
        return X

    def unit(self, X: np.ndarray) -> np.ndarray:
        return (np.asarray(X, dtype=float) - self.low) / (self.high - self.low)

    def as_dicts(self, X: np.ndarray) -> list[dict[str, float | int]]:
        kinds = [REGISTRY[n].kind for n in self.names]
        return [
            {
                n: (int(v) if k == "int" else float(v))
                for n, k, v in zip(self.names, kinds, row, strict=True)
            }
            for row in X
        ]


def latin_hypercube(
    n: int, dim: int, rng: np.random.Generator, optimise: bool = False
) -> np.ndarray:
    """``n`` points of a Latin hypercube in the unit cube; ``optimise`` lowers its centred
    discrepancy (worth it for a design of runs, too slow for a pool of candidates)."""
    return qmc.LatinHypercube(
        d=dim, rng=rng, optimization="random-cd" if optimise else None
    ).random(n)


def maximin_subset(points: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` of ``points`` chosen greedily far from each other (space-filling inside an
    irregular region, where a Latin hypercube cannot be laid out)."""
    if len(points) <= n:
        return points
    chosen = [int(rng.integers(len(points)))]
    dist = np.linalg.norm(points - points[chosen[0]], axis=1)
    for _ in range(n - 1):
        nxt = int(np.argmax(dist))
        chosen.append(nxt)
        dist = np.minimum(dist, np.linalg.norm(points - points[nxt], axis=1))
    return points[chosen]


def refocused(
    keep: Callable[[np.ndarray], np.ndarray],
    n_candidates: int,
    dim: int,
    rng: np.random.Generator,
    min_points: int,
    rounds: int = 6,
) -> tuple[np.ndarray, float]:
    """Points of the unit cube that ``keep`` (a mask function: not implausible in every wave
    so far) accepts, and the share of the whole cube it accepts.

    A Latin hypercube of ``n_candidates`` over the cube estimates the share; when fewer than
    ``min_points`` survive, the survivors are jittered (Gaussian, at the survivors' own
    spread) and the jittered points screened again, so a small region is still filled.
    """
    pool = latin_hypercube(n_candidates, dim, rng)
    mask = keep(pool)
    share = float(mask.mean())
    kept = pool[mask]
    for _ in range(rounds):
        if len(kept) >= min_points or len(kept) == 0:
            break
        scale = np.maximum(kept.std(axis=0), 0.02) if len(kept) > 1 else np.full(dim, 0.05)
        parents = kept[rng.integers(len(kept), size=n_candidates)]
        jitter = np.clip(parents + rng.normal(size=parents.shape) * scale, 0.0, 1.0)
        kept = np.vstack([kept, jitter[keep(jitter)]])
    return kept, share
