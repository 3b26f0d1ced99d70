"""The scenario language: the parameter registry, scenario files and their validation.

A scenario is data: a YAML file overlaying ``scenarios/baseline.yaml`` (``extends:``), with
feature switches (``sim.scenario.levers``) and per-area values (``sim.scenario.areas``),
validated against the one parameter registry (``sim.scenario.parameters``). The modules:
library (where files live), limits (input bounds), yaml_io (the safe reader shared with sweep
and SA specs), values and groups (checking values against the registry), area_files (ICB
areas), loader (extends chains, --set, the resolved Scenario).
"""

from sim.errors import ScenarioError
from sim.scenario.library import display_path, find_scenario, library, library_name, scenarios_dir
from sim.scenario.limits import MAX_ALIASES, MAX_FILE_BYTES
from sim.scenario.loader import Scenario, add_set_argument, load_scenario, parse_set, validate
from sim.scenario.values import (
    InvalidValueError,
    allowed_text,
    check_value,
    did_you_mean,
    show_value,
)
from sim.scenario.yaml_io import key_line, parse_yaml_file

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
