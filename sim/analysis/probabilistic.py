"""Probabilistic results for a decision: which option is best, how sure we are, and which
missing figure would be worth collecting.

Input is a probabilistic sample: for each draw (an ensemble member with its seed) and each
option, a cost and an effect (quality-adjusted years, or any effect measure), overall and
per group (e.g. the lowest-resource quintile). Net monetary benefit at a willingness to
pay ``λ`` is ``λ * effect - cost``.

- :func:`acceptability` gives cost-effectiveness acceptability curves: the probability each
  option has the highest net monetary benefit, per ``λ`` and group.
- :func:`evppi` gives the expected value of perfect partial information for parameters
  (or groups of them) by Strong and Oakley's regression method (Med Decis Making 2014):
  the net benefit of each option, relative to the first, is regressed on the parameters
  with a Gaussian process; the EVPPI is the mean over draws of the best fitted value less
  the best mean. :func:`evpi` is the same with every source of uncertainty resolved.

Pure numpy/pandas/scikit-learn on tables, so it serves model runs and synthetic checks
alike; :func:`samples_from_results` turns a sweep's tidy results into a sample.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

SAMPLE_COLUMNS = ("draw", "option", "group", "cost", "effect")


def net_benefit(samples: pd.DataFrame, wtp: float) -> pd.Series:
    return wtp * samples["effect"] - samples["cost"]


def acceptability(samples: pd.DataFrame, wtp: Sequence[float]) -> pd.DataFrame:
    """Probability each option is best, per willingness to pay and group.

    ``samples`` has columns draw, option, group, cost, effect (one row per draw, option and
    group). Ties go to the option listed first. Returns columns group, wtp, option,
    probability_best, expected_nmb.
    """
    missing = set(SAMPLE_COLUMNS) - set(samples.columns)
    if missing:
        raise ValueError(f"samples need columns {sorted(missing)}")
    options = list(dict.fromkeys(samples["option"]))
    rows = []
    for group, g in samples.groupby("group", sort=False):
        cost = g.pivot(index="draw", columns="option", values="cost")[options].to_numpy()
        effect = g.pivot(index="draw", columns="option", values="effect")[options].to_numpy()
        ok = np.isfinite(cost).all(axis=1) & np.isfinite(effect).all(axis=1)
        cost, effect = cost[ok], effect[ok]
        for lam in wtp:
            nmb = lam * effect - cost
            best = np.argmax(nmb, axis=1)
            share = np.bincount(best, minlength=len(options)) / len(best)
            for k, option in enumerate(options):
                rows.append(
                    {
                        "group": group,
                        "wtp": float(lam),
                        "option": option,
                        "probability_best": float(share[k]),
                        "expected_nmb": float(nmb[:, k].mean()),
                    }
                )
    return pd.DataFrame(rows)


def _fitted(X: np.ndarray, y: np.ndarray, seed: int, max_fit: int) -> np.ndarray:
    """Gaussian-process regression of ``y`` on ``X``: the fitted (smoothed) values. The
    hyperparameters are fitted on at most ``max_fit`` draws; the fit conditions on all."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
    from threadpoolctl import threadpool_limits

    span = np.ptp(X, axis=0)
    U = (X - X.min(axis=0)) / np.where(span > 0, span, 1.0)
    kernel = ConstantKernel(1.0, (1e-4, 1e4)) * Matern(
        np.full(U.shape[1], 0.5), (1e-2, 1e2), nu=2.5
    ) + WhiteKernel(0.5, (1e-6, 1e1))
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(U), size=min(max_fit, len(U)), replace=False)
    # Small dense matrices: one BLAS thread is faster than several fighting over 2 cores.
    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp = GaussianProcessRegressor(kernel, normalize_y=True, random_state=seed)
        gp.fit(U[pick], y[pick])
        full = GaussianProcessRegressor(gp.kernel_, normalize_y=True, optimizer=None)
        full.fit(U, y)
    # At the draws themselves the prediction leaves the white-noise term out (a white
    # kernel is zero between distinct calls), so it is the expectation given X.
    return full.predict(U)


def evppi(
    params: pd.DataFrame,
    nmb: np.ndarray,
    parameters: Mapping[str, Sequence[str]] | Sequence[str],
    *,
    seed: int = 0,
    max_fit: int = 300,
) -> pd.DataFrame:
    """Expected value of perfect partial information, per parameter or group of parameters.

    ``params`` holds the parameter values of each draw (rows aligned with ``nmb``, which is
    draws x options of net monetary benefit). ``parameters`` is a list of names (each on its
    own) or a mapping of labels to lists of names (a group learnt together). Returns
    columns parameter, evppi, share_of_evpi.
    """
    nmb = np.asarray(nmb, dtype=float)
    if nmb.ndim != 2 or nmb.shape[0] != len(params):
        raise ValueError("nmb must be draws x options, with one row per row of params")
    groups = (
        dict(parameters)
        if isinstance(parameters, Mapping)
        else {name: [name] for name in parameters}
    )
    total = evpi(nmb)
    rows = []
    for label, names in groups.items():
        X = params[list(names)].to_numpy(dtype=float)
        # Regress each option's net benefit relative to the first; the first's is then 0.
        fitted = np.zeros_like(nmb)
        for d in range(1, nmb.shape[1]):
            inc = nmb[:, d] - nmb[:, 0]
            fitted[:, d] = _fitted(X, inc, seed, max_fit) if np.ptp(inc) > 0 else inc
        value = max(float(fitted.max(axis=1).mean() - fitted.mean(axis=0).max()), 0.0)
        rows.append(
            {
                "parameter": label,
                "evppi": value,
                "share_of_evpi": value / total if total > 0 else float("nan"),
            }
        )
    return pd.DataFrame(rows).sort_values("evppi", ascending=False, ignore_index=True)


def evpi(nmb: np.ndarray) -> float:
    """Expected value of perfect information: E[max_d NMB] - max_d E[NMB]."""
    nmb = np.asarray(nmb, dtype=float)
    return float(nmb.max(axis=1).mean() - nmb.mean(axis=0).max())


def samples_from_results(
    results: pd.DataFrame,
    *,
    option: str = "scenario",
    effect: str = "qol",
    cost: str = "icb_cost",
    groups: Sequence[str] = ("all", "Q1"),
    draw: str = "replication",
) -> pd.DataFrame:
    """A probabilistic sample from a sweep's tidy results (run_id, labels, measure, group,
    value): one row per draw, option and group, with the ``effect`` and ``cost`` measures.
    Replication ``r`` of every option shares its ensemble member and seed, so the options
    are compared draw by draw."""
    rows = results[results["measure"].isin([effect, cost]) & results["group"].isin(groups)]
    wide = rows.pivot_table(index=[draw, option, "group"], columns="measure", values="value")
    wide = wide.rename(columns={effect: "effect", cost: "cost"}).reset_index()
    return wide.rename(columns={draw: "draw", option: "option"})[list(SAMPLE_COLUMNS)]
