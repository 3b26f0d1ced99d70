"""How fast the machine is at the moment a benchmark runs.

The reference machine is shared, and its speed drifts: on 1 December 2026 the same
1,000-family run took 0.36 s at one hour and 0.46 s at another, with the load average
below one both times. A fixed workload of the kind the model's week is made of (numpy calls
on arrays of a thousand and the Python around them), timed beside a benchmark, tells a
slow machine from a slow model: a model change shows in the ratio of the run to this
reference, the machine's state in the reference itself. The targets stay absolute seconds.
"""

from __future__ import annotations

import time

import numpy as np

CALLS = 20_000  # iterations of the loop: about 0.12-0.16 s on the reference machine


def reference_seconds(repeats: int = 5) -> float:
    """Best of ``repeats`` timings of the fixed workload (seconds)."""
    rng = np.random.default_rng(0)
    a, b = rng.random(1000), rng.random(1000)
    area = rng.integers(0, 2, 1000)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(CALLS):
            c = np.minimum(a * b + 1.0, 2.0)
            c[c > 1.5] = 0.0
            np.bincount(area, weights=c, minlength=2)
        best = min(best, time.perf_counter() - start)
    return best
