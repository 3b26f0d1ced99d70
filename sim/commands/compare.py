"""``phb-sim compare``: support options side by side, and a report a commissioner can read.

    phb-sim compare SCENARIO SCENARIO... [--comparator NAME] [--replications R] [--seed S]
                    [--set GROUP.KEY=VALUE ...] [--ensemble NAME] [--backend ...] [--out DIR]
                    [--pdf]

Every option runs with the same seeds (common random numbers) through the sweep engine
(parallel, resumable with --resume); the folder gets tidy tables (``tables/``), the figures
(``figures/``), ``report.html`` (one self-contained file) and, with --pdf, ``report.pdf``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sim.commands.run import DEFAULT_SEED
from sim.commands.sweep import add_backend_arguments, backend_from_args
from sim.errors import InputError
from sim.scenario import add_set_argument

DEFAULT_REPLICATIONS = 10
DEFAULT_ROOT = Path("results") / "compare"
MAX_REPLICATIONS = 10_000


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "compare",
        help="compare support options side by side and write a report (HTML, optional PDF)",
        description="Run two or more scenarios (the options) with common random numbers and "
        "write tidy tables, figures and report.html: who carries the care, differences "
        "against the comparator with 95% intervals, value, what drives the differences, "
        "assumptions, checklists and how to reproduce it.",
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="two or more scenario files or library names (e.g. arrangements/commissioned)",
    )
    p.add_argument(
        "--comparator",
        metavar="NAME",
        help="the option the others are compared with (default: the first)",
    )
    p.add_argument(
        "--replications",
        "-r",
        type=int,
        default=DEFAULT_REPLICATIONS,
        help=f"replications per option (default {DEFAULT_REPLICATIONS})",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"root seed, the same for every option (default {DEFAULT_SEED})",
    )
    p.add_argument(
        "--out", type=Path, help=f"output folder (default {DEFAULT_ROOT}/<first>-vs-<second>...)"
    )
    p.add_argument(
        "--ensemble",
        metavar="NAME",
        help="each replication takes a calibrated member's values, the same for every option "
        "(scenarios/calibrated/NAME), so intervals include parameter uncertainty",
    )
    p.add_argument("--pdf", action="store_true", help="also write report.pdf (headless Chromium)")
    add_backend_arguments(p, "comparison")
    add_set_argument(p)
    p.set_defaults(func=cmd_compare)


def _options(args: argparse.Namespace):
    from sim.experiments.compare import make_options
    from sim.scenario import load_scenario

    if len(args.scenarios) < 2:
        raise InputError(
            f"got one option ({args.scenarios[0]}); allowed: two or more scenarios to compare",
            field="SCENARIO",
        )
    if len(set(args.scenarios)) != len(args.scenarios):
        raise InputError(
            "the same scenario is given twice; allowed: distinct scenarios", field="SCENARIO"
        )
    if not 2 <= args.replications <= MAX_REPLICATIONS:
        raise InputError(
            f"value {args.replications} is not allowed; allowed: 2 to {MAX_REPLICATIONS} "
            "(paired intervals need at least two replications)",
            field="--replications",
        )
    if not 0 <= args.seed < 2**63:
        raise InputError(f"value {args.seed} is not allowed; allowed: 0 to 2**63-1", field="--seed")
    options = make_options([load_scenario(s, args.set or ()) for s in args.scenarios])
    names = [o.label for o in options]
    comparator = names[0]
    if args.comparator is not None:
        match = [
            o.label
            for o, given in zip(options, args.scenarios, strict=True)
            if args.comparator in (o.label, o.scenario.name, given)
        ]
        if not match:
            raise InputError(
                f"{args.comparator!r} is not one of the options; allowed: "
                + ", ".join(repr(n) for n in names),
                field="--comparator",
            )
        comparator = match[0]
    return options, comparator


def _slug(options) -> str:
    """The default folder name: every option's name (shortened with a digest when long, so
    two different comparisons never share a folder)."""
    import hashlib

    names = [o.scenario.name.rsplit("/", 1)[-1] for o in options]
    slug = "-vs-".join(names)
    if len(slug) <= 80:
        return slug
    digest = hashlib.sha1("|".join(o.scenario.name for o in options).encode()).hexdigest()[:8]
    return f"{names[0]}-vs-{names[1]}-and-{len(names) - 2}-more-{digest}"


def cmd_compare(args: argparse.Namespace) -> int:
    from sim.experiments import compare as cmp
    from sim.experiments.outdir import prepare
    from sim.experiments.provenance import base_manifest, now, write_json
    from sim.reporting.report import build_report

    options, comparator = _options(args)
    ensemble = None
    if args.ensemble:
        from sim.experiments.ensemble import load_ensemble

        ensemble = load_ensemble(args.ensemble)
    backend, workers = backend_from_args(args)
    if args.pdf:
        from sim.reporting.browser import require_chromium

        require_chromium()  # before the runs, not after them
    out = prepare(
        args.out or DEFAULT_ROOT / _slug(options), "compare", keep=args.resume or args.retry_failed
    )
    started, t0 = now(), time.perf_counter()
    meta = {
        "options": [o.label for o in options],
        "scenarios": [o.scenario.name for o in options],
        "comparator": comparator,
        "root_seed": args.seed,
        "replications": args.replications,
        "common_random_numbers": True,
        "ensemble": ensemble.name if ensemble is not None else None,
        "ensemble_members": ensemble.draw(args.seed, args.replications) if ensemble else None,
        "set_overrides": list(args.set or ()),
    }
    report = cmp.run(
        options,
        out,
        seed=args.seed,
        replications=args.replications,
        ensemble=ensemble,
        resume=args.resume,
        retry_failed=args.retry_failed,
        progress=not args.no_progress,
        meta=meta,
        backend=backend,
        workers=workers,
        scheduler=args.scheduler,
    )
    if not report.complete or report.failed:
        print(report.summary())
        print("compare: not every run finished; finish them with --resume (or --retry-failed)")
        return 1
    tables = cmp.tables(out, [o.label for o in options], comparator)
    files = cmp.write_tables(tables, out)
    manifest = {
        **base_manifest(),
        **meta,
        "seeds": sorted(set(int(s) for s in tables.results["seed"])),
        "scenario_files": {o.label: o.scenario.source for o in options},
        "started": started,
        "wall_seconds_runs": round(report.wall_seconds, 3),
    }
    html, pdf = build_report(tables, options, manifest, out, pdf=args.pdf)
    manifest.update(
        finished=now(),
        wall_seconds=round(time.perf_counter() - t0, 3),
        tables=[str(f.relative_to(out)) for f in files],
        report=[p.name for p in (html, pdf) if p is not None],
    )
    write_json(out / "manifest.json", manifest)
    print(report.summary())
    print(f"compare: wrote {html}" + (f" and {pdf}" if pdf else ""))
    return 0
