"""Thin wrappers over SALib's samplers and analysers that return tidy tables.

SALib does the statistics (Saltelli's Sobol design and estimators, Morris trajectories and
elementary effects, bootstrap CIs); this module only fixes the calling conventions, the
seeds, and the table shape every other part of the package reads:
``parameter, parameter2, index, value, conf`` with ``conf`` the CI half-width.

The one addition is a CI for Morris' sigma, which SALib does not report: trajectories are
resampled with replacement and SALib's own ``morris.analyze`` is re-run on each resample;
the half-width follows SALib's convention for mu* (z times the bootstrap standard deviation).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import norm

from sim.experiments.sensitivity.problem import Problem

INDEX_COLUMNS = ["parameter", "parameter2", "index", "value", "conf"]
# The index that ranks drivers and fills heatmaps, per method.
MAIN_INDEX = {"sobol": "ST", "morris": "mu_star"}


def block_size(problem: Problem, method: str, second_order: bool = False) -> int:
    """Rows SALib's design spends on one base point (Sobol) or one trajectory (Morris)."""
    k = len(problem.labels)
    if method == "sobol":
        return 2 * k + 2 if second_order else k + 2
    return k + 1


def sample(
    problem: Problem,
    method: str,
    n: int,
    *,
    seed: int,
    second_order: bool = False,
    num_levels: int = 4,
) -> np.ndarray:
    """SALib's sample: Sobol N base points (Saltelli design) or n Morris trajectories.

    The Sobol sequence is scrambled with ``seed``; the same spec therefore always gives the
    same sample, which is what lets an interrupted SA resume.
    """
    salib = problem.salib()
    if method == "sobol":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # SALib's "N not a power of 2" hint
            return sobol_sample.sample(salib, n, calc_second_order=second_order, seed=seed)
    if method == "morris":
        return morris_sample.sample(salib, n, num_levels=num_levels, seed=seed)
    raise ValueError(f"unknown method {method!r}")


def analyse(
    problem: Problem,
    method: str,
    X: np.ndarray,
    y: np.ndarray,
    *,
    seed: int,
    second_order: bool = False,
    num_levels: int = 4,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    sigma_ci: bool = True,
) -> pd.DataFrame:
    """Indices of one output ``y`` (one value per sample row) as a tidy table.

    ``sigma_ci=False`` skips the Morris sigma bootstrap (convergence checks need mu* only).
    """
    y = np.asarray(y, dtype=float)
    if method == "sobol":
        return _sobol(problem, y, seed, second_order, num_resamples, conf_level)
    if method == "morris":
        return _morris(
            problem,
            np.asarray(X, dtype=float),
            y,
            seed,
            num_levels,
            num_resamples,
            conf_level,
            sigma_ci,
        )
    raise ValueError(f"unknown method {method!r}")


def _sobol(
    problem: Problem,
    y: np.ndarray,
    seed: int,
    second_order: bool,
    num_resamples: int,
    conf_level: float,
) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        # SALib treats seed=0 as "no seed"; keep CIs reproducible with a non-zero one.
        Si = sobol_analyze.analyze(
            problem.salib(),
            y,
            calc_second_order=second_order,
            num_resamples=num_resamples,
            conf_level=conf_level,
            seed=seed or 1,
        )
    labels = problem.labels
    rows = []
    for key in ("S1", "ST"):
        for j, name in enumerate(labels):
            rows.append((name, "", key, float(Si[key][j]), float(Si[f"{key}_conf"][j])))
    if second_order:
        for j, a in enumerate(labels):
            for k in range(j + 1, len(labels)):
                rows.append((a, labels[k], "S2", float(Si["S2"][j, k]), float(Si["S2_conf"][j, k])))
    return pd.DataFrame(rows, columns=INDEX_COLUMNS)


def elementary_effects(X: np.ndarray, y: np.ndarray, size: int, num_levels: int) -> np.ndarray:
    """Morris elementary effects, one row per parameter and one column per trajectory,
    for a design whose every step moves one parameter (SALib's definition: the output's
    change over the step, signed by the step's direction, over the grid step
    ``num_levels / (2 (num_levels - 1))``)."""
    r = len(y) // size
    steps = np.sign(np.diff(np.asarray(X, dtype=float).reshape(r, size, -1), axis=1))
    dy = np.diff(np.asarray(y, dtype=float).reshape(r, size), axis=1)
    delta = num_levels / (2.0 * (num_levels - 1))
    return np.einsum("tsj,ts->jt", steps, dy) / delta


def _morris(
    problem: Problem,
    X: np.ndarray,
    y: np.ndarray,
    seed: int,
    num_levels: int,
    num_resamples: int,
    conf_level: float,
    sigma_ci: bool,
) -> pd.DataFrame:
    salib = problem.salib()
    Si = morris_analyze.analyze(
        salib,
        X,
        y,
        num_resamples=num_resamples,
        conf_level=conf_level,
        num_levels=num_levels,
        seed=seed,
    )
    size = block_size(problem, "morris")
    r = len(y) // size
    rng = np.random.default_rng(seed)
    boot = []
    if sigma_ci and size == X.shape[1] + 1:
        # One factor per parameter: the elementary effects are computed once and the
        # trajectories resampled with numpy (SALib's analyze per resample spends its time
        # on a per-parameter confidence interval that is thrown away here).
        ee = elementary_effects(X, y, size, num_levels)
        picks = rng.integers(r, size=(num_resamples, r))
        boot = list(np.std(ee[:, picks], axis=2, ddof=1).T)
    elif sigma_ci:
        for _ in range(num_resamples):
            pick = rng.integers(r, size=r)
            rows = (pick[:, None] * size + np.arange(size)).ravel()
            Sb = morris_analyze.analyze(
                salib,
                X[rows],
                y[rows],
                num_resamples=10,
                conf_level=conf_level,
                num_levels=num_levels,
                seed=rng,
            )
            boot.append(np.asarray(Sb["sigma"], dtype=float))
    z = norm.ppf(0.5 + conf_level / 2)
    sigma_conf = np.full(len(Si["names"]), np.nan)
    if boot:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # grouped sigma is NaN by design
            sigma_conf = z * np.std(np.array(boot), axis=0, ddof=1)
    out = []
    for j, name in enumerate(Si["names"]):
        out.append((name, "", "mu_star", float(Si["mu_star"][j]), float(Si["mu_star_conf"][j])))
        out.append((name, "", "mu", float(Si["mu"][j]), np.nan))
        out.append((name, "", "sigma", float(Si["sigma"][j]), float(sigma_conf[j])))
    return pd.DataFrame(out, columns=INDEX_COLUMNS)
