"""Calibration specs: which parameters are uncertain, which targets rule them out, and how
many waves and runs history matching may spend.

A spec is YAML data read with the project's safe reader; every refusal names the file, the
line, the field and what is allowed. Example (``scenarios/calibration/baseline.yaml``)::

    name: baseline
    base: baseline
    set: {population.n_families: 1000, population.weeks: 156}
    parameters:                      # bounds default to the registry's plausible range
      family.carer_comfort_hours: {}
      pa.turnover_annual: {bounds: [0.1, 0.3]}
    targets: [pa_turnover, pa_vacancy]   # default: every calibration target the model makes
    waves: 4
    runs_per_wave: 80
    replications: 2
    ensemble_size: 200

A target entry may also be a mapping that changes a table target's ``value`` or its
uncertainties, or defines a new target with ``measure``, ``value``, ``observation_sd``,
``discrepancy_sd`` and ``source`` (a synthetic target in a twin experiment, say).
Validation targets are refused: they are held out. Verification targets (the delivery-mode
shares, which follow ``arrangement.shares``) are never in the default list but may be named
by a spec that varies the input carrying them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.experiments.history_matching.targets import BY_NAME, Target, calibration_targets

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
FIELDS = (
    "name",
    "description",
    "base",
    "set",
    "parameters",
    "targets",
    "waves",
    "runs_per_wave",
    "replications",
    "cutoff",
    "ensemble_size",
    "candidates",
    "root_seed",
    "cv_folds",
)
TARGET_FIELDS = ("measure", "group", "value", "observation_sd", "discrepancy_sd", "source")
NUMERIC = ("float", "int")


@dataclass(frozen=True)
class CalibrationSpec:
    """A checked calibration spec (see the module docstring for the fields)."""

    name: str
    parameters: dict[str, tuple[float, float]]
    targets: tuple[Target, ...]
    base: str = "baseline"
    description: str = ""
    set: dict[str, Any] = field(default_factory=dict)
    waves: int = 4
    runs_per_wave: int = 80
    replications: int = 2
    cutoff: float = 3.0
    ensemble_size: int = 200
    candidates: int = 20000
    root_seed: int = 1
    cv_folds: int = 5
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for manifests (and to check a resumed calibration is the same one)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["set"] = dict(self.set)
        data["parameters"] = {k: list(v) for k, v in self.parameters.items()}
        data["targets"] = [
            {
                k: getattr(t, k)
                for k in (
                    "name",
                    "measure",
                    "group",
                    "value",
                    "observation_sd",
                    "discrepancy_sd",
                    "facts",
                )
            }
            for t in self.targets
        ]
        data["spec"] = data.pop("source")
        return data


class _Doc:
    def __init__(self, shown: str | None, lines: Mapping[tuple, int]) -> None:
        self.shown, self.lines = shown, lines

    def fail(self, keys: tuple, message: str) -> InputError:
        from sim.scenario import key_line

        line = key_line(self.lines, keys) if keys else None
        return InputError(message, file=self.shown, line=line, field=".".join(map(str, keys)))

    def integer(self, raw: Mapping, key: str, default: int, low: int, high: int) -> int:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail((key,), f"got {value!r}; allowed: an integer from {low} to {high}")
        return value

    def number(self, raw: Any, keys: tuple, low: float, high: float) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not low <= raw <= high:
            raise self.fail(keys, f"got {raw!r}; allowed: a number from {low:g} to {high:g}")
        return float(raw)


def _parameters(doc: _Doc, raw: Any) -> dict[str, tuple[float, float]]:
    from sim.scenario import did_you_mean
    from sim.scenario.parameters import REGISTRY

    if not isinstance(raw, Mapping) or not raw:
        raise doc.fail(
            ("parameters",),
            "allowed: a mapping of registry parameter names to {} or {bounds: [low, high]}",
        )
    out: dict[str, tuple[float, float]] = {}
    for name, opts in raw.items():
        keys = ("parameters", name)
        p = REGISTRY.get(name)
        if p is None:
            raise doc.fail(
                keys,
                f"unknown parameter {name!r}{did_you_mean(str(name), list(REGISTRY))}; "
                "allowed: registry names (docs/PARAMETERS.md)",
            )
        if p.kind not in NUMERIC:
            raise doc.fail(keys, f"{name} is a {p.kind}; allowed: numeric (float or int)")
        opts = {} if opts is None else opts
        if not isinstance(opts, Mapping) or set(opts) - {"bounds"}:
            raise doc.fail(keys, f"got {opts!r}; allowed: {{}} or {{bounds: [low, high]}}")
        bounds = opts.get("bounds", p.plausible)
        if (
            not isinstance(bounds, list | tuple)
            or len(bounds) != 2
            or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
            or not bounds[0] < bounds[1]
        ):
            raise doc.fail((*keys, "bounds"), f"got {bounds!r}; allowed: [low, high], low < high")
        lo, hi = p.valid or (float("-inf"), float("inf"))
        if bounds[0] < lo or bounds[1] > hi:
            raise doc.fail(
                (*keys, "bounds"), f"got {list(bounds)}; allowed: within the valid [{lo}, {hi}]"
            )
        out[str(name)] = (float(bounds[0]), float(bounds[1]))
    return out


def _target(doc: _Doc, name: Any, opts: Any) -> Target:
    keys = ("targets", name)
    if not isinstance(name, str):
        raise doc.fail(("targets",), f"got {name!r}; allowed: target names")
    opts = {} if opts is None else opts
    if not isinstance(opts, Mapping) or set(opts) - set(TARGET_FIELDS):
        raise doc.fail(keys, f"got {opts!r}; allowed fields: {', '.join(TARGET_FIELDS)}")
    base = BY_NAME.get(name)
    if base is not None and base.split == "validation":
        raise doc.fail(
            keys,
            f"{name} is a validation target, held out from calibration; allowed: "
            + ", ".join(t.name for t in calibration_targets()),
        )
    if base is None:
        missing = [
            k
            for k in ("measure", "value", "observation_sd", "discrepancy_sd", "source")
            if k not in opts
        ]
        if missing:
            known = ", ".join(t.name for t in calibration_targets())
            raise doc.fail(
                keys,
                f"unknown target {name!r}; allowed: {known}, or a new target with "
                f"measure, value, observation_sd, discrepancy_sd and source (missing: "
                f"{', '.join(missing)})",
            )
        base = Target(name, str(opts["measure"]), 0.0, 1.0, 0.0, "calibration", "", "")
    changes: dict[str, Any] = {}
    for k in ("value", "observation_sd", "discrepancy_sd"):
        if k in opts:
            low = 0.0 if k != "value" else float("-inf")
            changes[k] = doc.number(opts[k], (*keys, k), low, float("inf"))
    for k in ("measure", "group"):
        if k in opts:
            if not isinstance(opts[k], str):
                raise doc.fail((*keys, k), f"got {opts[k]!r}; allowed: a name")
            changes[k] = opts[k]
    if "source" in opts:
        changes["facts"] = changes["figure"] = str(opts["source"])
    target = replace(base, **changes)
    if not target.in_summary:
        raise doc.fail(
            keys,
            f"the run summary has no output {target.output!r}; allowed: summary measures "
            "and groups (docs/PARAMETERS.md lists the measures)",
        )
    if target.variance <= 0:
        raise doc.fail(keys, "observation_sd and discrepancy_sd cannot both be 0")
    return target


def _targets(doc: _Doc, raw: Any) -> tuple[Target, ...]:
    if raw is None:
        return calibration_targets()
    if isinstance(raw, list):
        raw = {k: None for k in raw} if all(isinstance(k, str) for k in raw) else raw
    if not isinstance(raw, Mapping) or not raw:
        raise doc.fail(("targets",), "allowed: a list of target names or a mapping of them")
    return tuple(_target(doc, name, opts) for name, opts in raw.items())


def parse_spec(raw: Any, shown: str | None = None, lines: Mapping[tuple, int] | None = None):
    """Check a loaded spec mapping and build the CalibrationSpec."""
    doc = _Doc(shown, lines or {})
    if not isinstance(raw, Mapping):
        raise doc.fail((), f"a calibration spec is a mapping of fields, got {type(raw).__name__}")
    unknown = sorted(set(map(str, raw)) - set(FIELDS))
    if unknown:
        raise doc.fail((unknown[0],), f"unknown field {unknown[0]!r}; allowed: {', '.join(FIELDS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise doc.fail(("name",), f"got {name!r}; allowed: letters, digits, '_', '-', '.'")
    base = raw.get("base", "baseline")
    if not isinstance(base, str) or not base:
        raise doc.fail(("base",), f"got {base!r}; allowed: a scenario name or path")
    fixed = raw.get("set", {}) or {}
    if not isinstance(fixed, Mapping):
        raise doc.fail(("set",), "allowed: a mapping of parameter names to values")
    parameters = _parameters(doc, raw.get("parameters"))
    clash = sorted(set(fixed) & set(parameters))
    if clash:
        raise doc.fail(("set", clash[0]), "is calibrated; it cannot also be fixed in set")
    cutoff = doc.number(raw.get("cutoff", 3.0), ("cutoff",), 1.0, 10.0)
    description = raw.get("description", "")
    return CalibrationSpec(
        name=name,
        description=str(description or ""),
        base=base,
        set=dict(fixed),
        parameters=parameters,
        targets=_targets(doc, raw.get("targets")),
        waves=doc.integer(raw, "waves", 4, 1, 20),
        runs_per_wave=doc.integer(raw, "runs_per_wave", 80, 8, 100_000),
        replications=doc.integer(raw, "replications", 2, 1, 100),
        cutoff=cutoff,
        ensemble_size=doc.integer(raw, "ensemble_size", 200, 1, 100_000),
        candidates=doc.integer(raw, "candidates", 20000, 100, 10_000_000),
        root_seed=doc.integer(raw, "root_seed", 1, 0, 2**63 - 1),
        cv_folds=doc.integer(raw, "cv_folds", 5, 2, 20),
        source=shown,
    )


def load_spec(path: str | Path) -> CalibrationSpec:
    """Read and check a calibration spec file (YAML, the project's safe reader)."""
    from sim.scenario import parse_yaml_file

    path = Path(path)
    if not path.is_file():
        raise InputError("no such file; allowed: a calibration spec (YAML)", file=str(path))
    data, lines, shown = parse_yaml_file(
        path, "calibration spec", "a calibration spec needs at least name and parameters"
    )
    return parse_spec(data, shown, lines)
