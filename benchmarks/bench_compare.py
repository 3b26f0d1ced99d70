"""A policy comparison end to end: `phb-sim compare` on 3 options x 10 replications x 1,000
families x 260 weeks, tables and report included (target: at most 2 minutes on 2 cores).

    python benchmarks/bench_compare.py [--replications 10] [--families 1000] [--weeks 260]
                                       [--workers 2] [--pdf] [--json FILE]

Times the whole command in this process (the sweep through the processes backend, the
tables, the figures and report.html; report.pdf with --pdf) and reports the split between
the runs and the rest, with the machine's load average before and after, since a shared
machine slows the runs down.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from sim.cli import main as cli

OPTIONS = (
    "arrangements/commissioned",
    "arrangements/direct_payment_supported",
    "arrangements/direct_payment_unsupported",
)
TARGET_SECONDS = 120.0


def bench(replications: int, families: int, weeks: int, workers: int, pdf: bool) -> dict:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        out = Path(tmp) / "c"
        argv = [
            "compare",
            *OPTIONS,
            "--replications",
            str(replications),
            "--set",
            f"population.n_families={families}",
            "--set",
            f"population.weeks={weeks}",
            "--workers",
            str(workers),
            "--out",
            str(out),
            "--no-progress",
            *(["--pdf"] if pdf else []),
        ]
        t0 = time.perf_counter()
        code = cli(argv)
        wall = time.perf_counter() - t0
        if code != 0:
            raise SystemExit(f"compare exited {code}")
        manifest = json.loads((out / "manifest.json").read_text())
        size = (out / "report.html").stat().st_size
    return {
        "options": len(OPTIONS),
        "replications": replications,
        "families": families,
        "weeks": weeks,
        "workers": workers,
        "pdf": pdf,
        "wall_seconds": round(wall, 2),
        "runs_seconds": manifest["wall_seconds_runs"],
        "report_html_bytes": size,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "target_seconds": TARGET_SECONDS,
        "met": wall <= TARGET_SECONDS,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--families", type=int, default=1000)
    p.add_argument("--weeks", type=int, default=260)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--pdf", action="store_true", help="also print report.pdf")
    p.add_argument("--json", type=Path, help="write the figures as JSON")
    a = p.parse_args()
    r = bench(a.replications, a.families, a.weeks, a.workers, a.pdf)
    print(
        f"compare: {r['options']} options x {r['replications']} replications x "
        f"{r['families']:,} families x {r['weeks']} weeks, {r['workers']} workers"
        f"{', with PDF' if r['pdf'] else ''}: {r['wall_seconds']:.1f} s in all "
        f"({r['runs_seconds']:.1f} s of runs); target {TARGET_SECONDS:.0f} s "
        f"{'met' if r['met'] else 'NOT met'}; load average {r['load_average_before'][0]} "
        f"before, {r['load_average_after'][0]} after ({r['cpus']} CPUs)"
    )
    if a.json:
        a.json.write_text(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
