"""Incremental analysis of an option against a comparator, overall and by resource quintile.

The unit is a person (a household: one child and its main carer) of the starting cohort
(households seen from the first recorded week). With common random numbers replication k
of every option starts from the same households, so the cohort is the same people under
both options and increments are paired by replication. Each replication gives per-person
means of discounted costs by perspective and quality-adjusted years over the value horizon
(the family table's ``dcost_*`` and ``dqaly_*`` columns, sim.model.recorder); increments
are option minus comparator; net monetary benefit is ``threshold x incremental QALYs (child
and carer) - incremental cost``. Intervals are Student-t over replications
(sim.analysis.stats.mean_ci).

The distributional view follows Cookson et al. (FACTS §10): the change in the slope index
of inequality (SII) of QALYs across the resource distribution, the change in the Atkinson
equally distributed equivalent (EDE) of QALYs across resource quintiles, and the quadrant
of the equity impact plane (net health benefit against the reduction in the SII).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.inequality import atkinson_ede, fractional_rank, slope_index
from sim.analysis.stats import mean_ci

PERSPECTIVES = ("nhs", "family", "societal")
WHO = ("child", "carer", "total")
THRESHOLDS = (20_000.0, 30_000.0)  # GBP per QALY (NICE PMG36, FACTS §10)
# Atkinson inequality aversion for health in England (Robson et al. 2017, Health Econ
# 26:1328): the default of the registry's value.atkinson_epsilon, which carries the full
# citation (this layer does not read the registry; a test keeps the two equal). Runs pass
# their scenario's value.
ATKINSON_EPSILON = 10.95
NET_HEALTH_THRESHOLD = 20_000.0  # the opportunity cost of NHS spending in net health benefit
GROUPS = ("all", "Q1", "Q2", "Q3", "Q4", "Q5")
QUADRANTS = {
    (True, True): "win-win: health gain and less inequality",
    (True, False): "trade-off: health gain but more inequality",
    (False, True): "trade-off: health loss but less inequality",
    (False, False): "lose-lose: health loss and more inequality",
}


@dataclass
class ValueResult:
    """Increments with intervals (``table``: measure, group, mean, std, count, ci_low,
    ci_high), the levels of both options (``levels``: side, measure, group and the same
    statistics), each replication's values (``replications``) and the equity impact
    plane's quadrant of the mean with the share of replications that fall in it."""

    table: pd.DataFrame
    levels: pd.DataFrame
    replications: pd.DataFrame
    quadrant: str
    quadrant_share: float


def cohort(families: pd.DataFrame) -> pd.DataFrame:
    """The starting cohort: households seen from the first recorded week."""
    return families[(families["first_week"] == 0) & (families["weeks"] > 0)]


def person_means(families: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Per-person means of discounted costs and QALYs, overall and by quintile."""
    fam = cohort(families)
    columns = [f"dcost_{p}" for p in PERSPECTIVES] + [f"dqaly_{w}" for w in WHO]
    out: dict[tuple[str, str], float] = {}
    overall = fam[columns].mean()
    by_q = fam.groupby("quintile")[columns].mean()
    for col in columns:
        name = col[1:]  # cost_nhs, qaly_total, ...
        out[(name, "all")] = float(overall[col])
        for q in range(1, 6):
            out[(name, f"Q{q}")] = float(by_q[col].get(q, np.nan))
    return out


def qaly_distribution(families: pd.DataFrame, epsilon: float) -> tuple[float, float]:
    """SII of per-person QALYs (child and carer) by resource rank, and the Atkinson EDE of
    quintile means weighted by quintile size."""
    fam = cohort(families)
    y = fam["dqaly_total"].to_numpy(float)
    ones = np.ones(len(fam))
    sii = slope_index(y, fractional_rank(fam["resource"].to_numpy(float), ones), ones)
    groups = fam.groupby("quintile")["dqaly_total"].agg(["mean", "size"])
    ede = atkinson_ede(groups["mean"].to_numpy(float), groups["size"].to_numpy(float), epsilon)
    return sii, ede


def run_values(
    families: pd.DataFrame, epsilon: float = ATKINSON_EPSILON
) -> dict[tuple[str, str], float]:
    """One run's value inputs: the per-person means of :func:`person_means` and the QALY
    distribution (``sii_qaly``, ``ede_qaly``, group "all"). A sweep stores these per run
    (sim.experiments.compare), so increments need no family tables kept on disk."""
    out = person_means(families)
    sii, ede = qaly_distribution(families, epsilon)
    out[("sii_qaly", "all")] = sii
    out[("ede_qaly", "all")] = ede
    return out


def increments_from(
    a: dict[tuple[str, str], float],
    b: dict[tuple[str, str], float],
    thresholds: Sequence[float] = THRESHOLDS,
) -> dict[tuple[str, str], float]:
    """Increments (option ``a`` minus comparator ``b``) from two runs' :func:`run_values`:
    ``{(measure, group): value}`` with the measures of sim.analysis.measures.VALUE_OUTPUTS."""
    out: dict[tuple[str, str], float] = {}
    for group in GROUPS:
        for p in PERSPECTIVES:
            out[(f"inc_cost_{p}", group)] = a[(f"cost_{p}", group)] - b[(f"cost_{p}", group)]
        for w in WHO:
            out[(f"inc_qaly_{w}", group)] = a[(f"qaly_{w}", group)] - b[(f"qaly_{w}", group)]
        for p in ("nhs", "societal"):
            for k in thresholds:
                out[(f"nmb_{p}_{k / 1000:g}k", group)] = (
                    k * out[("inc_qaly_total", group)] - out[(f"inc_cost_{p}", group)]
                )
    out[("delta_sii_qaly", "all")] = a[("sii_qaly", "all")] - b[("sii_qaly", "all")]
    out[("delta_ede_qaly", "all")] = a[("ede_qaly", "all")] - b[("ede_qaly", "all")]
    out[("net_health_benefit", "all")] = (
        out[("inc_qaly_total", "all")] - out[("inc_cost_nhs", "all")] / NET_HEALTH_THRESHOLD
    )
    return out


def increments(
    option: pd.DataFrame,
    comparator: pd.DataFrame,
    thresholds: Sequence[float] = THRESHOLDS,
    epsilon: float = ATKINSON_EPSILON,
) -> dict[tuple[str, str], float]:
    """One replication's increments (option minus comparator) from the two family tables."""
    return increments_from(run_values(option, epsilon), run_values(comparator, epsilon), thresholds)


def quadrant(net_health_benefit: float, delta_sii: float) -> str:
    """The equity impact plane's quadrant: health gain or loss against less or more
    inequality (a fall in the SII is less inequality)."""
    return QUADRANTS[(net_health_benefit >= 0.0, delta_sii <= 0.0)]


def compare(
    option_runs: Sequence[pd.DataFrame],
    comparator_runs: Sequence[pd.DataFrame],
    thresholds: Sequence[float] = THRESHOLDS,
    epsilon: float = ATKINSON_EPSILON,
    level: float = 0.95,
) -> ValueResult:
    """Incremental analysis over paired replications: ``option_runs[k]`` and
    ``comparator_runs[k]`` are the family tables of replication k (the same seed)."""
    return compare_values(
        [run_values(f, epsilon) for f in option_runs],
        [run_values(f, epsilon) for f in comparator_runs],
        thresholds,
        level,
    )


def compare_values(
    option_values: Sequence[dict[tuple[str, str], float]],
    comparator_values: Sequence[dict[tuple[str, str], float]],
    thresholds: Sequence[float] = THRESHOLDS,
    level: float = 0.95,
) -> ValueResult:
    """:func:`compare` from each replication's :func:`run_values` (paired by position)."""
    if len(option_values) != len(comparator_values) or not option_values:
        raise ValueError("compare needs the same number (at least one) of runs per option")
    rows, level_rows = [], []
    for rep, (opt, comp) in enumerate(zip(option_values, comparator_values, strict=True)):
        for (measure, group), value in increments_from(opt, comp, thresholds).items():
            rows.append((rep, measure, group, value))
        for side, values in (("option", opt), ("comparator", comp)):
            for (measure, group), value in values.items():
                if measure not in ("sii_qaly", "ede_qaly"):
                    level_rows.append((rep, side, measure, group, value))
    reps = pd.DataFrame(rows, columns=["replication", "measure", "group", "value"])
    levels = pd.DataFrame(level_rows, columns=["replication", "side", "measure", "group", "value"])
    table = mean_ci(reps, ["measure", "group"], level=level)
    overall = reps[reps["group"] == "all"].pivot(
        index="replication", columns="measure", values="value"
    )
    nhb, dsii = overall["net_health_benefit"], overall["delta_sii_qaly"]
    where = quadrant(float(nhb.mean()), float(dsii.mean()))
    share = float(np.mean([quadrant(x, y) == where for x, y in zip(nhb, dsii, strict=True)]))
    return ValueResult(
        table=table,
        levels=mean_ci(levels, ["side", "measure", "group"], level=level),
        replications=reps,
        quadrant=where,
        quadrant_share=share,
    )
