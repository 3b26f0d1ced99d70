"""Comparing support options side by side, with common random numbers, through the sweep engine.

Every option runs with the same replication seeds (``SeedSequence(seed).spawn(R)``, as
``phb-sim run`` uses), so replication r of every option meets the same families, PAs and
events as far as the options let it. Differences against the comparator are then taken
replication by replication and summarised over replications (paired intervals), which
removes most of the run-to-run noise the options share.

The tables this module writes are the only source of the report's numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.analysis.measures import interval_bounds
from sim.analysis.stats import mean_ci
from sim.experiments.seeds import spawn_seeds
from sim.experiments.sweep import RunSpec, SweepReport, execute, read_results
from sim.scenario import Scenario

OPTION = "option"
SWEEP_DIR = "runs"
# Each run's value-layer inputs (sim.analysis.value.run_values) are stored beside its summary
# under this prefix, so the incremental analysis needs no family tables kept on disk.
VALUE_PREFIX = "value_input:"
# Willingness-to-pay thresholds of the acceptability curves (£ per QALY), and each
# perspective's per-person discounted cost from the value inputs.
WTP = tuple(float(k) for k in range(0, 50_001, 1_000))
PERSPECTIVE_COSTS = {"NHS/ICB": "cost_nhs", "societal": "cost_societal"}
ACCEPTABILITY_GROUPS = ("all", "Q1")


def simulate_with_value(scenario: Scenario, seed: int) -> pd.DataFrame:
    """A comparison run: the model's tidy summary plus the run's value-layer inputs
    (per-person discounted costs and QALYs by quintile, and the QALY distribution)."""
    from sim.experiments.runner import simulate  # imported on first use: once per worker

    result = simulate(scenario, seed, tables=False)
    value = value_rows(result.families, scenario.params["value.atkinson_epsilon"])
    return pd.concat([result.summary[["measure", "group", "value"]], value], ignore_index=True)


def value_rows(families: pd.DataFrame, epsilon: float) -> pd.DataFrame:
    """A run's value-layer inputs as summary rows (measures prefixed ``VALUE_PREFIX``)."""
    from sim.analysis.value import run_values

    return pd.DataFrame(
        [(VALUE_PREFIX + m, g, v) for (m, g), v in run_values(families, epsilon).items()],
        columns=["measure", "group", "value"],
    )


def value_inputs(rows: pd.DataFrame) -> dict[tuple[str, str], float]:
    """One run's ``run_values`` back from its stored rows (``value_rows``)."""
    sel = rows[rows["measure"].str.startswith(VALUE_PREFIX)]
    names = sel["measure"].str.slice(len(VALUE_PREFIX))
    return dict(zip(zip(names, sel["group"], strict=True), sel["value"].astype(float), strict=True))


@dataclass(frozen=True)
class Option:
    """One option compared: its plain name in tables and figures, and its scenario."""

    label: str
    scenario: Scenario

    @property
    def description(self) -> str:
        return self.scenario.description or self.scenario.name


def option_label(scenario: Scenario) -> str:
    """A plain name for an option: the scenario's last path part in words."""
    return scenario.name.rsplit("/", 1)[-1].replace("_", " ").strip() or scenario.name


def make_options(scenarios: Sequence[Scenario]) -> list[Option]:
    """Options named by their scenarios; two scenarios with the same last part keep their
    full names, so every label is unique."""
    labels = [option_label(s) for s in scenarios]
    out = []
    for s, label in zip(scenarios, labels, strict=True):
        out.append(Option(label if labels.count(label) == 1 else s.name, s))
    return out


def plan(options: Sequence[Option], seed: int, replications: int) -> list[RunSpec]:
    """Every option x replication, the same seeds for every option (common random numbers)."""
    seeds = spawn_seeds(seed, replications)
    runs: list[RunSpec] = []
    for option in options:
        for r, s in enumerate(seeds):
            runs.append(RunSpec(len(runs), option.scenario, s, r, {OPTION: option.label}))
    return runs


def run(
    options: Sequence[Option],
    out: Path,
    *,
    seed: int,
    replications: int,
    ensemble=None,
    resume: bool = False,
    progress: bool = True,
    meta: dict | None = None,
    **backend,
) -> SweepReport:
    """Run the comparison's sweep into ``out/runs`` (resumable with ``resume``). With an
    ``ensemble`` (sim.experiments.ensemble) replication r of every option takes the same
    member's parameter values as well as the same seed, so intervals include parameter
    uncertainty and differences stay paired."""
    runs = plan(options, seed, replications)
    if ensemble is not None:
        from sim.experiments.ensemble import ensemble_runs

        runs = ensemble_runs(ensemble, runs, seed)
    return execute(
        runs,
        Path(out) / SWEEP_DIR,
        resume=resume,
        progress=progress,
        meta=meta,
        run_fn=simulate_with_value,
        **backend,
    )


@dataclass
class Tables:
    """The comparison's tidy tables (also written to disk)."""

    results: pd.DataFrame  # one row per run, measure and group
    levels: pd.DataFrame  # option, measure, group: mean and 95% interval over replications
    differences: pd.DataFrame  # option - comparator, paired by replication
    comparator: str
    options: list[str]
    replications: int
    # The value layer's increments (option, measure, group: mean and 95% interval over
    # paired replications) and each option's equity impact plane quadrant with its share.
    value: pd.DataFrame = field(default_factory=pd.DataFrame)
    quadrants: dict[str, tuple[str, float]] = field(default_factory=dict)
    # Each run's value inputs (option, replication, measure, group, value), and from them
    # the probability each option is best per perspective, group and willingness to pay.
    value_runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    acceptability: pd.DataFrame = field(default_factory=pd.DataFrame)


# Groups whose values share the measure's own range (the distribution measures do not).
BOUNDED_GROUPS = ("all", "Q1", "Q2", "Q3", "Q4", "Q5")


def clip_intervals(frame: pd.DataFrame, difference: bool = False) -> pd.DataFrame:
    """Interval ends clipped to the range the measure can take (no negative hours)."""
    frame = frame.copy()
    rows = frame["group"].isin(BOUNDED_GROUPS)
    for measure in frame.loc[rows, "measure"].unique():
        lo, hi = interval_bounds(measure, difference)
        sel = rows & (frame["measure"] == measure)
        for col in ("ci_low", "ci_high"):
            frame.loc[sel, col] = frame.loc[sel, col].clip(lower=lo, upper=hi)
    return frame


def differences(results: pd.DataFrame, comparator: str) -> pd.DataFrame:
    """Paired differences (option minus comparator) per replication, measure and group,
    summarised as mean and 95% t interval over replications."""
    keys = ["replication", "measure", "group"]
    wide = results.pivot_table(index=keys, columns=OPTION, values="value", dropna=False)
    base = wide[comparator]
    frames = []
    for option in wide.columns:
        if option == comparator:
            continue
        d = (wide[option] - base).rename("value").reset_index().dropna(subset=["value"])
        frames.append(d.assign(**{OPTION: option}))
    if not frames:
        return pd.DataFrame(columns=[OPTION, "measure", "group", "mean", "std", "count"])
    paired = pd.concat(frames, ignore_index=True)
    out = clip_intervals(mean_ci(paired, [OPTION, "measure", "group"]), difference=True)
    return out.assign(comparator=comparator)


def value_tables(
    results: pd.DataFrame, options: Sequence[str], comparator: str
) -> tuple[pd.DataFrame, dict[str, tuple[str, float]]]:
    """The value layer's incremental analysis of every option against the comparator, from
    the runs' stored value inputs, paired by replication (sim.analysis.value.compare_values)."""
    from sim.analysis.value import compare_values

    rows = results[results["measure"].str.startswith(VALUE_PREFIX)]
    if rows.empty:
        return pd.DataFrame(), {}
    per_run: dict[str, dict[int, dict[tuple[str, str], float]]] = {}
    for (option, rep), frame in rows.groupby([OPTION, "replication"], sort=True):
        per_run.setdefault(option, {})[int(rep)] = value_inputs(frame)
    base = per_run[comparator]
    frames, quadrants = [], {}
    for option in options:
        if option == comparator:
            continue
        reps = sorted(set(per_run[option]) & set(base))
        result = compare_values([per_run[option][r] for r in reps], [base[r] for r in reps])
        frames.append(result.table.assign(**{OPTION: option}, comparator=comparator))
        quadrants[option] = (result.quadrant, result.quadrant_share)
    table = pd.concat(frames, ignore_index=True)
    columns = [OPTION, *[c for c in table.columns if c != OPTION]]
    return table[columns], quadrants


def acceptability_table(value_runs: pd.DataFrame, options: Sequence[str]) -> pd.DataFrame:
    """The probability each option has the highest net monetary benefit (QALYs valued at the
    threshold less the perspective's cost, per person over the horizon), replication by
    replication, for each perspective, group and threshold (sim.analysis.probabilistic).
    Options keep their order, so a tie goes to the option listed first."""
    from sim.analysis.probabilistic import acceptability, samples_from_results

    if value_runs.empty:
        return pd.DataFrame()
    order = {name: i for i, name in enumerate(options)}
    frames = []
    for perspective, cost in PERSPECTIVE_COSTS.items():
        samples = samples_from_results(
            value_runs, option=OPTION, effect="qaly_total", cost=cost, groups=ACCEPTABILITY_GROUPS
        )
        rank = samples["group"].map(ACCEPTABILITY_GROUPS.index) * len(order)
        samples = samples.iloc[(rank + samples["option"].map(order)).argsort(kind="stable")]
        frames.append(acceptability(samples, WTP).assign(perspective=perspective))
    table = pd.concat(frames, ignore_index=True)
    return table[["perspective", "group", "wtp", OPTION, "probability_best", "expected_nmb"]]


def tables(out: Path, options: Sequence[str], comparator: str) -> Tables:
    """Read the sweep back and build the level, difference and value tables, in option order."""
    results = read_results(Path(out) / SWEEP_DIR)
    results = results[["run_id", "replication", "seed", OPTION, "measure", "group", "value"]]
    value, quadrants = value_tables(results, options, comparator)
    value_runs = results[results["measure"].str.startswith(VALUE_PREFIX)]
    value_runs = value_runs.assign(measure=value_runs["measure"].str.removeprefix(VALUE_PREFIX))[
        [OPTION, "replication", "measure", "group", "value"]
    ].reset_index(drop=True)
    results = results[~results["measure"].str.startswith(VALUE_PREFIX)].reset_index(drop=True)
    order = {name: i for i, name in enumerate(options)}
    levels = clip_intervals(mean_ci(results, [OPTION, "measure", "group"]))
    levels = levels.sort_values(OPTION, key=lambda s: s.map(order), kind="stable")
    diff = differences(results, comparator)
    diff = diff.sort_values(OPTION, key=lambda s: s.map(order), kind="stable")
    return Tables(
        results=results,
        levels=levels.reset_index(drop=True),
        differences=diff.reset_index(drop=True),
        comparator=comparator,
        options=list(options),
        replications=int(results["replication"].nunique()),
        value=value,
        quadrants=quadrants,
        value_runs=value_runs,
        acceptability=acceptability_table(value_runs, options),
    )


def write_tables(t: Tables, out: Path) -> list[Path]:
    """Tidy CSV and Parquet copies of each table in ``out/tables``."""
    folder = Path(out) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name in ("levels", "differences", "value", "value_runs", "acceptability", "results"):
        frame = getattr(t, name)
        if frame.empty and name in ("value", "value_runs", "acceptability"):
            continue
        for path, write in (
            (folder / f"{name}.csv", lambda f, p: f.to_csv(p, index=False)),
            (folder / f"{name}.parquet", lambda f, p: f.to_parquet(p, index=False)),
        ):
            write(frame, path)
            files.append(path)
    return files
