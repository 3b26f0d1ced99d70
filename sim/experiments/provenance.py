"""Provenance for every output folder: what was run, with which code, seeds and versions."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "phb-sim",
    "mesa",
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "SALib",
    "matplotlib",
    "pyyaml",
    "dask",
    "distributed",
)


def package_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit() -> str | None:
    """The commit of the source tree the package runs from, if it is a git checkout."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        dirty = subprocess.run(
            ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def base_manifest() -> dict[str, Any]:
    """What every manifest starts with: the command (by its name, not its install path),
    package versions, the git commit and the platform."""
    command = [Path(sys.argv[0]).name, *sys.argv[1:]] if sys.argv else []
    return {
        "command": command,
        "versions": package_versions(),
        "git_commit": git_commit(),
        "platform": platform.platform(),
    }


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temp file then rename), so a crash never leaves half a file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str, sort_keys=False))
    tmp.replace(path)
