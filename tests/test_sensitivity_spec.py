"""SA specs: what is refused (with file, line, field, value and what is allowed) and how
registry parameters become SALib factors."""

from __future__ import annotations

import numpy as np
import pytest

from sim.cli import main
from sim.errors import InputError
from sim.experiments.sensitivity import build_problem, load_spec, parse_spec
from sim.experiments.sensitivity.methods import sample
from sim.experiments.sensitivity.spec_fields import ParamOverride
from sim.scenario.parameters import REGISTRY

GOOD = """\
name: small
base: baseline
method: sobol
n: 16
parameters:
  pa.turnover_annual: {}
  market.competing_wage: {bounds: [12.8, 16]}
  support.brokerage: {}
groups: {workforce: [pa.turnover_annual, market.competing_wage]}
"""


def write(tmp_path, text):
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return path


def test_good_spec_loads(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.method == "sobol" and spec.n == 16 and spec.replications == 2
    assert spec.parameters["market.competing_wage"].bounds == (12.8, 16.0)
    assert spec.groups == {"workforce": ("pa.turnover_annual", "market.competing_wage")}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("n: 16", "n: 100", ["n:", "100", "power of two", "64", "128"]),
        ("method: sobol", "method: fast", ["method", "'fast'", "sobol, morris"]),
        ("  pa.turnover_annual: {}", "  pa.turnover: {}", ["parameters.pa.turnover", "unknown"]),
        ("{bounds: [12.8, 16]}", "{bounds: [16, 12]}", ["bounds", "low < high"]),
        (
            "{bounds: [12.8, 16]}",
            "{bounds: [1, 16]}",
            ["valid range", str(list(REGISTRY["market.competing_wage"].valid))],
        ),
        ("{bounds: [12.8, 16]}", "{dist: beta}", ["dist", "'beta'", "unif, triang"]),
        ("name: small", "name: small\nsamples: 3", ["unknown field 'samples'", "allowed"]),
        ("  support.brokerage: {}", "  arrangement.shares: {}", ["shares", "cannot be varied"]),
        ("  support.brokerage: {}", "  population.n_families: {}", ["sa=False", "bounds"]),
        (
            "workforce: [pa.turnover_annual",
            "workforce: [icb.review_weeks",
            ["not among the varied parameters"],
        ),
        ("name: small", "name: small\nset: {pa.turnover_annual: 0.2}", ["both fixed", "varied"]),
        ("name: small", "name: small\nreplications: 0", ["replications", "integer >= 1"]),
        ("method: sobol", "method: morris\nsecond_order: true", ["second-order", "sobol"]),
    ],
)
def test_bad_specs_are_refused_clearly(tmp_path, old, new, words):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as err:
        load_spec(path)
    text = str(err.value)
    assert str(path) in text
    for w in words:
        assert w in text, (w, text)


def test_error_names_the_line(tmp_path):
    path = write(tmp_path, GOOD.replace("n: 16", "n: 100"))
    with pytest.raises(InputError) as err:
        load_spec(path)
    assert err.value.line == 4 and err.value.field == "n"


def test_cli_bad_spec_exits_2_without_traceback(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("n: 16", "n: 12"))
    assert main(["sa", str(path), "--no-progress", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "power of two" in err and "Traceback" not in err


def test_spec_not_a_mapping_is_refused():
    with pytest.raises(InputError, match="mapping"):
        parse_spec(["a"], file="x.yaml")


def test_kinds_map_to_values_evenly():
    problem = build_problem(
        {
            "support.brokerage": None,
            "icb.approval_regime": None,
            "pa.training_weeks": None,
            "pa.turnover_annual": None,
        }
    )
    X = sample(problem, "sobol", 1024, seed=4)
    values = problem.values(X)
    brokerage = np.array([v["support.brokerage"] for v in values])
    regime = [v["icb.approval_regime"] for v in values]
    weeks = np.array([v["pa.training_weeks"] for v in values])
    turnover = np.array([v["pa.turnover_annual"] for v in values])
    assert brokerage.dtype == bool and 0.45 < brokerage.mean() < 0.55
    assert set(regime) == {"light", "heavy"}
    lo, hi = REGISTRY["pa.training_weeks"].plausible
    counts = np.bincount(weeks - lo)
    assert weeks.min() == lo and weeks.max() == hi and len(counts) == hi - lo + 1
    assert counts.min() > 0.7 * counts.mean()  # each whole week about equally likely
    t_lo, t_hi = REGISTRY["pa.turnover_annual"].plausible
    assert t_lo <= turnover.min() < t_lo + 0.01 and t_hi - 0.01 < turnover.max() <= t_hi


def test_morris_grid_flips_switches():
    problem = build_problem({"support.brokerage": None, "transition.policy": None})
    X = sample(problem, "morris", 20, seed=1)
    vals = problem.values(X)
    # Each Morris step moves one factor by 2/3 of its range: a switch or a two-way choice
    # must actually change value, or its elementary effect would be zero by construction.
    size = 3  # a trajectory: D + 1 rows
    for t in range(20):
        steps = vals[t * size : (t + 1) * size]
        for a, b in zip(steps[:-1], steps[1:], strict=True):
            assert sum(a[k] != b[k] for k in a) == 1


def test_distribution_overrides():
    problem = build_problem(
        {
            "pa.turnover_annual": ParamOverride(dist="norm"),
            "market.competing_wage": ParamOverride(dist="triang", peak=0.25),
            "cost.admission": ParamOverride(dist="lognorm"),
        }
    )
    f = {x.name: x for x in problem.factors}
    assert f["pa.turnover_annual"].dist == "truncnorm"
    assert f["pa.turnover_annual"].bounds[:2] == REGISTRY["pa.turnover_annual"].valid
    assert f["market.competing_wage"].bounds == (*REGISTRY["market.competing_wage"].plausible, 0.25)
    X = sample(problem, "sobol", 512, seed=2)
    vals = problem.values(X)
    turnover = np.array([v["pa.turnover_annual"] for v in vals])
    admission = np.array([v["cost.admission"] for v in vals])
    # Plausible range = central 95%: about 5% of draws fall outside it.
    t_lo, t_hi = REGISTRY["pa.turnover_annual"].plausible
    a_lo, a_hi = REGISTRY["cost.admission"].plausible
    assert 0.02 < np.mean((turnover < t_lo) | (turnover > t_hi)) < 0.09
    assert 0.02 < np.mean((admission < a_lo) | (admission > a_hi)) < 0.09
