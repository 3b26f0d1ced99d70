"""Faults a researcher on a shared machine or cluster can cause: kills at awkward moments,
two writers on one folder, a lock from another host, a spec reached by another path, lost
or broken parts, a parent killed under its workers. Each is reproduced for real (files in
the states a kill leaves, subprocesses, SIGKILL) and bounded to a few seconds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from filelock import FileLock
from test_sweep_engine import fake_run, make_runs

from sim.errors import InputError
from sim.experiments.sweep import lease as ls
from sim.experiments.sweep import store as st
from sim.experiments.sweep.engine import execute, read_results
from sim.experiments.sweep.spec import load_spec

TESTS = Path(__file__).resolve().parent


def _run(runs, out, **kw):
    return execute(runs, out, backend="serial", run_fn=fake_run, progress=False, **kw)


def _rows(out):
    return read_results(out).sort_values(["run_id", "measure", "group"], ignore_index=True)


# ----------------------------------------------------------------- fault 1
@pytest.mark.parametrize("left", [(".lock",), (".lock", "runs.parquet"), ("runs.parquet",)])
@pytest.mark.parametrize("resume", [False, True])
def test_a_sweep_killed_while_starting_is_started_again(tmp_path, left, resume):
    runs = make_runs(n_points=2, reps=1)
    _run(runs, tmp_path / "whole")
    out = tmp_path / "killed"
    out.mkdir()
    for name in left:  # exactly what a kill before the manifest leaves
        if name == "runs.parquet":
            (out / name).write_bytes((tmp_path / "whole" / name).read_bytes())
        else:
            (out / name).touch()
    (out / "results").mkdir()
    report = _run(runs, out, resume=resume)
    assert report.complete and report.done == len(runs)
    assert _rows(out).equals(_rows(tmp_path / "whole"))


def test_a_folder_with_other_files_is_still_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a sweep folder"):
        _run(make_runs(n_points=1, reps=1), tmp_path, resume=True)


# ----------------------------------------------------------------- faults 2 and 3
def test_a_held_lock_without_its_record_yet_is_honoured(tmp_path):
    """The instant between taking the lock and writing the record: a second writer waits."""
    runs = make_runs(n_points=1, reps=2)
    out = tmp_path / "s"
    _run(runs, out)
    with FileLock(out / ls.LOCK, timeout=0), pytest.raises(InputError, match="another sweep"):
        _run(runs, out, resume=True)


RESUMER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_sweep_engine import fake_run, make_runs
    from sim.errors import InputError
    from sim.experiments.sweep.engine import execute

    def slow(scenario, seed):
        time.sleep(0.05)
        return fake_run(scenario, seed)

    try:
        execute(make_runs(n_points=4, reps=5), {out!r}, backend="serial", run_fn=slow,
                progress=False, resume=True, flush_seconds=0)
    except InputError as err:
        print(err)
        sys.exit(2)
    """
)


def test_two_resumes_started_together_never_run_a_run_twice(tmp_path):
    runs = make_runs(n_points=4, reps=5)
    out = tmp_path / "s"
    script = tmp_path / "resume.py"
    script.write_text(RESUMER.format(tests=str(TESTS), out=str(out)))
    out.mkdir()
    procs = [
        subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    codes = [p.wait(timeout=60) for p in procs]
    assert sorted(codes) in ([0, 0], [0, 2]), codes
    rows = read_results(out)
    per_run = rows.groupby("run_id").size()
    assert sorted(per_run.index) == [r.run_id for r in runs]
    assert (per_run == per_run.iloc[0]).all()  # no run recorded twice
    manifest = json.loads((out / st.MANIFEST).read_text())
    assert manifest["complete"] and manifest["status_counts"] == {"ok": len(runs)}


def _lease(out: Path, host: str, age: float) -> None:
    record = {"host": host, "pid": 4242, "heartbeat": time.time() - age}
    (out / ls.LEASE).write_text(json.dumps(record))


def test_a_lease_from_another_host_is_honoured_until_it_expires(tmp_path):
    runs = make_runs(n_points=1, reps=2)
    out = tmp_path / "s"
    _run(runs[:1], out)  # a first session did one run
    _lease(out, "node-b.cluster", age=1.0)
    with pytest.raises(InputError, match="node-b.cluster"):
        _run(runs[:1], out, resume=True)
    _lease(out, "node-b.cluster", age=ls.LEASE_SECONDS + 1)  # expired: node-b is gone
    assert _run(runs[:1], out, resume=True).skipped == 1
    assert not (out / ls.LEASE).exists()  # released at the end


def test_the_lease_heartbeat_keeps_the_record_fresh(tmp_path):
    held = ls.Lease(tmp_path, heartbeat=0.05)
    held.acquire()
    try:
        first = ls.read_lease(tmp_path)["heartbeat"]
        deadline = time.monotonic() + 5
        while ls.read_lease(tmp_path)["heartbeat"] == first and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ls.read_lease(tmp_path)["heartbeat"] > first
        assert ls.read_lease(tmp_path)["pid"] == os.getpid()
    finally:
        held.release()
    assert ls.read_lease(tmp_path) is None


# ----------------------------------------------------------------- fault 4
def test_resume_accepts_the_same_spec_typed_as_another_path(tmp_path, monkeypatch):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: paths\nroot_seed: 3\nreplications: 2\nscenarios: [baseline]\n"
        "grid:\n  pa.turnover_annual: [0.1, 0.3]\n"
    )
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    out = tmp_path / "out"
    first = load_spec("../spec.yaml").runs()
    _run(first, out)
    again = load_spec(spec.resolve()).runs()
    report = execute(again, out, backend="serial", run_fn=fake_run, progress=False, resume=True)
    assert report.skipped == len(first) and report.complete


# ----------------------------------------------------------------- fault 6 and broken files
def test_a_deleted_results_part_is_run_again(tmp_path):
    runs = make_runs(n_points=3, reps=2)
    _run(runs, tmp_path / "whole")
    out = tmp_path / "s"
    _run(runs, out, flush_seconds=0)
    parts = sorted((out / st.RESULTS_DIR).glob("part-*.parquet"))
    assert len(parts) >= 3
    parts[1].unlink()
    report = _run(runs, out, resume=True)
    assert report.done >= 1 and report.skipped + report.done == len(runs)
    assert _rows(out).equals(_rows(tmp_path / "whole"))
    assert json.loads((out / st.MANIFEST).read_text())["complete"]


@pytest.mark.parametrize("folder", [st.RESULTS_DIR, st.STATUS_DIR])
def test_a_truncated_part_is_set_aside_and_its_runs_run_again(tmp_path, folder):
    runs = make_runs(n_points=3, reps=2)
    _run(runs, tmp_path / "whole")
    out = tmp_path / "s"
    _run(runs, out, flush_seconds=0)
    part = sorted((out / folder).glob("part-*.parquet"))[0]
    part.write_bytes(part.read_bytes()[:40])
    report = _run(runs, out, resume=True)
    assert report.done >= 1 and report.complete
    assert _rows(out).equals(_rows(tmp_path / "whole"))
    assert list((out / folder).glob("*.unreadable"))


@pytest.mark.parametrize("text", ["", '{"sessions": [', "[1, 2]"])
def test_a_corrupt_manifest_is_refused_by_name(tmp_path, text):
    runs = make_runs(n_points=1, reps=1)
    out = tmp_path / "s"
    _run(runs, out)
    (out / st.MANIFEST).write_text(text)
    with pytest.raises(InputError, match="manifest"):
        _run(runs, out, resume=True)
    assert pq.read_table(out / st.PLAN).num_rows == 1  # nothing was changed


# ----------------------------------------------------------------- fault 8
KILLED = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from test_sweep_faults import sleepy_run
    from test_sweep_engine import make_runs
    from sim.experiments.sweep.engine import execute

    if __name__ == "__main__":
        execute(make_runs(n_points=20, reps=5), {out!r}, backend="processes", workers=2,
                run_fn=sleepy_run, progress=False)
    """
)


def sleepy_run(scenario, seed):
    time.sleep(0.5)
    return fake_run(scenario, seed)


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            out.setdefault(ppid, []).append(int(entry.name))
    return out


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_sweep_kills_its_workers(tmp_path):
    script = tmp_path / "killed.py"
    script.write_text(KILLED.format(tests=str(TESTS), out=str(tmp_path / "s")))
    proc = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 30
        family: set[int] = set()
        while time.monotonic() < deadline:
            family = _descendants(proc.pid)
            if len(family) >= 3 and list((tmp_path / "s" / st.STATUS_DIR).glob("part-*")):
                break  # fork server, two workers (and the resource tracker) and runs finishing
            time.sleep(0.1)
        assert len(family) >= 3, "the workers never started"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in family):
        time.sleep(0.1)
    left = [p for p in family if _running(p)]
    for p in left:  # do not leave them behind whatever the outcome
        os.kill(p, signal.SIGKILL)
    assert not left, f"processes outlived the sweep: {left}"


# ----------------------------------------------------------------- fault 7
def stop_at_third_condition(scenario, seed):
    if scenario.params["pa.turnover_annual"] > 0.19:
        raise KeyboardInterrupt
    return fake_run(scenario, seed)


def test_summarise_warns_on_an_unfinished_sweep_and_names_empty_conditions(tmp_path, capsys):
    from sim.cli import main

    runs = make_runs(n_points=3, reps=2)  # conditions: turnover 0.1, 0.15, 0.2
    out = tmp_path / "s"
    with pytest.raises(KeyboardInterrupt):
        execute(runs, out, backend="serial", run_fn=stop_at_third_condition, progress=False)
    summary = ["summarise", str(out), "--out", str(tmp_path / "sum")]
    assert main(summary) == 0
    err = capsys.readouterr().err
    assert "incomplete" in err and "4 of 6 runs finished" in err
    assert "1 of 3 conditions have no finished run" in err and "turnover_annual=0.2" in err
    held = ls.Lease(out)
    held.acquire()
    try:
        assert main(summary) == 0
        assert "is writing to" in capsys.readouterr().err
    finally:
        held.release()
    _run(runs, out, resume=True)
    assert main(summary) == 0
    assert "warning" not in capsys.readouterr().err
