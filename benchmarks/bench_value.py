"""Share of a run spent on the value outputs (quality of life and costs by perspective).

    python benchmarks/bench_value.py                  # 1,000 families, 260 weeks, 3 repeats
    python benchmarks/bench_value.py --families 10000 --repeats 1

A run is what `sim.experiments.runner.simulate` does (the case of bench_model.py). Each
repeat profiles one run with cProfile and reads the cumulative time of the value outputs'
own functions: `sim.model.outcomes.week` (the week's child and carer scores and their
domains) and `sim.model.costs.week_costs` (the cost components; the NHS total it also
returns is the ICB's cost, needed without the value layer too). The recorder's value part,
three in-place additions into the per-year block, is inline in `Recorder.collect`, so it is
timed on its own with timeit on the last week's arrays and added. Times are CPU
seconds of this process (less disturbed by other work than wall time); the repeat with the
smallest run time is reported (the least disturbed by other work on the machine); report
the load (`uptime`) beside the figure.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
import timeit

from sim.experiments import runner
from sim.model import PHBModel
from sim.scenario import Scenario

VALUE_FUNCTIONS = {"week": "outcomes.py", "week_costs": "costs.py"}


def scenario(families: int, weeks: int, areas: int) -> Scenario:
    values = {
        "population.n_families": families,
        "population.weeks": weeks,
        "population.n_icbs": areas,
    }
    return Scenario(name=f"bench-value-{families}").with_params(values)


def recording_seconds(m: PHBModel, number: int = 300) -> float:
    """Seconds per recorded week of the recorder's value additions (as in Recorder.collect),
    on the last week's arrays and a scratch copy of the year block."""
    w = m.last_week
    year = m.recorder.years[0].copy()
    k = 1 + len(w.outcomes.values)

    def add() -> None:
        year[0] += 1.0
        year[1:k] += w.outcomes.values
        year[k:] += w.costs

    return min(timeit.repeat(add, timer=time.process_time, number=number, repeat=5)) / number


def one(families: int, weeks: int, areas: int, seed: int) -> dict:
    built: list[PHBModel] = []
    model_class = runner.PHBModel

    class Kept(model_class):  # keeps the model so its last week can be timed
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    runner.PHBModel = Kept
    profile = cProfile.Profile(time.process_time)
    try:
        profile.enable()
        runner.simulate(scenario(families, weeks, areas), seed)
        profile.disable()
    finally:
        runner.PHBModel = model_class
    stats = pstats.Stats(profile).stats
    total = max(ct for (_, _, name), (_, _, _, ct, _) in stats.items() if name == "simulate")
    parts = {
        f"{VALUE_FUNCTIONS[name].removesuffix('.py')}.{name}": ct
        for (path, _, name), (_, _, _, ct, _) in stats.items()
        if name in VALUE_FUNCTIONS and path.endswith(VALUE_FUNCTIONS[name])
    }
    m = built[-1]
    parts["recording (value rows)"] = recording_seconds(m) * m.weeks_recorded
    value = sum(parts.values())
    return {"seconds": total, "parts": parts, "value": value, "share": value / total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--areas", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    runs = [one(args.families, args.weeks, args.areas, seed) for seed in range(args.repeats)]
    best = min(runs, key=lambda r: r["seconds"])
    print(f"run under cProfile: {best['seconds']:.3f} CPU s ({args.families} families)")
    for name, seconds in best["parts"].items():
        print(f"  {name:<24} {seconds:.3f} s  {100 * seconds / best['seconds']:5.1f}%")
    print(f"value outputs: {100 * best['share']:.1f}% of the run (target at most 10%)")
    print(f"shares over repeats: {', '.join(f'{100 * r["share"]:.1f}%' for r in runs)}")


if __name__ == "__main__":
    main()
