"""``phb-sim validation``: held-out figures and patterns across a calibrated ensemble,
written to docs/VALIDATION.md.

    phb-sim validation --ensemble NAME [--out FILE] [--runs-dir DIR] [--replications R]
                       [--members K] [--seeds-per-member S] [--pilot-members P]
                       [--seed N] [--backend ...]
                       [--resume] [--set group.key=value ...]
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from sim.commands.sweep import add_backend_arguments, backend_from_args
from sim.scenario import add_set_argument

DEFAULT_SEED = 20261201


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "validation",
        help="held-out figures and patterns across a calibrated ensemble (docs/VALIDATION.md)",
        description="Validate a calibrated ensemble against the figures held out of "
        "calibration, and report the share of members in which each pattern P1-P7 holds.",
    )
    p.add_argument("--ensemble", required=True, metavar="NAME", help="calibrated ensemble")
    p.add_argument("--out", type=Path, default=Path("docs") / "VALIDATION.md")
    p.add_argument("--runs-dir", type=Path, help="runs folder (default results/validation/NAME)")
    # Defaults sized to a few minutes on 2 cores with the default ensemble (1,000
    # families, 156 weeks): 100 + 11 pattern scenarios x 40 members x 4 seeds = 1,860 runs,
    # plus the pilot's 40 members x 2 options of 52 weeks = 80 runs (docs/UNCERTAINTY.md,
    # "Running it on the final model").
    p.add_argument("--replications", type=int, default=100, help="runs for held-out figures")
    p.add_argument("--members", type=int, default=40, help="members checked for patterns")
    p.add_argument("--seeds-per-member", type=int, default=4)
    # The national pilot across the ensemble: P distinct members x 1 paired seed x 2 options
    # at the calibration's population size over 52 weeks (80 short runs by default).
    p.add_argument(
        "--pilot-members", type=int, default=40, help="members running the pilot comparison"
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="root seed")
    add_backend_arguments(p, "validation")
    add_set_argument(p)
    p.set_defaults(func=cmd_validation)


def cmd_validation(args: argparse.Namespace) -> int:
    from sim.errors import InputError
    from sim.experiments.ensemble import load_ensemble
    from sim.experiments.validation import validate_ensemble
    from sim.reporting.validation_doc import markdown, write

    for name in ("replications", "members", "seeds_per_member", "pilot_members"):
        if getattr(args, name) < 1:
            raise InputError(
                f"got {getattr(args, name)}; allowed: at least 1",
                field=f"--{name.replace('_', '-')}",
            )
    backend, workers = backend_from_args(args)
    ensemble = load_ensemble(args.ensemble)
    runs = args.runs_dir or Path("results") / "validation" / ensemble.name
    result = validate_ensemble(
        ensemble,
        runs,
        replications=args.replications,
        members=args.members,
        seeds_per_member=args.seeds_per_member,
        pilot_members=args.pilot_members,
        root_seed=args.seed,
        overrides=tuple(args.set),
        backend=backend,
        workers=workers,
        scheduler=args.scheduler,
        resume=args.resume,
        progress=not args.no_progress,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    command = shlex.join(
        [
            "phb-sim",
            "validation",
            "--ensemble",
            args.ensemble,
            "--out",
            str(args.out),
            "--replications",
            str(args.replications),
            "--members",
            str(args.members),
            "--seeds-per-member",
            str(args.seeds_per_member),
            "--pilot-members",
            str(args.pilot_members),
            "--seed",
            str(args.seed),
            *[x for s in args.set for x in ("--set", s)],
        ]
    )
    write(args.out, markdown(result, command))
    t = result.targets
    print(
        f"validation: {int((t['status'] == 'in').sum())} in, {int((t['status'] == 'out').sum())} "
        f"out of {len(t)} held-out figures; patterns: "
        + ", ".join(f"{r.pattern} {r.share_holding:.0%}" for r in result.patterns.itertuples())
    )
    print(f"validation: wrote {args.out}")
    return 0
