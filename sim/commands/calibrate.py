"""``phb-sim calibrate``: history matching to the published figures, ending in an ensemble.

    phb-sim calibrate SPEC.yaml [--out DIR] [--ensemble-dir DIR] [--backend ...]
                      [--workers N] [--dask-local N] [--scheduler ADDR] [--resume]
                      [--no-progress] [--set group.key=value ...]

Every wave's runs go through the sweep engine (``DIR/wave-K``, ``DIR/check-K``), so a
calibration is parallel, runs on Dask and, stopped, resumes with ``--resume``. Exit code 0
when the ensemble has the members the spec asks for, 1 when the model confirmed fewer, 2
for bad input, 130 when interrupted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.commands.sweep import add_backend_arguments, backend_from_args
from sim.scenario import add_set_argument

DEFAULT_ROOT = Path("results") / "calibration"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "calibrate",
        help="history matching: an ensemble of parameter sets the evidence does not rule out",
        description="Calibrate by history matching (see docs/UNCERTAINTY.md): waves of "
        "space-filling designs, a Gaussian-process emulator per target, implausibility "
        "with each target's observation uncertainty and model discrepancy, and a final "
        "check by the model. Writes the report to results/calibration/<name>/ and the "
        "ensemble to scenarios/calibrated/<name>.parquet with its manifest.",
    )
    p.add_argument("spec", type=Path, metavar="SPEC.yaml", help="calibration spec")
    p.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_ROOT}/<name>)")
    p.add_argument(
        "--ensemble-dir",
        type=Path,
        help="where the ensemble is written (default scenarios/calibrated/)",
    )
    add_backend_arguments(p, "calibration")
    add_set_argument(p)
    p.set_defaults(func=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.experiments.history_matching import calibrate, load_spec
    from sim.experiments.history_matching.report import write

    backend, workers = backend_from_args(args)
    spec = load_spec(args.spec)
    out = args.out or DEFAULT_ROOT / spec.name
    result = calibrate(
        spec,
        out,
        overrides=tuple(args.set),
        backend=backend,
        workers=workers,
        scheduler=args.scheduler,
        resume=args.resume or args.retry_failed,
        progress=not args.no_progress,
    )
    paths = write(result, out, args.ensemble_dir)
    print(
        f"calibrate: {len(result.waves)} waves, {result.runs} runs, "
        f"{result.wall_seconds:.0f} s; {len(result.ensemble)} of {spec.ensemble_size} members "
        f"confirmed by the model ({result.stop_reason})"
    )
    for w in result.waves:
        r2 = ", ".join(
            f"{k} {v:.2f} (expected {w.r2_mean[k]:.2f}, seed noise {w.noise_share[k]:.0%})"
            for k, v in w.r2.items()
        )
        print(f"  wave {w.number}: not implausible {w.share_not_implausible:.2%}; R^2 {r2}")
    print(f"calibrate: report {paths['report']}")
    if "ensemble" in paths:
        print(f"calibrate: ensemble {paths['ensemble']} (use it with --ensemble {spec.name})")
    return 0 if result.complete else 1
