"""A JSON Schema for scenario files, generated from the parameter registry.

Editors with a YAML language server (VS Code's YAML extension and others) read it to
complete keys, show each parameter's unit, range and source on hover, and flag wrong types
and out-of-range values while the file is typed. The loader in sim.scenario remains the
authority: it also checks what a schema cannot express (shares summing to 1, ``extends``
targets, area counts, sizes). ``scenarios/schema.json`` is this module's output, and a test
fails when it is out of date (regenerate with ``phb-sim scenarios schema --out
scenarios/schema.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.scenario import MAX_ALIASES, scenarios_dir
from sim.scenario.levers import FEATURES
from sim.scenario.parameters import GROUPS, REGISTRY, Param

SCHEMA_ID = "https://phb-sim.invalid/scenario.schema.json"


def _describe(p: Param) -> str:
    text = f"{p.description} Unit: {p.unit}. Default: {_plain(p.default)}."
    if p.kind in ("float", "int") and p.valid:
        text += f" Allowed: {p.valid[0]} to {p.valid[1]}."
    return f"{text} Level: {p.level}. Source: {p.source}."


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def param_schema(p: Param) -> dict[str, Any]:
    """The schema of one parameter's value."""
    out: dict[str, Any] = {"description": _describe(p)}
    if p.kind == "shares":
        out.update(
            type="object",
            additionalProperties=False,
            properties={name: {"type": "number", "minimum": 0, "maximum": 1} for name in p.default},
            default=p.default,
        )
        return out
    if p.kind == "bool":
        out["type"] = "boolean"
    elif p.kind == "choice":
        out["enum"] = list(p.choices)
    else:
        out["type"] = "integer" if p.kind == "int" else "number"
        if p.valid:
            out["minimum"], out["maximum"] = p.valid
    out["default"] = p.default
    return out


def _groups(level: str | None) -> dict[str, Any]:
    """``{group: schema}`` for all parameters, or only those of one level."""
    props: dict[str, Any] = {}
    for group in GROUPS:
        params = {
            p.key: param_schema(p)
            for p in REGISTRY.values()
            if p.group == group and (level is None or p.level == level)
        }
        if params:
            props[group] = {"type": "object", "additionalProperties": False, "properties": params}
    return props


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    numeric_area = sorted(
        p.name for p in REGISTRY.values() if p.level == "area" and p.kind in ("float", "int")
    )
    area_entry = {"type": "object", "additionalProperties": False, "properties": _groups("area")}
    areas = {
        "description": "ICB areas that differ: a list (one mapping per area, area-level "
        "parameters only), a CSV file beside the scenario (columns are "
        "group.key names, arrangement.shares.<name> for shares), or ranges "
        "each area samples from.",
        "oneOf": [
            {
                "type": "array",
                "minItems": 1,
                "maxItems": REGISTRY["population.n_icbs"].valid[1],
                "items": {"anyOf": [area_entry, {"type": "null"}]},
            },
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["csv"],
                "properties": {"csv": {"type": "string", "minLength": 1}},
            },
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["sample"],
                "properties": {
                    "sample": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": False,
                        "properties": {
                            name: {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 2,
                                "items": {"type": "number"},
                                "description": _describe(REGISTRY[name]),
                            }
                            for name in numeric_area
                        },
                    }
                },
            },
        ],
    }
    features = {
        "description": "Seed-004 features of an effective PHB process, each switched on or "
        "off (see docs/SCENARIOS.md for the parameters each one sets).",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            name: {"type": "boolean", "description": f"Feature {f.number}: {f.wording}."}
            for name, f in FEATURES.items()
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "phb-sim scenario",
        "description": "A scenario file for phb-sim. Generated from the parameter registry "
        f"(sim/scenario/parameters/); YAML aliases are limited to {MAX_ALIASES}.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {
                "type": "string",
                "maxLength": 2000,
                "description": "Scenario name (library files use their path).",
            },
            "description": {
                "type": "string",
                "maxLength": 2000,
                "description": "One line: what the scenario represents.",
            },
            "extends": {
                "type": "string",
                "minLength": 1,
                "description": "Base scenario this file overlays: a library name "
                "(e.g. baseline) or a path relative to this file.",
            },
            "features": features,
            "areas": areas,
            **_groups(None),
        },
    }


def render() -> str:
    """The schema as the text of scenarios/schema.json."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def default_path() -> Path:
    return scenarios_dir() / "schema.json"
