"""The SALib problem: which parameters vary, over what, and how a sample row becomes values.

Bounds and distributions come from the parameter registry (``plausible`` range, ``dist``)
unless the spec overrides them, so an SA varies what the project's evidence says is
plausible, not what someone typed on the day.

How each kind of parameter is sampled (SALib samples real numbers only):

- ``float``: sampled as given. ``unif``/``logunif``: bounds are the range. ``triang``: the range
  with its peak at the registry default (or the spec's ``peak``, a share of the range).
  ``norm``: the plausible range is read as the central 95% interval (mean at its centre,
  sd = width / 3.92), truncated to the valid range. ``lognorm``: the same in log space; values
  beyond the valid range are clipped.
- ``int``: sampled on ``[low - 0.5, high + 0.5]`` and rounded half up, so every integer in the
  range is equally likely under ``unif``.
- ``bool``: sampled on ``[-0.5, 1.5]`` and rounded: 0 (false) or 1 (true), equally likely.
- ``choice``: sampled on ``[-0.5, k - 0.5]`` for k choices and rounded to the index of a choice.

Indices are reported against the sampled number, which for a switch or a choice means
"the effect of which option is chosen". SALib's analysers see the unrounded sample.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.errors import InputError
from sim.experiments.sensitivity.spec_fields import ParamOverride
from sim.scenario.parameters import REGISTRY, Param

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Factor:
    """One sampled input: a registry parameter (``param``) or a free variable (callables)."""

    name: str
    dist: str
    bounds: tuple[float, ...]
    kind: str = "float"
    choices: tuple[str, ...] = ()
    clip: tuple[float, float] | None = None
    param: Param | None = None

    def value(self, x: float) -> Any:
        """The parameter value a sampled number stands for (see the module docstring)."""
        if self.kind == "float":
            if self.clip is not None:
                x = min(max(x, self.clip[0]), self.clip[1])
            return float(x)
        low, high = self.clip if self.clip is not None else (-math.inf, math.inf)
        i = int(min(max(math.floor(x + 0.5), low), high))
        if self.kind == "int":
            return i
        if self.kind == "bool":
            return bool(i)
        return self.choices[i]


@dataclass(frozen=True)
class Problem:
    """SALib's problem dict plus what it takes to turn sample rows into parameter values."""

    factors: tuple[Factor, ...]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.factors]

    @property
    def group_of(self) -> list[str]:
        """The group of each factor; a factor in no group is its own group."""
        owner = {m: g for g, members in self.groups.items() for m in members}
        return [owner.get(f.name, f.name) for f in self.factors]

    @property
    def labels(self) -> list[str]:
        """The names indices are reported under: groups (in order of appearance) or factors."""
        return list(dict.fromkeys(self.group_of)) if self.groups else self.names

    def salib(self) -> dict[str, Any]:
        """The problem dict SALib's samplers and analysers take."""
        problem: dict[str, Any] = {
            "num_vars": len(self.factors),
            "names": self.names,
            "bounds": [list(f.bounds) for f in self.factors],
            "dists": [f.dist for f in self.factors],
        }
        if self.groups:
            problem["groups"] = self.group_of
        return problem

    def values(self, X: np.ndarray) -> list[dict[str, Any]]:
        """One ``{parameter: value}`` per sample row."""
        return [
            {f.name: f.value(float(x)) for f, x in zip(self.factors, row, strict=True)}
            for row in np.asarray(X)
        ]

    def table(self) -> list[dict[str, Any]]:
        """What was varied and how, for the record beside the results."""
        rows = []
        for f, g in zip(self.factors, self.group_of, strict=True):
            rows.append(
                {
                    "parameter": f.name,
                    "group": g,
                    "kind": f.kind,
                    "dist": f.dist,
                    "salib_bounds": list(f.bounds),
                    "choices": ", ".join(f.choices),
                    "unit": f.param.unit if f.param else "",
                    "description": f.param.description if f.param else "",
                }
            )
        return rows


def registry_factor(p: Param, override: ParamOverride | None = None) -> Factor:
    """The factor for a registry parameter, with the spec's overrides applied."""
    o = override or ParamOverride()
    if p.kind == "bool":
        return Factor(p.name, "unif", (-0.5, 1.5), "bool", clip=(0, 1), param=p)
    if p.kind == "choice":
        k = len(p.choices)
        return Factor(p.name, "unif", (-0.5, k - 0.5), "choice", p.choices, (0, k - 1), p)
    if p.kind not in ("float", "int"):
        raise InputError(f"{p.name!r} ({p.kind}) cannot be varied", field="parameters")
    bounds = o.bounds or p.plausible
    if bounds is None:
        raise InputError(
            f"{p.name!r} has no plausible range; give bounds: [low, high]",
            field=f"parameters.{p.name}",
        )
    low, high = float(bounds[0]), float(bounds[1])
    dist = o.dist or p.dist
    valid = p.valid if p.valid is not None else (-math.inf, math.inf)
    clip: tuple[float, float] = (float(valid[0]), float(valid[1]))
    if p.kind == "int":
        # Bounded distributions stay in the range (rounding half up would reach high + 1);
        # unbounded ones (norm, lognorm) are clipped to the valid range only.
        if dist in ("unif", "logunif", "triang"):
            clip = (max(bounds[0], valid[0]), min(bounds[1], valid[1]))
        clip = (
            math.ceil(clip[0]) if math.isfinite(clip[0]) else clip[0],
            math.floor(clip[1]) if math.isfinite(clip[1]) else clip[1],
        )
        low, high = low - 0.5, high + 0.5
    if dist == "unif":
        salib: tuple[float, ...] = (low, high)
    elif dist == "logunif":
        if low <= 0:
            raise InputError(
                f"logunif needs a positive range, got [{low}, {high}]", field=f"parameters.{p.name}"
            )
        salib = (low, high)
    elif dist == "triang":
        peak = o.peak
        if peak is None:
            default = float(p.default)
            peak = min(max((default - low) / (high - low), 0.0), 0.999)
        salib = (low, high, peak)
    elif dist == "norm":
        mean, sd = (low + high) / 2, (high - low) / (2 * Z95)
        if math.isfinite(valid[0]) and math.isfinite(valid[1]):
            dist, salib = "truncnorm", (float(valid[0]), float(valid[1]), mean, sd)
        else:
            salib = (mean, sd)
    elif dist == "lognorm":
        if low <= 0:
            raise InputError(
                f"lognorm needs a positive range, got [{low}, {high}]", field=f"parameters.{p.name}"
            )
        salib = ((math.log(low) + math.log(high)) / 2, (math.log(high) - math.log(low)) / (2 * Z95))
    else:
        raise InputError(f"unknown dist {dist!r}", field=f"parameters.{p.name}")
    return Factor(p.name, dist, salib, p.kind, clip=clip, param=p)


def build_problem(
    parameters: Mapping[str, ParamOverride | None],
    groups: Mapping[str, Sequence[str]] | None = None,
) -> Problem:
    """The problem for registry parameters (spec order) and optional groups."""
    factors = []
    for name, override in parameters.items():
        if name not in REGISTRY:
            raise InputError(f"unknown parameter {name!r}", field="parameters")
        factors.append(registry_factor(REGISTRY[name], override))
    return Problem(tuple(factors), {g: tuple(m) for g, m in (groups or {}).items()})


def free_problem(problem: Mapping[str, Any]) -> Problem:
    """A Problem from a plain SALib problem dict (for analysing any callable)."""
    names = list(problem["names"])
    bounds = problem["bounds"]
    dists = problem.get("dists") or ["unif"] * len(names)
    factors = tuple(
        Factor(n, d, tuple(float(b) for b in bd))
        for n, bd, d in zip(names, bounds, dists, strict=True)
    )
    groups: dict[str, list[str]] = {}
    for n, g in zip(names, problem.get("groups") or names, strict=True):
        groups.setdefault(g, []).append(n)
    explicit = problem.get("groups") is not None
    return Problem(factors, {g: tuple(m) for g, m in groups.items()} if explicit else {})
