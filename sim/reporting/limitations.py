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
)
