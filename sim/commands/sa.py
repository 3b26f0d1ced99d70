"""``phb-sim sa``: a sensitivity analysis of the model (SALib Morris or Sobol) from a spec.

    phb-sim sa SPEC.yaml [--out DIR] [--backend serial|processes|dask] [--workers N]
               [--dask-local N] [--scheduler ADDR] [--resume] [--retry-failed]
               [--no-progress] [--set group.key=value ...]

Runs go through the sweep engine (``DIR/runs``), so an SA is parallel, runs on Dask and
resumes after an interruption; ``--resume`` on a finished SA re-analyses it without running
anything. Exit code 0 when the analysis is written, 2 for bad input or unfinished runs, 130
when interrupted (finished runs are kept).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.commands.sweep import add_backend_arguments, backend_from_args
from sim.scenario import add_set_argument

DEFAULT_ROOT = Path("results") / "sa"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sa",
        help="sensitivity analysis: which parameters drive which outputs",
        description="Sensitivity analysis from an SA spec (see docs/SENSITIVITY.md): Morris "
        "screening or Sobol indices (SALib) of the headline measures, their equity gradient "
        "and their per-quintile values, with bootstrap CIs, convergence checks, seed-noise "
        "shares, tables, figures and a plain-words summary in results/sa/<name>/.",
    )
    p.add_argument("spec", type=Path, metavar="SPEC.yaml", help="SA spec")
    p.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_ROOT}/<name>)")
    add_backend_arguments(p, "SA")  # the same execution options as `phb-sim sweep`
    add_set_argument(p)
    p.set_defaults(func=cmd_sa)


def cmd_sa(args: argparse.Namespace) -> int:
    from sim.experiments.sensitivity.spec import load_spec
    from sim.experiments.sweep.folder import make_output_folder

    backend, workers = backend_from_args(args)
    spec = load_spec(args.spec)
    out = args.out or DEFAULT_ROOT / spec.name
    if not spec.levers:
        _analyse(spec, out, args, backend, workers)
        return 0
    # One analysis per policy-lever setting: the same uncertainties sampled under each.
    import dataclasses

    import pandas as pd

    settings = spec.lever_settings()
    tables = []
    for k, setting in enumerate(settings):
        label = "_".join(f"{name.split('.')[-1]}-{value}" for name, value in setting.items())
        sub = dataclasses.replace(spec, set={**spec.set, **setting}, levers={})
        if not args.no_progress:
            print(f"sa: lever setting {k + 1} of {len(settings)}: {setting}", file=sys.stderr)
        result = _analyse(sub, out / "levers" / f"{k:02d}_{label}", args, backend, workers)
        tables.append(result.indices.assign(**{n: str(v) for n, v in setting.items()}))
    path = make_output_folder(out) / "indices_by_lever.csv"
    combined = pd.concat(tables, ignore_index=True)
    front = list(spec.levers)
    combined[front + [c for c in combined.columns if c not in front]].to_csv(path, index=False)
    print(f"sa: {len(settings)} lever settings analysed; indices side by side in {path}")
    return 0


def _analyse(spec, out: Path, args: argparse.Namespace, backend: str, workers: int | None):
    """Plan, run and report one sensitivity analysis (one lever setting)."""
    from sim.experiments.sensitivity.model_runs import plan
    from sim.experiments.sensitivity.pipeline import run_sa
    from sim.experiments.sweep.folder import make_output_folder

    progress = not args.no_progress
    prepared = plan(spec, tuple(args.set))
    make_output_folder(out)
    if progress:
        print(
            f"sa: {spec.method}, n={spec.n}, {len(spec.parameters)} parameters, "
            f"{len(prepared.X)} sample points x {spec.replications} replications = "
            f"{prepared.n_runs} runs -> {out} ({backend} backend)",
            file=sys.stderr,
        )
    result = run_sa(
        spec,
        out,
        backend=backend,
        workers=workers,
        scheduler=args.scheduler,
        resume=args.resume,
        retry_failed=args.retry_failed,
        progress=progress,
        prepared=prepared,
    )
    from sim.reporting.figures.sensitivity import sa_figures

    sa_figures(result, out / "figures")
    main = result.indices[result.indices["index"] == result.main_index]
    print(
        f"sa: {main['output'].nunique()} outputs analysed ({len(result.skipped)} skipped); "
        f"{int(main['flagged'].sum())} of {len(main)} {result.main_index} indices have a CI "
        "half-width above 10% of their output's largest"
    )
    print(f"sa: summary {out / 'summary.md'}; tables {out / 'tables'}; figures {out / 'figures'}")
    return result
