"""Headless Chromium: print a report to PDF, or render it to an image, fully offline.

Chromium is started with a fresh profile, no network (every host name resolves nowhere, so
a report that reached outside itself would log a failed load) and the switches that keep a
headless browser quiet and self-contained on a server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sim.errors import InputError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
TIMEOUT = 120


def find_chromium() -> str | None:
    """The Chromium executable (``PHB_SIM_CHROMIUM`` wins), or None when none is installed."""
    given = os.environ.get("PHB_SIM_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """The Chromium executable, or a clear error saying how to get one."""
    exe = find_chromium()
    if exe is None:
        raise InputError(
            "a PDF needs headless Chromium and none is installed; allowed: install the "
            "Debian package `chromium` (or set PHB_SIM_CHROMIUM to its path), or leave "
            "out --pdf and print report.html from a browser",
            field="--pdf",
        )
    return exe


def _run(page: Path, extra: list[str]) -> subprocess.CompletedProcess:
    exe = require_chromium()
    with tempfile.TemporaryDirectory(prefix="phb-sim-chromium-") as profile:
        cmd = [
            exe,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            Path(page).resolve().as_uri(),
        ]
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(
                f"headless Chromium did not finish within {TIMEOUT} s", field="--pdf"
            ) from None


def print_pdf(page: Path, pdf: Path) -> Path:
    """Print ``page`` to ``pdf`` (A4, from the page's print CSS, no header or footer)."""
    pdf = Path(pdf).resolve()
    pdf.unlink(missing_ok=True)
    done = _run(page, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"])
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise InputError(
            f"headless Chromium wrote no PDF (exit {done.returncode}): "
            f"{done.stderr.strip()[-400:]}",
            field="--pdf",
        )
    return pdf


# Log lines that are about the page (console messages, failed or refused loads), as opposed
# to the browser's own noise on a server without a desktop (D-Bus, GPU, screensaver).
PAGE_SIGNS = ("CONSOLE", "net::ERR", "Failed to load", "Refused to", "Not allowed to load")


def page_errors(log: str) -> list[str]:
    """The lines of a Chromium log that report a problem with the page itself."""
    return [line for line in log.splitlines() if any(sign in line for sign in PAGE_SIGNS)]


def screenshot(page: Path, png: Path, width: int = 1000, height: int = 1400) -> str:
    """Render ``page`` to ``png``; returns Chromium's log (console messages included)."""
    png = Path(png).resolve()
    done = _run(page, [f"--screenshot={png}", f"--window-size={width},{height}"])
    return done.stderr
