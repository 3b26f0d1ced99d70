"""History matching wave by wave, ending in an ensemble the model itself confirms.

Each wave: a space-filling design inside the space earlier waves left not implausible (the
whole box in wave 1), runs of the model at those points through the sweep engine (parallel,
resumable, Dask), one Gaussian-process emulator per target, and the implausibility of a
large candidate pool under every wave's emulators, which defines the next wave's space.
Waves stop at the spec's maximum, or earlier once the emulators are more certain than the
targets themselves (another wave could not rule out much more).

The final step draws candidates from the last not-implausible space and runs the model at
them: only parameter sets whose *model* outputs (not the emulators') are within the
cut-off of every target join the ensemble.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.experiments.history_matching.design import Box, latin_hypercube, maximin_subset, refocused
from sim.experiments.history_matching.emulator import Emulator, fit_emulator
from sim.experiments.history_matching.implausibility import implausibility, max_implausibility
from sim.experiments.history_matching.spec import CalibrationSpec
from sim.experiments.seeds import spawn_seeds
from sim.scenario import Scenario, validate

# Stop refocusing when, at the median not-implausible point, every emulator's variance is
# below this share of the target's other variances: more runs would rule out little more.
EMULATOR_SETTLED = 0.1
# Candidates run in the final check per member still needed, over the expected acceptance.
CONFIRM_ROUNDS = 6


@dataclass
class Stage:
    """What the model gave at one set of points (a wave's design or a final check)."""

    name: str
    X: np.ndarray  # parameter values, one row per point
    means: np.ndarray  # replication mean, one column per target
    seed_var: np.ndarray  # seed variance of a replication mean, per target
    seconds: float


@dataclass
class Wave:
    """One wave: its runs, emulators and the share of the box still not implausible."""

    number: int
    stage: Stage
    emulators: list[Emulator]
    share_not_implausible: float
    settled: bool

    @property
    def r2(self) -> dict[str, float]:
        """Held-out R^2 against the replication means the emulators saw."""
        return {e.output: e.r2 for e in self.emulators}

    @property
    def r2_mean(self) -> dict[str, float]:
        """Held-out R^2 against the expected output (seed noise taken out)."""
        return {e.output: e.r2_mean for e in self.emulators}

    @property
    def noise_share(self) -> dict[str, float]:
        """Share of the replication means' variance that is seed noise."""
        return {e.output: e.noise_share for e in self.emulators}


@dataclass
class CalibrationResult:
    """Waves, the confirmed ensemble and what it took."""

    spec: CalibrationSpec
    waves: list[Wave]
    ensemble: pd.DataFrame
    checked: int
    wall_seconds: float
    runs: int
    stop_reason: str
    base: Scenario | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return len(self.ensemble) >= self.spec.ensemble_size

    def waves_table(self) -> pd.DataFrame:
        rows = []
        for w in self.waves:
            row = {
                "wave": w.number,
                "design_points": len(w.stage.X),
                "runs": len(w.stage.X) * self.spec.replications,
                "seconds": round(w.stage.seconds, 1),
                "share_not_implausible": w.share_not_implausible,
            }
            row.update({f"r2:{k}": v for k, v in w.r2.items()})
            row.update({f"r2_mean:{k}": v for k, v in w.r2_mean.items()})
            row.update({f"noise_share:{k}": v for k, v in w.noise_share.items()})
            rows.append(row)
        return pd.DataFrame(rows)


class Calibrator:
    """Runs the waves of one spec into one output folder."""

    def __init__(
        self,
        spec: CalibrationSpec,
        out: Path,
        *,
        overrides: Sequence[str] = (),
        backend: Any = "processes",
        workers: int | None = None,
        scheduler: str | None = None,
        resume: bool = False,
        progress: bool = True,
        run_fn: Callable | None = None,
    ) -> None:
        from sim.experiments.sensitivity.model_runs import base_scenario

        self.spec, self.out = spec, Path(out)
        self.base = base_scenario(spec, overrides)
        self.box = Box(spec.parameters)
        self.targets = spec.targets
        self.exec_kw: dict[str, Any] = {
            "backend": backend,
            "workers": workers,
            "scheduler": scheduler,
            "resume": resume,
            "progress": progress,
        }
        if run_fn is not None:
            self.exec_kw["run_fn"] = run_fn
        self.progress = progress
        self.stages = 0

    # ------------------------------------------------------------------ running the model
    def evaluate(self, name: str, X: np.ndarray) -> Stage:
        """Run the model at parameter values ``X`` (replications with common seeds) through
        the sweep engine, and return each target's replication mean and seed variance."""
        from sim.experiments.sweep import RunSpec, execute, read_results

        t0 = time.perf_counter()
        spec, R = self.spec, self.spec.replications
        seeds = spawn_seeds(spec.root_seed, R, offset=R * self.stages)
        self.stages += 1
        origin = f"calibration {spec.name}: {name}"
        runs = []
        for i, values in enumerate(self.box.as_dicts(X)):
            scenario = validate(self.base.with_values_everywhere(values, origin))
            labels = {"stage": name, "point": i, **values}
            for r in range(R):
                runs.append(RunSpec(len(runs), scenario, seeds[r], r, labels))
        folder = self.out / name
        report = execute(
            runs, folder, meta={"kind": "calibration", "spec": spec.as_dict()}, **self.exec_kw
        )
        if not report.complete:
            raise InputError(
                f"{report.n_runs - report.done - report.skipped} of {report.n_runs} runs have "
                f"no result ({report.failed} failed); every run is needed. Finished runs are "
                "kept: run again with --resume (see status/ in the folder for tracebacks)",
                file=str(folder),
            )
        measures = sorted({t.measure for t in self.targets})
        rows = read_results(
            folder,
            columns=["point", "replication", "measure", "group", "value"],
            filters=[("measure", "in", measures)],
        )
        rows["output"] = np.where(
            rows["group"] == "all", rows["measure"], rows["measure"] + ":" + rows["group"]
        )
        wide = rows.pivot_table(index=["point", "replication"], columns="output", values="value")
        cols = [t.output for t in self.targets]
        missing = [c for c in cols if c not in wide.columns]
        if missing:
            raise InputError(f"the model gave no output {missing[0]!r}", field="targets")
        wide = wide[cols]
        means = wide.groupby(level="point").mean().sort_index().to_numpy()
        var = wide.groupby(level="point").var(ddof=1).mean().to_numpy() if R > 1 else None
        # With one replication per point the seed variance is left unknown here; the wave
        # takes it from its emulators' noise terms instead (see _wave).
        seed_var = np.nan_to_num(var / R) if var is not None else np.full(len(cols), np.nan)
        return Stage(name, X, means, seed_var, time.perf_counter() - t0)

    # ------------------------------------------------------------------ implausibility
    def _max_i(self, waves: list[Wave], U: np.ndarray) -> np.ndarray:
        """Largest implausibility over targets and waves, per unit-cube point.

        A point ruled out by an earlier wave is not predicted by later waves' emulators
        (its value is then the largest found so far, already at or above the cut-off):
        the mask ``< cutoff`` is exact, and most of a large candidate pool is ruled out
        by the first wave, so later waves predict at a fraction of the points.
        """
        worst = np.zeros(len(U))
        alive = np.ones(len(U), dtype=bool)
        for w in waves:
            idx = np.flatnonzero(alive)
            if len(idx) == 0:
                break
            cols = []
            for k, (t, em) in enumerate(zip(self.targets, w.emulators, strict=True)):
                mean, var = em.predict(U[idx])
                cols.append(implausibility(t, mean, var, float(w.stage.seed_var[k])))
            worst[idx] = np.maximum(worst[idx], max_implausibility(cols))
            alive[idx] = worst[idx] < self.spec.cutoff
        return worst

    def _settled(self, wave: Wave, U: np.ndarray) -> bool:
        if len(U) == 0:
            return False
        for k, (t, em) in enumerate(zip(self.targets, wave.emulators, strict=True)):
            _, var = em.predict(U[: min(len(U), 2000)])
            other = t.variance + float(wave.stage.seed_var[k])
            if np.median(var) > EMULATOR_SETTLED * other:
                return False
        return True

    def _say(self, text: str) -> None:
        if self.progress:
            print(f"calibrate: {text}", file=sys.stderr)

    # ------------------------------------------------------------------ the waves
    def run(self) -> CalibrationResult:
        t0 = time.perf_counter()
        spec, box = self.spec, self.box
        waves: list[Wave] = []
        U_design = latin_hypercube(spec.runs_per_wave, box.dim, self._rng(0), optimise=True)
        stop = f"the maximum of {spec.waves} waves"
        region = np.empty((0, box.dim))
        for number in range(1, spec.waves + 1):
            stage = self.evaluate(f"wave-{number}", box.values(U_design))
            U_fit = box.unit(stage.X)
            emulators = [
                fit_emulator(
                    t.output,
                    U_fit,
                    stage.means[:, k],
                    spec.cv_folds,
                    spec.root_seed,
                    float(stage.seed_var[k]),
                )
                for k, t in enumerate(self.targets)
            ]
            unknown = ~np.isfinite(stage.seed_var)
            stage.seed_var[unknown] = [
                e.noise_variance for e, u in zip(emulators, unknown, strict=True) if u
            ]
            wave = Wave(number, stage, emulators, float("nan"), False)
            waves.append(wave)
            region, share = refocused(
                lambda U: self._max_i(waves, U) < spec.cutoff,
                spec.candidates,
                box.dim,
                self._rng(number),
                min_points=max(spec.runs_per_wave, spec.ensemble_size) * 2,
            )
            wave.share_not_implausible = share
            wave.settled = self._settled(wave, region)
            r2 = ", ".join(
                f"{e.output} {e.r2:.2f} (vs mean {e.r2_mean:.2f}, noise {e.noise_share:.0%})"
                for e in emulators
            )
            self._say(
                f"wave {number}: {len(stage.X)} points, not implausible {share:.2%} of the "
                f"box; held-out R^2 {r2}"
            )
            if len(region) == 0:
                stop = "no candidate left not implausible"
                break
            if wave.settled:
                stop = "emulators settled (their uncertainty is small beside the targets')"
                break
            if number < spec.waves:
                U_design = maximin_subset(region, spec.runs_per_wave, self._rng(100 + number))
        ensemble, checked = self.confirm(waves, region)
        runs = sum(len(w.stage.X) for w in waves) * spec.replications + checked * spec.replications
        return CalibrationResult(
            spec, waves, ensemble, checked, time.perf_counter() - t0, runs, stop, self.base
        )

    def _rng(self, stream: int) -> np.random.Generator:
        return np.random.default_rng([self.spec.root_seed, stream])

    def confirm(self, waves: list[Wave], region: np.ndarray) -> tuple[pd.DataFrame, int]:
        """Run the model at candidates from ``region`` until ``ensemble_size`` of them are
        not implausible by the model's own outputs (or the rounds run out)."""
        spec = self.spec
        accepted: list[pd.DataFrame] = []
        n_ok = checked = 0
        rate = 0.5
        rng = self._rng(1000)
        order = rng.permutation(len(region))
        pos = 0
        for round_no in range(1, CONFIRM_ROUNDS + 1):
            need = spec.ensemble_size - n_ok
            if need <= 0 or pos >= len(order):
                break
            n = min(len(order) - pos, max(8, int(np.ceil(need / max(rate, 0.05) * 1.2))))
            U = region[order[pos : pos + n]]
            pos += n
            stage = self.evaluate(f"check-{round_no}", self.box.values(U))
            unknown = ~np.isfinite(stage.seed_var)
            stage.seed_var[unknown] = waves[-1].stage.seed_var[unknown]
            cols = [
                implausibility(t, stage.means[:, k], 0.0, float(stage.seed_var[k]))
                for k, t in enumerate(self.targets)
            ]
            worst = max_implausibility(cols)
            ok = worst < spec.cutoff
            checked += n
            rate = max(float(ok.mean()), 0.0)
            frame = pd.DataFrame(stage.X, columns=list(self.box.names))
            for k, t in enumerate(self.targets):
                frame[f"output:{t.output}"] = stage.means[:, k]
            frame["max_implausibility"] = worst
            frame["stage"] = stage.name
            accepted.append(frame[ok])
            n_ok += int(ok.sum())
            self._say(f"check {round_no}: {int(ok.sum())} of {n} confirmed by the model")
        ens = pd.concat(accepted, ignore_index=True) if accepted else pd.DataFrame()
        ens = ens.head(spec.ensemble_size).reset_index(drop=True)
        ens.insert(0, "member", np.arange(len(ens)))
        for name in self.box.names:
            if name in ens:
                ens[name] = ens[name].astype(int if _is_int(name) else float)
        return ens, checked


def _is_int(name: str) -> bool:
    from sim.scenario.parameters import REGISTRY

    return REGISTRY[name].kind == "int"


def calibrate(spec: CalibrationSpec, out: Path, **kw: Any) -> CalibrationResult:
    """History-match ``spec`` into ``out`` (see :class:`Calibrator` for the options)."""
    return Calibrator(spec, out, **kw).run()
