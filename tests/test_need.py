"""What a 24-hour package costs the ICB, against FACTS §3."""

from __future__ import annotations

import numpy as np

from sim.experiments.runner import replicate
from sim.scenario import load_scenario

WEEKS_PER_YEAR = 52.0
# FACTS §3, "Inflation-adjusted package": the ventilated child's home package of Noyes 2006
# (£239,855 a year in 2002 prices, qualified nurses and 24-hour care) is roughly £400k-£450k a
# year in mid-2020s prices uprated with care wages.
FULL_PACKAGE = (400_000.0, 450_000.0)


def test_delivered_twenty_four_hour_package_costs_the_icb_what_the_evidence_implies():
    """The mean annual ICB cost of the care delivered in a commissioned 24-hour package, in a
    baseline run, lies between half and all of FACTS §3's full package (£200k-£450k a year).

    The upper bound is FACTS §3's uprated Noyes package (£400k-£450k: all of it delivered).
    The lower bound is half of £400k: packages are under-delivered, by about 40 h a week of
    allotted nursing (FACTS §4, Weaver 2018) and for some families below half the approved
    hours (FACTS §10, Children 2025), so the mean delivered share is taken to be above one
    half."""
    scenario = load_scenario("baseline", ["population.n_families=1000", "population.weeks=104"])
    (_, result), *_ = replicate(scenario, 11, 1)
    fam = result.families
    chosen = fam[(fam["tier"] == "twenty_four_hour") & (fam["share_commissioned"] > 0.99)]
    assert len(chosen) > 50
    cost = np.average(chosen["cost_package"], weights=chosen["weeks"]) * WEEKS_PER_YEAR
    assert FULL_PACKAGE[0] / 2 <= cost <= FULL_PACKAGE[1], cost
