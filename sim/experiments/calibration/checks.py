"""Baseline calibration check: the model's emergent outputs against the published ranges.

The model brief ("Baseline targets") lists published figures the default scenario should
land near. They are the targets of the one targets table
(``sim.experiments.history_matching.targets``) that carry an ``accepted`` range, plus the
brief's directions ("more when ...", ``RELATIONS``). The check runs the baseline over
replications and sets each figure's mean and 95% confidence interval against its range;
``sim.experiments.calibration.report`` writes docs/CALIBRATION.md from it.

Every figure comes from the run summary (``sim.analysis.measures.CALIBRATION``, group "all");
the team size by tier, which the brief says should be larger for 24-hour packages, from the
summary's tier groups of ``pas_per_employer`` (``sim.model.run_tables.team_size``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.measures import CALIBRATION
from sim.analysis.stats import mean_ci
from sim.experiments.history_matching.targets import RELATIONS, Relation, Split, Target
from sim.experiments.history_matching.targets import TARGETS as TABLE
from sim.experiments.runner import RunResult, replicate
from sim.scenario import load_scenario

SCENARIO = "baseline"
DEFAULT_SEED = 20261122  # the project's default root seed (as `phb-sim run`)
DEFAULT_REPLICATIONS = 40


@dataclass(frozen=True)
class Check:
    """One baseline check, made from a row of the targets table.

    A range check holds when the model's mean lies in ``[low, high]``. A relation check
    (``above`` set) holds when ``output`` exceeds the output named by ``above``: the check is
    on their difference within each replication (paired, same households).
    """

    output: str
    target: str
    facts_row: str
    low: float | None = None
    high: float | None = None
    above: str | None = None
    split: Split = "calibration"
    close_to_inputs: str = ""

    @property
    def is_relation(self) -> bool:
        return self.above is not None

    @property
    def held_out(self) -> bool:
        return self.split == "validation"

    def accepted(self) -> str:
        if self.is_relation:
            return f"above `{self.above}`"
        return f"{_fmt(self.low)} to {_fmt(self.high)}"

    def holds(self, value: float) -> bool:
        if not np.isfinite(value):
            return False
        if self.is_relation:
            return value > 0.0
        return self.low <= value <= self.high


def _from_target(t: Target) -> Check:
    low, high = t.accepted
    return Check(t.output, t.figure, t.facts, low, high, None, t.split, t.close_to_inputs)


def _from_relation(r: Relation) -> Check:
    return Check(r.output, r.figure, r.facts, above=r.above, split=r.split)


def _checks() -> tuple[Check, ...]:
    ranged = [_from_target(t) for t in TABLE if t.accepted is not None]
    return (*ranged, *(_from_relation(r) for r in RELATIONS))


ALL_CHECKS: tuple[Check, ...] = _checks()
# What the baseline is checked against (calibration and verification rows of the table).
TARGETS: tuple[Check, ...] = tuple(c for c in ALL_CHECKS if not c.held_out)
# Held out for validation: reported beside the model's figure, never used to set a
# parameter, and not part of "in range".
HELD_OUT: tuple[Check, ...] = tuple(c for c in ALL_CHECKS if c.held_out)
# Held out for validation but not computed by this check (no accepted range: compared in
# the validation of the calibrated ensemble instead).
HELD_OUT_ELSEWHERE: tuple[Target, ...] = tuple(
    t
    for t in TABLE
    if t.split == "validation"
    and t.accepted is None
    and t.output not in {c.output for c in HELD_OUT}
)

# Outputs read from the summary's tier groups rather than its "all" rows.
DERIVED = {
    "pas_per_employer:twenty_four_hour": "PAs per employing family, 24-hour tier "
    "(PA-weeks over weeks of families mostly on a PHB employing PAs)",
    "pas_per_employer:other_tiers": "PAs per employing family, personal-care and clinical "
    "tiers (as above)",
}


def _fmt(x: float | None) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    return f"{x:.3g}" if abs(x) < 10 else f"{x:.1f}"


def run_outputs(result: RunResult) -> dict[str, float]:
    """Every figure a target names, from one run."""
    summary = result.summary
    rows = summary[(summary["group"] == "all") & summary["measure"].isin(list(CALIBRATION))]
    out = dict(zip(rows["measure"], rows["value"].astype(float), strict=True))
    for output in DERIVED:
        measure, group = output.split(":")
        row = summary[(summary["measure"] == measure) & (summary["group"] == group)]
        out[output] = float(row["value"].iloc[0])
    return out


def replicate_outputs(seed: int, replications: int, overrides: Sequence[str] = ()) -> pd.DataFrame:
    """Long table (replication, output, value) of the baseline's calibration figures."""
    scenario = load_scenario(SCENARIO, overrides)
    rows = [
        (rep, name, value)
        for rep, result in replicate(scenario, seed, replications)
        for name, value in run_outputs(result).items()
    ]
    return pd.DataFrame(rows, columns=["replication", "output", "value"])


def compare(outputs: pd.DataFrame, targets: Sequence[Check] = TARGETS) -> pd.DataFrame:
    """Each target against the replications in ``outputs`` (as :func:`replicate_outputs`).

    For a range target ``mean``/``ci_low``/``ci_high`` are the output's; for a relation they
    are of the paired difference output minus reference, and ``reference_mean`` is the
    reference output's mean. ``within`` says whether the mean meets the target;
    ``ci_within`` whether the whole 95% interval does.
    """
    wide = outputs.pivot(index="replication", columns="output", values="value")
    records = []
    for t in targets:
        values = wide[t.output] - wide[t.above] if t.is_relation else wide[t.output]
        frame = pd.DataFrame({"output": t.output, "value": values.to_numpy()})
        ci = mean_ci(frame, ["output"]).iloc[0]
        lo, hi = float(ci["ci_low"]), float(ci["ci_high"])
        records.append(
            {
                "output": t.output,
                "target": t.target,
                "accepted": t.accepted(),
                "low": t.low,
                "high": t.high,
                "above": t.above,
                "mean": float(ci["mean"]),
                "ci_low": lo,
                "ci_high": hi,
                "replications": int(ci["count"]),
                "output_mean": float(wide[t.output].mean()),
                "reference_mean": float(wide[t.above].mean()) if t.is_relation else np.nan,
                "within": t.holds(float(ci["mean"])),
                "ci_within": bool(np.isfinite(lo) and t.holds(lo) and t.holds(hi)),
                "facts_row": t.facts_row,
                "held_out": t.held_out,
            }
        )
    return pd.DataFrame.from_records(records)


def calibration_table(
    seed: int = DEFAULT_SEED,
    replications: int = DEFAULT_REPLICATIONS,
    overrides: Sequence[str] = (),
) -> pd.DataFrame:
    """Run ``replications`` of the baseline from ``seed`` and compare with :data:`TARGETS`
    (``overrides`` are ``--set`` strings, e.g. a smaller population for a quick check)."""
    return compare(replicate_outputs(seed, replications, overrides), (*TARGETS, *HELD_OUT))
