"""Held-out validation of a calibrated ensemble, and the patterns across its members.

Two parts, run together through the sweep engine (parallel, resumable):

- **Held-out targets**: the calibration's base scenario, one run per replication with the
  replication's drawn member (``sim.experiments.ensemble``), so the interval of each output
  combines parameter uncertainty and seed noise. A validation figure is *in* when its
  implausibility against the ensemble mean is within the cut-off, counting the target's
  observation uncertainty and model discrepancy and the ensemble's own spread; the 95%
  interval of the runs is shown beside it. Pending targets are listed, not faked.
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
from sim.experiments.history_matching.targets import Target, validation_targets
from sim.experiments.patterns import PATTERNS, holds, pattern_run, variants
from sim.experiments.seeds import spawn_seeds


@dataclass
class ValidationResult:
    ensemble: Ensemble
    targets: pd.DataFrame  # one row per validation target
    patterns: pd.DataFrame  # one row per pattern: share of members in which it holds
    settings: dict[str, Any]


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
        if t.pending:
            out.append({**rec, "status": "pending"})
            continue
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


def validate_ensemble(
    ensemble: Ensemble,
    out: Path,
    *,
    replications: int = 40,
    members: int = 20,
    seeds_per_member: int = 2,
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
    report = execute(
        runs,
        out,
        run_fn=pattern_run,
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
    targets = _targets_table(validation_targets(), target_rows)
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
            "root_seed": root_seed,
            "overrides": list(overrides),
            "runs": len(runs),
            "base": base.name,
        },
    )
