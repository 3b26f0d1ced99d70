"""The ``phb-sim`` command: one entry point, one module per subcommand in ``sim.commands``.

Bad input of any kind (scenario, spec, option) ends in one clear message and exit code 2,
never a traceback; an interrupted command exits 130 after saving what has finished.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from sim import __version__
from sim.errors import EXIT_BAD_INPUT, InputError

# Each module defines ``register(subparsers)``, which adds its parser and sets ``func``.
COMMAND_MODULES = (
    "run",
    "scenarios",
    "sweep",
    "summarise",
    "sa",
    "discover",
    "compare",
    "value",
    "app",
    "calibrate",
    "validation",
    "sa_results",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phb-sim",
        description="Agent-based model of Personal Health Budgets for children with "
        "complex medical needs: who carries the care, the risk and the cost.",
    )
    parser.add_argument("--version", action="version", version=f"phb-sim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"sim.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except InputError as err:
        print(f"phb-sim: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("phb-sim: interrupted; finished runs are kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
