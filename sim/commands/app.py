"""``phb-sim app``: the interactive page (sim.app) served by solara on this machine.

The page binds the loopback address unless ``--host`` says otherwise, so it is not
reachable from the network by accident. It needs the ``app`` extra
(``pip install -e '.[app]'``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import warnings

from sim.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
PAGE = "sim.app.app"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "app",
        help="open the interactive page: levers, live views and a family inspector",
        description="Serve the interactive page (Mesa's SolaraViz parts over the model): "
        "controls for the levers, live views of who carries the care, unmet need, strain "
        "and the PA workforce, and a family inspector. Open the address it prints.",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.set_defaults(func=cmd_app)


def cmd_app(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"{args.port} is not a port; allowed: 1 to 65535", field="--port")
    if importlib.util.find_spec("solara") is None:
        raise InputError(
            "the page needs solara, which is not installed; allowed: install the app extra "
            "with `pip install -e '.[app]'` (or `make .venv/.installed`)",
            field="app",
        )
    # Solara reports usage to an outside service unless told not to; the page stays local,
    # and so do the browser files it serves (sim.app.assets).
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from sim.app.assets import serve_offline

    serve_offline()
    # On a numeric loopback address solara explains at every page load that it cannot use
    # cross-site cookies over http (only needed when the page is embedded elsewhere).
    warnings.filterwarnings("ignore", message="Cookies with samesite=none", category=UserWarning)
    from solara.__main__ import cli as solara_cli

    print(f"phb-sim app: serving the page at http://{args.host}:{args.port}/ (Ctrl-C stops)")
    solara_cli.main(
        args=[
            "run",
            PAGE,
            "--host",
            args.host,
            "--port",
            str(args.port),
            "--production",
            "--no-open",
            "--log-level",
            "warning",
        ],
        prog_name="phb-sim app",
        standalone_mode=False,
    )
    return 0
