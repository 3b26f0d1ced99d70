"""``phb-sim sa-results``: Morris over every assumption parameter, Sobol over the top ten,
written to docs/SENSITIVITY_RESULTS.md with its figures.

    phb-sim sa-results [--base SCENARIO] [--set group.key=value ...] [--morris-n 20]
                       [--sobol-n 128] [--replications 2] [--top 10] [--out FILE]
                       [--runs-dir DIR] [--backend ...] [--resume]
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from sim.commands.sweep import add_backend_arguments, backend_from_args
from sim.scenario import add_set_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sa-results",
        help="published sensitivity results (docs/SENSITIVITY_RESULTS.md)",
        description="Morris screening over every assumption parameter of the registry, "
        "then Sobol indices of the most influential, written up with figures.",
    )
    p.add_argument("--base", default="baseline", help="base scenario (default baseline)")
    # Defaults sized to about 26 minutes on 2 cores for the baseline (1,000 families, 260
    # weeks): Morris 20 x 102 x 2 = 4,080 runs, Sobol 128 x 12 x 2 = 3,072 runs
    # (docs/UNCERTAINTY.md, "Running it on the final model").
    p.add_argument("--morris-n", type=int, default=20, help="Morris trajectories")
    p.add_argument("--sobol-n", type=int, default=128, help="Sobol N (a power of two)")
    p.add_argument("--replications", type=int, default=2)
    p.add_argument("--top", type=int, default=10, help="parameters taken to Sobol")
    p.add_argument("--no-quintiles", action="store_true", help="whole-population outputs only")
    p.add_argument("--seed", type=int, default=20261201, help="root seed")
    p.add_argument(
        "--only",
        metavar="P1,P2",
        help="screen only these parameters (a quick check; the published results screen all)",
    )
    p.add_argument("--out", type=Path, default=Path("docs") / "SENSITIVITY_RESULTS.md")
    p.add_argument("--runs-dir", type=Path, default=Path("results") / "sa" / "published")
    add_backend_arguments(p, "analysis")
    add_set_argument(p)
    p.set_defaults(func=cmd_sa_results)


def cmd_sa_results(args: argparse.Namespace) -> int:
    from sim.errors import InputError
    from sim.experiments.sensitivity.published import screen_then_sobol
    from sim.reporting.sensitivity_doc import copy_figures, markdown
    from sim.scenario import parse_set

    if args.top < 1:
        raise InputError(f"got {args.top}; allowed: at least 1", field="--top")
    backend, workers = backend_from_args(args)
    pub = screen_then_sobol(
        args.runs_dir,
        base=args.base,
        fixed=parse_set(list(args.set)),
        morris_n=args.morris_n,
        sobol_n=args.sobol_n,
        replications=args.replications,
        top=args.top,
        root_seed=args.seed,
        quintiles=not args.no_quintiles,
        only=args.only.split(",") if args.only else None,
        backend=backend,
        workers=workers,
        scheduler=args.scheduler,
        resume=args.resume,
        progress=not args.no_progress,
    )
    command = shlex.join(
        [
            "phb-sim",
            "sa-results",
            "--base",
            args.base,
            "--morris-n",
            str(args.morris_n),
            "--sobol-n",
            str(args.sobol_n),
            "--replications",
            str(args.replications),
            "--top",
            str(args.top),
            "--seed",
            str(args.seed),
            "--out",
            str(args.out),
            *(["--no-quintiles"] if args.no_quintiles else []),
            *(["--only", args.only] if args.only else []),
            *[x for s in args.set for x in ("--set", s)],
        ]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(pub, command, copy_figures(pub, args.out)))
    top = ", ".join(pub.ranking["parameter"].head(args.top))
    print(f"sa-results: {pub.settings['screened']} parameters screened; Sobol over {top}")
    print(f"sa-results: wrote {args.out}")
    return 0
