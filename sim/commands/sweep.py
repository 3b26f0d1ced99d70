"""``phb-sim sweep``: run a sweep spec (scenarios x points x replications) and store it.

    phb-sim sweep SPEC.yaml [--out DIR] [--backend serial|processes|dask] [--workers N]
                  [--dask-local N] [--scheduler ADDR] [--resume] [--retry-failed]
                  [--no-progress] [--set group.key=value ...]

Without SPEC, ``--resume`` or ``--retry-failed`` finishes the sweep stored in ``--out`` from
its own runs table. Exit code 0 when every run has finished, 1 when some failed, 2 for bad
input, 130 when interrupted (finished runs are kept).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.errors import InputError
from sim.experiments.sweep.backends import BACKENDS
from sim.scenario import add_set_argument

DEFAULT_ROOT = Path("results") / "sweeps"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sweep",
        help="run many scenarios, parameter points and replications",
        description="Run a sweep spec (see docs/SWEEPS.md): every scenario crossed with "
        "every grid or sample point and every replication, stored as a Parquet dataset with "
        "a manifest. Finished runs are kept if the sweep stops; --resume finishes it.",
    )
    p.add_argument(
        "spec",
        nargs="?",
        type=Path,
        metavar="SPEC.yaml",
        help="sweep spec (optional with --resume/--retry-failed and --out)",
    )
    p.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_ROOT}/<name>)")
    add_backend_arguments(p, "sweep")
    p.add_argument(
        "--ensemble",
        metavar="NAME",
        help="each replication takes a calibrated member's values (scenarios/calibrated/NAME)",
    )
    add_set_argument(p)
    p.set_defaults(func=cmd_sweep)


def add_backend_arguments(p: argparse.ArgumentParser, what: str) -> None:
    """The execution options every command that runs many simulations shares: where runs
    execute, and finishing a stopped ``what`` (sweep or SA) stored in --out."""
    p.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="where runs execute (default: processes, or dask with --dask-local/--scheduler)",
    )
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    p.add_argument(
        "--dask-local",
        type=int,
        metavar="N",
        help="start a Dask LocalCluster of N single-threaded workers",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="join a running Dask cluster: tcp://host:port or a scheduler file",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help=f"finish a stopped {what} in --out: run only what is missing",
    )
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="like --resume, and also re-run the runs that failed",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def backend_from_args(args: argparse.Namespace) -> tuple[str, int | None]:
    """Backend name and worker count from the options; contradictions are refused."""
    backend = args.backend
    workers = args.workers
    if args.dask_local is not None:
        if args.scheduler:
            raise InputError(
                "--dask-local starts a cluster and --scheduler joins one; allowed: one of them",
                field="--dask-local",
            )
        if args.dask_local < 1:
            raise InputError(
                f"value {args.dask_local} is not allowed; allowed: at least 1 worker",
                field="--dask-local",
            )
        workers = args.dask_local
    dask_wanted = args.dask_local is not None or bool(args.scheduler)
    if dask_wanted and backend not in (None, "dask"):
        raise InputError(
            f"--backend {backend} cannot use a Dask cluster; allowed: "
            "--backend dask (or leave --backend out)",
            field="--backend",
        )
    if workers is not None and workers < 1:
        raise InputError(f"value {workers} is not allowed; allowed: at least 1", field="--workers")
    return backend or ("dask" if dask_wanted else "processes"), workers


def cmd_sweep(args: argparse.Namespace) -> int:
    from sim.experiments.sweep.engine import execute, load_runs
    from sim.experiments.sweep.spec import load_spec

    backend, workers = backend_from_args(args)
    if args.spec is None:
        if not (args.out and (args.resume or args.retry_failed)):
            raise InputError(
                "give a sweep spec, or --out DIR with --resume or --retry-failed "
                "to finish the sweep stored there",
                field="SPEC",
            )
        if args.set:
            raise InputError("--set changes the runs; allowed only with a spec", field="--set")
        runs, meta, out = load_runs(args.out), None, args.out
    else:
        spec = load_spec(args.spec, args.set)
        out = args.out or DEFAULT_ROOT / spec.name
        runs, meta = spec.runs(), spec.meta()
        if args.ensemble:
            from sim.experiments.ensemble import ensemble_runs, load_ensemble

            ensemble = load_ensemble(args.ensemble)
            runs, meta = (
                ensemble_runs(ensemble, runs, spec.root_seed),
                {**meta, "ensemble": ensemble.name},
            )
    report = execute(
        runs,
        out,
        backend=backend,
        workers=workers,
        scheduler=args.scheduler,
        resume=args.resume,
        retry_failed=args.retry_failed,
        progress=not args.no_progress,
        meta=meta,
    )
    print(report.summary())
    if args.spec is not None and args.ensemble and report.complete:
        from sim.analysis.measures import HEADLINE
        from sim.experiments.ensemble import sources_text
        from sim.experiments.sweep import read_results

        rows = read_results(out, filters=[("group", "==", "all")])
        by = [c for c in ("scenario", "point") if c in rows.columns]
        print(f"\nensemble {ensemble.name}: how much of each spread is which (mean over points)")
        print(sources_text(rows, HEADLINE, by))
    return 1 if report.failed else 0
