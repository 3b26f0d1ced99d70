"""``phb-sim value``: the value of an option against a comparator, and its validation.

    phb-sim value compare arrangements/direct_payment_supported -r 5
    phb-sim value validate --out docs/VALIDATION.md

``compare`` runs both scenarios with the same seeds and prints incremental costs by
perspective (the ICB's beside the families' and the societal), incremental QALYs, net
monetary benefit at £20k and £30k per QALY, overall and by resource quintile, and the
distributional view; ``--out`` also writes the tidy tables. ``validate`` rewrites the pilot
section of docs/VALIDATION.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.commands.run import DEFAULT_SEED
from sim.errors import InputError
from sim.scenario import add_set_argument

DEFAULT_COMPARATOR = "arrangements/commissioned"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "value",
        help="incremental costs, QALYs and net benefit of an option; pilot validation",
        description="Value analysis: an option against a comparator (commissioned care by "
        "default) over paired replications, or the validation against the PHB pilot.",
    )
    inner = parser.add_subparsers(dest="value_command", required=True, metavar="ACTION")
    cmp_ = inner.add_parser("compare", help="an option against a comparator")
    cmp_.add_argument("option", help="scenario file or library name")
    cmp_.add_argument(
        "--comparator", default=DEFAULT_COMPARATOR, help=f"default {DEFAULT_COMPARATOR}"
    )
    cmp_.add_argument("--replications", "-r", type=int, default=5, help="default 5")
    cmp_.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    cmp_.add_argument("--out", type=Path, help="folder for increments.csv and levels.csv")
    add_set_argument(cmp_)
    cmp_.set_defaults(func=cmd_compare)

    val = inner.add_parser("validate", help="rewrite the pilot section of docs/VALIDATION.md")
    val.add_argument("--out", type=Path, default=Path("docs/VALIDATION.md"))
    val.add_argument("--families", type=int, default=1000, help="default 1000")
    val.add_argument("--replications", "-r", type=int, default=5, help="default 5")
    val.add_argument("--seed", type=int, default=2012, help="default 2012")
    add_set_argument(val)
    val.set_defaults(func=cmd_validate)


def _check_replications(n: int) -> None:
    if n < 2:
        raise InputError(
            f"--replications must be at least 2 for intervals, got {n}", field="--replications"
        )


def cmd_compare(args: argparse.Namespace) -> int:
    from sim.analysis.value import compare, comparison_lines
    from sim.experiments.runner import replicate
    from sim.scenario import load_scenario

    _check_replications(args.replications)
    tables = []
    for name in (args.option, args.comparator):
        scenario = load_scenario(name, args.set)
        tables.append([r.families for _, r in replicate(scenario, args.seed, args.replications)])
    # The option's inequality aversion (a run-level parameter, the same for both sides).
    result = compare(*tables, epsilon=scenario.params["value.atkinson_epsilon"])
    print("\n".join(comparison_lines(result, args.option, args.comparator)))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        result.table.to_csv(args.out / "increments.csv", index=False)
        result.levels.to_csv(args.out / "levels.csv", index=False)
        print(f"value: wrote increments.csv and levels.csv to {args.out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.experiments.value_validation import (
        PilotSettings,
        pilot_comparison,
        render_pilot_section,
        write_pilot_section,
    )

    _check_replications(args.replications)
    if args.families < 50:
        raise InputError(f"--families must be at least 50, got {args.families}", field="--families")
    settings = PilotSettings(families=args.families, replications=args.replications, seed=args.seed)
    comparison = pilot_comparison(settings, tuple(args.set))
    write_pilot_section(args.out, render_pilot_section(comparison, settings))
    for r in comparison.rows:
        print(f"{r.lands:>9}  {r.figure}: model {r.model}; target {r.target}")
    print(f"value: wrote the pilot comparison to {args.out}")
    return 0
