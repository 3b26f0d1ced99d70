"""Known departures of the model from the evidence, in one list that the comparison report
prints, so a policy team reads beside any result where the model is known to be off.

Each entry names the test that documents it: a strict expected failure in the test suite,
which fails the suite as soon as the model stops departing from the evidence (and a test
checks that every test named here is still such a known failure), so the list cannot
outlive the departure it describes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limitation:
    title: str
    detail: str
    affects: str
    test: str  # "tests/<file>.py::<function>": a strict expected failure


KNOWN: tuple[Limitation, ...] = (
    Limitation(
        "Almost no parents in the model give 100 hours of care a week or more",
        "About 1% of families' parents give 100+ hours a week in the model (docs/VALIDATION.md), "
        "against 24% of parent carers of disabled children in Contact's survey (FACTS §5), "
        "a wider population whose children need less care, not more: the model's funded "
        "hours, agency cover and informal network leave few parents with that much care.",
        "the heaviest family burden and its spread; totals of family care hours are likely "
        "low for the families who carry the most",
        "tests/test_heldout_outputs.py::"
        "test_parents_caring_100_hours_a_week_are_as_common_as_the_evidence_says",
    ),
    Limitation(
        "The low-resource excess under PA churn is not yet fully traced to its causes",
        "Under higher PA churn unmet need rises more for the families with fewest resources "
        "(pattern P3). With capability, need and household make-up all made alike across "
        "resources most of the excess goes (0.77 h a week falls to 0.096 h, se 0.095), but the "
        "test cannot show that these account for all of it, and the excess is clear only in "
        "a market tighter than the baseline's.",
        "equity comparisons of options under high PA churn: read the size of the resource "
        "gradient as uncertain",
        "tests/test_patterns.py::"
        "test_p3_low_resource_excess_disappears_with_its_gradients_equalised",
    ),
)
