"""Distribution measures checked on data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.inequality import concentration_index, distribution, fractional_rank, slope_index


def test_fractional_rank_is_ridit():
    rank = fractional_rank(np.array([3.0, 1.0, 2.0, 4.0]), np.ones(4))
    np.testing.assert_allclose(rank, [0.625, 0.125, 0.375, 0.875])


def test_sii_recovers_a_linear_gradient():
    rank = np.linspace(0.05, 0.95, 10)
    values = 10.0 - 4.0 * rank
    assert slope_index(values, rank, np.ones(10)) == pytest.approx(-4.0)


def test_concentration_index_signs_and_equality():
    rank = fractional_rank(np.arange(100.0), np.ones(100))
    assert concentration_index(np.ones(100), rank, np.ones(100)) == pytest.approx(0.0)
    pro_poor = concentration_index(np.linspace(2, 1, 100), rank, np.ones(100))
    pro_rich = concentration_index(np.linspace(1, 2, 100), rank, np.ones(100))
    assert pro_poor < 0 < pro_rich
    # Everything held by the single richest person approaches 1 - 1/n.
    y = np.zeros(100)
    y[-1] = 1.0
    assert concentration_index(y, rank, np.ones(100)) == pytest.approx(0.99)


def test_distribution_groups_and_gap():
    score = np.linspace(0.01, 0.99, 50)
    quintile = (score * 5).astype(int)
    values = 5.0 - quintile  # Q1 = 5 ... Q5 = 1
    out = distribution(values.astype(float), np.ones(50), score, quintile)
    assert out["Q1"] == 5 and out["Q5"] == 1
    assert out["gap"] == 4 and out["ratio"] == 5
    assert out["sii"] < 0 and out["conc_index"] < 0
