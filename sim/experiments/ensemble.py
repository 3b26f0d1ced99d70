"""Calibrated ensembles: parameter sets history matching found not implausible, as data.

An ensemble is ``scenarios/calibrated/<name>.parquet`` (one row per member: ``member`` and
one column per calibrated parameter, plus the member's outputs and implausibility) and
``<name>.json``, its manifest (model version, git commit, the calibration spec, targets).
Runs and sweeps given ``--ensemble NAME`` set each replication's calibrated parameters to
a member's values, so their intervals combine parameter uncertainty with seed noise.

Members are drawn in pairs of replications: replications ``2k`` and ``2k+1`` share one
member (drawn with replacement from its own seeded stream), so the spread within pairs is
seed noise alone and the spread between pairs adds the parameter uncertainty: the summary
says how much of each interval is which. Replication ``r`` keeps the seed a plain run's
replication ``r`` has, so an ensemble of one member gives exactly the plain run with that
member's values, and the same replication uses the same member at every sweep point.

A member supplies the calibrated parameters a scenario leaves at the calibration base's
values. A scenario that sets one of them to something else (``workforce/churn_high`` sets PA
turnover) keeps its own value, as a value a sweep varies does: the scenario asks a question
about that parameter, and a member's value would silently undo it. The member still supplies
the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.scenario import InvalidValueError, Scenario, check_value, scenarios_dir, validate

SEEDS_PER_MEMBER = 2
# The member-drawing stream: a spawn key no replication seed uses (those are 0, 1, 2, ...).
DRAW_STREAM = 2**32 - 1


def ensemble_dir() -> Path:
    return scenarios_dir() / "calibrated"


@dataclass(frozen=True)
class Ensemble:
    """Members (one row each) and the manifest that says where they came from."""

    name: str
    members: pd.DataFrame
    manifest: dict[str, Any]
    parameters: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.members)

    def values(self, member: int) -> dict[str, Any]:
        row = self.members.iloc[member]
        return {p: row[p].item() if hasattr(row[p], "item") else row[p] for p in self.parameters}

    @cached_property
    def base_params(self) -> dict[str, Any]:
        """The calibration base scenario's values of the calibrated parameters."""
        from sim.scenario import load_scenario

        base = (self.manifest.get("calibration_spec") or {}).get("base", "baseline")
        params = load_scenario(base).params
        return {p: params[p] for p in self.parameters}

    def set_by(self, scenario: Scenario) -> set[str]:
        """Calibrated parameters ``scenario`` sets away from the calibration base (in all
        areas or in some): those keep the scenario's values."""
        per_area = {k for area in scenario.areas for k in area}
        return {
            p
            for p in self.parameters
            if p in per_area
            or p in scenario.area_sampling
            or scenario.params[p] != self.base_params[p]
        }

    def member_values(
        self, scenario: Scenario, member: int, varied: Iterable[str] = ()
    ) -> dict[str, Any]:
        """The member's values that apply to ``scenario``: all calibrated parameters except
        those the scenario sets itself and those a sweep varies (see the module doc)."""
        keep = self.set_by(scenario) | set(varied)
        return {k: v for k, v in self.values(member).items() if k not in keep}

    def draw(self, root_seed: int, replications: int) -> list[int]:
        """The member each replication uses (pairs share one), reproducible from the seed."""
        stream = np.random.SeedSequence(root_seed, spawn_key=(DRAW_STREAM,))
        n_draws = -(-replications // SEEDS_PER_MEMBER)
        picks = np.random.default_rng(stream).integers(len(self), size=n_draws)
        return [int(picks[r // SEEDS_PER_MEMBER]) for r in range(replications)]

    def scenario(self, base: Scenario, member: int) -> Scenario:
        """``base`` with the member's values for every area (validated)."""
        values = self.member_values(base, member)
        named = base.with_values_everywhere(values, f"ensemble {self.name} member {member}")
        return validate(replace(named, name=base.name))


def save_ensemble(
    name: str, members: pd.DataFrame, manifest: Mapping[str, Any], folder: Path | None = None
) -> tuple[Path, Path]:
    """Write ``<folder>/<name>.parquet`` and its manifest ``<name>.json``."""
    folder = Path(folder) if folder is not None else ensemble_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data, meta = folder / f"{name}.parquet", folder / f"{name}.json"
    members.to_parquet(data, index=False)
    meta.write_text(json.dumps(dict(manifest), indent=2, default=str) + "\n")
    return data, meta


def available() -> list[str]:
    folder = ensemble_dir()
    return sorted(p.stem for p in folder.glob("*.parquet")) if folder.is_dir() else []


def load_ensemble(name_or_path: str | Path) -> Ensemble:
    """An ensemble by library name (``scenarios/calibrated/<name>``) or a ``.parquet`` path;
    every member's values are checked against the registry."""
    from sim.scenario.parameters import REGISTRY

    path = Path(name_or_path)
    if path.suffix != ".parquet":
        path = ensemble_dir() / f"{name_or_path}.parquet"
    if not path.is_file():
        names = ", ".join(available()) or "none yet (make one with phb-sim calibrate)"
        raise InputError(
            f"no ensemble {str(name_or_path)!r}; allowed: {names}, or a path to a .parquet",
            field="--ensemble",
        )
    meta_path = path.with_suffix(".json")
    if not meta_path.is_file():
        raise InputError("the ensemble has no manifest beside it (.json)", file=str(path))
    try:
        members = pd.read_parquet(path)
        manifest = json.loads(meta_path.read_text())
    except (OSError, ValueError) as err:
        raise InputError(f"cannot be read: {err}", file=str(path)) from None
    parameters = tuple(manifest.get("parameters", ()))
    if not parameters or len(members) == 0:
        raise InputError("the ensemble has no parameters or no members", file=str(path))
    for p in parameters:
        if p not in REGISTRY or p not in members.columns:
            raise InputError(
                f"parameter {p!r} is not in the registry or not a column; allowed: registry "
                "names with one column each",
                file=str(path),
                field=p,
            )
        for value in members[p].unique():
            try:
                check_value(REGISTRY[p], value.item() if hasattr(value, "item") else value)
            except InvalidValueError as err:
                raise InputError(str(err), file=str(path), field=p) from None
    return Ensemble(path.stem, members.reset_index(drop=True), manifest, parameters)


def ensemble_runs(ensemble: Ensemble, runs: Sequence[Any], root_seed: int) -> list[Any]:
    """Sweep runs with each replication's member applied on top of the run's scenario.

    A value the sweep itself varies wins over the member's (the sweep asked for it); the
    member's index is added to the run's labels.
    """
    from sim.experiments.sweep import RunSpec

    n_rep = max((r.replication for r in runs), default=-1) + 1
    members = ensemble.draw(root_seed, n_rep)
    cache: dict[tuple[int, int], Scenario] = {}
    out = []
    for r in runs:
        m = members[r.replication]
        key = (id(r.scenario), m)
        if key not in cache:
            varied = {k for k in r.labels if k in ensemble.parameters}
            values = ensemble.member_values(r.scenario, m, varied)
            origin = f"ensemble {ensemble.name} member {m}"
            cache[key] = validate(r.scenario.with_values_everywhere(values, origin))
        out.append(RunSpec(r.run_id, cache[key], r.seed, r.replication, {**r.labels, "member": m}))
    return out


def interval_sources(summary: pd.DataFrame, keys: Sequence[str] = ("measure", "group")):
    """How much of each output's spread over replications is seed noise, how much the
    parameter uncertainty of the ensemble.

    ``summary`` has ``replication`` and ``value`` columns (and ``keys``). Replications are
    paired by member (see the module docstring): the seed variance is estimated from the
    within-pair differences, ``E[(x1 - x2)^2] / 2``; the parameter share is what the total
    variance holds beyond it (0 when seed noise explains it all).
    """
    frame = summary.assign(pair=summary["replication"] // SEEDS_PER_MEMBER)
    rows = []
    for key, g in frame.groupby(list(keys), sort=False):
        total = float(g["value"].var(ddof=1)) if len(g) > 1 else float("nan")
        pairs = g.groupby("pair")["value"]
        sizes = pairs.size()
        full = sizes[sizes == SEEDS_PER_MEMBER].index
        diffs = pairs.agg(lambda v: v.iloc[0] - v.iloc[-1]).loc[full]
        seed = float((diffs**2).mean() / 2) if len(diffs) else float("nan")
        if np.isfinite(total) and total > 0 and np.isfinite(seed):
            seed_share = min(seed / total, 1.0)
        else:
            seed_share = float("nan")
        rows.append(
            {
                **dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True)),
                "sd_total": np.sqrt(total) if np.isfinite(total) else float("nan"),
                "share_seed": seed_share,
                "share_parameters": 1.0 - seed_share if np.isfinite(seed_share) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def replicate_ensemble(
    ensemble: Ensemble, scenario: Scenario, root_seed: int, replications: int, progress=None
):
    """Replications of ``scenario``, each with its drawn member's values; the seeds are a
    plain run's (``SeedSequence(root_seed).spawn``). Yields ``(replication, member,
    RunResult)``."""
    from sim.experiments.runner import simulate
    from sim.experiments.seeds import spawn_seeds

    members = ensemble.draw(root_seed, replications)
    work = list(enumerate(zip(members, spawn_seeds(root_seed, replications), strict=True)))
    scenarios = {m: ensemble.scenario(scenario, m) for m in set(members)}
    for rep, (m, seed) in progress(work) if progress else work:
        yield rep, m, simulate(scenarios[m], seed)


def sources_text(summary: pd.DataFrame, measures: Sequence[str], by: Sequence[str] = ()) -> str:
    """Lines for the terminal: each measure's spread over replications and the shares of it
    that are seed noise and parameter uncertainty (all families). With ``by`` (a sweep's
    scenario and point columns) the split is made within each and averaged over them."""
    rows = summary[(summary["group"] == "all") & summary["measure"].isin(list(measures))]
    table = interval_sources(rows, keys=(*by, "measure", "group"))
    table = table.groupby("measure")[["sd_total", "share_seed", "share_parameters"]].mean()
    lines = [f"{'measure':24s} {'sd':>10s} {'seed noise':>11s} {'parameters':>11s}"]
    for name in measures:
        if name not in table.index:
            continue
        r = table.loc[name]
        seed, params = r["share_seed"], r["share_parameters"]
        lines.append(f"{name:24s} {r['sd_total']:10.3g} {seed:11.0%} {params:11.0%}")
    pairs = summary["replication"].nunique() // SEEDS_PER_MEMBER
    lines.append(
        f"(seed noise from the spread within {pairs} pairs sharing a member; rough below 20)"
    )
    return "\n".join(lines)
