"""What a sweep output folder holds, and whether one can be written: the layout's names,
the state of a folder (empty, a sweep, something else), its manifest read safely, broken
parts set aside, and output folders created with a clear refusal when they cannot be.

The store (sim.experiments.sweep.store) writes folders; this module is what it and the
commands that read folders (summarise, discover, run --from-sweep) share.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sim.errors import InputError
from sim.experiments.sweep.lease import LEASE, LOCK

MANIFEST = "manifest.json"
PLAN = "runs.parquet"
RESULTS_DIR = "results"
STATUS_DIR = "status"


def _part_number(path: Path) -> int:
    return int(path.stem.split("-", 1)[1])


def parts(folder: Path) -> dict[int, Path]:
    """The ``part-N.parquet`` files of a results or status folder by their number N."""
    if not folder.is_dir():
        return {}
    return {_part_number(p): p for p in folder.glob("part-*.parquet")}


def folder_state(out_dir: Path) -> str:
    """What ``out_dir`` holds: "empty" (absent, empty, or a sweep killed before its
    manifest), "sweep" (a manifest) or "other" (anything else)."""
    if not out_dir.is_dir():
        return "empty"
    names = {p.name for p in out_dir.iterdir()}
    if MANIFEST in names:
        return "sweep"
    names -= {LOCK, LEASE, PLAN}
    names = {n for n in names if not (n.startswith(".") and n.endswith(".tmp"))}
    for folder in (RESULTS_DIR, STATUS_DIR):
        if folder in names and not any(
            not (p.name.startswith(".") and p.name.endswith(".tmp"))
            for p in (out_dir / folder).iterdir()
        ):
            names.discard(folder)
    return "other" if names else "empty"


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The folder's manifest; a missing, truncated or corrupt one is refused by name."""
    path = Path(out_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path.parent} has no {MANIFEST}", file=str(path)) from None
    except (OSError, ValueError) as err:
        raise InputError(
            f"the manifest cannot be read ({type(err).__name__}: {err}); it is truncated or "
            "corrupt, so this folder cannot be resumed safely; start the sweep in a new --out",
            file=str(path),
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("sessions", []), list):
        raise InputError(
            "the manifest is not a sweep manifest (a JSON object with sessions); start the "
            "sweep in a new --out",
            file=str(path),
        )
    return data


def _set_aside(path: Path) -> None:
    """Rename a broken part so no reader picks it up, keeping it for inspection."""
    os.replace(path, path.with_name(path.name + ".unreadable"))


def make_output_folder(path: Path, field: str = "--out") -> Path:
    """Create an output folder, refusing a file, a path under a file or an unwritable
    place with a clear message rather than a traceback."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path} is a file; allowed: a folder to write into", field=field)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test.{os.getpid()}.tmp"
        probe.touch()
        probe.unlink()
    except OSError as err:
        raise out_error(path, err, field) from None
    return path


def out_error(out: Path, err: OSError, field: str = "--out") -> InputError:
    return InputError(
        f"cannot write the output folder {out} ({err.strerror or err}); allowed: a folder "
        "that can be created and written",
        field=field,
    )


def set_aside_unreadable(out_dir: Path) -> list[int]:
    """Check every committed batch against its results and set aside what is broken.

    A status part that cannot be read is renamed ``*.unreadable`` (with its results
    part): its runs count as not run. A results part that is missing, unreadable or
    lacks a run its status part calls finished is renamed too (when present) and its
    batch's status part likewise, so those runs are run again. Returns the ids of the
    runs that must be run again.
    """
    lost: list[int] = []
    results = parts(Path(out_dir) / RESULTS_DIR)
    for n, status_path in sorted(parts(Path(out_dir) / STATUS_DIR).items()):
        try:
            status = pq.read_table(status_path, columns=["run_id", "status"])
        except (OSError, pa.ArrowException):
            _set_aside(status_path)
            if n in results:
                _set_aside(results[n])
            continue
        ok = {
            r
            for r, s in zip(
                *(status.column(c).to_pylist() for c in ("run_id", "status")), strict=True
            )
            if s == "ok"
        }
        if not ok:
            continue
        found: set[int] = set()
        if n in results:
            try:
                found = set(pq.read_table(results[n], columns=["run_id"]).column(0).to_pylist())
            except (OSError, pa.ArrowException):
                found = set()
        if ok - found:
            lost.extend(sorted(ok))
            _set_aside(status_path)
            if n in results:
                _set_aside(results[n])
    return lost
