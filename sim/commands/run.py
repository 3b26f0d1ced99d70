"""``phb-sim run``: replications of one scenario to tidy tables, a manifest and figures."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sim.analysis.measures import HEADLINE
from sim.errors import InputError
from sim.scenario import add_set_argument, load_scenario

# The model, pandas, scipy and matplotlib are imported inside the handler, so that every
# other `phb-sim` command (and `--help`) starts without them.

DEFAULT_SEED = 20261122
MAX_SEED = 2**63 - 1  # the cap sweeps and SA specs use for root_seed
# The per-family-week table is held in memory (float32, ~15 columns): 20 million rows is
# about 1.3 GB, checked before the model allocates it.
MAX_FAMILY_WEEK_ROWS = 20_000_000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run",
        help="run a scenario (replications, tables, manifest, figures)",
        description="Run replications of one scenario and write tidy tables (Parquet; CSV with "
        "--csv), a JSON manifest and standard figures.",
    )
    parser.add_argument("scenario", nargs="?", help="scenario file or library name (e.g. baseline)")
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help=f"root seed; replications use SeedSequence(seed).spawn (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--replications", "-r", type=int, default=None, help="replications (default 3)"
    )
    parser.add_argument("--out", type=Path, help="output folder (default results/runs/<scenario>)")
    parser.add_argument("--csv", action="store_true", help="also write CSV copies of the tables")
    parser.add_argument(
        "--family-weeks", action="store_true", help="also keep the per-family-week table (large)"
    )
    parser.add_argument("--no-plots", action="store_true", help="skip the figures")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--from-sweep",
        type=Path,
        metavar="DIR",
        help="re-run one run of a finished sweep alone (with --run-id)",
    )
    parser.add_argument("--run-id", type=int, help="run id within --from-sweep")
    parser.add_argument(
        "--ensemble",
        metavar="NAME",
        help="each replication takes a calibrated member's values (scenarios/calibrated/NAME)",
    )
    add_set_argument(parser)
    parser.set_defaults(func=main)


def _resolve(args: argparse.Namespace):
    """The scenario and seeds to run: from a file, or exactly as a sweep ran it.

    Options that would be silently ignored are refused instead: a re-run from a sweep takes
    its scenario, seed and single replication from the sweep, and --run-id means nothing
    without --from-sweep.
    """
    if args.from_sweep is not None:
        if args.run_id is None:
            raise InputError("--from-sweep needs --run-id K", field="--run-id")
        given = [
            (what, field)
            for what, field in (
                (args.scenario, "scenario"),
                (args.seed, "--seed"),
                (args.replications, "--replications"),
                (args.family_weeks or None, "--family-weeks"),
            )
            if what is not None
        ]
        if given:
            raise InputError(
                "a run re-run from a sweep takes its scenario, seed and one replication "
                "from the sweep; allowed: --from-sweep DIR --run-id K without a scenario, "
                "--seed, --replications or --family-weeks",
                field=given[0][1],
            )
        from sim.experiments.sweep.engine import load_run

        scenario, seed = load_run(args.from_sweep, args.run_id)
        if args.set:
            raise InputError("--set cannot change a run re-run from a sweep", field="--set")
        return scenario, [seed], f"{scenario.name}-run{args.run_id}"
    if not args.scenario:
        raise InputError(
            "give a scenario file or library name, or --from-sweep DIR --run-id K", field="scenario"
        )
    if args.run_id is not None:
        raise InputError(
            "--run-id picks a run of a stored sweep; allowed only with --from-sweep DIR",
            field="--run-id",
        )
    args.seed = DEFAULT_SEED if args.seed is None else args.seed
    args.replications = 3 if args.replications is None else args.replications
    if not 0 <= args.seed <= MAX_SEED:
        raise InputError(
            f"value {args.seed} is not allowed; allowed: a whole number from 0 to 2**63-1 "
            "(as for sweeps' root_seed)",
            field="--seed",
        )
    if args.replications < 1:
        raise InputError(
            f"--replications must be at least 1, got {args.replications}", field="--replications"
        )
    scenario = load_scenario(args.scenario, args.set or ())
    if args.family_weeks:
        scenario = scenario.with_params(
            {"population.record_family_weeks": True}, origin="--family-weeks"
        )
    rows = scenario.params["population.n_families"] * scenario.params["population.weeks"]
    if scenario.params["population.record_family_weeks"] and rows > MAX_FAMILY_WEEK_ROWS:
        raise InputError(
            f"the per-family-week table would have {rows:,} rows per replication "
            f"({scenario.params['population.n_families']:,} families x "
            f"{scenario.params['population.weeks']:,} weeks); allowed: at most "
            f"{MAX_FAMILY_WEEK_ROWS:,} (fewer families or weeks, or leave it out)",
            field="--family-weeks",
        )
    return scenario, None, scenario.name.replace("/", "_")


def main(args: argparse.Namespace) -> int:
    import pandas as pd
    from tqdm import tqdm

    from sim.analysis.stats import mean_ci
    from sim.experiments.outdir import prepare
    from sim.experiments.provenance import base_manifest, now, write_json
    from sim.experiments.runner import replicate, simulate
    from sim.experiments.sweep.folder import make_output_folder

    scenario, fixed_seeds, label = _resolve(args)
    # a folder that can be written; then refuse one run did not write (a sweep's, another
    # command's) before any work, and replace run's own folder whole so no stale table survives
    out = prepare(make_output_folder(args.out or Path("results") / "runs" / label), "run")
    started, t0 = now(), time.perf_counter()
    frames: dict[str, list] = {
        "summary": [],
        "families": [],
        "weekly": [],
        "model_weekly": [],
        "family_weeks": [],
    }
    seeds: list[int] = []
    if fixed_seeds is not None:
        runs = [(0, simulate(scenario, fixed_seeds[0]))]
    else:
        bar = (
            None if args.no_progress else (lambda it: tqdm(it, desc=f"{scenario.name}", unit="run"))
        )
        runs = replicate(scenario, args.seed, args.replications, progress=bar)
    ensemble = members = None
    if args.ensemble:
        from sim.experiments import ensemble as ens

        if fixed_seeds is not None:
            raise InputError("a run re-run from a sweep keeps its values", field="--ensemble")

        ensemble = ens.load_ensemble(args.ensemble)
        members = ensemble.draw(args.seed, args.replications)
        runs = (
            (r, res)
            for r, _, res in ens.replicate_ensemble(
                ensemble, scenario, args.seed, args.replications, bar
            )
        )
    for rep, result in runs:
        seeds.append(result.seed)
        for key in frames:
            table = getattr(result, key)
            if table is not None:
                frames[key].append(table.assign(replication=rep, seed=result.seed))
    tables = {k: pd.concat(v, ignore_index=True) for k, v in frames.items() if v}
    tables["summary_ci"] = mean_ci(tables["summary"], ["measure", "group"])
    for name, table in tables.items():
        table.to_parquet(out / f"{name}.parquet", index=False)
        if args.csv:
            table.to_csv(out / f"{name}.csv", index=False)
    figures = [] if args.no_plots else _figures(tables, out, scenario.name)
    write_json(
        out / "manifest.json",
        {
            **base_manifest(),
            "scenario": {
                "name": scenario.name,
                "source": scenario.source,
                "params": scenario.params,
                "areas": scenario.areas,
                "area_sampling": scenario.area_sampling,
            },
            "root_seed": None if fixed_seeds else args.seed,
            "ensemble": {"name": ensemble.name, "members": members} if ensemble else None,
            "seeds": seeds,
            "replications": len(seeds),
            "started": started,
            "finished": now(),
            "wall_seconds": round(time.perf_counter() - t0, 3),
            "tables": sorted(f"{n}.parquet" for n in tables),
            "figures": [p.name for p in figures],
        },
    )
    print(_headline(tables["summary_ci"]))
    if ensemble is not None:
        print(f"\nensemble {ensemble.name}: how much of each spread is which\n")
        print(ens.sources_text(tables["summary"], HEADLINE))
    print(f"\nwrote {out}/ (tables, manifest.json{', figures' if figures else ''})")
    return 0


def _figures(tables: dict, out: Path, title: str) -> list[Path]:
    from sim.reporting.figures import run_figures

    return run_figures(tables, out, title)


def _headline(ci) -> str:
    """Headline measures: all families with a 95% interval, lowest and highest quintile."""
    wide = ci.pivot(index="measure", columns="group", values="mean")
    lines = [f"{'measure':24s} {'all':>10s} {'95% CI':>21s} {'Q1':>10s} {'Q5':>10s} {'Q1-Q5':>10s}"]
    for name in HEADLINE:
        row = ci[(ci["measure"] == name) & (ci["group"] == "all")].iloc[0]
        low, high = row["ci_low"], row["ci_high"]
        interval = "" if low != low else f"[{low:.3g}, {high:.3g}]"  # NaN with one replication
        lines.append(
            f"{name:24s} {row['mean']:10.3g} {interval:>21s} {wide.loc[name, 'Q1']:10.3g} "
            f"{wide.loc[name, 'Q5']:10.3g} {wide.loc[name, 'gap']:10.3g}"
        )
    return "\n".join(lines)
