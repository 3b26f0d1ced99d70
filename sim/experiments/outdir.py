"""The output-folder rule for ``run`` and ``compare``: never overwrite another command's work,
never leave stale files beside new ones.

A command may write into a folder that does not exist yet, an empty folder, or a folder it
wrote itself (which is then replaced whole, so `run --csv` followed by `run` leaves no old
CSVs). Anything else (a sweep, another command's folder, a folder of the user's own files)
is refused with a clear error before any work starts. A folder records its writer in a small
marker file; run folders written before the marker existed are recognised by their manifest.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from sim.errors import InputError
from sim.experiments.provenance import now, write_json

MARKER = ".phb-sim-output.json"
# What a sweep (or the runs folder of a sensitivity analysis) holds from its first byte.
SWEEP_SIGNS = ("runs.parquet", ".lock", "results", "status")


def writer_of(folder: Path) -> str | None:
    """The command that wrote ``folder`` ("run", "compare", "sweep"), or None if unknown."""
    marker = folder / MARKER
    if marker.is_file():
        try:
            kind = json.loads(marker.read_text()).get("kind")
        except (OSError, ValueError, AttributeError):
            return None
        return str(kind) if kind else None
    if any((folder / sign).exists() for sign in SWEEP_SIGNS):
        return "sweep"
    manifest = folder / "manifest.json"
    if manifest.is_file():  # a run folder from before the marker: its manifest says "run"
        try:
            command = json.loads(manifest.read_text()).get("command") or []
        except (OSError, ValueError, AttributeError):
            return None
        if len(command) > 1 and command[1] == "run" and "tables" in manifest.read_text():
            return "run"
    return None


def prepare(out: Path, kind: str, *, keep: bool = False, option: str = "--out") -> Path:
    """Make ``out`` ready for command ``kind`` to write, or refuse it (exit 2).

    ``keep`` leaves the command's own earlier folder in place (to resume it) instead of
    replacing it whole. Returns the folder, which exists and carries ``kind``'s marker.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(
            f"{out} is a file; allowed: a new folder, an empty one or one `phb-sim {kind}` "
            "wrote before",
            field=option,
        )
    if out.is_dir() and any(out.iterdir()):
        writer = writer_of(out)
        if writer != kind:
            what = (
                f"was written by `phb-sim {writer}`"
                if writer
                else "holds files phb-sim did not write"
            )
            raise InputError(
                f"{out} {what}; `phb-sim {kind}` will not write into it. Allowed: a new folder, "
                f"an empty one or one `phb-sim {kind}` wrote before (which it replaces whole)",
                field=option,
            )
        if not keep:
            print(f"phb-sim {kind}: replacing the earlier {kind} output in {out}", file=sys.stderr)
            _clear(out, option)
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / MARKER, {"kind": kind, "written": now()})
    except OSError as err:
        raise InputError(
            f"cannot write to {out} ({err.strerror or err}); allowed: a folder you can write",
            field=option,
        ) from None
    return out


def _clear(out: Path, option: str) -> None:
    """Remove everything in the command's own folder, so no stale file survives."""
    try:
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    except OSError as err:
        raise InputError(
            f"cannot replace {out} ({err.strerror or err}); allowed: a folder you can write",
            field=option,
        ) from None
