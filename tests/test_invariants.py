"""Invariants that must hold every week, for any valid parameter set (model brief).

- Every hour of need is delivered by a PA, a provider or agency, the family, or is unmet.
- Budget allocated plus ICB top-ups equals budget spent plus unspent (balance kept and money
  clawed back), and no balance is ever below zero (an overdraft is an explicit top-up).
- No PA works more than its contract, or at all while absent; rostered hours add up.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model import PHBModel
from sim.scenario import Scenario
from sim.scenario.parameters import PARAMS

SIZE = {"population.n_families": 60, "population.weeks": 30}


def _value(param):
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "choice":
        return st.sampled_from(param.choices)
    if param.kind == "int":
        return st.integers(int(param.plausible[0]), int(param.plausible[1]))
    if param.kind == "float":
        return st.floats(param.plausible[0], param.plausible[1], allow_nan=False)
    keys = list(param.default)
    return (
        st.lists(st.floats(0.0, 1.0), min_size=len(keys), max_size=len(keys))
        .filter(lambda xs: sum(xs) > 0.05)
        .map(lambda xs: {k: x / sum(xs) for k, x in zip(keys, xs, strict=True)})
    )


VARIED = [p for p in PARAMS if not p.name.startswith("population.") or p.kind == "shares"]
param_sets = st.fixed_dictionaries({p.name: _value(p) for p in VARIED})


def check_week(m: PHBModel) -> None:
    w, f = m.last_week, m.fam
    parts = np.stack([w.pa, w.provider, w.agency, w.family, w.unmet])
    assert (parts >= -1e-9).all(), "negative hours"
    np.testing.assert_allclose(parts.sum(axis=0), f.need, rtol=0, atol=1e-9)
    np.testing.assert_allclose(
        f.allocated + f.topped_up, f.spent + f.balance + f.clawed, rtol=1e-12, atol=1e-6
    )
    assert (f.balance >= -1e-6).all(), f"a budget overdrew: lowest balance {f.balance.min():.2f}"
    employer = w.slot_family
    contract = np.where(employer >= 0, m.pa_contract[np.maximum(employer, 0)], 0.0)
    assert (w.rostered <= contract + 1e-9).all(), "a PA worked beyond its contract"
    assert (w.rostered[w.slot_absent] == 0).all(), "a PA worked while absent"
    assert (w.rostered[employer < 0] == 0).all(), "an empty slot worked"
    per_family = np.bincount(np.maximum(employer, 0), weights=w.rostered, minlength=len(f))
    np.testing.assert_allclose(per_family, w.pa, atol=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=param_sets, seed=st.integers(0, 2**31 - 1), n_icbs=st.integers(1, 3))
def test_invariants_hold_every_week(values, seed, n_icbs):
    scenario = Scenario(name="hypothesis").with_params(
        {**values, **SIZE, "population.n_icbs": n_icbs}
    )
    model = PHBModel(scenario, rng=seed)
    for _ in range(int(SIZE["population.weeks"])):
        model.step()
        check_week(model)
