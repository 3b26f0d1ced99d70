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
from sim.errors import InputError

METHODS = ("sobol", "morris")
DISTS = ("unif", "triang", "norm", "lognorm", "logunif")
PARAM_FIELDS = ("bounds", "dist", "peak")
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
class ParamOverride:
    """What a spec says about one varied parameter; empty means "registry defaults"."""

    bounds: tuple[float, float] | None = None
    dist: str | None = None
    peak: float | None = None


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


class _Checker:
    """Raises InputError with file, line and field filled in."""

    def __init__(self, file: str | None, lines: dict[tuple, int]) -> None:
        self.file, self.lines = file, lines

    def fail(self, path: tuple[str, ...], message: str) -> InputError:
        line = self.lines.get(path) or (self.lines.get(path[:1]) if path else None)
        return InputError(message, file=self.file, line=line, field=".".join(path) or None)

    def integer(self, raw: Mapping, key: str, default: int, low: int) -> int:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail((key,), f"got {value!r}; allowed: an integer >= {low}")
        return value

    def boolean(self, raw: Mapping, key: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            raise self.fail((key,), f"got {value!r}; allowed: true or false")
        return value


def parse_spec(
    raw: Any, *, file: str | None = None, lines: Mapping[tuple, int] | None = None
) -> SASpec:
    """Check a loaded spec mapping and build the SASpec; refuse anything unclear.
    ``lines`` maps key paths to their line in the file, for messages."""
    from sim.scenario.parameters import REGISTRY

    chk = _Checker(file, dict(lines or {}))
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
        parameters[str(pname)] = _parse_param(chk, str(pname), opts, REGISTRY)
    clash = sorted(set(parameters) & set(map(str, fixed)))
    if clash:
        raise chk.fail(
            ("set", clash[0]), f"{clash[0]!r} is both fixed (set) and varied (parameters); keep one"
        )

    groups = _parse_groups(chk, raw.get("groups", {}) or {}, parameters)
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
    levers = _parse_levers(chk, raw.get("levers", {}) or {}, parameters, fixed, REGISTRY)
    _check_size(chk, method, n, second_order, replications, parameters, groups)
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


def _parse_levers(
    chk: _Checker, raw: Any, parameters: Mapping, fixed: Mapping, registry: Mapping
) -> dict[str, tuple[Any, ...]]:
    """``levers: {name: [values]}``: policy levers (registry role) to hold fixed at each
    value in turn while the uncertainties in ``parameters`` are sampled."""
    from sim.scenario import InvalidValueError, check_value

    if not isinstance(raw, Mapping):
        raise chk.fail(("levers",), f"got {raw!r}; allowed: a mapping of lever: [values]")
    out: dict[str, tuple[Any, ...]] = {}
    for name, values in raw.items():
        path = ("levers", str(name))
        p = registry.get(name)
        if p is None or p.role != "lever":
            what = "unknown parameter" if p is None else f"not a policy lever (role {p.role})"
            allowed = ", ".join(k for k, q in registry.items() if q.role == "lever")
            raise chk.fail(path, f"{name!r}: {what}; allowed: {allowed}")
        if name in parameters or name in fixed:
            raise chk.fail(path, f"{name!r} is also varied or fixed; keep one")
        if not isinstance(values, list) or not values:
            raise chk.fail(path, f"got {values!r}; allowed: a non-empty list of values")
        checked = []
        for v in values:
            try:
                checked.append(check_value(p, v))
            except InvalidValueError as bad:
                raise chk.fail(path, str(bad)) from None
        if len({repr(v) for v in checked}) != len(checked):
            raise chk.fail(path, "a value is listed twice; allowed: distinct values")
        out[str(name)] = tuple(checked)
    return out


def _check_size(
    chk: _Checker,
    method: str,
    n: int,
    second_order: bool,
    replications: int,
    parameters: Mapping,
    groups: Mapping[str, tuple[str, ...]],
) -> None:
    """Refuse a design too large to run before SALib allocates its sample."""
    from sim.experiments.sweep.spec import MAX_RUNS

    grouped = {m for members in groups.values() for m in members}
    factors = len(groups) + len(set(parameters) - grouped)
    if method == "sobol":
        per_base = 2 * factors + 2 if second_order else factors + 2
    else:
        per_base = factors + 1  # a Morris trajectory
    runs = n * per_base * replications
    if runs > MAX_RUNS:
        raise chk.fail(
            ("n",),
            f"got {n}; the design would need {n:,} x {per_base} sample points x "
            f"{replications} replications = {runs:,} runs; allowed: at most {MAX_RUNS:,} "
            "runs (a smaller n)",
        )


def _parse_param(chk: _Checker, pname: str, opts: Any, registry: Mapping) -> ParamOverride:
    path = ("parameters", pname)
    p = registry.get(pname)
    if p is None:
        close = [k for k in registry if k.split(".")[-1] == pname.split(".")[-1]]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise chk.fail(
            path,
            f"unknown parameter {pname!r}{hint}; names are 'group.key' "
            "from the registry (docs/PARAMETERS.md)",
        )
    if p.kind == "shares":
        raise chk.fail(
            path,
            f"{pname!r} is a set of shares and cannot be varied as one "
            "number; vary a numeric parameter or fix it with set:",
        )
    if opts is None:
        opts = {}
    if not isinstance(opts, Mapping):
        raise chk.fail(
            path, f"got {opts!r}; allowed: {{}} or a mapping with " + ", ".join(PARAM_FIELDS)
        )
    bad = sorted(set(map(str, opts)) - set(PARAM_FIELDS))
    if bad:
        raise chk.fail(path, f"unknown option {bad[0]!r}; allowed: " + ", ".join(PARAM_FIELDS))
    bounds = opts.get("bounds")
    if bounds is not None:
        if p.kind in ("bool", "choice"):
            raise chk.fail(
                path,
                f"bounds: {pname!r} is a {p.kind}; it is varied over all "
                "its values, bounds do not apply",
            )
        if (
            not isinstance(bounds, list | tuple)
            or len(bounds) != 2
            or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
            or not bounds[0] < bounds[1]
        ):
            raise chk.fail(path, f"bounds: got {bounds!r}; allowed: [low, high] with low < high")
        if p.valid is not None and (bounds[0] < p.valid[0] or bounds[1] > p.valid[1]):
            raise chk.fail(
                path,
                f"bounds: got {list(bounds)}; allowed: within the valid "
                f"range {list(p.valid)} ({p.unit})",
            )
        bounds = (float(bounds[0]), float(bounds[1]))
    elif not p.sa and p.kind in ("float", "int"):
        raise chk.fail(
            path,
            f"{pname!r} is not varied by default (registry sa=False); "
            "give bounds: [low, high] to vary it anyway",
        )
    dist = opts.get("dist")
    if dist is not None and dist not in DISTS:
        raise chk.fail(path, f"dist: got {dist!r}; allowed: " + ", ".join(DISTS))
    if dist is not None and dist != "unif" and p.kind in ("bool", "choice"):
        raise chk.fail(
            path, f"dist: {pname!r} is a {p.kind}; its values are equally likely (unif only)"
        )
    peak = opts.get("peak")
    if peak is not None:
        if (dist or p.dist) != "triang":
            raise chk.fail(path, "peak: only for dist: triang")
        if isinstance(peak, bool) or not isinstance(peak, int | float) or not 0 <= peak < 1:
            raise chk.fail(
                path,
                f"peak: got {peak!r}; allowed: the peak's position as a "
                "share of the range, in [0, 1)",
            )
        peak = float(peak)
    return ParamOverride(bounds=bounds, dist=dist, peak=peak)


def _parse_groups(chk: _Checker, raw: Any, parameters: Mapping) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, Mapping):
        raise chk.fail(
            ("groups",),
            f"got {raw!r}; allowed: a mapping of group name to a list of varied parameters",
        )
    groups: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for gname, members in raw.items():
        path = ("groups", str(gname))
        if str(gname) in parameters:
            raise chk.fail(path, f"group name {gname!r} is also a parameter name; rename it")
        if not isinstance(members, list) or not members:
            raise chk.fail(path, f"got {members!r}; allowed: a non-empty list of parameters")
        for m in members:
            if m not in parameters:
                raise chk.fail(
                    path,
                    f"{m!r} is not among the varied parameters; allowed: " + ", ".join(parameters),
                )
            if m in seen:
                raise chk.fail(
                    path, f"{m!r} is already in group {seen[m]!r}; a parameter belongs to one group"
                )
            seen[m] = str(gname)
        groups[str(gname)] = tuple(members)
    return groups


def load_spec(path: str | Path) -> SASpec:
    """Read and check an SA spec file through the reader scenario files and sweep specs
    share (size cap, UTF-8, no duplicate keys, bounded nesting and aliases)."""
    from sim.scenario import parse_yaml_file

    raw, lines, shown = parse_yaml_file(
        Path(path), "SA spec", "an SA spec needs name, method, n and parameters"
    )
    return parse_spec(raw, file=shown, lines=lines)
