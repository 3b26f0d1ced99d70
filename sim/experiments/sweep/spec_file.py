"""Reading a sweep spec file: the parsed document with the line of every key, and checks
of its fields (whole numbers, registry parameters and their values, parameter mappings, the
scenarios) that name the file, the line, the field and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sim.errors import InputError

# Shared with scenario files: safe, bounded YAML reading and value checks with messages
# that say what is allowed.
from sim.scenario import (
    InvalidValueError,
    Scenario,
    ScenarioError,
    did_you_mean,
    display_path,
    find_scenario,
    key_line,
    load_scenario,
    parse_yaml_file,
    show_value,
)
from sim.scenario import check_value as check_param_value
from sim.scenario.parameters import REGISTRY, Param, flatten
from sim.scenario.yaml_io import require_mapping

TOP_KEYS = (
    "name",
    "description",
    "root_seed",
    "replications",
    "scenarios",
    "levers",
    "grid",
    "samples",
    "set",
    "common_random_numbers",
)


class SpecFile:
    """The parsed file with key lines, and an error helper that names file, line and field."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.data, self.lines, _ = parse_yaml_file(
            path, "sweep spec", "a sweep spec needs at least root_seed and scenarios or grid"
        )
        if not isinstance(self.data, Mapping):
            raise self.error(
                f"the file holds {show_value(self.data)}; allowed: a mapping with keys "
                + ", ".join(TOP_KEYS),
                line=1,
            )

    def line(self, *keys: Any) -> int | None:
        return key_line(self.lines, keys)

    def error(
        self, message: str, *keys: Any, field: str | None = None, line: int | None = None
    ) -> InputError:
        if line is None and keys and hasattr(self, "lines"):
            line = self.line(*keys)
        where = line
        return InputError(message, file=self.shown, line=where, field=field)


def field_path(keys: Sequence[Any]) -> str:
    out = ""
    for k in keys:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def whole_number(doc: SpecFile, key: str, value: Any, lo: int, hi: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise doc.error(
            f"value {show_value(value)} is not allowed; allowed: {what} from {lo:,} to {hi:,}",
            *key.split("."),
            field=key,
        )
    return value


def registry_param(doc: SpecFile, name: Any, keys: tuple) -> Param:
    if not isinstance(name, str) or name not in REGISTRY:
        raise doc.error(
            f"unknown parameter {show_value(name)}{did_you_mean(str(name), list(REGISTRY))}; "
            "allowed: registry names as group.key (see docs/PARAMETERS.md)",
            *keys,
            field=field_path(keys),
        )
    return REGISTRY[name]


def checked_value(doc: SpecFile, p: Param, value: Any, keys: tuple) -> Any:
    try:
        return check_param_value(p, value)
    except InvalidValueError as bad:
        raise doc.error(str(bad), *keys, field=field_path(keys)) from None


def param_mapping(doc: SpecFile, key: str) -> list[tuple[str, Any, tuple]]:
    """A parameter mapping (dotted names or nested groups) as (name, value, key path)."""
    body = doc.data.get(key)
    require_mapping(
        doc, body, "parameter names (group.key) mapped to values", key, field=key, nonempty=True
    )
    out = []
    for name, value in flatten(body):
        # the key path as written: dotted names are one key, nested groups two
        keys = (key, name) if (key, name) in doc.lines else (key, *name.split(".", 1))
        out.append((name, value, keys))
    return out


def spec_scenarios(doc: SpecFile) -> tuple[Scenario, ...]:
    refs = doc.data.get("scenarios", ["baseline"])
    if not isinstance(refs, list) or not refs:
        hint = f" (write [{refs}])" if isinstance(refs, str) else ""
        raise doc.error(
            f"value {show_value(refs)} is not a list of scenarios{hint}; allowed: a list of "
            "library names (see `phb-sim scenarios list`) or paths to scenario files",
            "scenarios",
            field="scenarios",
        )
    out: list[Scenario] = []
    for i, ref in enumerate(refs):
        keys = ("scenarios", i)
        if not isinstance(ref, str) or not ref.strip():
            raise doc.error(
                f"value {show_value(ref)} is not a scenario name; "
                "allowed: a library name or a path",
                *keys,
                field=field_path(keys),
            )
        path = _find(doc, ref.strip(), keys)
        out.append(load_scenario(path))
    names = [s.name for s in out]
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise doc.error(
                f"two scenarios are both called {name!r} (entries "
                f"{names.index(name)} and {i}); allowed: scenarios with distinct "
                "names, since results are labelled by name",
                "scenarios",
                i,
                field=f"scenarios[{i}]",
            )
    return tuple(out)


def _find(doc: SpecFile, ref: str, keys: tuple) -> Path:
    here = doc.path.parent
    for candidate in (here / ref, here / f"{ref}.yaml"):
        if candidate.is_file():
            return candidate
    try:
        return find_scenario(ref)
    except ScenarioError:
        from sim.scenario import library, library_name

        names = [library_name(p) or "" for p in library()]
        raise doc.error(
            f"no scenario file or library scenario called {ref!r}"
            f"{did_you_mean(ref, names)}; allowed: a library name (see `phb-sim "
            "scenarios list`) or a path relative to the spec",
            *keys,
            field=field_path(keys),
        ) from None
