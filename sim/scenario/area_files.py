"""ICB areas in a scenario: a list of areas, a CSV file of areas, or ranges to sample per area."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError
from sim.scenario.groups import params_from_groups
from sim.scenario.library import display_path, scenarios_dir
from sim.scenario.limits import AREA_FORMS, N_ICBS
from sim.scenario.parameters import REGISTRY
from sim.scenario.values import (
    InvalidValueError,
    allowed_text,
    check_value,
    did_you_mean,
    parse_scalar,
    show_value,
)
from sim.scenario.yaml_io import YamlDoc, _read_text


def parse_areas(doc: YamlDoc, value: Any) -> tuple[tuple[dict[str, Any], ...], dict]:
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
            entries.append(params_from_groups(doc, entry, ("areas", i), area=True))
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


def _check_area_count(doc: YamlDoc, n: int, where: tuple, *, line: int | None = None) -> None:
    lo, hi = REGISTRY[N_ICBS].valid
    if not lo <= n <= hi:
        raise ScenarioError(
            f"{n:,} areas given; allowed: {lo} to {hi} ICB areas ({N_ICBS})",
            file=display_path(doc.path),
            line=line or doc.line(*where),
            field="areas",
        )


def _areas_sample(doc: YamlDoc, spec: Any) -> dict[str, tuple[float, float]]:
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


def _areas_csv(doc: YamlDoc, file: Any) -> tuple[dict[str, Any], ...]:
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
    _check_csv_place(doc, file, path)
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


def _check_csv_place(doc: YamlDoc, file: str, path: Path) -> None:
    """An areas CSV must be a .csv file in the scenario's folder (or below it) or in the
    scenario library: a scenario is data and must not make the loader read, and echo in
    its messages, any file on the machine (``../../etc/passwd``, an absolute path, a
    symbolic link pointing out)."""
    resolved = path.resolve()
    roots = (doc.path.parent.resolve(), scenarios_dir().resolve())
    inside = any(resolved.is_relative_to(root) for root in roots)
    if not inside or resolved.suffix.lower() != ".csv":
        raise doc.error(
            f"value {file!r} is not allowed; allowed: a .csv file in the scenario's folder "
            "or below it, or in the scenario library (scenarios/)",
            "areas",
            "csv",
            field="areas.csv",
        )


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
            value = parse_scalar(cell.strip(), "cell")
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
