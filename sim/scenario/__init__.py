"""The scenario language: the parameter registry, scenario files and their validation.

A scenario is data: a YAML file overlaying ``scenarios/baseline.yaml`` (``extends:``), with
feature switches (``sim.scenario.levers``) and per-area values (``sim.scenario.areas``),
validated against the one parameter registry (``sim.scenario.parameters``).
"""

from sim.errors import ScenarioError
from sim.scenario.loader import (
    MAX_ALIASES,
    MAX_FILE_BYTES,
    InvalidValueError,
    Scenario,
    add_set_argument,
    allowed_text,
    check_value,
    did_you_mean,
    display_path,
    find_scenario,
    key_line,
    library,
    library_name,
    load_scenario,
    parse_set,
    parse_yaml_file,
    scenarios_dir,
    show_value,
    validate,
)

__all__ = [
    "MAX_ALIASES",
    "MAX_FILE_BYTES",
    "InvalidValueError",
    "Scenario",
    "ScenarioError",
    "add_set_argument",
    "allowed_text",
    "check_value",
    "did_you_mean",
    "display_path",
    "find_scenario",
    "key_line",
    "library",
    "library_name",
    "load_scenario",
    "parse_set",
    "parse_yaml_file",
    "scenarios_dir",
    "show_value",
    "validate",
]
