"""The reporting checklists a comparison meets, filled in from the run itself.

CHEERS 2022 (Husereau et al., 28 items, including distributional effects) for the economic
side; STRESS-ABS (Monks et al. 2019) for the agent-based simulation (FACTS §10: reporting
standards). Each item says where the report (or the project) answers it, or why it does not
apply or is not yet answered, so a reader sees the gaps as plainly as the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Item:
    number: str
    topic: str
    answer: str


def cheers(c: dict[str, Any]) -> list[Item]:
    """CHEERS 2022, filled in from the run context ``c`` (see ``report.context``)."""
    value_note = (
        "Section 4: quality-adjusted years of child and carer from the care-related quality "
        "of life score (value group in docs/PARAMETERS.md)"
    )
    return [
        Item("1", "Title", f"Title page: {c['title']}."),
        Item("2", "Abstract", "First page: the question, the options and the largest differences."),
        Item("3", "Background and objectives", "First page: the question; docs/ODD.md (purpose)."),
        Item(
            "4",
            "Health economic analysis plan",
            "No separate plan: the options and measures "
            "were fixed by the command line recorded in section 7.",
        ),
        Item(
            "5",
            "Study population",
            f"{c['n_families']:,} simulated families of children with "
            "complex medical needs in each run (model brief; docs/ODD.md).",
        ),
        Item(
            "6",
            "Setting and location",
            f"NHS England PHBs for children's continuing care; {c['n_areas']} ICB area(s).",
        ),
        Item(
            "7", "Comparators", f"Options: {', '.join(c['options'])}; comparator {c['comparator']}."
        ),
        Item(
            "8",
            "Perspective",
            "NHS/ICB, families' and societal perspectives side by side (section 4); family "
            "time (care, admin, paid work lost) also in hours.",
        ),
        Item(
            "9",
            "Time horizon",
            f"{c['weeks']} simulated weeks after {c['burn_in']} weeks of burn-in.",
        ),
        Item(
            "10",
            "Discount rate",
            f"Value layer (section 4): costs and QALYs discounted at "
            f"{100 * c['discount_rate']:g}% a year over {c['horizon_years']:g} years; the "
            "weekly and yearly means of sections 2 and 3 are not discounted.",
        ),
        Item(
            "11",
            "Selection of outcomes",
            "Headline measures of the measures registry (sim/analysis/measures/), section 3.",
        ),
        Item(
            "12",
            "Measurement of outcomes",
            "Counted by the model's recorder each simulated week (sim/model/recorder.py).",
        ),
        Item("13", "Valuation of outcomes", value_note + "."),
        Item(
            "14",
            "Measurement and valuation of resources and costs",
            "ICB cost: budget spent, "
            "contingency cover, support services and emergency admissions, at the registry's "
            "unit costs (docs/PARAMETERS.md, group cost).",
        ),
        Item(
            "15",
            "Currency, price date and conversion",
            "GBP at the price dates of the cost "
            "parameters' sources (docs/PARAMETERS.md); no conversion.",
        ),
        Item("16", "Rationale and description of model", "Agent-based model (Mesa): docs/ODD.md."),
        Item(
            "17",
            "Analytics and assumptions",
            "Section 6 and docs/ODD.md; intervals are paired "
            "t intervals over replications with common random numbers.",
        ),
        Item(
            "18", "Characterising heterogeneity", "By family resource quintile, sections 2 and 3."
        ),
        Item(
            "19",
            "Characterising distributional effects",
            "Gap, ratio, slope index and "
            "concentration index (section 3); equity impact plane (section 4).",
        ),
        Item(
            "20",
            "Characterising uncertainty",
            f"Stochastic uncertainty over "
            f"{c['replications']} replications; "
            + (
                "parameter uncertainty from the ensemble."
                if c["ensemble"]
                else "parameter uncertainty not included (no ensemble); see `phb-sim sa`."
            ),
        ),
        Item(
            "21",
            "Approach to engagement with patients and others affected",
            "Not reported here: the model's evidence includes family surveys (FACTS §5).",
        ),
        Item(
            "22",
            "Study parameters",
            "Every parameter with unit, range and source in "
            "docs/PARAMETERS.md; the resolved scenarios in scenarios/ of this folder.",
        ),
        Item("23", "Summary of main results", "First page and section 3."),
        Item(
            "24",
            "Effect of uncertainty",
            "Intervals on every difference; a difference whose "
            "interval includes zero is not reported as a difference.",
        ),
        Item(
            "25",
            "Effect of engagement with patients and others affected",
            "Not applicable to this run.",
        ),
        Item(
            "26",
            "Study findings, limitations, generalisability and current knowledge",
            "Section 6.",
        ),
        Item("27", "Source of funding", "To be completed by the commissioning organisation."),
        Item("28", "Conflicts of interest", "To be completed by the commissioning organisation."),
    ]


def stress_abs(c: dict[str, Any]) -> list[Item]:
    """STRESS-ABS, filled in from the run context ``c``."""
    return [
        Item(
            "1.1",
            "Purpose of the model",
            "Who carries the care, risk and cost under PHBs, "
            "by family resources (docs/ODD.md, purpose).",
        ),
        Item(
            "1.2",
            "Model outputs",
            "The measures in section 3, by quintile, with distribution "
            "measures; tables in tables/.",
        ),
        Item(
            "1.3",
            "Experimentation aims",
            f"Compare {len(c['options'])} options against {c['comparator']}.",
        ),
        Item("2.1", "Base model overview diagram", "docs/ODD.md (process overview and schedule)."),
        Item("2.2", "Base model logic", "docs/ODD.md; the weekly step in sim/model/model.py."),
        Item(
            "2.3",
            "Scenario logic",
            "Each option is a scenario file overlaying the baseline; "
            "resolved values in scenarios/ of this folder.",
        ),
        Item("2.4", "Algorithms", "docs/ODD.md submodels; sim/model/."),
        Item(
            "2.5",
            "Components (agents, environment, interactions)",
            "Families, PAs, local labour markets and ICBs as Mesa agents (docs/ODD.md, entities).",
        ),
        Item("3.1", "Data sources", "FACTS rows cited per parameter (docs/PARAMETERS.md)."),
        Item("3.2", "Pre-processing", "None at run time; registry values are used as given."),
        Item(
            "3.3",
            "Input parameters",
            "docs/PARAMETERS.md; changed values per option in scenarios/ of this folder.",
        ),
        Item(
            "3.4", "Assumptions", "Section 6; parameters marked 'assumption' in docs/PARAMETERS.md."
        ),
        Item(
            "4.1",
            "Initialisation",
            f"Families drawn at the start; {c['burn_in']} weeks of burn-in are not recorded.",
        ),
        Item("4.2", "Run length", f"{c['weeks']} recorded weeks per run."),
        Item(
            "4.3",
            "Estimation approach",
            f"{c['replications']} replications per option, the "
            "same seeds for every option; 95% t intervals of paired differences.",
        ),
        Item(
            "5.1",
            "Software",
            f"Python {c['versions'].get('python')}, Mesa "
            f"{c['versions'].get('mesa')}, numpy {c['versions'].get('numpy')} (section 7).",
        ),
        Item(
            "5.2",
            "Random sampling",
            f"numpy Generators seeded by SeedSequence({c['seed']}).spawn; seeds in section 7.",
        ),
        Item(
            "5.3",
            "Model execution",
            f"Sweep engine, {c['backend']} backend; "
            "results do not depend on the backend or number of processes.",
        ),
        Item("5.4", "System specification", str(c["platform"])),
        Item(
            "6.1",
            "Computer model sharing statement",
            f"Open source, MIT licence; commit {c['commit'] or 'unknown'} (CITATION.cff).",
        ),
    ]
