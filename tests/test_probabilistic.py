"""Acceptability curves and EVPPI on synthetic samples whose answers are known in closed
form."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from sim.analysis.probabilistic import acceptability, evpi, evppi, samples_from_results


def two_options(n=20000, seed=0):
    """Option B against A: incremental effect N(0.05, 0.02), incremental cost N(1000, 800)."""
    rng = np.random.default_rng(seed)
    d_effect = rng.normal(0.05, 0.02, n)
    d_cost = rng.normal(1000.0, 800.0, n)
    rows = []
    for group, shift in (("all", 0.0), ("Q1", 0.02)):
        rows.append(
            pd.DataFrame(
                {"draw": range(n), "option": "A", "group": group, "cost": 0.0, "effect": 0.0}
            )
        )
        rows.append(
            pd.DataFrame(
                {
                    "draw": range(n),
                    "option": "B",
                    "group": group,
                    "cost": d_cost,
                    "effect": d_effect + shift,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def test_acceptability_matches_the_closed_form():
    wtp = [0.0, 10000.0, 20000.0, 30000.0, 100000.0]
    curves = acceptability(two_options(), wtp)
    b = curves[(curves["option"] == "B") & (curves["group"] == "all")].set_index("wtp")
    for lam in wtp:
        exact = norm.cdf((lam * 0.05 - 1000.0) / np.hypot(lam * 0.02, 800.0))
        assert b.loc[lam, "probability_best"] == pytest.approx(exact, abs=0.01)
    # probabilities over options sum to one, and B's rises with willingness to pay
    sums = curves.groupby(["group", "wtp"])["probability_best"].sum()
    assert np.allclose(sums, 1.0)
    assert b["probability_best"].is_monotonic_increasing
    # a larger effect in the lowest-resource quintile makes B more likely best there
    q1 = curves[(curves["option"] == "B") & (curves["group"] == "Q1")].set_index("wtp")
    assert (q1.loc[20000.0:, "probability_best"] > b.loc[20000.0:, "probability_best"]).all()


def test_evppi_recovers_the_known_value_of_information():
    """INB = theta1 + noise, theta1 ~ N(0, 1), theta2 irrelevant: EVPPI(theta1) =
    E[max(theta1, 0)] = 1/sqrt(2 pi); EVPPI(theta2) = 0; EVPI = sqrt(1 + s^2)/sqrt(2 pi)."""
    rng = np.random.default_rng(4)
    n, s = 1000, 0.7
    params = pd.DataFrame({"theta1": rng.normal(size=n), "theta2": rng.normal(size=n)})
    inb = params["theta1"].to_numpy() + rng.normal(0, s, n)
    nmb = np.column_stack([np.zeros(n), inb])
    table = evppi(params, nmb, ["theta1", "theta2"]).set_index("parameter")
    assert table.loc["theta1", "evppi"] == pytest.approx(1 / np.sqrt(2 * np.pi), abs=0.05)
    assert table.loc["theta2", "evppi"] < 0.05
    assert evpi(nmb) == pytest.approx(np.sqrt(1 + s**2) / np.sqrt(2 * np.pi), abs=0.05)
    assert table.loc["theta1", "share_of_evpi"] < 1.0
    grouped = evppi(params, nmb, {"both": ["theta1", "theta2"]}).iloc[0]
    assert grouped["evppi"] == pytest.approx(table.loc["theta1", "evppi"], abs=0.05)


def test_samples_from_sweep_results_pair_options_by_replication():
    results = pd.DataFrame(
        {
            "replication": [0, 0, 0, 0, 1, 1, 1, 1],
            "scenario": ["a", "a", "b", "b"] * 2,
            "measure": ["qol", "icb_cost"] * 4,
            "group": "all",
            "value": [0.5, 100.0, 0.6, 150.0, 0.4, 90.0, 0.7, 160.0],
        }
    )
    samples = samples_from_results(results)
    assert list(samples.columns) == ["draw", "option", "group", "cost", "effect"]
    row = samples[(samples["draw"] == 1) & (samples["option"] == "b")].iloc[0]
    assert (row["cost"], row["effect"]) == (160.0, 0.7)
