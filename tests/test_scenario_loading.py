"""Scenario loading: the language (extends, features, areas, --set) and the bad-input contract.

Every malformed scenario must be refused before a run with one message naming the file, the
line where YAML gives one, the field, the value and what is allowed; through the command
line that is exit code 2 and no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sim import cli
from sim.errors import ScenarioError
from sim.scenario import (
    MAX_ALIASES,
    MAX_FILE_BYTES,
    Scenario,
    find_scenario,
    library,
    load_scenario,
    parse_set,
    validate,
)
from sim.scenario.levers import FEATURES
from sim.scenario.parameters import REGISTRY, defaults


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str, *parts: str, name: str = "s.yaml") -> str:
    """Load ``text``; assert it is refused with a message holding the file name and parts."""
    path = write(tmp_path, text, name)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert name in message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
    return message


# ----------------------------------------------------------------------------- good input


def test_defaults_fill_everything_and_origins_say_where(tmp_path):
    s = load_scenario(write(tmp_path, "pa:\n  turnover_annual: 0.3\n"))
    assert set(s.params) == set(REGISTRY)
    assert s.params["pa.turnover_annual"] == 0.3
    assert s.origins["pa.turnover_annual"].endswith("s.yaml")
    assert s.origins["icb.agency_rate"] == "default"
    assert s.params["icb.agency_rate"] == REGISTRY["icb.agency_rate"].default
    assert s.name == "s"


def test_extends_chain_overlays_base_first(tmp_path):
    write(tmp_path, "extends: baseline\npa:\n  turnover_annual: 0.3\n", "mid.yaml")
    s = load_scenario(
        write(tmp_path, "extends: mid\nname: top\nmarket:\n  competing_wage: 15\n", "top.yaml")
    )
    assert s.name == "top"
    assert s.params["pa.turnover_annual"] == 0.3
    assert s.origins["pa.turnover_annual"].endswith("mid.yaml")
    assert s.params["market.competing_wage"] == 15.0
    assert s.origins["population.n_families"].endswith("baseline.yaml")


def test_extends_by_relative_path(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "pa:\n  turnover_annual: 0.3\n", "base.yaml")
    s = load_scenario(write(tmp_path, "extends: ../base.yaml\n", "sub/child.yaml"))
    assert s.params["pa.turnover_annual"] == 0.3


def test_integral_float_is_accepted_for_int_and_coerced(tmp_path):
    s = load_scenario(write(tmp_path, "population:\n  weeks: 52.0\n"))
    assert s.params["population.weeks"] == 52 and isinstance(s.params["population.weeks"], int)


def test_features_set_params_and_explicit_values_in_the_same_file_win(tmp_path):
    s = load_scenario(
        write(
            tmp_path,
            "features:\n  options_for_holding_budget: true\n"
            "  light_touch_approval: false\n"
            "support:\n  brokerage: false\n",
        )
    )
    assert s.params["support.payroll_service"] is True
    assert s.origins["support.payroll_service"] == "feature:options_for_holding_budget"
    assert s.params["support.brokerage"] is False  # explicit value wins
    assert s.origins["support.brokerage"].endswith("s.yaml")
    assert s.params["icb.approval_regime"] == "heavy"
    assert s.features == {"options_for_holding_budget": True, "light_touch_approval": False}


def test_a_childs_feature_beats_its_bases_explicit_value(tmp_path):
    write(tmp_path, "icb:\n  approval_regime: light\n", "base.yaml")
    s = load_scenario(
        write(tmp_path, "extends: base\nfeatures:\n  light_touch_approval: false\n", "child.yaml")
    )
    assert s.params["icb.approval_regime"] == "heavy"


def test_unspecified_features_leave_params_alone(tmp_path):
    s = load_scenario(write(tmp_path, "features:\n  support_planning: false\n"))
    for name, feature in FEATURES.items():
        if name != "support_planning":
            for param in feature.on:
                assert s.origins[param] == "default"


def test_set_overrides_last_with_origin(tmp_path):
    path = write(tmp_path, "pa:\n  turnover_annual: 0.3\n")
    s = load_scenario(
        path,
        [
            "pa.turnover_annual=0.25",
            "icb.approval_regime=heavy",
            "arrangement.shares={commissioned: 1}",
        ],
    )
    assert s.params["pa.turnover_annual"] == 0.25
    assert s.origins["pa.turnover_annual"] == "--set"
    assert s.params["icb.approval_regime"] == "heavy"
    assert s.params["arrangement.shares"] == {
        "commissioned": 1.0,
        "notional": 0.0,
        "third_party": 0.0,
        "direct_payment": 0.0,
    }


def test_areas_list_sets_n_icbs_when_not_given_in_that_file(tmp_path):
    s = load_scenario(
        write(
            tmp_path,
            "extends: baseline\nareas:\n"
            "  - market: {competing_wage: 12.9}\n"
            "  - icb: {approval_regime: heavy}\n  - {}\n",
        )
    )
    assert s.params["population.n_icbs"] == 3
    assert s.areas == ({"market.competing_wage": 12.9}, {"icb.approval_regime": "heavy"}, {})


def test_areas_csv_rows_become_area_overrides(tmp_path):
    write(
        tmp_path,
        "market.competing_wage,icb.approval_regime,arrangement.shares.commissioned,"
        "arrangement.shares.direct_payment\n14,heavy,0.5,0.5\n,light,1,0\n",
        "areas.csv",
    )
    s = load_scenario(write(tmp_path, "areas:\n  csv: areas.csv\n"))
    assert s.params["population.n_icbs"] == 2
    assert s.areas[0]["market.competing_wage"] == 14.0
    assert "market.competing_wage" not in s.areas[1]  # empty cell keeps the value
    assert s.areas[1]["arrangement.shares"]["commissioned"] == 1.0


def test_areas_sample_ranges(tmp_path):
    s = load_scenario(
        write(
            tmp_path,
            "population: {n_icbs: 5}\nareas:\n  sample:\n    market.competing_wage: [12.5, 16]\n",
        )
    )
    assert s.area_sampling == {"market.competing_wage": (12.5, 16.0)}
    assert s.areas == ()


def test_validate_rechecks_values_changed_in_code():
    s = load_scenario("baseline")
    assert validate(s.with_params({"population.weeks": 26.0})).params["population.weeks"] == 26
    with pytest.raises(ScenarioError, match=r"pa\.turnover_annual.*1\.5.*0 to 0\.99"):
        validate(s.with_params({"pa.turnover_annual": 1.5}))
    with pytest.raises(ScenarioError, match="did you mean 'pa.turnover_annual'"):
        validate(s.with_params({"pa.turnover_anual": 0.2}))
    with pytest.raises(ScenarioError, match="areas"):
        validate(Scenario(areas=({"population.weeks": 3},)))


def test_find_scenario_by_library_name_and_suggestion():
    assert find_scenario("workforce/churn_high").name == "churn_high.yaml"
    assert find_scenario("baseline") in library()
    with pytest.raises(ScenarioError, match="did you mean 'workforce/churn_high'"):
        find_scenario("workforce/churn_hihg")


def test_loading_is_repeatable():
    assert load_scenario("england/england_areas") == load_scenario("england/england_areas")


# ----------------------------------------------------------------------------- bad input


def test_yaml_syntax_error_names_line(tmp_path):
    refused(
        tmp_path, "population:\n  n_families: 100\n  weeks: [1, 2\n", "YAML syntax error", "s.yaml:"
    )
    message = refused(tmp_path, "pa:\n\tturnover_annual: 0.3\n", "YAML syntax error")
    assert ":2:" in message or ":1:" in message


def test_unknown_key_suggests(tmp_path):
    message = refused(
        tmp_path,
        "pa:\n  turnover: 0.3\n",
        "unknown key 'turnover'",
        "did you mean 'turnover_annual'",
        "pa.turnover",
    )
    assert "s.yaml:2:" in message


def test_unknown_group_suggests(tmp_path):
    refused(
        tmp_path,
        "markt:\n  competing_wage: 13\n",
        "unknown key 'markt'",
        "did you mean 'market'",
        "s.yaml:1:",
    )


def test_key_in_the_wrong_group_says_where_it_belongs(tmp_path):
    refused(tmp_path, "icb:\n  turnover_annual: 0.2\n", "pa.turnover_annual")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "population:\n  n_families: many\n",
            ["population.n_families", "'many'", "not a number", "1 to 200,000"],
        ),
        ("population:\n  weeks: 52.5\n", ["population.weeks", "52.5", "not a whole number"]),
        ("support:\n  brokerage: maybe\n", ["support.brokerage", "'maybe'", "true or false"]),
        (
            "icb:\n  approval_regime: hevy\n",
            ["icb.approval_regime", "'hevy'", "light, heavy", "did you mean 'heavy'"],
        ),
        ("pa:\n  turnover_annual: [0.2]\n", ["pa.turnover_annual", "[0.2]", "not a number"]),
        ("pa: 3\n", ["pa", "not a mapping"]),
        ("market:\n  competing_wage: .nan\n", ["market.competing_wage", "not a finite number"]),
        ("market:\n  competing_wage: 2024-01-01\n", ["market.competing_wage", "not a number"]),
        ("name: [a]\n", ["name", "not a short text"]),
        ("support:\n  brokerage: 1\n", ["support.brokerage", "true or false"]),
    ],
)
def test_wrong_types(tmp_path, text, parts):
    refused(tmp_path, text, *parts)


def test_out_of_range_and_absurd_size(tmp_path):
    refused(
        tmp_path,
        "population:\n  n_families: 1000000000\n",
        "population.n_families",
        "1000000000",
        "out of range",
        "1 to 200,000 (families)",
        "s.yaml:2:",
    )


def test_probability_outside_unit_interval(tmp_path):
    refused(tmp_path, "market:\n  hire_rate: 1.5\n", "market.hire_rate", "1.5", "[0, 1]")
    refused(tmp_path, "market:\n  hire_rate: -0.1\n", "market.hire_rate", "-0.1")


def test_shares_must_sum_to_one(tmp_path):
    refused(
        tmp_path,
        "arrangement:\n  shares: {commissioned: 0.5, notional: 0.4}\n",
        "arrangement.shares",
        "sum to 0.9",
        "sum to 1",
    )
    refused(
        tmp_path,
        "arrangement:\n  shares: {commissioned: 1.2}\n",
        "arrangement.shares.commissioned",
        "1.2",
        "[0, 1]",
    )
    refused(
        tmp_path,
        "arrangement:\n  shares: {comissioned: 1}\n",
        "unknown share 'comissioned'",
        "did you mean 'commissioned'",
    )
    refused(tmp_path, "arrangement:\n  shares: 1\n", "arrangement.shares", "not a mapping")


def test_family_week_cell_budget_names_the_fields(tmp_path):
    refused(
        tmp_path,
        "population:\n  n_families: 200000\n  weeks: 2080\n  record_family_weeks: true\n",
        "population.record_family_weeks",
        "population.n_families",
        "population.weeks",
        "exhaust memory",
    )
    assert (
        load_scenario(write(tmp_path, "population:\n  n_families: 200000\n  weeks: 2080\n")).params[
            "population.weeks"
        ]
        == 2080
    )


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n...\n"])
def test_empty_files(tmp_path, text):
    refused(tmp_path, text, "empty" if not text.strip() else "no data")


def test_not_a_mapping(tmp_path):
    refused(tmp_path, "- a\n- b\n", "list", "mapping")
    refused(tmp_path, "just text\n", "mapping")


def test_missing_extends_target_suggests(tmp_path):
    refused(
        tmp_path,
        "extends: baselin\n",
        "extends",
        "'baselin' not found",
        "did you mean 'baseline'",
        "s.yaml:1:",
    )
    refused(tmp_path, "extends: 42\n", "extends", "not a scenario name")


def test_extends_cycles_are_refused(tmp_path):
    write(tmp_path, "extends: b\n", "a.yaml")
    write(tmp_path, "extends: c\n", "b.yaml")
    refused(tmp_path, "extends: a\n", "cycle", "a.yaml -> ", "b.yaml", name="c.yaml")
    refused(tmp_path, "extends: self\n", "cycle", name="self.yaml")


def test_file_over_one_mebibyte(tmp_path):
    refused(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\npa: {}\n", "bytes", "1 MiB")


def test_alias_bomb_is_refused_before_expanding(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    refused(tmp_path, "\n".join(lines) + "\n", "expands to more than")


def test_too_many_aliases_and_recursive_aliases(tmp_path):
    refused(tmp_path, "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n", "aliases")
    refused(tmp_path, "a: &a [1, *a]\n", "recursive")


def test_harmless_aliases_are_fine(tmp_path):
    s = load_scenario(
        write(tmp_path, "areas:\n  - &tight {market: {candidate_arrivals: 0.3}}\n  - *tight\n")
    )
    assert s.areas[0] == s.areas[1] == {"market.candidate_arrivals": 0.3}


def test_deep_nesting_is_refused(tmp_path):
    refused(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n", "nesting")


def test_yaml_cannot_run_code(tmp_path):
    marker = tmp_path / "ran"
    refused(
        tmp_path,
        f"name: !!python/object/apply:os.system ['touch {marker}']\n",
        "YAML syntax error",
        "python/object",
    )
    assert not marker.exists()


def test_duplicate_keys_are_refused(tmp_path):
    refused(
        tmp_path,
        "pa:\n  turnover_annual: 0.2\n  turnover_annual: 0.3\n",
        "duplicate key 'turnover_annual'",
        "first at line 2",
        "s.yaml:3:",
    )


def test_non_utf8_and_huge_integers(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ScenarioError, match="UTF-8"):
        load_scenario(path)
    refused(tmp_path, "population:\n  n_families: " + "9" * 5000 + "\n", "s.yaml")


def test_unknown_feature_and_wrong_switch(tmp_path):
    refused(
        tmp_path,
        "features:\n  suport_planning: true\n",
        "unknown feature",
        "did you mean 'support_planning'",
        "s.yaml:2:",
    )
    refused(
        tmp_path,
        "features:\n  support_planning: yes please\n",
        "features.support_planning",
        "true or false",
    )
    refused(tmp_path, "features: [support_planning]\n", "features", "not a mapping")


def test_area_errors(tmp_path):
    refused(
        tmp_path,
        "areas:\n  - population: {weeks: 10}\n",
        "population.weeks",
        "run-level",
        "s.yaml:2:",
    )
    refused(
        tmp_path,
        "population: {n_icbs: 3}\nareas:\n  - {}\n  - {}\n",
        "population.n_icbs",
        "value 3 disagrees with the 2 areas",
    )
    refused(
        tmp_path, "areas:\n  - market: {competing_wage: 1}\n", "market.competing_wage", "5 to 60"
    )
    refused(tmp_path, "areas: []\n", "empty")
    refused(tmp_path, "areas: {cvs: a.csv}\n", "did you mean 'csv'")
    refused(
        tmp_path,
        "areas:\n  sample:\n    icb.approval_regime: [0, 1]\n",
        "icb.approval_regime",
        "cannot be sampled",
        "CSV",
    )
    refused(tmp_path, "areas:\n  sample:\n    market.competing_wage: [16, 12]\n", "low above high")
    refused(
        tmp_path,
        "areas:\n  sample:\n    market.competing_wage: [1, 12]\n",
        "market.competing_wage",
        "5 to 60",
    )
    refused(tmp_path, "areas:\n" + "  - {}\n" * 43, "43 areas", "1 to 42")


def test_areas_csv_errors_name_the_csv_line_and_column(tmp_path):
    write(tmp_path, "market.competing_wge\n13\n", "a.csv")
    message = refused(tmp_path, "areas: {csv: a.csv}\n", "did you mean 'market.competing_wage'")
    assert "a.csv:1:" in message
    write(tmp_path, "market.competing_wage,icb.approval_regime\n13,light\n99,light\n", "b.csv")
    message = refused(tmp_path, "areas: {csv: b.csv}\n", "market.competing_wage", "99")
    assert "b.csv:3:" in message
    write(tmp_path, "arrangement.shares.commissioned\n0.5\n", "c.csv")
    refused(tmp_path, "areas: {csv: c.csv}\n", "arrangement.shares", "sum to 0.5")
    write(tmp_path, "population.weeks\n10\n", "d.csv")
    refused(tmp_path, "areas: {csv: d.csv}\n", "run-level")
    refused(tmp_path, "areas: {csv: missing.csv}\n", "'missing.csv' not found")
    write(tmp_path, "", "e.csv")
    refused(tmp_path, "areas: {csv: e.csv}\n", "empty")


def test_parse_set_errors_name_set():
    assert parse_set(["population.weeks=52", "support.brokerage=true"]) == {
        "population.weeks": 52,
        "support.brokerage": True,
    }
    with pytest.raises(ScenarioError, match=r"--set.*did you mean 'pa.turnover_annual'"):
        parse_set(["pa.turnover_anual=0.2"])
    with pytest.raises(ScenarioError, match=r"--set.*pa.turnover_annual.*out of range"):
        parse_set(["pa.turnover_annual=1.5"])
    with pytest.raises(ScenarioError, match=r"--set.*group.key=value"):
        parse_set(["pa.turnover_annual"])
    with pytest.raises(ScenarioError, match=r"--set.*not readable"):
        parse_set(["pa.turnover_annual=[0.1"])


# ----------------------------------------------------------------------------- the command line


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    "text",
    [
        "pa:\n  turnover: 0.3\n",
        "",
        "population: {n_families: 1000000000}\n",
        "a: &a [1, *a]\n",
        "extends: nowhere\n",
        "[unclosed\n",
    ],
)
def test_cli_validate_refuses_with_exit_2(tmp_path, capsys, text):
    path = write(tmp_path, text)
    code, _out, err = run_cli(capsys, "scenarios", "validate", str(path))
    assert code == 2
    assert "s.yaml" in err and "error" in err


def test_cli_validate_reports_each_file(tmp_path, capsys):
    good = write(tmp_path, "pa:\n  turnover_annual: 0.3\n", "good.yaml")
    bad = write(tmp_path, "pa:\n  turnover_annual: 3\n", "bad.yaml")
    code, out, err = run_cli(capsys, "scenarios", "validate", str(good), str(bad))
    assert code == 2
    assert "OK" in out and "good.yaml" in out
    assert "bad.yaml:2:" in err and "1 of 2" in err
    code, out, _ = run_cli(capsys, "scenarios", "validate", str(good), "baseline")
    assert code == 0 and out.count("OK") == 2


def test_cli_show_resolves_with_origins(capsys):
    code, out, _ = run_cli(
        capsys, "scenarios", "show", "workforce/churn_high", "--set", "market.competing_wage=14"
    )
    assert code == 0
    line = next(x for x in out.splitlines() if "pa.turnover_annual" in x)
    text = find_scenario("workforce/churn_high").read_text()
    expected = yaml.safe_load(text)["pa"]["turnover_annual"]
    assert str(expected) in line and "churn_high.yaml" in line
    line = next(x for x in out.splitlines() if "market.competing_wage" in x)
    assert "14" in line and "--set" in line
    code, out, _ = run_cli(capsys, "scenarios", "show", "baseline", "--json")
    data = json.loads(out)
    assert set(data["params"]) == set(defaults())
    assert data["params"]["icb.agency_rate"]["origin"] == "default"


def test_cli_show_bad_set_exits_2(capsys):
    code, _, err = run_cli(capsys, "scenarios", "show", "baseline", "--set", "pa.turnover_annual=2")
    assert code == 2 and "--set" in err and "pa.turnover_annual" in err
    code, _, err = run_cli(capsys, "scenarios", "show", "no/such/scenario")
    assert code == 2 and "no/such/scenario" in err


def test_cli_list_names_every_library_scenario(capsys):
    code, out, _ = run_cli(capsys, "scenarios", "list")
    assert code == 0
    assert "workforce/churn_high" in out and "features/all_ten" in out
    assert len(out.strip().splitlines()) == len(library())
