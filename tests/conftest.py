"""Shared test helpers: small scenarios that run in a fraction of a second."""

from __future__ import annotations

import pytest

from sim.scenario import Scenario


def small(n_families: int = 80, weeks: int = 52, n_icbs: int = 1, **params) -> Scenario:
    """The default scenario at a test size and without burn-in, with dotted-name overrides
    (``a__b`` = ``a.b``)."""
    values = {
        "population.n_families": n_families,
        "population.weeks": weeks,
        "population.n_icbs": n_icbs,
        "population.burn_in_weeks": 0,
    }
    values.update({k.replace("__", "."): v for k, v in params.items()})
    return Scenario(name="test").with_params(values)


@pytest.fixture
def small_scenario():
    return small
