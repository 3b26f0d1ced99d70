"""Gaussian-process emulators of the model's outputs, one per target (scikit-learn).

An emulator predicts the replication mean of one output at any point of the unit cube,
with its own uncertainty; history matching needs both. The kernel is a constant times an
anisotropic Matern 5/2 (one length scale per parameter) plus white noise, which absorbs
the seed noise of the model's runs. The held-out R^2 is from k-fold cross-validation on
the wave's own runs: the share of the output's variance the emulator predicts for runs it
was not fitted to.

Two R^2 are kept because the runs are noisy. ``r2`` is against the replication means the
emulator saw; it cannot exceed one minus the share of their variance that is seed noise,
however good the emulator. ``r2_mean`` is against the model's expected output (the mean
over infinitely many seeds), the quantity history matching needs the emulator for: the
seed variance of a replication mean, measured from the replications, is taken out of both
the held-out squared error and the total variance. ``noise_share`` says how much of the
replication means' spread was seed noise; where it is near one the output carries almost
no information about the varied parameters, and ``r2_mean`` is left undefined.
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
    r2_mean: float = float("nan")
    noise_share: float = float("nan")

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


def held_out_predictions(
    U: np.ndarray, y: np.ndarray, folds: int, seed: int, kernel: Kernel | None = None
) -> np.ndarray:
    """k-fold held-out predictions of ``y``. With ``kernel`` (the hyperparameters fitted to
    all runs) each fold only conditions on its training runs, which is fast; without, each
    fold also refits the hyperparameters."""
    pred = np.empty_like(y, dtype=float)
    split = KFold(n_splits=min(folds, len(y)), shuffle=True, random_state=seed)
    for train, test in split.split(U):
        pred[test] = _fit(U[train], y[train], seed, kernel).predict(U[test])
    return pred


def held_out_r2(
    U: np.ndarray, y: np.ndarray, folds: int, seed: int, kernel: Kernel | None = None
) -> float:
    """R^2 of k-fold held-out predictions (1 - residual / total sum of squares)."""
    if np.ptp(y) == 0:
        return float("nan")
    pred = held_out_predictions(U, y, folds, seed, kernel)
    return float(1.0 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2))


def r2_against_mean(y: np.ndarray, pred: np.ndarray, seed_var: float) -> tuple[float, float]:
    """R^2 against the expected output, and the seed-noise share of ``y``'s variance.

    ``y`` are replication means whose seed variance is ``seed_var``: the held-out mean
    squared error overstates the error against the expected output by ``seed_var`` and the
    variance of ``y`` overstates the expected output's by the same amount. The R^2 is
    undefined (NaN) when seed noise is all or nearly all of the spread (noise share above
    0.95): there is then too little signal to measure skill on.
    """
    total = float(np.var(y, ddof=1)) if len(y) > 1 else 0.0
    if not np.isfinite(seed_var) or total <= 0:
        return float("nan"), float("nan")
    share = min(seed_var / total, 1.0)
    if share > 0.95:
        return float("nan"), share
    mse = float(np.mean((y - pred) ** 2))
    return float(1.0 - max(mse - seed_var, 0.0) / (total - seed_var)), share


def fit_emulator(
    output: str,
    U: np.ndarray,
    y: np.ndarray,
    folds: int,
    seed: int,
    seed_var: float = float("nan"),
) -> Emulator:
    """Fit on all runs of a wave, then measure held-out skill by cross-validation
    (``seed_var``: the seed variance of one replication mean, when known)."""
    gp = _fit(U, y, seed)
    if np.ptp(y) == 0:
        return Emulator(output, gp, float("nan"), len(y))
    pred = held_out_predictions(U, y, folds, seed, gp.kernel_)
    r2 = float(1.0 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2))
    r2_mean, share = r2_against_mean(y, pred, seed_var)
    return Emulator(output, gp, r2, len(y), r2_mean, share)
