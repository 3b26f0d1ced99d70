"""The per-family constants picked from the (area, arrangement, tier) table are the ones the
formulas give for each family's own parameters (sim.model.derived)."""

from __future__ import annotations

import numpy as np

from sim.model import PHBModel, outcomes
from sim.model.derived import COPIED, combination_table, constants
from sim.scenario import load_scenario


def test_table_rows_match_each_familys_own_constants():
    scenario = load_scenario(
        "scenarios/england/england_sampled.yaml",
        [
            "population.n_families=400",
            "population.n_icbs=5",
            "population.weeks=8",
            "population.burn_in_weeks=0",
        ],
    )
    m = PHBModel(scenario, rng=3)
    assert len(np.unique(m.area["market.competing_wage"])) == m.n_areas  # areas differ
    m.run()  # referrals and reviews have moved some families between arrangements
    rows = np.arange(len(m.fam))
    own = constants(
        m.fp, m.p, outcomes.weights(m).budget, m.fam.arrangement[rows], m.fam.tier[rows]
    )
    assert len(np.unique(m.fam.arrangement)) > 2 and len(np.unique(m.fam.tier)) == 3
    for name in COPIED:
        np.testing.assert_array_equal(getattr(m, name), own[name], err_msg=name)
    np.testing.assert_array_equal(m.hire_factor, np.minimum(own["hire_base"] * m.capability, 1.0))
    assert len(combination_table(m)["hour_rate"]) == m.n_areas * 4 * 3
