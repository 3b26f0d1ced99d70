"""The scenario library: every file validates, matches the schema, says what it is for, and
runs a short smoke simulation; the feature scenarios switch exactly what they claim."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from sim.analysis.measures import HEADLINE
from sim.scenario import library, library_name, load_scenario, scenarios_dir, schema
from sim.scenario.levers import FEATURES

LIBRARY = library()
NAMES = [library_name(p) for p in LIBRARY]

REQUIRED = [
    "baseline",
    "arrangements/commissioned",
    "arrangements/notional",
    "arrangements/third_party",
    "arrangements/direct_payment_unsupported",
    "arrangements/direct_payment_supported",
    "features/none",
    "features/all_ten",
    *(f"features/{name}" for name in FEATURES),
    "budget/hours_x_rate",
    "budget/needs_based",
    "budget/known_upfront",
    "budget/not_known_upfront",
    "governance/light",
    "governance/heavy",
    "workforce/churn_low",
    "workforce/churn_typical",
    "workforce/churn_high",
    "workforce/market_tight",
    "workforce/market_slack",
    "workforce/pay_below",
    "workforce/pay_at",
    "workforce/pay_above",
    "information/poor",
    "information/good",
    "transitions/planned",
    "transitions/cliff_edge",
    "england/england_sampled",
    "england/england_areas",
]


def test_library_holds_every_required_scenario():
    missing = sorted(set(REQUIRED) - set(NAMES))
    assert not missing


@pytest.mark.parametrize("path", LIBRARY, ids=NAMES)
def test_library_file_loads_and_documents_itself(path):
    s = load_scenario(path)
    assert s.name == library_name(path)
    assert s.description and "\n" not in s.description
    head = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in head if line.startswith("#")]
    assert head[0].startswith("# yaml-language-server: $schema=")
    assert any(line.startswith("# Question:") for line in comments)
    assert any(line.startswith(("# Lever:", "# Levers:")) for line in comments)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    spec = schema.scenario_schema()
    jsonschema.Draft202012Validator.check_schema(spec)
    return jsonschema.Draft202012Validator(spec)


@pytest.mark.parametrize("path", LIBRARY, ids=NAMES)
def test_library_file_matches_the_json_schema(path, validator):
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not errors, [e.message for e in errors]


def test_schema_refuses_what_the_loader_refuses(validator):
    for bad in (
        {"pa": {"turnover": 0.3}},
        {"pa": {"turnover_annual": 1.5}},
        {"icb": {"approval_regime": "hevy"}},
        {"features": {"nope": True}},
        {"areas": [{"population": {"weeks": 3}}]},
        {"markt": {}},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_schema_file_is_current():
    path = schema.default_path()
    assert path.read_text(encoding="utf-8") == schema.render(), (
        "scenarios/schema.json is out of date: phb-sim scenarios schema --out scenarios/schema.json"
    )
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "phb-sim scenario"


@pytest.mark.parametrize("name", list(FEATURES))
def test_one_feature_scenarios_switch_only_their_feature(name):
    s = load_scenario(f"features/{name}")
    assert s.features[name] is True
    assert [n for n, on in s.features.items() if on] == [name]
    for other, feature in FEATURES.items():
        for param, value in (feature.on if other == name else feature.off).items():
            assert s.params[param] == value, (other, param)
            assert s.origins[param] == f"feature:{other}"


def test_all_ten_and_none():
    on, off = load_scenario("features/all_ten"), load_scenario("features/none")
    for feature in FEATURES.values():
        for param in feature.on:
            assert on.params[param] == feature.on[param]
            assert off.params[param] == feature.off[param]


def test_arrangement_scenarios_put_everyone_in_one_arrangement():
    for name, arrangement in [
        ("commissioned", "commissioned"),
        ("notional", "notional"),
        ("third_party", "third_party"),
        ("direct_payment_unsupported", "direct_payment"),
        ("direct_payment_supported", "direct_payment"),
    ]:
        shares = load_scenario(f"arrangements/{name}").params["arrangement.shares"]
        assert shares[arrangement] == 1.0
    support = (
        "support_planning",
        "brokerage",
        "payroll_service",
        "training_funding",
        "contingency_cover",
    )
    bare = load_scenario("arrangements/direct_payment_unsupported").params
    full = load_scenario("arrangements/direct_payment_supported").params
    assert not any(bare[f"support.{k}"] for k in support)
    assert all(full[f"support.{k}"] for k in support)
    assert bare["support.information_quality"] < full["support.information_quality"]


def test_paired_scenarios_differ_in_their_lever():
    def value(name: str, param: str):
        return load_scenario(name).params[param]

    assert (
        value("workforce/churn_low", "pa.turnover_annual")
        < value("workforce/churn_typical", "pa.turnover_annual")
        < value("workforce/churn_high", "pa.turnover_annual")
    )
    pay = [value(f"workforce/pay_{w}", "icb.pa_funded_pay") for w in ("below", "at", "above")]
    wage = value("workforce/pay_at", "market.competing_wage")
    assert pay[0] < wage == pay[1] < pay[2]
    assert value("workforce/market_tight", "market.candidate_arrivals") < value(
        "workforce/market_slack", "market.candidate_arrivals"
    )
    assert value("governance/heavy", "icb.approval_regime") == "heavy"
    assert value("governance/light", "icb.approval_regime") == "light"
    assert value("transitions/cliff_edge", "transition.policy") == "cliff_edge"
    assert value("budget/needs_based", "icb.budget_method") == "needs_based"
    assert value("budget/known_upfront", "icb.budget_known_upfront") is True
    assert value("information/poor", "support.information_quality") < value(
        "information/good", "support.information_quality"
    )


def test_england_scenarios_have_differing_areas():
    sampled = load_scenario("england/england_sampled")
    assert sampled.params["population.n_icbs"] == 42
    assert all(lo < hi for lo, hi in sampled.area_sampling.values())
    areas = load_scenario("england/england_areas")
    assert areas.params["population.n_icbs"] == len(areas.areas) >= 5
    wages = {a["market.competing_wage"] for a in areas.areas}
    regimes = {a["icb.approval_regime"] for a in areas.areas}
    assert len(wages) > 1 and regimes == {"light", "heavy"}


def test_docs_scenarios_names_every_scenario_and_feature():
    text = (scenarios_dir().parent / "docs" / "SCENARIOS.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}`" in text, name
    for name, feature in FEATURES.items():
        assert f"`{name}`" in text, name
        for param in feature.on:
            assert f"`{param}`" in text, param


def small(path):
    """The library scenario shrunk to a smoke-test size, keeping its areas consistent."""
    s = load_scenario(path)
    n_icbs = len(s.areas) if s.areas else min(2, s.params["population.n_icbs"])
    return s.with_params(
        {
            "population.n_families": 10 * n_icbs if s.areas else 40,
            "population.weeks": 8,
            "population.n_icbs": n_icbs,
        },
        origin="test",
    )


@pytest.mark.parametrize("path", LIBRARY, ids=NAMES)
def test_library_scenario_runs_a_smoke_simulation(path):
    from sim.experiments.runner import simulate
    from sim.scenario import validate

    result = simulate(validate(small(path)), seed=12345)
    summary = result.summary
    assert {"measure", "group", "value"} <= set(summary.columns)
    overall = summary[summary["group"] == "all"]
    missing = set(HEADLINE) - set(overall["measure"])
    assert not missing
    assert set(summary["group"]) >= {"all", "Q1", "Q5"}


def parent_of(path) -> str | None:
    """The scenario a library file extends (None for the baseline)."""
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("extends")


EXTENDING = [p for p in LIBRARY if parent_of(p)]


@pytest.mark.parametrize("path", EXTENDING, ids=[library_name(p) for p in EXTENDING])
def test_library_scenario_differs_from_its_parent(path):
    """A scenario that restates its parent answers no question of its own: its settings and
    some output of a brief paired run must differ from the parent's."""
    from sim.experiments.runner import simulate
    from sim.scenario import validate

    child = load_scenario(path)
    parent = load_scenario(resolve_parent(path))
    assert (child.params, child.areas) != (parent.params, parent.areas)

    def brief(s):
        n_icbs = len(s.areas) if s.areas else min(2, s.params["population.n_icbs"])
        size = {"population.n_families": 40 * n_icbs if s.areas else 200, "population.weeks": 52}
        size["population.n_icbs"] = n_icbs
        run = simulate(validate(s.with_params(size, origin="test")), seed=2024)
        return run.summary.set_index(["measure", "group"])["value"]

    a, b = brief(child), brief(parent)
    common = a.index.intersection(b.index)
    assert not a[common].fillna(-1).equals(b[common].fillna(-1))


def resolve_parent(path) -> str | object:
    """The parent as ``load_scenario`` accepts it: a library name or a path beside the file."""
    name = parent_of(path)
    candidate = path.parent / name
    return candidate if candidate.suffix in (".yaml", ".yml") and candidate.exists() else name


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("workforce/churn_low", ["pa.turnover_annual"]),
        ("workforce/churn_typical", ["pa.turnover_annual"]),
        ("workforce/churn_high", ["pa.turnover_annual"]),
        ("workforce/market_tight", ["market.candidate_arrivals", "market.agency_capacity"]),
        ("workforce/market_slack", ["market.candidate_arrivals", "market.agency_capacity"]),
    ],
)
def test_docs_scenarios_give_the_values_the_files_set(name, params):
    """docs/SCENARIOS.md once gave churn of 10/19/35% while the files set 0.06/0.12/0.25."""
    text = (scenarios_dir().parent / "docs" / "SCENARIOS.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
    values = load_scenario(name).params
    for param in params:
        assert f"{values[param]:g}" in row, (name, param, row)
