"""``phb-sim discover``: which conditions of a sweep lead to an outcome (PRIM), and which
parameters matter most for it (feature scoring).

    phb-sim discover SWEEP_DIR --output MEASURE[:GROUP] (--above X | --below X)
                     [--out DIR] [--min-coverage C] [--seed N]

Writes to ``--out`` (default ``SWEEP_DIR/discovery/<measure>-<group>-<above|below>-<X>``):
``peeling_trajectory.png`` and ``.csv`` (coverage against density of every box tried),
``box.csv`` (parameter, low, high, coverage, density of the chosen box), ``box.txt`` (the
box in plain words), ``feature_scores.csv`` and ``.png``. Needs the ``discover`` extra.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from sim.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "discover",
        help="scenario discovery: which conditions of a sweep lead to an outcome",
        description="PRIM scenario discovery over a sweep's varied parameters (EMA "
        "Workbench): the box of conditions where runs with the chosen outcome concentrate, "
        "its peeling trajectory (coverage against density), the box in plain words, and "
        "extra-trees feature scores of every varied parameter. See docs/SWEEPS.md.",
    )
    p.add_argument("dir", type=Path, metavar="SWEEP_DIR", help="a sweep output folder")
    p.add_argument(
        "--output",
        required=True,
        metavar="MEASURE[:GROUP]",
        help="the outcome, e.g. unmet_hours:Q1 (group all, Q1-Q5, gap, ratio, sii, "
        "conc_index; default all)",
    )
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--above", type=float, metavar="X", help="cases: runs with the outcome > X")
    side.add_argument("--below", type=float, metavar="X", help="cases: runs with the outcome < X")
    p.add_argument("--out", type=Path, help="output folder (default SWEEP_DIR/discovery/...)")
    p.add_argument(
        "--min-coverage",
        type=float,
        default=None,
        metavar="C",
        help="choose the densest box covering at least this share of the cases (default 0.7)",
    )
    p.add_argument(
        "--seed", type=int, default=1, help="seed of the extra-trees feature scoring (default 1)"
    )
    p.set_defaults(func=cmd_discover)


def cmd_discover(args: argparse.Namespace) -> int:
    import numpy as np

    from sim.analysis import discovery as ds
    from sim.analysis.measures import MEASURES
    from sim.experiments.discovery import discovery_data, parse_output, replications
    from sim.experiments.sweep.folder import make_output_folder
    from sim.reporting.figures import discovery as figures
    from sim.scenario.parameters import REGISTRY

    above = args.above is not None
    threshold = args.above if above else args.below
    if not math.isfinite(threshold):
        raise InputError(
            f"value {threshold} is not allowed; allowed: a finite number",
            field="--above" if above else "--below",
        )
    min_coverage = ds.MIN_COVERAGE if args.min_coverage is None else args.min_coverage
    if not 0 < min_coverage <= 1:
        raise InputError(
            f"value {min_coverage} is not allowed; allowed: a share in (0, 1]",
            field="--min-coverage",
        )
    if not 0 <= args.seed <= 2**32 - 1:
        raise InputError(f"value {args.seed} is not allowed; allowed: 0 to 2**32-1", field="--seed")
    if not args.dir.is_dir():
        raise InputError(
            f"{args.dir} is not a folder; allowed: a sweep output folder", field="SWEEP_DIR"
        )
    measure, group = parse_output(args.output)
    x, values = discovery_data(args.dir, measure, group)
    y = (values > threshold) if above else (values < threshold)
    y = y.to_numpy()
    side = "above" if above else "below"
    out = make_output_folder(
        args.out or args.dir / "discovery" / f"{measure}-{group}-{side}-{threshold:g}"
    )
    info = {m.name: m for m in MEASURES}.get(measure)
    name = (info.display or info.name) if info else measure
    unit = f" {info.unit}" if info else ""
    who = "all families" if group == "all" else group
    verb = "exceeds" if above else "is below"
    outcome = f"{name} ({who}) {verb} {threshold:g}{unit}"
    box = ds.find_box(x, y, min_coverage=min_coverage)
    units = {p: REGISTRY[p].unit for p in x.columns if p in REGISTRY}
    words = ds.box_words(box, outcome, units)
    scores = ds.feature_scores(x, y, args.seed)
    box.table().to_csv(out / "box.csv", index=False)
    box.trajectory.to_csv(out / "peeling_trajectory.csv", index=False)
    scores.to_csv(out / "feature_scores.csv", index=False)
    (out / "box.txt").write_text(words + "\n")
    reps = replications(args.dir)
    figures.peeling_trajectory(
        box.trajectory,
        box.chosen,
        out / "peeling_trajectory.png",
        f"PRIM: {outcome}",
        len(y),
        reps,
        int(np.sum(y)),
    )
    figures.feature_scores(
        scores, out / "feature_scores.png", f"Feature scores: {outcome}", len(y), reps
    )
    print(words)
    print("feature scores (extra-trees):")
    for r in scores.head(8).itertuples(index=False):
        print(f"  {r.parameter:40s} {r.score:6.3f}")
    print(f"discover: {int(np.sum(y))} of {len(y)} runs are cases; wrote {out}/")
    return 0
