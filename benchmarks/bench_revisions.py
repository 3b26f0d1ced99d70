"""The model against an earlier revision of itself, timed in turns on the same machine.

    python benchmarks/bench_revisions.py 3afd51a                  # 1,000 families, 7 rounds
    python benchmarks/bench_revisions.py 3afd51a --sizes 500 --rounds 9 --burn-in 0

"More mechanism must not cost the speed researchers rely on" is a question about two
versions of the model, and this machine's own speed drifts by half within an evening
(benchmarks/machine.py), so two timings taken an hour apart cannot answer it. Here the
revision is checked out into a temporary git worktree and both versions' own
``benchmarks/bench_model.py`` run one run each per round, in the order A B B A, A B B A...
so that a machine slowing or speeding up during the measurement weighs on both alike. Both
use this environment's interpreter and libraries: the comparison is of the model's code.
The revision's benchmark must take ``--sizes``, ``--repeats`` and ``--json`` (every
revision since the benchmarks were added does).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench_model import write_json

ROOT = Path(__file__).resolve().parents[1]


def timed_run(tree: Path, families: int, burn_in: int, out: Path) -> float:
    """Seconds of one run of ``families`` with the benchmark and model of ``tree``."""
    cmd = [sys.executable, str(tree / "benchmarks" / "bench_model.py")]
    cmd += ["--sizes", str(families), "--repeats", "1", "--json", str(out)]
    if burn_in >= 0:
        cmd += ["--burn-in", str(burn_in)]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: bench_model.py failed:\n{done.stderr}")
    return float(json.loads(out.read_text())[0]["seconds"])


@contextlib.contextmanager
def checked_out(rev: str) -> Iterator[Path]:
    """``rev`` in a git worktree in a temporary folder (which also holds the runs' JSON),
    removed afterwards whatever happened."""
    with tempfile.TemporaryDirectory(prefix="bench-rev-") as tmp:
        tree = Path(tmp) / "tree"
        git = ["git", "-C", str(ROOT), "worktree"]
        added = subprocess.run(
            [*git, "add", "--detach", str(tree), rev], capture_output=True, text=True
        )
        if added.returncode != 0:
            raise SystemExit(f"{rev}: cannot be checked out: {added.stderr.strip()}")
        try:
            yield tree
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], capture_output=True)


def compare(tree: Path, families: int, rounds: int, burn_in: int, out: Path) -> dict:
    """Time this tree and the revision checked out in ``tree`` in turns (A B, B A, ...);
    return both series and their ratios round by round."""
    times: dict[str, list[float]] = {"rev_seconds": [], "here_seconds": []}
    order = (("rev_seconds", tree), ("here_seconds", ROOT))
    for r in range(rounds):
        for name, where in order if r % 2 == 0 else order[::-1]:
            times[name].append(timed_run(where, families, burn_in, out))
    ratios = [b / a for a, b in zip(times["rev_seconds"], times["here_seconds"], strict=True)]
    return {"families": families, "burn_in": burn_in, **times, "ratios": ratios}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="a git revision of this repository (commit, tag, branch)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--rounds", type=int, default=7, help="runs of each version per size")
    parser.add_argument(
        "--burn-in",
        type=int,
        default=-1,
        metavar="WEEKS",
        help="override population.burn_in_weeks in both (default: each revision's own)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    with checked_out(args.rev) as tree:
        out = tree.parent / "run.json"
        rows = [compare(tree, n, args.rounds, args.burn_in, out) for n in args.sizes]
    rows = [{"rev": args.rev, **r} for r in rows]
    print(f"this tree against {args.rev}, {args.rounds} rounds each, one run per round:")
    for r in rows:
        then, now, ratios = r["rev_seconds"], r["here_seconds"], r["ratios"]
        print(
            f"  {r['families']} families: {args.rev} best {min(then):.3f} s "
            f"(median {statistics.median(then):.3f}), this tree best {min(now):.3f} s "
            f"(median {statistics.median(now):.3f}); this tree takes "
            f"{min(now) / min(then):.2f} times as long (best against best; "
            f"round by round {min(ratios):.2f}-{max(ratios):.2f}, "
            f"median {statistics.median(ratios):.2f})"
        )
    write_json(args.json, rows)


if __name__ == "__main__":
    main()
