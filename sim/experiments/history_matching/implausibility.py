"""Implausibility: how many standard deviations a parameter set's output lies from a target.

    I(x) = |z - E[f(x)]| / sqrt(Var_emulator(x) + Var_observation + Var_discrepancy + Var_seed)

``z`` is the published figure, ``E[f(x)]`` the emulator's (or, for the final check, the
model's own) mean, and the variances are the emulator's uncertainty, the target's stated
observation uncertainty and model discrepancy, and the seed noise of the model's mean at
the calibration's population size and replications. A parameter set is ruled out when any
target's implausibility exceeds the cut-off (3, Pukelsheim's three-sigma rule: at least 95%
of any unimodal distribution lies within three standard deviations).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.experiments.history_matching.targets import Target

CUTOFF = 3.0


def implausibility(
    target: Target, mean: np.ndarray, emulator_var: np.ndarray | float, seed_var: float
) -> np.ndarray:
    """Implausibility of ``mean`` (one value per parameter set) against ``target``."""
    total = np.asarray(emulator_var) + target.variance + seed_var
    return np.abs(target.value - np.asarray(mean, dtype=float)) / np.sqrt(total)


def max_implausibility(columns: Sequence[np.ndarray]) -> np.ndarray:
    """The largest implausibility over targets, per parameter set."""
    return np.max(np.vstack(columns), axis=0)
