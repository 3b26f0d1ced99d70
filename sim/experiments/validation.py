"""Held-out validation of a calibrated ensemble, and the patterns across its members.

Three parts, run together through the sweep engine (parallel, resumable):

- **Held-out targets**: the calibration's base scenario, one run per replication with the
  replication's drawn member (``sim.experiments.ensemble``), so the interval of each output
  combines parameter uncertainty and seed noise. A validation figure is *in* when its
  implausibility against the ensemble mean is within the cut-off, counting the target's
  observation uncertainty and model discrepancy and the ensemble's own spread; the 95%
  interval of the runs is shown beside it. A held-out direction (``RELATIONS``) holds when
  its paired difference within a run is above zero in at least 97.5% of the runs.
- **The national pilot across the ensemble**: for each of ``pilot_members`` distinct
  members (a seeded draw without replacement), a supported direct payment and commissioned
  care (``sim.experiments.value_validation``) with the member's values and one shared seed,
  at the calibration's population size over the pilot's 12 months; each pair gives the
  pilot's QoL gain and cost difference (``pilot_figures``), set against their targets as
  above.
- **Patterns**: for each of ``members`` ensemble members, every scenario pair of
  ``sim.experiments.patterns`` with the member's values and common seeds; the share of
  members in which each pattern holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.experiments.ensemble import Ensemble, ensemble_runs
from sim.experiments.history_matching.implausibility import CUTOFF
from sim.experiments.history_matching.targets import (
    RELATIONS,
    Relation,
    Target,
    validation_targets,
)
from sim.experiments.patterns import PATTERNS, holds, turned_18_rows, variants
from sim.experiments.seeds import spawn_seeds

# The stream of the pilot's member draw (the patterns' draw uses 7).
PILOT_STREAM = 11
# A held-out direction holds when its paired difference is above zero in this share of runs.
RELATION_SHARE = 0.975


@dataclass
class ValidationResult:
    ensemble: Ensemble
    targets: pd.DataFrame  # one row per validation target
    patterns: pd.DataFrame  # one row per pattern: share of members in which it holds
    settings: dict[str, Any]
    relations: pd.DataFrame  # one row per held-out direction


def validation_run(scenario, seed: int) -> pd.DataFrame:
    """One validation run: the run summary, the row P6 reads (``turned_18``) and the run's
    value-layer inputs, which the pilot comparison pairs (one simulation serves all)."""
    from sim.experiments.compare import value_rows
    from sim.experiments.runner import simulate

    result = simulate(scenario, seed, tables=False)
    fam = result.families
    return pd.concat(
        [
            result.summary[["measure", "group", "value"]],
            turned_18_rows(fam),
            value_rows(fam, scenario.params["value.atkinson_epsilon"]),
        ],
        ignore_index=True,
    )


def base_scenario(ensemble: Ensemble, overrides: Sequence[str] = ()):
    """The calibration's base scenario and fixed values, as its manifest records them."""
    from sim.experiments.sensitivity.model_runs import base_scenario as from_spec

    cal = ensemble.manifest.get("calibration_spec") or {}
    spec = SimpleNamespace(
        base=cal.get("base", "baseline"),
        source=None,
        set=dict(cal.get("set", {})),
        parameters=dict.fromkeys(ensemble.parameters),
    )
    return from_spec(spec, overrides)


def _targets_table(targets: Sequence[Target], rows: pd.DataFrame) -> pd.DataFrame:
    out = []
    for t in targets:
        rec = {
            "target": t.name,
            "output": t.output,
            "figure": t.figure,
            "value": t.value,
            "facts": t.facts,
            "note": t.note,
        }
        v = rows[(rows["measure"] == t.measure) & (rows["group"] == t.group)]["value"]
        v = v[np.isfinite(v)]
        if v.empty:
            out.append({**rec, "status": "no value"})
            continue
        mean, sd = float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0
        impl = abs(t.value - mean) / np.sqrt(t.variance + sd**2)
        low, high = np.quantile(v, [0.025, 0.975])
        out.append(
            {
                **rec,
                "status": "in" if impl <= CUTOFF else "out",
                "mean": mean,
                "low": float(low),
                "high": float(high),
                "implausibility": float(impl),
                "in_interval": bool(low <= t.value <= high),
                "runs": int(len(v)),
            }
        )
    return pd.DataFrame(out)


def _relations_table(relations: Sequence[Relation], rows: pd.DataFrame) -> pd.DataFrame:
    """Each held-out direction: its paired difference (output minus reference) per run."""
    frame = rows.assign(
        output=np.where(
            rows["group"] == "all", rows["measure"], rows["measure"] + ":" + rows["group"]
        )
    )
    wide = frame.pivot_table(index="run_id", columns="output", values="value", aggfunc="first")
    out = []
    for r in relations:
        rec = {"relation": r.name, "output": r.output, "above": r.above, "figure": r.figure}
        rec["facts"] = r.facts
        if r.output not in wide or r.above not in wide:
            out.append({**rec, "status": "no value"})
            continue
        d = (wide[r.output] - wide[r.above]).to_numpy(float)
        d = d[np.isfinite(d)]
        if not len(d):
            out.append({**rec, "status": "no value"})
            continue
        low, high = np.quantile(d, [0.025, 0.975])
        share = float((d > 0).mean())
        out.append(
            {
                **rec,
                "status": "in" if share >= RELATION_SHARE else "out",
                "mean": float(d.mean()),
                "low": float(low),
                "high": float(high),
                "share_above": share,
                "runs": int(len(d)),
            }
        )
    return pd.DataFrame(out)


def pilot_runs(
    ensemble: Ensemble,
    start: int,
    members: int,
    root_seed: int,
    overrides: Sequence[str] = (),
    seed_offset: int = 0,
) -> tuple[list[Any], list[int]]:
    """The pilot comparison's runs: for each of ``members`` distinct members (a seeded
    draw without replacement; all of them if fewer), the supported direct payment and
    commissioned care with the member's values and one seed both share (children
    ``seed_offset ..`` of the root seed). Runs are numbered from ``start``; returns them and
    the members drawn."""
    from sim.experiments.sweep import RunSpec
    from sim.experiments.value_validation import COMPARATOR, OPTION, pilot_overrides
    from sim.scenario import load_scenario, validate

    rng = np.random.default_rng([root_seed, PILOT_STREAM])
    drawn = [int(m) for m in rng.permutation(len(ensemble))[:members]]
    seeds = spawn_seeds(root_seed, len(drawn), offset=seed_offset)
    cal_set = (ensemble.manifest.get("calibration_spec") or {}).get("set", {})
    families = int(cal_set.get("population.n_families", 1000))
    runs = []
    for variant, name in (("option", OPTION), ("comparator", COMPARATOR)):
        try:
            scen = load_scenario(name, [*pilot_overrides(families), *overrides])
        except InputError as err:
            raise InputError(f"pilot scenario: {err}", field="pilot") from None
        for k, (m, seed) in enumerate(zip(drawn, seeds, strict=True)):
            values = ensemble.member_values(scen, m)
            member_scen = validate(scen.with_values_everywhere(values, f"member {m}"))
            labels = {"part": "pilot", "variant": variant, "member": m}
            runs.append(RunSpec(start + len(runs), member_scen, seed, k, labels))
    return runs, drawn


def pilot_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The pilot's figures per member (measure, group "all", value) from the paired runs'
    stored value inputs."""
    from sim.experiments.compare import value_inputs
    from sim.experiments.value_validation import pilot_figures

    out = []
    for m, frame in rows.groupby("member", sort=True):
        sides = {v: value_inputs(g) for v, g in frame.groupby("variant")}
        if set(sides) != {"option", "comparator"}:
            continue
        for name, value in pilot_figures(sides["option"], sides["comparator"]).items():
            out.append({"member": int(m), "measure": name, "group": "all", "value": value})
    return pd.DataFrame(out, columns=["member", "measure", "group", "value"])


def validate_ensemble(
    ensemble: Ensemble,
    out: Path,
    *,
    replications: int = 40,
    members: int = 20,
    seeds_per_member: int = 2,
    pilot_members: int = 40,
    root_seed: int = 20261201,
    overrides: Sequence[str] = (),
    **run_kw: Any,
) -> ValidationResult:
    """Run the held-out targets and the patterns for ``ensemble`` (see the module doc);
    ``run_kw`` goes to the sweep engine (backend, workers, scheduler, resume, progress)."""
    from sim.experiments.sweep import RunSpec, execute, read_results
    from sim.scenario import load_scenario, validate

    base = base_scenario(ensemble, overrides)
    labels = {"part": "targets", "variant": "", "member": -1}
    plain = [
        RunSpec(r, base, s, r, dict(labels))
        for r, s in enumerate(spawn_seeds(root_seed, replications))
    ]
    runs = ensemble_runs(ensemble, plain, root_seed)
    chosen = sorted(set(np.random.default_rng([root_seed, 7]).permutation(len(ensemble))[:members]))
    seeds = spawn_seeds(root_seed, seeds_per_member, offset=replications)
    # The pattern scenarios keep their own settings; from the calibration they take only
    # the population's size and time (a calibration run at another size would not match).
    cal_set = (ensemble.manifest.get("calibration_spec") or {}).get("set", {})
    fixed = [f"{k}={v}" for k, v in cal_set.items() if k.startswith("population.")]
    for variant in variants():
        try:
            scen = load_scenario(variant.scenario, [*fixed, *overrides, *variant.overrides])
        except InputError as err:
            raise InputError(f"pattern scenario: {err}", field="patterns") from None
        for m in chosen:
            values = ensemble.member_values(scen, m)
            member_scen = validate(scen.with_values_everywhere(values, f"member {m}"))
            for k, seed in enumerate(seeds):
                runs.append(
                    RunSpec(
                        len(runs),
                        member_scen,
                        seed,
                        k,
                        {"part": "patterns", "variant": variant.key, "member": m},
                    )
                )
    # The pilot's seeds follow the held-out runs' and the patterns' (children of the root).
    pilot, pilot_drawn = pilot_runs(
        ensemble,
        len(runs),
        pilot_members,
        root_seed,
        overrides,
        seed_offset=replications + seeds_per_member,
    )
    runs += pilot
    report = execute(
        runs,
        out,
        run_fn=validation_run,
        meta={"kind": "validation", "ensemble": ensemble.name},
        **run_kw,
    )
    if not report.complete:
        raise InputError(
            f"{report.n_runs - report.done - report.skipped} runs have no result; run again "
            "with --resume (see status/ in the folder)",
            file=str(out),
        )
    rows = read_results(out)
    target_rows = rows[rows["part"] == "targets"]
    held_out = pd.concat([target_rows, pilot_rows(rows[rows["part"] == "pilot"])])
    targets = _targets_table(validation_targets(), held_out)
    relations = _relations_table([r for r in RELATIONS if r.split == "validation"], target_rows)
    pat = rows[rows["part"] == "patterns"].copy()
    pat["output"] = np.where(
        pat["group"] == "all", pat["measure"], pat["measure"] + ":" + pat["group"]
    )
    means = pat.groupby(["member", "variant", "output"])["value"].mean()
    table = []
    for p in PATTERNS:
        held = []
        for m in chosen:
            sub = means.loc[m]
            held.append(holds({k: float(v) for k, v in sub.items()}, p))
        table.append(
            {
                "pattern": p.code,
                "claim": p.claim,
                "members": len(held),
                "share_holding": float(np.mean(held)) if held else float("nan"),
            }
        )
    return ValidationResult(
        ensemble,
        targets,
        pd.DataFrame(table),
        {
            "replications": replications,
            "members": len(chosen),
            "seeds_per_member": seeds_per_member,
            "pilot_members": len(pilot_drawn),
            "pilot_families": pilot[0].scenario.params["population.n_families"] if pilot else 0,
            "root_seed": root_seed,
            "overrides": list(overrides),
            "runs": len(runs),
            "base": base.name,
        },
        relations,
    )
