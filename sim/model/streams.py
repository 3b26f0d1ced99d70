"""Random streams of the weekly mechanisms, one per mechanism.

Paired comparisons (two runs of one seed differing in one input) are how the model's
direction tests and the value layer read an effect. With one stream shared by every
mechanism, the first discrete difference between the runs (one PA more, one hand-back) shifts
every later draw of every family and area: from then on the runs no longer share their luck
and the comparison is between two unrelated samples. Each mechanism draws from its own stream
(spawned from the run's seed), so a difference in how many numbers one mechanism takes leaves
the others' draws where they were: above all the week's per-family draws (provider fill,
work, crises, admissions, hand-backs), which are the same size every week and so stay paired
for the whole run. Reproducibility is unchanged: the same seed gives the same streams.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


@dataclass(frozen=True)
class Streams:
    """One Generator per weekly mechanism."""

    week: np.random.Generator  # the care week's per-family draws (sim.model.care)
    market: np.random.Generator  # candidates, provider and agency staff (sim.model.market)
    recruit: np.random.Generator  # PA recruitment and new PAs (sim.model.market, workforce)
    workforce: np.random.Generator  # PAs' absence and leaving (sim.model.workforce)
    icb: np.random.Generator  # transitions at 18 and reviews (sim.model.icb)
    population: np.random.Generator  # households referred during the run (sim.model.families)

    @classmethod
    def spawn(cls, rng: np.random.Generator) -> Streams:
        """Independent child streams of the run's generator (its own draws are unchanged)."""
        return cls(*rng.spawn(len(fields(cls))))
