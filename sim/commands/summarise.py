"""``phb-sim summarise DIR``: means and 95% CIs over replications of a stored sweep.

Writes ``summary.csv`` and ``summary.parquet`` (one row per condition, measure and group:
all families, quintiles Q1-Q5 and the distribution measures) and PNG plots to
``DIR/summary`` (or ``--out``), and prints the headline measures for all families.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "summarise",
        help="means and 95%% CIs over replications of a sweep, with plots",
        description="Summarise a sweep folder: per scenario / parameter point and resource "
        "quintile, the mean of each measure over replications with its 95% confidence "
        "interval; a table (CSV and Parquet) and PNG plots.",
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="a sweep output folder")
    p.add_argument("--out", type=Path, help="folder for the table and plots (default DIR/summary)")
    p.set_defaults(func=cmd_summarise)


def cmd_summarise(args: argparse.Namespace) -> int:
    from sim.analysis.measures import HEADLINE
    from sim.experiments.sweep.summary import warnings, write_summary

    if not args.dir.is_dir():
        raise InputError(
            f"{args.dir} is not a folder; allowed: a sweep output folder (see "
            "`phb-sim sweep --help`)",
            field="DIR",
        )
    from sim.reporting.figures import summary_figures

    table, files = write_summary(args.dir, args.out)
    for note in warnings(args.dir, table):
        print(f"summarise: warning: {note}", file=sys.stderr)
    if not table.empty:
        measures = [m for m in HEADLINE if m in set(table["measure"])] or list(
            dict.fromkeys(table["measure"])
        )[:8]
        files += summary_figures(table, files[0].parent, measures)
    if table.empty:
        print(f"summarise: {args.dir} has no finished runs yet")
        return 0
    head = table[(table["group"] == "all") & table["measure"].isin(HEADLINE)]
    if head.empty:
        head = table[table["group"] == "all"]
    width = max(len(c) for c in head["condition"])
    for measure, rows in head.groupby("measure", sort=False):
        print(measure)
        for r in rows.itertuples(index=False):
            print(
                f"  {r.condition:<{width}}  {r.mean:12.4g}  [{r.ci_low:.4g}, {r.ci_high:.4g}]"
                f"  n={r.n}"
            )
    print(f"summarise: wrote {len(files)} files to {files[0].parent}")
    return 0
