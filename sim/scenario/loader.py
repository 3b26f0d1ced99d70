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
import csv
import difflib
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from sim.errors import ScenarioError
from sim.scenario.levers import FEATURES, feature_values
from sim.scenario.parameters import GROUPS, REGISTRY, Param, defaults

# Limits on input size: far above any real scenario, far below what would hurt a laptop.
MAX_FILE_BYTES = 1 << 20  # a scenario or areas CSV larger than 1 MiB is refused
MAX_ALIASES = 100  # YAML alias uses in one file
MAX_DEPTH = 32  # nesting of mappings and lists, aliases expanded
MAX_NODES = 50_000  # YAML nodes once aliases are expanded
MAX_EXTENDS = 20  # length of an ``extends`` chain
MAX_FAMILY_WEEK_CELLS = 2e8  # recorded family-weeks (population.record_family_weeks)
SHARE_TOLERANCE = 1e-6

TOP_KEYS = ("name", "description", "extends", "areas", "features")
AREA_FORMS = ("csv", "sample")
N_ICBS = "population.n_icbs"
SPEC_FOLDERS = ("sweeps", "sa", "calibration")  # scenarios/<folder>/ holding experiment specs

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


# ----------------------------------------------------------------------------- the library


def scenarios_dir() -> Path:
    """The scenario library: ``scenarios/`` beside the ``sim`` package (editable install),
    else ``scenarios/`` in the current directory."""
    beside = Path(__file__).resolve().parents[2] / "scenarios"
    return beside if beside.is_dir() else Path.cwd() / "scenarios"


def library() -> list[Path]:
    """Every scenario file in the library, sorted by name (experiment specs kept beside
    the scenarios, in the folders named in SPEC_FOLDERS, are not scenarios)."""
    root = scenarios_dir()
    return sorted(
        p
        for p in root.rglob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and p.relative_to(root).parts[0] not in SPEC_FOLDERS
    )


def library_name(path: str | Path) -> str | None:
    """``arrangements/commissioned`` for a file in the library, else None."""
    try:
        rel = Path(path).resolve().relative_to(scenarios_dir().resolve())
    except ValueError:
        return None
    return rel.with_suffix("").as_posix()


def find_scenario(name_or_path: str | Path) -> Path:
    """A scenario file from a path, or from a library name such as ``workforce/churn_high``."""
    text = str(name_or_path)
    for candidate in (Path(text), Path(text + ".yaml")):
        if candidate.is_file():
            return candidate
    root = scenarios_dir()
    for candidate in (root / text, root / f"{text}.yaml", root / f"{text}.yml"):
        if candidate.is_file():
            return candidate
    names = [library_name(p) or "" for p in library()]
    raise ScenarioError(
        f"no scenario file or library scenario called {text!r}{did_you_mean(text, names)}; "
        "list the library with `phb-sim scenarios list`",
        file=text,
    )


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the current directory if inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


# ----------------------------------------------------------------------------- messages


class InvalidValueError(Exception):
    """A value is wrong; the caller knows where it came from and adds file, line and field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def did_you_mean(word: str, options: Sequence[str]) -> str:
    match = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def show_value(value: Any) -> str:
    """A value as the user wrote it, cut short if long."""
    if value is None:
        text = "null (empty)"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def allowed_text(p: Param) -> str:
    if p.kind == "bool":
        return "true or false"
    if p.kind == "choice":
        return "one of " + ", ".join(p.choices)
    if p.kind == "shares":
        return "a mapping of " + ", ".join(p.default) + " to shares in [0, 1] that sum to 1"
    lo, hi = p.valid if p.valid else (-math.inf, math.inf)
    what = "a whole number" if p.kind == "int" else "a number"
    text = f"{what} from {_num(lo)} to {_num(hi)} ({p.unit})"
    if p.kind == "float" and (lo, hi) == (0.0, 1.0):
        text += "; a probability or share must be in [0, 1]"
    return text


# ----------------------------------------------------------------------------- values


def check_value(p: Param, value: Any) -> Any:
    """The value coerced to the parameter's kind, or ``InvalidValueError`` saying what is
    allowed."""
    if p.kind == "shares":
        return _check_shares(p, value)
    if p.kind == "bool":
        if isinstance(value, bool):
            return value
        raise InvalidValueError(
            f"value {show_value(value)} is not true or false; allowed: true or false"
        )
    if p.kind == "choice":
        if isinstance(value, str) and value in p.choices:
            return value
        hint = did_you_mean(value, p.choices) if isinstance(value, str) else ""
        raise InvalidValueError(
            f"value {show_value(value)} is not an allowed choice{hint}; allowed: {allowed_text(p)}"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(
            f"value {show_value(value)} is not a number; allowed: {allowed_text(p)}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValueError(
            f"value {show_value(value)} is not a finite number; allowed: {allowed_text(p)}"
        )
    if p.kind == "int":
        if isinstance(value, float):
            if not value.is_integer():
                raise InvalidValueError(
                    f"value {show_value(value)} is not a whole number; allowed: {allowed_text(p)}"
                )
            value = int(value)
    else:
        value = float(value)
    lo, hi = p.valid if p.valid else (-math.inf, math.inf)
    if not lo <= value <= hi:
        raise InvalidValueError(
            f"value {show_value(value)} is out of range; allowed: {allowed_text(p)}"
        )
    return value


def _check_shares(p: Param, value: Any) -> dict[str, float]:
    names = list(p.default)
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            f"value {show_value(value)} is not a mapping of shares; allowed: {allowed_text(p)}"
        )
    out = dict.fromkeys(names, 0.0)
    for key, share in value.items():
        if not isinstance(key, str) or key not in out:
            raise InvalidValueError(
                f"unknown share {show_value(key)}{did_you_mean(str(key), names)}; "
                f"allowed shares: {', '.join(names)}"
            )
        if (
            isinstance(share, bool)
            or not isinstance(share, int | float)
            or not math.isfinite(share)
            or not 0.0 <= share <= 1.0
        ):
            raise InvalidValueError(
                f"value {show_value(share)} is not a share; allowed: a number in [0, 1]",
                field=f"{p.name}.{key}",
            )
        out[key] = float(share)
    total = math.fsum(out.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        listed = ", ".join(f"{k}={v:g}" for k, v in out.items())
        raise InvalidValueError(
            f"shares sum to {total:.6g}, not 1 ({listed}); allowed: shares that "
            f"sum to 1 within {SHARE_TOLERANCE:g} (shares not listed count as 0)"
        )
    return out


def _scalar(text: str, what: str) -> Any:
    """A command-line or CSV cell value read as a YAML scalar (or a flow mapping for shares)."""
    if len(text) > 10_000:
        raise InvalidValueError(
            f"{what} value is {len(text):,} characters long; allowed: under 10,000"
        )
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as err:
        raise InvalidValueError(
            f"{what} value {text!r} is not readable: {str(err).splitlines()[0]}"
        ) from None


# ----------------------------------------------------------------------------- safe YAML


def key_line(lines: Mapping[tuple, int], keys: Sequence[Any]) -> int | None:
    """The line of the deepest key path of ``keys`` that the file has (1-based)."""
    for n in range(len(keys), -1, -1):
        hit = lines.get(tuple(str(k) for k in keys[:n]))
        if hit is not None:
            return hit
    return None


@dataclass
class _Doc:
    """One parsed YAML file: its data and the line of each key (1-based), by key path."""

    path: Path
    data: Any
    lines: dict[tuple, int]

    def line(self, *keys: Any) -> int | None:
        return key_line(self.lines, keys)

    def error(self, message: str, *keys: Any, field: str | None = None) -> ScenarioError:
        return ScenarioError(
            message, file=display_path(self.path), line=self.line(*keys), field=field
        )


def _read_text(path: Path, what: str = "scenario") -> str:
    shown = display_path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ScenarioError(f"cannot read the {what} file: {err.strerror}", file=shown) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the {what} file is {size:,} bytes; allowed: at most {MAX_FILE_BYTES:,} bytes (1 MiB)",
            file=shown,
        )
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError(
            f"the {what} file is not UTF-8 text (byte {err.start})", file=shown
        ) from None
    except OSError as err:
        raise ScenarioError(f"cannot read the {what} file: {err.strerror}", file=shown) from None


def _yaml_error(err: yaml.YAMLError, shown: str) -> ScenarioError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    text = f"{context}, {problem}" if context else problem
    return ScenarioError(
        f"YAML syntax error: {text}", file=shown, line=mark.line + 1 if mark is not None else None
    )


def _prescan(text: str, shown: str) -> None:
    """Bound nesting and alias use from the event stream, before any tree is built."""
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(
                        f"nesting is deeper than {MAX_DEPTH} levels; scenario "
                        "files are a few levels deep",
                        file=shown,
                        line=event.start_mark.line + 1,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise ScenarioError(
                        f"more than {MAX_ALIASES} YAML aliases (*name); "
                        f"allowed: at most {MAX_ALIASES}",
                        file=shown,
                        line=event.start_mark.line + 1,
                    )
    except yaml.YAMLError as err:
        raise _yaml_error(err, shown) from None


def _expanded_size(root: yaml.Node, shown: str) -> None:
    """Refuse alias tricks: recursive aliases, or a tree that expands beyond MAX_NODES nodes
    or MAX_DEPTH levels once aliases are followed (the "billion laughs" pattern)."""
    sizes: dict[int, tuple[int, int]] = {}
    active: set[int] = set()

    def visit(node: yaml.Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ScenarioError(
                "a YAML alias refers to the collection that contains it "
                "(a recursive structure); allowed: plain data",
                file=shown,
                line=node.start_mark.line + 1,
            )
        active.add(key)
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        count, depth = 1, 0
        for child in children:
            c, d = visit(child)
            count, depth = count + c, max(depth, d)
            if count > MAX_NODES:
                raise ScenarioError(
                    f"the YAML expands to more than {MAX_NODES:,} values "
                    "(through anchors and aliases); allowed: a small "
                    "scenario",
                    file=shown,
                    line=node.start_mark.line + 1,
                )
        if depth + 1 > MAX_DEPTH:
            raise ScenarioError(
                f"nesting (aliases expanded) is deeper than {MAX_DEPTH} levels",
                file=shown,
                line=node.start_mark.line + 1,
            )
        active.discard(key)
        sizes[key] = (count, depth + 1)
        return sizes[key]

    visit(root)


def _key_lines(root: yaml.Node, shown: str) -> dict[tuple, int]:
    """Line of every mapping key by its key path; refuses duplicate keys (YAML would keep
    the last one silently, hiding a mistake)."""
    lines: dict[tuple, int] = {(): 1}

    def walk(node: yaml.Node, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    where = ".".join(path + (key_node.value,))
                    raise ScenarioError(
                        f"duplicate key {key_node.value!r} (first at line "
                        f"{seen[key_node.value]}); allowed: each key once",
                        file=shown,
                        line=line,
                        field=where,
                    )
                seen[key_node.value] = line
                lines.setdefault(path + (key_node.value,), line)
                walk(value_node, path + (key_node.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault(path + (str(i),), item.start_mark.line + 1)
                walk(item, path + (str(i),))

    walk(root, ())
    return lines


def parse_yaml_file(path: Path, what: str, needs: str) -> tuple[Any, dict[tuple, int], str]:
    """Read one YAML file safely: bounded size, nesting and aliases, no code, and the line of
    every key. Returns ``(data, key lines, shown path)``; an empty file or one with no data
    is refused with ``needs`` (what such a file must hold). Scenario files, sweep specs and
    SA specs are all read here, so they share one safety contract."""
    shown = display_path(path)
    text = _read_text(path, what)
    if not text.strip():
        raise ScenarioError(f"the file is empty; {needs}", file=shown)
    _prescan(text, shown)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(f"the file holds no data (only comments); {needs}", file=shown)
        _expanded_size(node, shown)
        lines = _key_lines(node, shown)
        data = loader.construct_document(node)
    except yaml.YAMLError as err:
        raise _yaml_error(err, shown) from None
    except (ValueError, OverflowError) as err:  # e.g. an integer of 5,000 digits
        raise ScenarioError(
            f"a value cannot be read: {str(err).splitlines()[0]}", file=shown
        ) from None
    finally:
        loader.dispose()
    if data is None:
        raise ScenarioError(f"the file holds no data (an empty document); {needs}", file=shown)
    return data, lines, shown


def read_yaml(path: Path) -> _Doc:
    """Parse one scenario file (see parse_yaml_file) into a document with key lines."""
    data, lines, shown = parse_yaml_file(
        path, "scenario", "a scenario needs at least `extends:` or a parameter group"
    )
    if not isinstance(data, Mapping):
        raise ScenarioError(
            f"the file holds {type(data).__name__} {show_value(data)}; allowed: a "
            "mapping of keys (name, description, extends, features, areas, "
            "parameter groups)",
            file=shown,
            line=1,
        )
    return _Doc(path, data, lines)


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


def _params_from_groups(
    doc: _Doc, tree: Mapping, prefix: tuple, *, area: bool, skip: Sequence[str] = ()
) -> dict[str, Any]:
    """Check ``{group: {key: value}}`` against the registry; ``area=True`` allows only
    area-level parameters. ``prefix`` is the key path of ``tree`` inside the file."""
    out: dict[str, Any] = {}
    top_options = list(GROUPS) + ([] if area else list(TOP_KEYS))
    for group, body in tree.items():
        if group in skip:
            continue
        where = prefix + (group,)
        if not isinstance(group, str) or group not in GROUPS:
            place = "an area entry" if area else "the top level"
            raise doc.error(
                f"unknown key {show_value(group)} at {place}"
                f"{did_you_mean(str(group), top_options)}; allowed: " + ", ".join(top_options),
                *where,
                field=_field(where),
            )
        if not isinstance(body, Mapping):
            raise doc.error(
                f"value {show_value(body)} is not a mapping; allowed: a mapping of "
                f"{group} parameters (key: value)",
                *where,
                field=_field(where),
            )
        keys = [p.key for p in REGISTRY.values() if p.group == group]
        for key, value in body.items():
            kwhere = where + (key,)
            name = f"{group}.{key}"
            if not isinstance(key, str) or name not in REGISTRY:
                raise doc.error(
                    _unknown_key_message(group, key, keys), *kwhere, field=_field(kwhere)
                )
            p = REGISTRY[name]
            if area and p.level == "run":
                raise doc.error(
                    f"{name} is a run-level parameter (the same for every area); "
                    "allowed in an area: area-level parameters only "
                    "(see docs/PARAMETERS.md)",
                    *kwhere,
                    field=name,
                )
            try:
                out[name] = check_value(p, value)
            except InvalidValueError as bad:
                inner = kwhere + ((bad.field.rsplit(".", 1)[1],) if bad.field else ())
                raise doc.error(str(bad), *inner, field=bad.field or name) from None
    return out


def _field(where: tuple) -> str:
    return ".".join(str(k) for k in where)


def _unknown_key_message(group: str, key: Any, keys: Sequence[str]) -> str:
    hint = did_you_mean(str(key), keys)
    if not hint:
        elsewhere = [p.name for p in REGISTRY.values() if p.key == key]
        if elsewhere:
            hint = f" (it belongs to group {elsewhere[0].split('.')[0]!r}: {elsewhere[0]})"
    allowed = (
        ", ".join(keys)
        if len(keys) <= 12
        else f"the {len(keys)} {group} parameters in docs/PARAMETERS.md"
    )
    return f"unknown key {show_value(key)} in group {group!r}{hint}; allowed: {allowed}"


def _features(doc: _Doc, value: Any) -> dict[str, bool]:
    if not isinstance(value, Mapping):
        raise doc.error(
            f"value {show_value(value)} is not a mapping; allowed: a mapping of feature "
            "names to true or false",
            "features",
            field="features",
        )
    out: dict[str, bool] = {}
    for name, switch in value.items():
        where = ("features", name)
        if not isinstance(name, str) or name not in FEATURES:
            raise doc.error(
                f"unknown feature {show_value(name)}{did_you_mean(str(name), FEATURES)}; "
                "allowed: " + ", ".join(FEATURES),
                *where,
                field=_field(where),
            )
        if not isinstance(switch, bool):
            raise doc.error(
                f"value {show_value(switch)} is not true or false; allowed: true or false",
                *where,
                field=_field(where),
            )
        out[name] = switch
    return out


def _areas(doc: _Doc, value: Any) -> tuple[tuple[dict[str, Any], ...], dict]:
    """``areas:`` as (list of flat per-area overrides, sampling ranges)."""
    if isinstance(value, list):
        if not value:
            raise doc.error(
                "the areas list is empty; allowed: one mapping per ICB area, or leave `areas` out",
                "areas",
                field="areas",
            )
        _check_area_count(doc, len(value), ("areas",))
        entries = []
        for i, entry in enumerate(value):
            if entry is None:
                entry = {}
            if not isinstance(entry, Mapping):
                raise doc.error(
                    f"area {i + 1} is {show_value(entry)}; allowed: a mapping of "
                    "parameter groups (e.g. market: {competing_wage: 13.5})",
                    "areas",
                    i,
                    field=f"areas[{i}]",
                )
            entries.append(_params_from_groups(doc, entry, ("areas", i), area=True))
        return tuple(entries), {}
    if isinstance(value, Mapping):
        keys = list(value)
        for key in keys:
            if key not in AREA_FORMS:
                raise doc.error(
                    f"unknown key {show_value(key)} in areas"
                    f"{did_you_mean(str(key), AREA_FORMS)}; allowed: csv (a file of "
                    "areas) or sample (ranges)",
                    "areas",
                    key,
                    field=f"areas.{key}",
                )
        if len(keys) != 1:
            raise doc.error(
                "areas holds both csv and sample; allowed: one of them", "areas", field="areas"
            )
        if "csv" in value:
            return _areas_csv(doc, value["csv"]), {}
        return (), _areas_sample(doc, value["sample"])
    raise doc.error(
        f"value {show_value(value)} is not a list or mapping; allowed: a list of "
        "areas, {csv: file.csv} or {sample: {group.key: [low, high]}}",
        "areas",
        field="areas",
    )


def _check_area_count(doc: _Doc, n: int, where: tuple, *, line: int | None = None) -> None:
    lo, hi = REGISTRY[N_ICBS].valid
    if not lo <= n <= hi:
        raise ScenarioError(
            f"{n:,} areas given; allowed: {lo} to {hi} ICB areas ({N_ICBS})",
            file=display_path(doc.path),
            line=line or doc.line(*where),
            field="areas",
        )


def _areas_sample(doc: _Doc, spec: Any) -> dict[str, tuple[float, float]]:
    if not isinstance(spec, Mapping) or not spec:
        raise doc.error(
            f"value {show_value(spec)} is not a mapping of ranges; allowed: "
            "{group.key: [low, high], ...}",
            "areas",
            "sample",
            field="areas.sample",
        )
    numeric = [
        p.name for p in REGISTRY.values() if p.level == "area" and p.kind in ("float", "int")
    ]
    out: dict[str, tuple[float, float]] = {}
    for name, bounds in spec.items():
        where = ("areas", "sample", name)
        if not isinstance(name, str) or name not in numeric:
            why = ""
            if isinstance(name, str) and name in REGISTRY:
                p = REGISTRY[name]
                why = (
                    " (a run-level parameter)"
                    if p.level == "run"
                    else f" (a {p.kind} parameter cannot be sampled from a range; set it per "
                    "area with a list or CSV)"
                )
            raise doc.error(
                f"{show_value(name)} cannot be sampled{why}"
                f"{'' if why else did_you_mean(str(name), numeric)}; allowed: "
                "numeric area-level parameters (see docs/PARAMETERS.md)",
                *where,
                field=f"areas.sample.{name}",
            )
        p = REGISTRY[name]
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise doc.error(
                f"value {show_value(bounds)} is not a range; allowed: [low, high] with "
                f"each {allowed_text(p)}",
                *where,
                field=name,
            )
        try:
            lo, hi = (check_value(p, b) for b in bounds)
        except InvalidValueError as bad:
            raise doc.error(f"range {show_value(bounds)}: {bad}", *where, field=name) from None
        if lo > hi:
            raise doc.error(
                f"range {show_value(bounds)} has low above high; "
                "allowed: [low, high] with low <= high",
                *where,
                field=name,
            )
        out[name] = (lo, hi)
    return out


def _csv_columns() -> dict[str, tuple[str, str | None]]:
    """CSV column name -> (parameter, share name or None) for area-level parameters."""
    cols: dict[str, tuple[str, str | None]] = {}
    for p in REGISTRY.values():
        if p.level != "area":
            continue
        if p.kind == "shares":
            for share in p.default:
                cols[f"{p.name}.{share}"] = (p.name, share)
        else:
            cols[p.name] = (p.name, None)
    return cols


def _areas_csv(doc: _Doc, file: Any) -> tuple[dict[str, Any], ...]:
    """Areas from a CSV beside the scenario: one row per area, columns are dotted area-level
    parameter names (``arrangement.shares.<name>`` for shares); empty cells keep the
    scenario's value."""
    if not isinstance(file, str) or not file.strip():
        raise doc.error(
            f"value {show_value(file)} is not a file name; allowed: a CSV file path "
            "relative to the scenario",
            "areas",
            "csv",
            field="areas.csv",
        )
    path = doc.path.parent / file
    shown = display_path(path)
    if not path.is_file():
        raise doc.error(
            f"areas CSV {file!r} not found (looked for {shown})", "areas", "csv", field="areas.csv"
        )
    text = _read_text(path, "areas CSV")

    def bad(message: str, line: int | None = None, field: str | None = None) -> ScenarioError:
        return ScenarioError(
            f"{message} (areas CSV of {display_path(doc.path)})", file=shown, line=line, field=field
        )

    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _csv_columns()
    try:
        header = next(reader, None)
        if not header or not any(c.strip() for c in header):
            raise bad(
                "the areas CSV is empty; allowed: a header of dotted area-level "
                "parameter names and one row per area"
            )
        header = [c.strip() for c in header]
        for col in header:
            if col not in columns:
                raise bad(
                    f"unknown column {col!r}{did_you_mean(col, list(columns))}; allowed: "
                    "area-level parameters as group.key (see docs/PARAMETERS.md)"
                    + (" - this one is run-level" if col in REGISTRY else ""),
                    line=1,
                    field=col,
                )
        dup = {c for c in header if header.count(c) > 1}
        if dup:
            raise bad(
                f"column {sorted(dup)[0]!r} appears twice; allowed: each column once",
                line=1,
                field=sorted(dup)[0],
            )
        rows: list[dict[str, Any]] = []
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= REGISTRY[N_ICBS].valid[1]:
                _check_area_count(doc, len(rows) + 1, ("areas", "csv"))
            if len(row) != len(header):
                raise bad(
                    f"row has {len(row)} cells, the header {len(header)}; allowed: one "
                    "cell per column (leave a cell empty to keep the scenario's value)",
                    line=line,
                )
            rows.append(_csv_row(header, row, columns, bad, line))
    except csv.Error as err:
        raise bad(f"CSV syntax error: {err}", line=reader.line_num) from None
    if not rows:
        raise bad("the areas CSV has a header but no rows; allowed: one row per area")
    return tuple(rows)


def _csv_row(
    header: list[str],
    row: list[str],
    columns: Mapping,
    bad: Callable[..., ScenarioError],
    line: int,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    shares: dict[str, dict[str, Any]] = {}
    for col, cell in zip(header, row, strict=True):
        if not cell.strip():
            continue
        name, share = columns[col]
        try:
            value = _scalar(cell.strip(), "cell")
        except InvalidValueError as problem:
            raise bad(str(problem), line=line, field=col) from None
        if share is None:
            values[name] = value
        else:
            shares.setdefault(name, {})[share] = value
    out: dict[str, Any] = {}
    for name, value in [*values.items(), *shares.items()]:
        try:
            out[name] = check_value(REGISTRY[name], value)
        except InvalidValueError as problem:
            raise bad(str(problem), line=line, field=problem.field or name) from None
    return out


def _layer(doc: _Doc) -> tuple[_Layer, Any]:
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
    layer.values = _params_from_groups(doc, data, (), area=False, skip=TOP_KEYS)
    if "areas" in data:
        layer.areas, layer.area_sampling = _areas(doc, data["areas"])
    return layer, extends


def _resolve_extends(doc: _Doc, target: str) -> Path:
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


def _chain(path: Path) -> list[tuple[_Layer, _Doc]]:
    """The ``extends`` chain, base first; cycles and over-long chains are refused."""
    chain: list[tuple[_Layer, _Doc]] = []
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
            out[name] = check_value(REGISTRY[name], _scalar(text.strip(), "--set"))
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
