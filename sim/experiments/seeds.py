"""Seeds: one integer per run, derived from a root seed with SeedSequence.spawn.

Each run records its integer seed, so any run can be repeated alone, and the seeds do not
depend on how runs are spread over processes or machines.
"""

from __future__ import annotations

import numpy as np


def spawn_seeds(root: int, n: int, offset: int = 0) -> list[int]:
    """The integer seeds of children ``offset .. offset+n-1`` of ``SeedSequence(root)``."""
    children = np.random.SeedSequence(root).spawn(offset + n)[offset:]
    return [int(c.generate_state(1, dtype=np.uint64)[0]) for c in children]
