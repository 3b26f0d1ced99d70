"""``phb-sim scenarios``: list, show, validate the scenario library; write its schema and docs.

phb-sim scenarios list
phb-sim scenarios show NAME [--set group.key=value ...] [--changed] [--json]
phb-sim scenarios validate FILE...
phb-sim scenarios schema [--out FILE] [--check]
phb-sim scenarios docs [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sim.errors import EXIT_BAD_INPUT, ScenarioError
from sim.reporting import odd, paramdocs
from sim.scenario import Scenario, add_set_argument, library, library_name, load_scenario, schema
from sim.scenario.parameters import GROUPS, REGISTRY


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scenarios",
        help="list, show and validate scenarios; write their schema and docs",
        description="The scenario library (scenarios/) and the scenario language.",
    )
    sub = parser.add_subparsers(dest="scenarios_command", required=True, metavar="ACTION")

    p = sub.add_parser("list", help="the library: name and description of each scenario")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="a scenario fully resolved, with each value's origin")
    p.add_argument("scenario", help="library name (e.g. workforce/churn_high) or file path")
    add_set_argument(p)
    p.add_argument(
        "--changed", action="store_true", help="only values not taken from the registry defaults"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("validate", help="check scenario files; exit 2 if any is invalid")
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files or library names")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="write the JSON Schema of scenario files")
    p.add_argument("--out", type=Path, help="file to write (default: print it)")
    p.add_argument(
        "--check", action="store_true", help="exit 1 if scenarios/schema.json is out of date"
    )
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("docs", help="write docs/PARAMETERS.md from the registry")
    p.add_argument(
        "--out",
        type=Path,
        help=f"file to write (default: "
        f"{paramdocs.default_path().parent.name}/{paramdocs.default_path().name})",
    )
    p.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    p.set_defaults(func=cmd_docs)


# ----------------------------------------------------------------------------- list


def cmd_list(args: argparse.Namespace) -> int:
    rows = []
    bad = 0
    for path in library():
        name = library_name(path) or str(path)
        try:
            rows.append((name, load_scenario(path).description))
        except ScenarioError as err:
            bad += 1
            rows.append((name, f"INVALID: {err}"))
    width = max((len(n) for n, _ in rows), default=0)
    for name, description in rows:
        print(f"{name:<{width}}  {description}")
    return EXIT_BAD_INPUT if bad else 0


# ----------------------------------------------------------------------------- show


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_text(v)}" for k, v in value.items())
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def as_dict(s: Scenario) -> dict[str, Any]:
    """A resolved scenario as JSON-ready data."""
    return {
        "name": s.name,
        "description": s.description,
        "source": s.source,
        "features": s.features,
        "params": {
            k: {"value": v, "origin": s.origins.get(k, "default")} for k, v in s.params.items()
        },
        "areas": list(s.areas),
        "area_sampling": {k: list(v) for k, v in s.area_sampling.items()},
    }


def cmd_show(args: argparse.Namespace) -> int:
    s = load_scenario(args.scenario, args.set)
    if args.json:
        print(json.dumps(as_dict(s), indent=2, ensure_ascii=False))
        return 0
    print(f"scenario     {s.name}")
    if s.description:
        print(f"description  {s.description}")
    print(f"source       {s.source}")
    if s.features:
        on = [n for n, v in s.features.items() if v]
        off = [n for n, v in s.features.items() if not v]
        print(f"features on  {', '.join(on) or '-'}")
        print(f"features off {', '.join(off) or '-'}")
    rows = [
        (name, _text(value), s.origins.get(name, "default"))
        for name, value in s.params.items()
        if not args.changed or s.origins.get(name, "default") != "default"
    ]
    width = max((len(r[0]) for r in rows), default=9)
    vwidth = min(max((len(r[1]) for r in rows), default=5), 40)
    for group in GROUPS:
        group_rows = [r for r in rows if REGISTRY[r[0]].group == group]
        if not group_rows:
            continue
        print(f"\n{group}")
        for name, value, origin in group_rows:
            print(f"  {name:<{width}}  {value:<{vwidth}}  {origin}")
    if s.areas:
        print(f"\nareas ({len(s.areas)}; each overrides the values above)")
        for i, area in enumerate(s.areas, 1):
            print(f"  area {i}: " + "; ".join(f"{k} {_text(v)}" for k, v in area.items()))
    if s.area_sampling:
        print("\nareas sample (each area draws uniformly from)")
        for name, bounds in s.area_sampling.items():
            print(f"  {name:<{width}}  {_text(bounds)}")
    return 0


# ----------------------------------------------------------------------------- validate


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for file in args.files:
        try:
            s = load_scenario(file)
        except ScenarioError as err:
            bad += 1
            print(f"phb-sim: error: {err}", file=sys.stderr)
        else:
            print(f"OK  {file}  ({s.name})")
    if bad:
        print(f"phb-sim: {bad} of {len(args.files)} scenario files invalid", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else 0


# ----------------------------------------------------------------------------- generated files


def _write_or_check(text: str, out: Path, check: bool, regenerate: str) -> int:
    if check:
        if out.is_file() and out.read_text(encoding="utf-8") == text:
            print(f"{out} is up to date")
            return 0
        print(f"phb-sim: {out} is out of date; run `{regenerate}`", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema.render()
    if args.out is None and not args.check:
        sys.stdout.write(text)
        return 0
    return _write_or_check(
        text,
        args.out or schema.default_path(),
        args.check,
        "phb-sim scenarios schema --out scenarios/schema.json",
    )


def cmd_docs(args: argparse.Namespace) -> int:
    """docs/PARAMETERS.md and the parameter trace of docs/ODD.md, both from the registry."""
    code = _write_or_check(
        paramdocs.render(),
        args.out or paramdocs.default_path(),
        args.check,
        "phb-sim scenarios docs",
    )
    if args.out is None and odd.default_path().exists():
        text = odd.default_path().read_text(encoding="utf-8")
        code = max(
            code,
            _write_or_check(
                odd.update(text), odd.default_path(), args.check, "phb-sim scenarios docs"
            ),
        )
    return code
