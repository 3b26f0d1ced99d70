"""Checks of the SA spec's parts: one varied parameter, groups, levers, and the design size.

``sim.experiments.sensitivity.spec`` reads the spec as a whole and hands each part here;
every refusal names the file, the line, the field and what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.errors import InputError

DISTS = ("unif", "triang", "norm", "lognorm", "logunif")
PARAM_FIELDS = ("bounds", "dist", "peak")


@dataclass(frozen=True)
class ParamOverride:
    """What a spec says about one varied parameter; empty means "registry defaults"."""

    bounds: tuple[float, float] | None = None
    dist: str | None = None
    peak: float | None = None


class Checker:
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


def parse_levers(
    chk: Checker, raw: Any, parameters: Mapping, fixed: Mapping, registry: Mapping
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


def check_size(
    chk: Checker,
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


def parse_param(chk: Checker, pname: str, opts: Any, registry: Mapping) -> ParamOverride:
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


def parse_groups(chk: Checker, raw: Any, parameters: Mapping) -> dict[str, tuple[str, ...]]:
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
