"""Policy levers and uncertainties: the registry marks each parameter, and a sweep can
sample the uncertainties under each fixed setting of the levers and report per setting."""

from __future__ import annotations

import pytest
from test_sweep_engine import fake_run

from sim.errors import InputError
from sim.experiments.sweep.engine import execute
from sim.experiments.sweep.spec import load_spec
from sim.experiments.sweep.summary import by_lever, write_summary
from sim.scenario.parameters import REGISTRY
from sim.scenario.parameters.core import ROLES

SPEC = """\
name: levers
root_seed: 2
replications: 2
levers:
  icb.funded_share_of_need: [0.75, 1.0]
  support.brokerage: [false, true]
samples:
  n: 3
  params:
    pa.turnover_annual: [0.06, 0.3]
    market.candidate_arrivals: [0.2, 1.5]
"""


def test_every_parameter_has_a_role_and_the_policy_levers_are_marked():
    assert {p.role for p in REGISTRY.values()} <= set(ROLES)
    levers = {n for n, p in REGISTRY.items() if p.role == "lever"}
    assert {"icb.funded_share_of_need", "support.brokerage", "icb.approval_regime"} <= levers
    assert REGISTRY["pa.turnover_annual"].role == "uncertainty"
    assert REGISTRY["population.n_families"].role == "structural"


def test_each_lever_setting_meets_the_same_sampled_uncertainties(tmp_path):
    (tmp_path / "s.yaml").write_text(SPEC)
    spec = load_spec(tmp_path / "s.yaml")
    assert spec.levers == ("icb.funded_share_of_need", "support.brokerage")
    assert len(spec.points) == 2 * 2 * 3 and spec.n_runs == 24
    worlds: dict[tuple, set] = {}
    for point in spec.points:
        setting = (point["icb.funded_share_of_need"], point["support.brokerage"])
        world = (point["pa.turnover_annual"], point["market.candidate_arrivals"])
        worlds.setdefault(setting, set()).add(world)
    assert len(worlds) == 4 and len({frozenset(w) for w in worlds.values()}) == 1

    out = tmp_path / "out"
    execute(spec.runs(), out, backend="serial", run_fn=fake_run, progress=False, meta=spec.meta())
    table = by_lever(out)
    assert set(table.columns) >= {"icb.funded_share_of_need", "support.brokerage", "p10", "p90"}
    per_setting = table.groupby(["icb.funded_share_of_need", "support.brokerage"])
    assert per_setting.ngroups == 4
    assert (table["n_runs"] == 3 * 2).all()  # three sampled worlds x two replications
    assert (table["p10"] <= table["p50"]).all() and (table["p50"] <= table["p90"]).all()
    _, files = write_summary(out, tmp_path / "summary")
    assert tmp_path / "summary" / "by_lever.csv" in files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            SPEC.replace("support.brokerage: [false, true]", "pa.insecure_share: [0.1, 0.3]"),
            "not a policy lever",
        ),
        (
            SPEC.replace(
                "    pa.turnover_annual", "    icb.review_weeks: [8, 26]\n    pa.turnover_annual"
            ),
            "is a policy lever",
        ),
        (SPEC + "grid:\n  icb.panel_weeks: [2, 4]\n", "put it under levers"),
    ],
)
def test_levers_and_uncertainties_are_kept_apart(tmp_path, text, message):
    (tmp_path / "s.yaml").write_text(text)
    with pytest.raises(InputError, match=message):
        load_spec(tmp_path / "s.yaml")


SA = """\
name: a
method: morris
n: 2
replications: 1
levers:
  icb.funded_share_of_need: [0.75, 1.0]
  icb.approval_regime: [light, heavy]
parameters:
  pa.turnover_annual: {}
  market.candidate_arrivals: {}
"""


def test_an_sa_spec_runs_one_analysis_per_lever_setting(tmp_path):
    from sim.experiments.sensitivity.spec import load_spec as load_sa

    (tmp_path / "sa.yaml").write_text(SA)
    spec = load_sa(tmp_path / "sa.yaml")
    settings = spec.lever_settings()
    assert settings == [
        {"icb.funded_share_of_need": a, "icb.approval_regime": b}
        for a in (0.75, 1.0)
        for b in ("light", "heavy")
    ]
    assert spec.as_dict()["levers"] == {
        "icb.funded_share_of_need": [0.75, 1.0],
        "icb.approval_regime": ["light", "heavy"],
    }
    for text, message in [
        (
            SA.replace("icb.approval_regime: [light, heavy]", "pa.insecure_share: [0.1]"),
            "not a policy lever",
        ),
        (SA.replace("[light, heavy]", "[light, nowhere]"), "icb.approval_regime"),
        (SA.replace("  pa.turnover_annual: {}", "  icb.approval_regime: {}"), "also varied"),
    ]:
        (tmp_path / "bad.yaml").write_text(text)
        with pytest.raises(InputError, match=message):
            load_sa(tmp_path / "bad.yaml")
