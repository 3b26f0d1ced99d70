"""The page's browser files, served from this machine: no request leaves it.

Solara's server hands the browser its JavaScript and CSS (the Vuetify app, RequireJS, Font
Awesome, Vega for the charts) from a local cache and, on a miss, fetches the file from a
public CDN. The ``solara-assets`` package (in the ``app`` extra) fills that cache at install
time; the Vega-Lite chart widget asks for ``vega@5``-style paths while the package holds
exact versions (``vega@5.21.0``), so ``offline_cache`` makes a cache folder that links both
names. The CDN address is pointed at a closed loopback port, so a file that is still missing
fails at once, on this machine, and shows as an error in the page's log instead of being
fetched from outside.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# The paths the browser asks for -> the versions solara-assets ships.
ALIASES = {
    "vega@5": "vega@5.21.0",
    "vega-lite@5": "vega-lite@5.2.0",
    "vega-embed@6": "vega-embed@6.20.2",
}
CLOSED_CDN = "http://127.0.0.1:9/npm/"  # the discard port: nothing listens there


def shipped_cache() -> Path:
    """Where solara-assets installs its copy of the CDN files."""
    return Path(sys.prefix) / "share" / "solara" / "cdn"


def offline_cache(target: Path | None = None) -> Path:
    """A cache folder linking the shipped files under the names the page asks for."""
    source = shipped_cache()
    target = target or Path(tempfile.gettempdir()) / f"phb-sim-solara-cdn-{os.getuid()}"
    target.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return target
    names = {entry.name: entry.name for entry in source.iterdir()}
    names.update({alias: real for alias, real in ALIASES.items() if real in names})
    for name, real in names.items():
        link, wanted = target / name, source / real
        if link.is_symlink() and link.readlink() != wanted:
            link.unlink()  # left by another installation, or dangling since it was removed
        if not link.is_symlink() and not link.exists():
            link.symlink_to(wanted, target_is_directory=True)
    return target


def serve_offline() -> Path:
    """Point solara's asset settings at the offline cache (before solara is imported)."""
    cache = offline_cache()
    os.environ.setdefault("SOLARA_ASSETS_PROXY_CACHE_DIR", str(cache))
    os.environ.setdefault("SOLARA_ASSETS_CDN", CLOSED_CDN)
    os.environ.setdefault("SOLARA_ASSETS_PROXY", "True")
    return cache
