"""Plain-text view of a comparison, with the ICB's cost always beside the families' and the
societal cost, so a fall in NHS spending bought by under-delivery is never read alone."""

from __future__ import annotations

from sim.analysis.measures import VALUE_OUTPUTS
from sim.analysis.value.incremental import GROUPS, ValueResult

ROWS = (
    "inc_cost_nhs",
    "inc_cost_family",
    "inc_cost_societal",
    "inc_qaly_child",
    "inc_qaly_carer",
    "inc_qaly_total",
    "nmb_nhs_20k",
    "nmb_nhs_30k",
    "nmb_societal_20k",
    "nmb_societal_30k",
)
DISTRIBUTIONAL = ("delta_sii_qaly", "delta_ede_qaly", "net_health_benefit")


def comparison_lines(result: ValueResult, option: str, comparator: str) -> list[str]:
    """Lines of a table: each value measure, overall and by quintile, mean [interval]."""
    display = {m.name: m for m in VALUE_OUTPUTS}
    t = result.table.set_index(["measure", "group"])
    lines = [f"{option} against {comparator} (per person, discounted, over the horizon)"]
    width = 56
    lines.append(f"{'':<{width}}" + "".join(f"  {g:>30}" for g in GROUPS))
    for name in ROWS:
        cells = []
        for g in GROUPS:
            r = t.loc[(name, g)]
            cells.append(
                "  " + f"{r['mean']:.4g} [{r['ci_low']:.3g}, {r['ci_high']:.3g}]".rjust(30)
            )
        lines.append(f"{display[name].label:<{width}}" + "".join(cells))
    lines.append("")
    for name in DISTRIBUTIONAL:
        r = t.loc[(name, "all")]
        lines.append(
            f"{display[name].label:<{width}}"
            + "  "
            + f"{r['mean']:.4g} [{r['ci_low']:.3g}, {r['ci_high']:.3g}]".rjust(30)
        )
    lines.append(
        f"Equity impact plane: {result.quadrant} ({result.quadrant_share:.0%} of replications)"
    )
    return lines
