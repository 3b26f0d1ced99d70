"""docs/PARAMETERS.md, generated from the parameter registry.

The table is the registry in readable form (name, unit, default, ranges, level, role,
source), so it cannot drift from the model: a test compares the file with :func:`render`
and fails when someone changes a parameter without regenerating (``phb-sim scenarios docs``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.scenario import scenarios_dir
from sim.scenario.levers import FEATURES
from sim.scenario.parameters import GROUPS, REGISTRY, Param

INTRO = """\
# Parameters

Generated from the parameter registry (`sim/scenario/parameters/`) by `phb-sim scenarios docs`;
do not edit by hand. A test fails when this file and the registry disagree.

How to read the table:

- **name** is what a scenario file sets: `group.key` is written as `key:` inside the
  `group:` mapping, and on any command as `--set group.key=value`.
- **valid** is what validation accepts (a scenario outside it is refused before any run);
  **plausible** is the range a modeller would believe, and the default range of a
  sensitivity analysis. Shares are given per name and must sum to 1.
- **level**: `area` parameters may differ between ICB areas (scenario `areas:`);
  `run` parameters are the same for the whole run.
- **role**: `lever` is a policy choice (what an ICB or NHS England decides), `uncertainty`
  the world it meets (labour market, families, behaviour, prices, effect sizes),
  `structural` the simulation's own set-up; sweep and SA specs can sample uncertainties
  under fixed levers (docs/SWEEPS.md).
- **source** cites a row of the evidence table (`FACTS §section`), a seed text
  (`seed NNN`) or says `assumption` with the reason.
- **features** lists the seed-004 features (scenario `features:`) that set the
  parameter; see docs/SCENARIOS.md.
"""


def table_cell(value: Any) -> str:
    """A table cell: Markdown-safe, no line breaks."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "<br>".join(f"{k} {format_value(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def format_range(p: Param, bounds: tuple[float, float] | None) -> str:
    if p.kind == "choice":
        return " / ".join(p.choices)
    if p.kind == "bool":
        return "true / false"
    if bounds is None:
        return ""
    return f"{format_value(bounds[0])} to {format_value(bounds[1])}"


def _features_of(name: str) -> str:
    return ", ".join(f"{f.number}" for f in FEATURES.values() if name in f.on)


def render() -> str:
    """The full text of docs/PARAMETERS.md."""
    out = [INTRO]
    for group in GROUPS:
        params = [p for p in REGISTRY.values() if p.group == group]
        out.append(f"\n## {group}\n")
        out.append(
            "| name | unit | default | valid | plausible | level | role | features | source "
            "| description |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for p in params:
            cells = [
                f"`{p.name}`",
                p.unit,
                format_value(p.default),
                format_range(p, p.valid),
                "" if p.kind == "shares" else format_range(p, p.plausible),
                p.level,
                p.role,
                _features_of(p.name),
                p.source,
                p.description,
            ]
            out.append("| " + " | ".join(table_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


def default_path() -> Path:
    """docs/PARAMETERS.md of the repository the library sits in."""
    return scenarios_dir().parent / "docs" / "PARAMETERS.md"


def write(path: Path | None = None) -> Path:
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path


def is_current(path: Path | None = None) -> bool:
    """True when the file on disk equals what the registry generates."""
    path = path or default_path()
    return path.is_file() and path.read_text(encoding="utf-8") == render()
