"""Scenarios: a named, validated, complete set of parameter values (and optional ICB areas).

Scenario files are YAML data, loaded safely and checked against the registry in
sim.scenario.parameters before any run starts. A file holds ``name``, ``description``, ``extends``
(a base scenario it overlays),
``features`` (the seed-004 switches of sim.scenario.levers), ``areas``
(ICB areas that differ) and one mapping per registry group (``population:``, ``icb:`` ...).

Everything a user can get wrong is refused here with one message that names the file, the
line, the field, the value and what is allowed, so that a sweep never dies halfway on a
typo. YAML is parsed with the safe loader only, and its size, nesting and aliases are
bounded before any Python objects are built, so a scenario can neither run code nor exhaust
memory.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError
from sim.scenario.area_files import parse_areas
from sim.scenario.groups import field_path, params_from_groups
from sim.scenario.levers import FEATURES, feature_values
from sim.scenario.library import display_path, find_scenario, library, library_name, scenarios_dir
from sim.scenario.limits import MAX_EXTENDS, MAX_FAMILY_WEEK_CELLS, N_ICBS, TOP_KEYS
from sim.scenario.parameters import REGISTRY, defaults
from sim.scenario.values import (
    InvalidValueError,
    check_value,
    did_you_mean,
    parse_scalar,
    show_value,
)
from sim.scenario.yaml_io import YamlDoc, read_yaml, require_mapping


@dataclass(frozen=True)
class Scenario:
    """What one run needs besides its seed.

    ``params`` is flat (dotted names) and complete. ``areas`` holds per-ICB-area overrides of
    area-level parameters (one flat mapping per area, or empty when all areas are alike);
    ``area_sampling`` maps area-level parameters to ``(low, high)`` ranges that the model
    samples per area from the run's own random generator. ``origins`` says where each value
    came from ("default", a file path, ``feature:<name>`` or "--set"); ``features`` records
    the seed-004 switches the files set.
    """

    name: str = "default"
    description: str = ""
    params: dict[str, Any] = field(default_factory=defaults)
    areas: tuple[dict[str, Any], ...] = ()
    area_sampling: dict[str, tuple[float, float]] = field(default_factory=dict)
    source: str | None = None
    origins: dict[str, str] = field(default_factory=dict)
    features: dict[str, bool] = field(default_factory=dict)

    def with_params(self, values: Mapping[str, Any], origin: str = "override") -> Scenario:
        """A copy with some parameters replaced (not validated here; see the loader)."""
        params = {**self.params, **values}
        origins = {**self.origins, **{k: origin for k in values}}
        return replace(self, params=params, origins=origins)

    def with_values_everywhere(self, values: Mapping[str, Any], origin: str) -> Scenario:
        """A copy with parameters set for every ICB area: a per-area value or an area
        sampling range of a parameter would hide the value given, so both are dropped for
        it. Sweeps and sensitivity analysis set their varied values this way."""
        if not values:
            return self
        areas = tuple({k: v for k, v in a.items() if k not in values} for a in self.areas)
        sampling = {k: v for k, v in self.area_sampling.items() if k not in values}
        return replace(self.with_params(values, origin), areas=areas, area_sampling=sampling)


# ----------------------------------------------------------------------------- one file


@dataclass
class _Layer:
    """What one file in an ``extends`` chain says, checked."""

    path: Path
    name: str | None = None
    description: str | None = None
    features: dict[str, bool] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    areas: tuple[dict[str, Any], ...] | None = None  # None: the file has no ``areas``
    area_sampling: dict[str, tuple[float, float]] = field(default_factory=dict)


def _features(doc: YamlDoc, value: Any) -> dict[str, bool]:
    require_mapping(
        doc, value, "a mapping of feature names to true or false", "features", field="features"
    )
    out: dict[str, bool] = {}
    for name, switch in value.items():
        where = ("features", name)
        if not isinstance(name, str) or name not in FEATURES:
            raise doc.error(
                f"unknown feature {show_value(name)}{did_you_mean(str(name), FEATURES)}; "
                "allowed: " + ", ".join(FEATURES),
                *where,
                field=field_path(where),
            )
        if not isinstance(switch, bool):
            raise doc.error(
                f"value {show_value(switch)} is not true or false; allowed: true or false",
                *where,
                field=field_path(where),
            )
        out[name] = switch
    return out


def _layer(doc: YamlDoc) -> tuple[_Layer, Any]:
    """Check one file; returns the layer and its raw ``extends`` value."""
    data = doc.data
    layer = _Layer(doc.path)
    for key in ("name", "description"):
        if key in data:
            value = data[key]
            if not isinstance(value, str) or len(value) > 2000:
                raise doc.error(
                    f"value {show_value(value)} is not a short text; allowed: text "
                    "under 2,000 characters",
                    key,
                    field=key,
                )
            setattr(layer, key, value.strip())
    extends = data.get("extends")
    if "extends" in data and (not isinstance(extends, str) or not extends.strip()):
        raise doc.error(
            f"value {show_value(extends)} is not a scenario name; allowed: a library "
            "name (e.g. baseline) or a path relative to this file",
            "extends",
            field="extends",
        )
    if "features" in data:
        layer.features = _features(doc, data["features"])
    layer.values = params_from_groups(doc, data, (), area=False, skip=TOP_KEYS)
    if "areas" in data:
        layer.areas, layer.area_sampling = parse_areas(doc, data["areas"])
    return layer, extends


def _resolve_extends(doc: YamlDoc, target: str) -> Path:
    """``extends:`` relative to the file's folder, else a library name."""
    target = target.strip()
    here = doc.path.parent
    root = scenarios_dir()
    for candidate in (
        here / target,
        here / f"{target}.yaml",
        root / target,
        root / f"{target}.yaml",
    ):
        if candidate.is_file():
            return candidate
    names = [library_name(p) or "" for p in library()]
    raise doc.error(
        f"base scenario {target!r} not found (looked beside this file and in the "
        f"library {display_path(root)}){did_you_mean(target, names)}; allowed: a library "
        "name (see `phb-sim scenarios list`) or a path relative to this file",
        "extends",
        field="extends",
    )


def _chain(path: Path) -> list[tuple[_Layer, YamlDoc]]:
    """The ``extends`` chain, base first; cycles and over-long chains are refused."""
    chain: list[tuple[_Layer, YamlDoc]] = []
    seen: list[Path] = []
    current = path
    while True:
        resolved = current.resolve()
        if resolved in seen:
            loop = " -> ".join(display_path(p) for p in [*seen[seen.index(resolved) :], resolved])
            raise chain[-1][1].error(
                f"extends makes a cycle: {loop}; allowed: a chain that "
                "ends at a scenario without extends",
                "extends",
                field="extends",
            )
        if len(seen) >= MAX_EXTENDS:
            raise chain[-1][1].error(
                f"extends chain longer than {MAX_EXTENDS} files", "extends", field="extends"
            )
        seen.append(resolved)
        doc = read_yaml(current)
        layer, extends = _layer(doc)
        chain.append((layer, doc))
        if extends is None:
            break
        current = _resolve_extends(doc, extends)
    chain.reverse()
    return chain


# ----------------------------------------------------------------------------- --set


def parse_set(items: Sequence[str]) -> dict[str, Any]:
    """``["group.key=value", ...]`` to ``{name: checked value}``; values are YAML scalars
    (``true``, ``0.3``, ``heavy``), or a flow mapping for shares
    (``arrangement.shares={commissioned: 1}``)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, text = str(item).partition("=")
        name = name.strip()
        if not sep or not name:
            raise ScenarioError(
                f"{item!r} is not an override; allowed: --set group.key=value "
                "(e.g. --set pa.turnover_annual=0.3)",
                file="--set",
            )
        if name not in REGISTRY:
            raise ScenarioError(
                f"unknown parameter {name!r}{did_you_mean(name, list(REGISTRY))}; "
                "allowed: a registry name as group.key (see "
                "docs/PARAMETERS.md)",
                file="--set",
                field=name,
            )
        try:
            out[name] = check_value(REGISTRY[name], parse_scalar(text.strip(), "--set"))
        except InvalidValueError as bad:
            raise ScenarioError(str(bad), file="--set", field=bad.field or name) from None
    return out


def add_set_argument(parser: argparse.ArgumentParser) -> None:
    """The one definition of ``--set`` that every command shares (``args.set``)."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="GROUP.KEY=VALUE",
        dest="set",
        help="override one parameter after the scenario is loaded (repeatable), e.g. "
        "--set pa.turnover_annual=0.3",
    )


# ----------------------------------------------------------------------------- loading


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Load, resolve and validate a scenario file (or a library name) and ``--set`` values.

    Order, later winning: registry defaults; then for each file of the ``extends`` chain,
    base first, its feature switches and then its explicit values; then ``--set``.
    """
    path = find_scenario(path)
    chain = _chain(path)
    top, top_doc = chain[-1]
    params = defaults()
    origins = dict.fromkeys(params, "default")
    features: dict[str, bool] = {}
    areas: tuple[dict[str, Any], ...] = ()
    sampling: dict[str, tuple[float, float]] = {}
    areas_at = n_icbs_at = -1
    for i, (layer, _doc) in enumerate(chain):
        for name, (value, feature) in feature_values(layer.features).items():
            params[name], origins[name] = value, f"feature:{feature}"
        features.update(layer.features)
        for name, value in layer.values.items():
            params[name], origins[name] = value, display_path(layer.path)
        if layer.areas is not None:
            areas, sampling, areas_at = layer.areas, layer.area_sampling, i
        if N_ICBS in layer.values:
            n_icbs_at = i
    for name, value in parse_set(overrides).items():
        params[name], origins[name] = value, "--set"
        if name == N_ICBS:
            n_icbs_at = len(chain)
    if areas and len(areas) != params[N_ICBS]:
        areas_doc = chain[areas_at][1]
        if n_icbs_at >= areas_at:
            set_in = chain[n_icbs_at][1] if n_icbs_at < len(chain) else None
            raise ScenarioError(
                f"value {params[N_ICBS]} disagrees with the {len(areas)} areas listed in "
                f"{display_path(areas_doc.path)}; allowed: {len(areas)}, or leave {N_ICBS} out "
                "so the areas set it",
                file=display_path(set_in.path) if set_in else "--set",
                line=set_in.line("population", "n_icbs") if set_in else None,
                field=N_ICBS,
            )
        params[N_ICBS], origins[N_ICBS] = len(areas), display_path(areas_doc.path)
    name = top.name or library_name(path) or path.stem
    scenario = Scenario(
        name=name,
        description=top.description or "",
        params=params,
        areas=areas,
        area_sampling=sampling,
        source=display_path(path),
        origins=origins,
        features=features,
    )
    return validate(scenario)


def validate(scenario: Scenario) -> Scenario:
    """Re-check a scenario whose values were changed in code (sweeps, sensitivity analysis):
    every parameter known and valid, shares summing to 1, areas consistent and sizes sane.
    Returns a copy with values coerced to their kinds (e.g. 52.0 weeks to 52)."""
    where = scenario.source or scenario.name

    def fail(message: str, name: str) -> ScenarioError:
        origin = scenario.origins.get(name, "")
        note = f" (value from {origin})" if origin and origin != where else ""
        return ScenarioError(message + note, file=where, field=name)

    unknown = [k for k in scenario.params if k not in REGISTRY]
    if unknown:
        raise fail(
            f"unknown parameter {unknown[0]!r}{did_you_mean(unknown[0], list(REGISTRY))}; "
            "allowed: registry names (see docs/PARAMETERS.md)",
            unknown[0],
        )
    missing = [k for k in REGISTRY if k not in scenario.params]
    if missing:
        raise fail(
            "parameter missing from the scenario; allowed: a complete set (load "
            "scenarios with load_scenario)",
            missing[0],
        )
    params: dict[str, Any] = {}
    for name, value in scenario.params.items():
        try:
            params[name] = check_value(REGISTRY[name], value)
        except InvalidValueError as bad:
            raise fail(str(bad), bad.field or name) from None
    if params["population.record_family_weeks"]:
        cells = params["population.n_families"] * params["population.weeks"]
        if cells > MAX_FAMILY_WEEK_CELLS:
            raise fail(
                f"recording {params['population.n_families']:,} families x "
                f"{params['population.weeks']:,} weeks = {cells:,} family-weeks would "
                f"exhaust memory; allowed: at most {MAX_FAMILY_WEEK_CELLS:,.0f} when "
                "population.record_family_weeks is true (reduce population.n_families "
                "or population.weeks, or turn recording off)",
                "population.record_family_weeks",
            )
    areas = []
    for i, area in enumerate(scenario.areas):
        checked = {}
        for name, value in area.items():
            p = REGISTRY.get(name)
            if p is None or p.level != "area":
                raise fail(
                    f"area {i + 1} sets {name!r}; allowed: area-level parameters", f"areas[{i}]"
                )
            try:
                checked[name] = check_value(p, value)
            except InvalidValueError as bad:
                raise fail(f"area {i + 1}: {bad}", name) from None
        areas.append(checked)
    if areas and len(areas) != params[N_ICBS]:
        raise fail(
            f"{len(areas)} areas but {N_ICBS} is {params[N_ICBS]}; allowed: one area "
            "entry per ICB area",
            N_ICBS,
        )
    sampling = {}
    for name, bounds in scenario.area_sampling.items():
        p = REGISTRY.get(name)
        if p is None or p.level != "area" or p.kind not in ("float", "int") or len(bounds) != 2:
            raise fail(
                f"cannot sample {name!r} from {show_value(bounds)}; allowed: numeric "
                "area-level parameters with [low, high]",
                "area_sampling",
            )
        try:
            lo, hi = (check_value(p, b) for b in bounds)
        except InvalidValueError as bad:
            raise fail(f"sampling range: {bad}", name) from None
        if lo > hi:
            raise fail(f"sampling range {show_value(bounds)} has low above high", name)
        sampling[name] = (lo, hi)
    return replace(scenario, params=params, areas=tuple(areas), area_sampling=sampling)
