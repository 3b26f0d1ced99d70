"""Scenario discovery: which combinations of conditions lead to the outcomes users worry about.

PRIM (the Patient Rule Induction Method, Friedman & Fisher 1999, as used for scenario
discovery by Bryant & Lempert 2010) finds a box in the space of the varied parameters
where the runs of interest (e.g. "Q1 unmet need above 2 h a week") are concentrated. The
box trades *coverage* (the share of all cases of interest that fall inside it) against
*density* (the share of runs inside it that are cases of interest); the peeling
trajectory shows the whole trade-off and one box is chosen from it. Feature scoring
(extra-trees importances) ranks every parameter, restricted by the box or not.

Both come from EMA Workbench (``ema_workbench.analysis``), an optional extra
(``pip install 'phb-sim[discover]'``): a maintained implementation, not a hand-written one.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError

# Default choice of box: the densest box on the trajectory that still covers this share of
# the cases of interest (Bryant & Lempert weigh the two; a box covering most of the cases
# is the one a policy reader can act on).
MIN_COVERAGE = 0.7
# PRIM's own defaults (EMA Workbench): peel 5% of the remaining runs at a time, stop at 5%
# of all runs left in the box.
PEEL_ALPHA = 0.05
MASS_MIN = 0.05


def _workbench() -> tuple[Any, Any]:
    """EMA Workbench's prim and feature_scoring modules, or a message saying how to get them."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # optional back-ends it does not find
            logging.getLogger("EMA").setLevel(logging.WARNING)
            from ema_workbench.analysis import feature_scoring, prim
    except ImportError as err:
        raise InputError(
            f"scenario discovery needs EMA Workbench ({err}); install it with "
            "`pip install 'phb-sim[discover]'` (or `make .venv/.installed`)",
            field="discover",
        ) from None
    return prim, feature_scoring


@dataclass
class Box:
    """The chosen PRIM box and the trajectory it was chosen from."""

    trajectory: pd.DataFrame  # one row per box: coverage, density, mass, res_dim, n, k
    chosen: int  # row of the trajectory
    limits: pd.DataFrame  # restricted parameters: parameter, low, high (categorical: values)
    n_cases: int  # runs of interest
    n_runs: int

    @property
    def coverage(self) -> float:
        return float(self.trajectory.loc[self.chosen, "coverage"])

    @property
    def density(self) -> float:
        return float(self.trajectory.loc[self.chosen, "density"])

    def table(self) -> pd.DataFrame:
        """box.csv: parameter, low, high, and the box's coverage and density on every row."""
        return self.limits.assign(coverage=self.coverage, density=self.density)


def find_box(
    x: pd.DataFrame,
    y: np.ndarray,
    *,
    min_coverage: float = MIN_COVERAGE,
    peel_alpha: float = PEEL_ALPHA,
    mass_min: float = MASS_MIN,
) -> Box:
    """Run PRIM on parameters ``x`` (one row per run) and the boolean cases of interest
    ``y``; choose the densest box whose coverage is at least ``min_coverage``."""
    y = np.asarray(y, dtype=bool)
    n_cases = int(y.sum())
    if n_cases == 0 or n_cases == len(y):
        what = "none" if n_cases == 0 else "all"
        raise InputError(
            f"{what} of the {len(y)} runs meet the condition, so there is nothing to tell "
            "apart; allowed: a threshold some runs meet and others do not",
            field="--above/--below",
        )
    prim, _ = _workbench()
    x = _prepared(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = prim.Prim(x, y.astype(int), peel_alpha=peel_alpha, mass_min=mass_min)
        box = p.find_box()
    trajectory = box.peeling_trajectory.reset_index(drop=True)
    ok = trajectory.index[trajectory["coverage"] >= min_coverage - 1e-12]
    chosen = int(trajectory.loc[ok, "density"].idxmax()) if len(ok) else 0
    limits = _restricted(box.box_lims[chosen], p.box_init)
    return Box(trajectory, chosen, limits, n_cases, len(y))


def _prepared(x: pd.DataFrame) -> pd.DataFrame:
    """Columns PRIM can peel: numbers as floats/ints, anything else as categories. EMA
    Workbench drops a column called "scenario" (its own convention), so it is renamed."""
    out = x.reset_index(drop=True).rename(columns={"scenario": "base scenario"})
    for col in out.columns:
        if out[col].dtype == bool or not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype(str).astype("category")
        elif pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].astype(np.int64)
        else:
            out[col] = out[col].astype(float)
    return out


def _restricted(lims: pd.DataFrame, init: pd.DataFrame) -> pd.DataFrame:
    """The parameters the box restricts, with their limits."""
    rows = []
    for col in lims.columns:
        low, high = lims[col].iloc[0], lims[col].iloc[1]
        i_low, i_high = init[col].iloc[0], init[col].iloc[1]
        if isinstance(low, set):
            if low != i_low:
                rows.append({"parameter": col, "low": "|".join(sorted(map(str, low))), "high": ""})
        elif low > i_low or high < i_high:
            rows.append(
                {
                    "parameter": col,
                    "low": float(low) if low > i_low else math.nan,
                    "high": float(high) if high < i_high else math.nan,
                }
            )
    return pd.DataFrame(rows, columns=["parameter", "low", "high"])


def feature_scores(x: pd.DataFrame, y: np.ndarray, seed: int) -> pd.DataFrame:
    """Extra-trees importance of every parameter for telling cases of interest apart
    (EMA Workbench's get_ex_feature_scores, classification), highest first."""
    _, fs = _workbench()
    x = _prepared(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores, _ = fs.get_ex_feature_scores(
            x, np.asarray(y, dtype=int), nr_trees=250, random_state=seed
        )
    scores = scores.iloc[:, 0].sort_values(ascending=False)
    return pd.DataFrame({"parameter": scores.index, "score": scores.to_numpy(dtype=float)})


def _num(value: float) -> str:
    return f"{value:.3g}"


def condition_words(row: pd.Series, units: dict[str, str]) -> str:
    """One restriction in words: 'pa.turnover_annual above 0.22 (per year)'."""
    name = row["parameter"]
    unit = units.get(name, "")
    suffix = f" {unit}" if unit and unit not in ("switch", "category") else ""
    low, high = row["low"], row["high"]
    if isinstance(low, str):
        values = low.split("|")
        return (
            f"{name} is {values[0]}"
            if len(values) == 1
            else f"{name} is one of {', '.join(values)}"
        )
    if not math.isnan(low) and not math.isnan(high):
        return f"{name} is between {_num(low)} and {_num(high)}{suffix}"
    if not math.isnan(low):
        return f"{name} is above {_num(low)}{suffix}"
    return f"{name} is below {_num(high)}{suffix}"


def box_words(box: Box, outcome: str, units: dict[str, str] | None = None) -> str:
    """The box in plain words, e.g. 'Unmet need (h/week) for Q1 exceeds 2 mostly when
    pa.turnover_annual is above 0.22 and market.candidate_arrivals is below 0.5: coverage
    81%, density 77%'."""
    units = units or {}
    base = box.n_cases / box.n_runs
    tail = (
        f"coverage {box.coverage:.0%}, density {box.density:.0%} "
        f"(against {base:.0%} of all {box.n_runs:,} runs)"
    )
    if box.limits.empty:
        return f"{outcome}: no box narrower than the whole sweep was found; {tail}"
    conditions = [condition_words(r, units) for _, r in box.limits.iterrows()]
    return f"{outcome} mostly when {' and '.join(conditions)}: {tail}"
