"""Gaussian-process emulators of the model's outputs, one per target (scikit-learn).

An emulator predicts the replication mean of one output at any point of the unit cube,
with its own uncertainty; history matching needs both. The kernel is a constant times an
anisotropic Matern 5/2 (one length scale per parameter) plus white noise, which absorbs
the seed noise of the model's runs. The held-out R^2 is from k-fold cross-validation on
the wave's own runs: the share of the output's variance the emulator predicts for runs it
was not fitted to.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Kernel, Matern, WhiteKernel
from sklearn.model_selection import KFold
from threadpoolctl import threadpool_limits


def _regressor(dim: int, seed: int) -> GaussianProcessRegressor:
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern(
        length_scale=np.full(dim, 0.5), length_scale_bounds=(1e-2, 1e2), nu=2.5
    ) + WhiteKernel(1e-2, (1e-8, 1.0))
    return GaussianProcessRegressor(
        kernel, normalize_y=True, n_restarts_optimizer=1, random_state=seed
    )


def _fit(
    U: np.ndarray, y: np.ndarray, seed: int, kernel: Kernel | None = None
) -> GaussianProcessRegressor:
    """Fit hyperparameters by maximum likelihood, or keep ``kernel``'s fixed."""
    if kernel is None:
        gp = _regressor(U.shape[1], seed)
    else:
        gp = GaussianProcessRegressor(kernel, normalize_y=True, optimizer=None)
    # Small dense matrices: one BLAS thread is faster than several fighting over few cores.
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(U, y)
    return gp


@dataclass
class Emulator:
    """A fitted emulator of one output and its held-out skill."""

    output: str
    gp: GaussianProcessRegressor
    r2: float
    n_runs: int

    def predict(self, U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mean and variance of the replication mean at unit-cube points ``U``. The white
        noise term is left out of the variance: it is seed noise, counted separately."""
        mean, sd = self.gp.predict(np.atleast_2d(U), return_std=True)
        return mean, np.maximum(sd**2 - self.noise_variance, 0.0)

    @property
    def noise_variance(self) -> float:
        """The fitted white-noise variance in the output's unit: the seed noise of the
        replication means the emulator was fitted to."""
        return float(self.gp.kernel_.k2.noise_level * float(self.gp._y_train_std) ** 2)


def held_out_r2(
    U: np.ndarray, y: np.ndarray, folds: int, seed: int, kernel: Kernel | None = None
) -> float:
    """R^2 of k-fold held-out predictions (1 - residual / total sum of squares). With
    ``kernel`` (the hyperparameters fitted to all runs) each fold only conditions on its
    training runs, which is fast; without, each fold also refits the hyperparameters."""
    if np.ptp(y) == 0:
        return float("nan")
    pred = np.empty_like(y, dtype=float)
    split = KFold(n_splits=min(folds, len(y)), shuffle=True, random_state=seed)
    for train, test in split.split(U):
        pred[test] = _fit(U[train], y[train], seed, kernel).predict(U[test])
    return float(1.0 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2))


def fit_emulator(output: str, U: np.ndarray, y: np.ndarray, folds: int, seed: int) -> Emulator:
    """Fit on all runs of a wave, then measure held-out skill by cross-validation."""
    gp = _fit(U, y, seed)
    return Emulator(output, gp, held_out_r2(U, y, folds, seed, gp.kernel_), len(y))
