"""One writer per output folder, on one machine or across a cluster's shared file system.

Two layers, because neither is enough alone:

* an OS lock (``filelock``) on ``.lock``: the kernel releases it when its holder dies, so a
  killed sweep never leaves a stale lock on this machine, and two processes started
  together cannot both take it;
* a lease record ``.lease.json`` (host, pid, heartbeat time), rewritten atomically every
  ``HEARTBEAT_SECONDS`` while the folder is held. Locks do not reliably cross hosts on
  network file systems, so a record written by another host is honoured until its
  heartbeat is older than ``LEASE_SECONDS``; one written on this host is honoured while its
  process lives.

The record is written whole under a temporary name and renamed, so a reader never finds it
empty or half written.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

from filelock import FileLock, Timeout

from sim.errors import InputError

LOCK = ".lock"
LEASE = ".lease.json"
HEARTBEAT_SECONDS = 10.0
LEASE_SECONDS = 120.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lease(folder: Path) -> dict | None:
    """The lease record in ``folder``, or None when there is none or it cannot be read."""
    try:
        record = json.loads((Path(folder) / LEASE).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


class Lease:
    """Hold ``folder`` for writing: ``acquire()`` refuses if another writer holds it."""

    def __init__(
        self,
        folder: Path,
        *,
        heartbeat: float = HEARTBEAT_SECONDS,
        lease: float = LEASE_SECONDS,
    ) -> None:
        self.folder = Path(folder)
        self.heartbeat = heartbeat
        self.lease = lease
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self._lock = FileLock(self.folder / LOCK, timeout=0)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            record = read_lease(self.folder) or {}
            raise InputError(
                f"another sweep ({_who(record)}) is writing to {self.folder}; wait for it "
                "or choose another --out",
                field="--out",
            ) from None
        try:
            self._check_record()
            self._write()
        except BaseException:
            self._lock.release()
            raise
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name="sweep-lease", daemon=True)
        self._thread.start()

    def _check_record(self) -> None:
        """Refuse a live lease left by a writer the OS lock cannot see (another host)."""
        record = read_lease(self.folder)
        if not record:
            return
        host, pid = record.get("host"), record.get("pid")
        beat = record.get("heartbeat")
        if host == self.host:
            if isinstance(pid, int) and pid != self.pid and _alive(pid):
                raise InputError(
                    f"another sweep ({_who(record)}) is writing to {self.folder}; wait for "
                    "it or choose another --out",
                    field="--out",
                )
            return
        age = time.time() - beat if isinstance(beat, int | float) else float("inf")
        if age < self.lease:
            raise InputError(
                f"another sweep ({_who(record)}) holds {self.folder}: its last heartbeat "
                f"was {age:.0f} s ago and its lease lasts {self.lease:.0f} s; wait for it "
                f"(or, if that host is down, until the lease expires) or choose another --out",
                field="--out",
            )

    def _write(self) -> None:
        record = {"host": self.host, "pid": self.pid, "heartbeat": time.time()}
        tmp = self.folder / f".{LEASE}.{self.pid}.tmp"
        tmp.write_text(json.dumps(record))
        os.replace(tmp, self.folder / LEASE)

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat):
            try:
                self._write()
            except OSError:  # a full or vanished disk: the writer itself will fail loudly
                return

    def release(self) -> None:
        if not self.held:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        record = read_lease(self.folder) or {}
        if record.get("host") == self.host and record.get("pid") == self.pid:
            (self.folder / LEASE).unlink(missing_ok=True)
        self._lock.release()


def _who(record: dict) -> str:
    if not record:
        return "its lease record is not written yet"
    return f"host {record.get('host')}, pid {record.get('pid')}"


def current_holder(folder: Path, lease: float = LEASE_SECONDS) -> dict | None:
    """Who is writing to ``folder`` now (its lease record, possibly empty), or None.

    For readers such as ``summarise``: the OS lock says whether a process here holds it,
    the record whether a live lease from another host does.
    """
    folder = Path(folder)
    if not (folder / LOCK).exists():
        return None
    probe = FileLock(folder / LOCK, timeout=0)
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return read_lease(folder) or {}
    except OSError:  # a read-only folder: only the record can tell
        pass
    else:
        probe.release()
    record = read_lease(folder)
    if not record or record.get("host") == socket.gethostname():
        return None
    beat = record.get("heartbeat")
    age = time.time() - beat if isinstance(beat, int | float) else float("inf")
    return record if age < lease else None
