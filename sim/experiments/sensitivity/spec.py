"""The SA spec: a YAML file naming what to vary, how, how often and what to look at.

The spec is read by the safe YAML reader scenario files and sweep specs share (size cap,
UTF-8, duplicate keys refused, lines kept for messages) and checked field by field before
any run starts: a typo in a parameter name or a Sobol N that is not a power of two should
cost the user seconds, not the hours of a half-finished analysis.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.analysis.measures import HEADLINE, MEASURE_NAMES
from sim.experiments.sensitivity.spec_fields import (
    PARAM_FIELDS,
    Checker,
    ParamOverride,
    check_size,
    parse_groups,
    parse_levers,
    parse_param,
)

METHODS = ("sobol", "morris")
FIELDS = (
    "name",
    "description",
    "base",
    "method",
    "n",
    "second_order",
    "num_levels",
    "replications",
    "root_seed",
    "set",
    "parameters",
    "groups",
    "outputs",
    "quintiles",
    "num_resamples",
    "conf_level",
    "per_replication",
    "levers",
)
MAX_LEVER_SETTINGS = 64
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class SASpec:
    """A validated SA spec. ``n`` is Sobol's N (a power of two) or Morris' trajectories."""

    name: str
    parameters: dict[str, ParamOverride]
    method: str = "sobol"
    n: int = 64
    base: str = "baseline"
    description: str = ""
    second_order: bool = False
    num_levels: int = 4
    replications: int = 2
    root_seed: int = 1
    set: dict[str, Any] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outputs: tuple[str, ...] = HEADLINE
    quintiles: bool = True
    per_replication: bool = False
    num_resamples: int = 100
    conf_level: float = 0.95
    source: str | None = None
    # policy levers held fixed at each of these values in turn (one analysis per setting)
    levers: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def lever_settings(self) -> list[dict[str, Any]]:
        """Every combination of the lever values, first lever slowest ([{}] without levers)."""
        combos = itertools.product(*self.levers.values())
        return [dict(zip(self.levers, c, strict=True)) for c in combos] or [{}]

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the record kept beside the results and for resume checks)."""
        return {
            "name": self.name,
            "description": self.description,
            "base": self.base,
            "method": self.method,
            "n": self.n,
            "second_order": self.second_order,
            "num_levels": self.num_levels,
            "replications": self.replications,
            "root_seed": self.root_seed,
            "set": dict(self.set),
            "parameters": {
                k: {f: getattr(v, f) for f in PARAM_FIELDS if getattr(v, f) is not None}
                for k, v in self.parameters.items()
            },
            "groups": {k: list(v) for k, v in self.groups.items()},
            "outputs": list(self.outputs),
            "quintiles": self.quintiles,
            "per_replication": self.per_replication,
            "num_resamples": self.num_resamples,
            "conf_level": self.conf_level,
            **({"levers": {k: list(v) for k, v in self.levers.items()}} if self.levers else {}),
        }


def parse_spec(
    raw: Any, *, file: str | None = None, lines: Mapping[tuple, int] | None = None
) -> SASpec:
    """Check a loaded spec mapping and build the SASpec; refuse anything unclear.
    ``lines`` maps key paths to their line in the file, for messages."""
    from sim.scenario.parameters import REGISTRY

    chk = Checker(file, dict(lines or {}))
    if not isinstance(raw, Mapping):
        raise chk.fail((), f"an SA spec must be a mapping of fields, got {type(raw).__name__}")
    unknown = sorted(set(map(str, raw)) - set(FIELDS))
    if unknown:
        raise chk.fail(
            (unknown[0],), f"unknown field {unknown[0]!r}; allowed: " + ", ".join(FIELDS)
        )

    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise chk.fail(
            ("name",),
            f"got {name!r}; allowed: a name of letters, digits, "
            "'_', '-', '.' (it names the folder results/sa/<name>/)",
        )
    method = raw.get("method", "sobol")
    if method not in METHODS:
        raise chk.fail(("method",), f"got {method!r}; allowed: " + ", ".join(METHODS))
    n = chk.integer(raw, "n", 64, 2)
    if method == "sobol" and n & (n - 1):
        lower = 1 << (n.bit_length() - 1)
        raise chk.fail(
            ("n",),
            f"got {n}; Sobol needs N a power of two (SALib's Sobol "
            f"sequence keeps its balance only then), e.g. {lower} or {lower * 2}",
        )
    num_levels = chk.integer(raw, "num_levels", 4, 2)
    if method == "morris" and num_levels % 2:
        raise chk.fail(
            ("num_levels",),
            f"got {num_levels}; allowed: an even number of grid levels (4 is the usual choice)",
        )
    replications = chk.integer(raw, "replications", 2, 1)
    root_seed = chk.integer(raw, "root_seed", 1, 0)
    num_resamples = chk.integer(raw, "num_resamples", 100, 10)
    second_order = chk.boolean(raw, "second_order", False)
    if second_order and method != "sobol":
        raise chk.fail(("second_order",), "second-order indices need method: sobol")
    quintiles = chk.boolean(raw, "quintiles", True)
    per_replication = chk.boolean(raw, "per_replication", False)
    conf_level = raw.get("conf_level", 0.95)
    if (
        isinstance(conf_level, bool)
        or not isinstance(conf_level, int | float)
        or not (0.5 <= conf_level < 1)
    ):
        raise chk.fail(("conf_level",), f"got {conf_level!r}; allowed: a number in [0.5, 1)")
    base = raw.get("base", "baseline")
    if not isinstance(base, str) or not base:
        raise chk.fail(("base",), f"got {base!r}; allowed: a scenario name or a path")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise chk.fail(("description",), f"got {description!r}; allowed: text")

    fixed = raw.get("set", {}) or {}
    if not isinstance(fixed, Mapping):
        raise chk.fail(("set",), f"got {fixed!r}; allowed: a mapping of parameter: value")
    for key in fixed:
        if key not in REGISTRY:
            raise chk.fail(
                ("set", str(key)),
                f"unknown parameter {key!r}; see "
                "docs/PARAMETERS.md or `phb-sim scenarios --params`",
            )

    params_raw = raw.get("parameters")
    if not isinstance(params_raw, Mapping) or not params_raw:
        raise chk.fail(
            ("parameters",),
            f"got {params_raw!r}; allowed: a non-empty mapping "
            "of registry parameter names to {} or {bounds, dist, peak}",
        )
    parameters: dict[str, ParamOverride] = {}
    for pname, opts in params_raw.items():
        parameters[str(pname)] = parse_param(chk, str(pname), opts, REGISTRY)
    clash = sorted(set(parameters) & set(map(str, fixed)))
    if clash:
        raise chk.fail(
            ("set", clash[0]), f"{clash[0]!r} is both fixed (set) and varied (parameters); keep one"
        )

    groups = parse_groups(chk, raw.get("groups", {}) or {}, parameters)
    outputs_raw = raw.get("outputs", list(HEADLINE))
    if isinstance(outputs_raw, str):
        outputs_raw = [outputs_raw]
    if not isinstance(outputs_raw, list) or not outputs_raw:
        raise chk.fail(
            ("outputs",),
            f"got {outputs_raw!r}; allowed: a list of measures from " + ", ".join(MEASURE_NAMES),
        )
    for out in outputs_raw:
        if out not in MEASURE_NAMES:
            raise chk.fail(
                ("outputs",), f"unknown measure {out!r}; allowed: " + ", ".join(MEASURE_NAMES)
            )
    levers = parse_levers(chk, raw.get("levers", {}) or {}, parameters, fixed, REGISTRY)
    check_size(chk, method, n, second_order, replications, parameters, groups)
    settings = math.prod(len(v) for v in levers.values())
    if settings > MAX_LEVER_SETTINGS:
        raise chk.fail(
            ("levers",),
            f"{settings:,} lever settings; allowed: at most {MAX_LEVER_SETTINGS} "
            "(one analysis runs per setting)",
        )
    return SASpec(
        name=name,
        parameters=parameters,
        method=method,
        n=n,
        base=base,
        description=description,
        second_order=second_order,
        num_levels=num_levels,
        replications=replications,
        root_seed=root_seed,
        set=dict(fixed),
        groups=groups,
        outputs=tuple(dict.fromkeys(outputs_raw)),
        quintiles=quintiles,
        per_replication=per_replication,
        num_resamples=num_resamples,
        conf_level=float(conf_level),
        source=file,
        levers=levers,
    )


def load_spec(path: str | Path) -> SASpec:
    """Read and check an SA spec file through the reader scenario files and sweep specs
    share (size cap, UTF-8, no duplicate keys, bounded nesting and aliases)."""
    from sim.scenario import parse_yaml_file

    raw, lines, shown = parse_yaml_file(
        Path(path), "SA spec", "an SA spec needs name, method, n and parameters"
    )
    return parse_spec(raw, file=shown, lines=lines)
