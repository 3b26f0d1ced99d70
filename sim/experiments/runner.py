"""Running the model: one seeded run to tidy tables, and replications of a scenario.

``simulate`` is the single entry point every other tool (the run command, sweeps,
sensitivity analysis, notebooks) uses, so a run means the same thing everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from sim.experiments.seeds import spawn_seeds
from sim.model import PHBModel
from sim.scenario import Scenario


@dataclass
class RunResult:
    """What one run leaves: tidy summary, one row per family, weekly quintile means, and (on
    request) the per-family-week table; plus the model-level weekly series Mesa collected."""

    scenario: str
    seed: int
    summary: pd.DataFrame
    families: pd.DataFrame
    weekly: pd.DataFrame
    model_weekly: pd.DataFrame
    family_weeks: pd.DataFrame | None
    wall_seconds: float


def simulate(scenario: Scenario, seed: int, *, tables: bool = True) -> RunResult:
    """Build the model with ``seed``, run ``population.weeks`` weeks, and summarise.

    ``tables=False`` keeps only the summary (and the family table it is built from): sweeps
    and sensitivity analyses store nothing else, so they skip the weekly tables.
    """
    start = time.perf_counter()
    model = PHBModel(scenario, rng=int(seed))
    model.run()
    rec = model.recorder
    families = rec.families(model)
    result = RunResult(
        scenario=scenario.name,
        seed=int(seed),
        summary=rec.summary(model, families),
        families=families,
        weekly=rec.weekly_table(model) if tables else pd.DataFrame(),
        model_weekly=(
            model.datacollector.get_model_vars_dataframe().rename_axis("week").reset_index()
            if tables
            else pd.DataFrame()
        ),
        family_weeks=rec.family_week_table(model) if tables else None,
        wall_seconds=0.0,
    )
    result.wall_seconds = time.perf_counter() - start
    return result


def replicate(
    scenario: Scenario,
    seed: int,
    replications: int,
    progress: Callable[[Iterator], Iterator] | None = None,
) -> Iterator[tuple[int, RunResult]]:
    """Replications of one scenario, seeded by ``SeedSequence(seed).spawn(replications)``."""
    seeds = list(enumerate(spawn_seeds(seed, replications)))
    for rep, child in progress(seeds) if progress else seeds:
        yield rep, simulate(scenario, child)
