"""Model benchmark: seconds per run, microseconds per family-week and peak memory by size.

    python benchmarks/bench_model.py                 # 100, 1,000, 10,000 and 25,000 families
    python benchmarks/bench_model.py --sizes 1000 --repeats 5 --burn-in 0  # 260 simulated weeks
    python benchmarks/bench_model.py --profile 25000 # pyinstrument profile of one run

Each size runs in a fresh subprocess (so its peak memory is its own), repeated, and the best
time is reported: the minimum is the least disturbed by other work on the machine. A run is
what `sim.experiments.runner.simulate` does:
build the model (households, PA teams, agents), run every
week, and build the per-run summary by quintile; construction is counted, not hidden.
Sizes follow the performance targets: 100 and 1,000 families over 260 weeks (2 ICB areas),
10,000 over 260 weeks and 25,000 in 42 ICB areas over 520 weeks (England in ten years).
"weeks" are the recorded weeks; "simulated" adds the burn-in, and the cost per family-week
is per simulated week. The machine's reference workload (benchmarks/machine.py) is timed
in each run's process right after the run: a run's time against it tells a model change
from a slow machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from machine import reference_seconds

CASES = {  # families: (weeks, ICB areas)
    100: (260, 2),
    1000: (260, 2),
    10000: (260, 10),
    25000: (520, 42),
}


def one_run(n: int, weeks: int, areas: int, seed: int, burn_in: int = -1) -> dict:
    """Time one full run in this process (imports excluded)."""
    from sim.experiments.runner import simulate
    from sim.scenario import Scenario

    values = {"population.n_families": n, "population.weeks": weeks, "population.n_icbs": areas}
    if burn_in >= 0:
        values["population.burn_in_weeks"] = burn_in
    scenario = Scenario(name=f"bench-{n}").with_params(values)
    simulated = weeks + int(scenario.params["population.burn_in_weeks"])
    start = time.perf_counter()
    cpu = time.process_time()
    result = simulate(scenario, seed)
    wall = time.perf_counter() - start
    return {
        "families": n,
        "weeks": weeks,
        "simulated_weeks": simulated,
        "icbs": areas,
        "seconds": wall,
        "cpu_seconds": time.process_time() - cpu,
        "us_per_family_week": wall / (n * simulated) * 1e6,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "summary_rows": len(result.summary),
    }


def measure(n: int, repeats: int, burn_in: int = -1) -> dict:
    weeks, areas = CASES.get(n, (260, 2))
    runs = []
    for seed in range(repeats):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(n),
                str(weeks),
                str(areas),
                str(seed),
                str(burn_in),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout))
    best = min(runs, key=lambda r: r["seconds"])
    best["median_seconds"] = sorted(r["seconds"] for r in runs)[len(runs) // 2]
    ratios = sorted(r["against_reference"] for r in runs)
    best["against_reference_range"] = (ratios[0], ratios[-1])
    best["peak_rss_mib"] = max(r["peak_rss_mib"] for r in runs)
    return best


def write_json(path: Path | None, payload: object) -> None:
    """Write a benchmark's results as JSON to ``path`` (nothing when no path was asked for)."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(CASES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--profile", type=int, metavar="FAMILIES", help="profile one run with pyinstrument"
    )
    parser.add_argument(
        "--burn-in",
        type=int,
        default=-1,
        metavar="WEEKS",
        help="override population.burn_in_weeks (default: the registry's)",
    )
    parser.add_argument("--child", nargs=5, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = one_run(*args.child)
        # The reference right after the run, in its process (not counted in the run's times).
        run["machine_reference_s"] = reference_seconds()
        run["against_reference"] = run["seconds"] / run["machine_reference_s"]
        print(json.dumps(run))
        return
    if args.profile:
        from pyinstrument import Profiler

        weeks, areas = CASES.get(args.profile, (260, 2))
        with Profiler() as profiler:
            one_run(args.profile, weeks, areas, 0)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    rows = [measure(n, args.repeats, args.burn_in) for n in args.sizes]
    head = ("families", "weeks", "simulated", "ICBs", "best s", "median s", "us/fam-wk", "peak MiB")
    print("".join(f"{h:>11}" for h in head))
    for r in rows:
        cells = (
            r["families"],
            r["weeks"],
            r["simulated_weeks"],
            r["icbs"],
            f"{r['seconds']:.3f}",
            f"{r['median_seconds']:.3f}",
            f"{r['us_per_family_week']:.3f}",
            f"{r['peak_rss_mib']:.0f}",
        )
        print("".join(f"{c:>11}" for c in cells))
    print("\nthe machine's reference workload (benchmarks/machine.py), timed after each run:")
    for r in rows:
        low, high = r["against_reference_range"]
        print(
            f"  {r['families']} families: {r['machine_reference_s']:.3f} s beside the best run, "
            f"which took {r['against_reference']:.2f} times it (all runs {low:.2f}-{high:.2f})"
        )
    base = next((r for r in rows if r["families"] == 1000), None)
    big = next((r for r in rows if r["families"] == 10000), None)
    if base and big:
        print(
            f"\ncost per family-week at 10,000 vs 1,000 families: "
            f"{big['us_per_family_week'] / base['us_per_family_week']:.2f}x (target at most 1.5x)"
        )
    write_json(args.json, rows)


if __name__ == "__main__":
    main()
