"""The on-disk form of a sweep: a plan, a Parquet results dataset, run statuses and a manifest.

Layout of an output folder::

    manifest.json          provenance: spec, root seed, versions, git commit, sessions, counts
    runs.parquet           the plan: one row per run (seed, labels, the resolved scenario as JSON)
    results/part-N.parquet tidy rows of finished runs (run_id, replication, seed, labels,
                           measure, group, value)
    status/part-N.parquet  one row per attempted run (status, wall time, error, traceback)

Results and statuses are written together, a batch at a time, by the parent process only.
Every file is written under a temporary name and renamed, and a batch counts only once its
status part exists (the status part is renamed last), so a sweep killed at any instant
leaves no half file and no run counted twice: on resume, uncommitted result parts are
deleted and their runs are run again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from sim.errors import InputError
from sim.experiments.provenance import git_commit, now, package_versions, write_json
from sim.experiments.sweep.folder import (
    MANIFEST,
    PLAN,
    RESULTS_DIR,
    STATUS_DIR,
    folder_state,
    out_error,
    parts,
    read_manifest,
    set_aside_unreadable,
)
from sim.experiments.sweep.lease import Lease

FORMAT_VERSION = 1

# Columns every results row has besides its labels.
ID_COLUMNS = ("run_id", "replication", "seed")
VALUE_COLUMNS = ("measure", "group", "value")

STATUS_SCHEMA = pa.schema(
    [
        ("run_id", pa.int64()),
        ("status", pa.string()),
        ("wall_seconds", pa.float64()),
        ("started", pa.float64()),
        ("finished", pa.float64()),
        ("worker", pa.string()),
        ("error", pa.string()),
        ("traceback", pa.string()),
    ]
)


def _atomic_write_table(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def committed_result_files(out_dir: Path) -> list[Path]:
    """Result parts whose batch is committed (its status part exists), in write order."""
    status = parts(out_dir / STATUS_DIR)
    results = parts(out_dir / RESULTS_DIR)
    return [results[n] for n in sorted(results) if n in status]


def read_status_table(out_dir: Path) -> pd.DataFrame:
    """Every recorded attempt, in write order (a retried run has several rows)."""
    files = [p for _, p in sorted(parts(out_dir / STATUS_DIR).items())]
    if not files:
        return STATUS_SCHEMA.empty_table().to_pandas()
    return (
        pads.dataset([str(f) for f in files], schema=STATUS_SCHEMA, format="parquet")
        .to_table()
        .to_pandas()
    )


def latest_status(out_dir: Path) -> dict[int, str]:
    """``{run_id: status}`` of each run's last attempt ("ok" or "failed")."""
    files = [p for _, p in sorted(parts(out_dir / STATUS_DIR).items())]
    out: dict[int, str] = {}
    for f in files:
        t = pq.read_table(f, columns=["run_id", "status"])
        out.update(zip(t.column("run_id").to_pylist(), t.column("status").to_pylist(), strict=True))
    return out


def plan_fingerprint(plan: pa.Table) -> str:
    """A hash of the plan's content (ids, seeds, labels, scenarios): what 'the same sweep'
    means. Reads the dictionary-encoded JSON columns without expanding them per run."""
    h = hashlib.sha256()
    for name in ("run_id", "replication", "seed"):
        h.update(plan.column(name).combine_chunks().to_numpy().tobytes())
    for name in PLAN_EXTRA:
        column = plan.column(name).combine_chunks()
        h.update(column.indices.to_numpy().tobytes())
        for text in column.dictionary.to_pylist():
            if name == "scenario_json":
                text = _without_provenance(text)
            h.update(text.encode())
            h.update(b"\0")
    return h.hexdigest()


# Where a scenario's values came from (file paths as typed, "--set"): provenance, not what
# runs, so the same spec reached by another path is the same sweep.
PROVENANCE_KEYS = ("source", "origins")


def _without_provenance(text: str) -> str:
    data = json.loads(text)
    for key in PROVENANCE_KEYS:
        data.pop(key, None)
    return json.dumps(data, sort_keys=True)


@dataclass
class Batch:
    """Finished runs waiting to be written: result frames and status rows."""

    frames: list[pd.DataFrame]
    statuses: list[dict[str, Any]]
    opened: float

    @classmethod
    def empty(cls) -> Batch:
        return cls([], [], time.monotonic())


class Store:
    """One sweep's output folder, opened for writing by one process at a time."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.results_dir = self.out_dir / RESULTS_DIR
        self.status_dir = self.out_dir / STATUS_DIR
        self.manifest: dict[str, Any] = {}
        self.schema: pa.Schema | None = None
        self._next_part = 0
        self._locked = False
        self._lease: Lease | None = None

    # ------------------------------------------------------------------ opening
    def open(
        self,
        plan: pa.Table,
        *,
        resume: bool,
        meta: Mapping[str, Any] | None,
        session: Mapping[str, Any],
    ) -> None:
        """Create the folder or reopen it for resuming; refuse anything ambiguous.

        A fresh sweep needs an empty (or absent) folder, or one left by a sweep killed
        before its manifest was written; resuming needs the same plan as the one stored,
        so a changed spec cannot silently mix two experiments. Everything is decided
        while holding the folder's lease, so two sweeps started together cannot both write.
        """
        out = self.out_dir
        fingerprint = plan_fingerprint(plan)
        self.check(resume=resume)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise out_error(out, err) from None
        self._lock()
        code = {"versions": package_versions(), "git_commit": git_commit()}
        try:
            exists = self.check(resume=resume)  # again: another writer may have finished
            if exists:
                self.manifest = read_manifest(out)
                if self.manifest.get("plan_fingerprint") != fingerprint:
                    raise InputError(
                        f"{out} holds a different sweep (its runs, seeds or parameters differ "
                        "from this spec and its --set values); resume it with the same spec "
                        "or choose another --out",
                        field="--out",
                    )
                self._clean_uncommitted()
                set_aside_unreadable(out)
            else:
                self._clear_remnants()
                self.results_dir.mkdir()
                self.status_dir.mkdir()
                _atomic_write_table(out / PLAN, plan)
                self.manifest = {
                    "format": FORMAT_VERSION,
                    "created": now(),
                    "command": sys.argv,
                    "n_runs": plan.num_rows,
                    "plan_fingerprint": fingerprint,
                    **code,
                    **(dict(meta) if meta else {}),
                    "sessions": [],
                }
            self.schema = results_schema(pq.read_schema(out / PLAN))
            numbers = set(parts(self.results_dir)) | set(parts(self.status_dir))
            self._next_part = max(numbers, default=-1) + 1
            self.manifest.setdefault("sessions", []).append(
                {
                    **session,
                    "started": now(),
                    "ended": None,
                    **code,  # a resumed sweep may run on other code: every session records it
                }
            )
            self.write_manifest()
        except BaseException:
            self.release()
            raise

    def check(self, *, resume: bool) -> bool:
        """Refuse a folder that is not empty (without resume) or not a sweep folder;
        returns whether it holds a sweep already. Changes nothing on disk.

        A folder holding only what a sweep writes before its manifest (the lock, the lease,
        the runs table, empty results/ and status/) is a sweep killed while starting: it
        counts as empty, so the same command simply starts it again.
        """
        out = self.out_dir
        if out.exists() and not out.is_dir():
            raise InputError(
                f"{out} is a file, not a folder; allowed: a new or empty folder, or a sweep "
                "folder with --resume",
                field="--out",
            )
        state = folder_state(out)
        if state == "sweep" and not resume:
            raise InputError(
                f"output folder {out} is not empty: it holds a sweep; add --resume to finish it, "
                "or choose another --out",
                field="--out",
            )
        if state == "other":
            raise InputError(
                f"{out} is not empty and holds no {MANIFEST}, so it is not a "
                "sweep folder to resume; choose another --out",
                field="--out",
            )
        return state == "sweep"

    def _lock(self) -> None:
        """Refuse a second writer on the same folder (see sim.experiments.sweep.lease)."""
        self._lease = Lease(self.out_dir)
        try:
            self._lease.acquire()
        except OSError as err:
            raise out_error(self.out_dir, err) from None
        self._locked = True

    def release(self) -> None:
        if self._locked:
            self._lease.release()
            self._locked = False

    def _clear_remnants(self) -> None:
        """Remove what a sweep killed before its manifest left (see :meth:`check`)."""
        (self.out_dir / PLAN).unlink(missing_ok=True)
        for folder in (self.results_dir, self.status_dir):
            if folder.is_dir():
                for tmp in folder.glob(".*.tmp"):
                    tmp.unlink(missing_ok=True)
                folder.rmdir()
        for tmp in self.out_dir.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)

    def _clean_uncommitted(self) -> None:
        """Delete temporary files and result parts whose batch never got its status part."""
        for folder in (self.out_dir, self.results_dir, self.status_dir):
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)
        status = parts(self.status_dir)
        for n, path in parts(self.results_dir).items():
            if n not in status:
                path.unlink()

    # ------------------------------------------------------------------ writing
    def write_batch(self, batch: Batch) -> None:
        """Write one batch of finished runs: results part first, then the status part."""
        if not batch.statuses:
            return
        n = self._next_part
        self._next_part += 1
        name = f"part-{n:06d}.parquet"
        if batch.frames:
            rows = pd.concat(batch.frames, ignore_index=True).reindex(columns=self.schema.names)
            table = pa.Table.from_pandas(rows, schema=self.schema, preserve_index=False)
            _atomic_write_table(self.results_dir / name, table)
        status = pa.Table.from_pylist(batch.statuses, schema=STATUS_SCHEMA)
        _atomic_write_table(self.status_dir / name, status)
        batch.frames.clear()  # written: writing the same batch again is a no-op
        batch.statuses.clear()

    def write_manifest(self) -> None:
        write_json(self.out_dir / MANIFEST, self.manifest)

    def close(self, summary: Mapping[str, Any]) -> None:
        """Record the session's end and the folder's status counts, then unlock."""
        try:
            self.manifest["sessions"][-1].update({"ended": now(), **summary})
            counts = pd.Series(list(latest_status(self.out_dir).values()), dtype=object)
            self.manifest["status_counts"] = {
                str(k): int(v) for k, v in counts.value_counts().items()
            }
            self.manifest["complete"] = (
                self.manifest["status_counts"].get("ok", 0) == self.manifest["n_runs"]
            )
            self.write_manifest()
        finally:
            self.release()


def results_schema(plan_schema: pa.Schema) -> pa.Schema:
    """Results columns: ids, the plan's label columns (same types), then measure/group/value."""
    fields = [plan_schema.field(c) for c in ID_COLUMNS]
    fields += [plan_schema.field(c) for c in label_columns(plan_schema)]
    fields += [
        pa.field("measure", pa.string()),
        pa.field("group", pa.string()),
        pa.field("value", pa.float64()),
    ]
    return pa.schema(fields)


PLAN_EXTRA = ("labels_json", "scenario_json")


def label_columns(plan_schema: pa.Schema) -> list[str]:
    return [n for n in plan_schema.names if n not in ID_COLUMNS and n not in PLAN_EXTRA]


def plan_table(
    *,
    ids: Sequence[int],
    replications: Sequence[int],
    seeds: Sequence[int],
    labels: Sequence[Mapping[str, Any]],
    labels_json: tuple[Sequence[int], Sequence[str]],
    scenario_json: tuple[Sequence[int], Sequence[str]],
) -> pa.Table:
    """The runs table: ids, seed, one column per label, and JSON of labels and scenario.

    Label columns get one type across the whole sweep (decided here from all runs), so every
    results part written later has the same schema. The JSON columns are dictionary
    encoded, given as (index per run, distinct texts): one copy of each text in memory and
    on disk however many runs share it.
    """
    lab = pd.DataFrame(list(labels), index=range(len(ids)))
    lab = lab.drop(
        columns=[c for c in lab.columns if c in ID_COLUMNS or c in PLAN_EXTRA or c in VALUE_COLUMNS]
    )
    for col in lab.columns:
        if lab[col].dtype == object:
            with contextlib.suppress(pa.ArrowInvalid, pa.ArrowTypeError):
                pa.array(lab[col])
                continue
            lab[col] = lab[col].map(lambda v: None if v is None else str(v))
    table = pa.table(
        {
            "run_id": pa.array(ids, pa.int64()),
            "replication": pa.array(replications, pa.int64()),
            "seed": pa.array(seeds, pa.uint64()),
        }
    )
    label_table = pa.Table.from_pandas(lab, preserve_index=False)
    for name, column in zip(label_table.column_names, label_table.columns, strict=True):
        table = table.append_column(name, column)
    for name, (index, texts) in (("labels_json", labels_json), ("scenario_json", scenario_json)):
        column = pa.DictionaryArray.from_arrays(
            pa.array(index, pa.int32()), pa.array(texts, pa.string())
        )
        table = table.append_column(name, column)
    return table
