"""How fast the machine is at the moment a benchmark runs.

The reference machine is shared, and its speed drifts: on 1 December 2026 the same
1,000-family run took 0.36 s at one hour and 0.57 s at another, with the load average
below one both times. A fixed workload of the kind the model's week is made of, timed
beside a benchmark, tells a slow machine from a slow model: numpy calls on arrays of a
thousand, with the Python around them, over about 2 MB of arrays (a 1,000-family model's
working set) so that a machine whose caches are shared with other work slows it as it
slows the model. A model change shows in the ratio of a run to this reference, the
machine's state in the reference itself. The targets stay absolute seconds.
"""

from __future__ import annotations

import time

import numpy as np

CALLS = 20_000  # iterations of the loop: about 0.2 s on the reference machine
ARRAYS = 256  # arrays of 1,000 floats cycled through: 2 MB


def reference_seconds(repeats: int = 3) -> float:
    """Best of ``repeats`` timings of the fixed workload (seconds)."""
    rng = np.random.default_rng(0)
    arrays = [rng.random(1000) for _ in range(ARRAYS)]
    area = rng.integers(0, 2, 1000)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(CALLS):
            c = np.minimum(arrays[i % ARRAYS] * arrays[(7 * i + 3) % ARRAYS] + 1.0, 2.0)
            c[c > 1.5] = 0.0
            np.bincount(area, weights=c, minlength=2)
        best = min(best, time.perf_counter() - start)
    return best
