"""The targets table: dated published figures the model's outputs are set against.

Each target names the FACTS row it comes from, the model output it is compared with (a
``measure`` and ``group`` of the run summary, ``sim.experiments.runner.simulate``), its
observation uncertainty (how far the published figure itself may be from the truth: survey
error, definitions, year) and the model discrepancy (how far even the best parameter set
may sit from it: what the model leaves out), both as standard deviations in the output's
unit. ``split`` is the target's role:

- "calibration": used to rule parameter sets out in history matching;
- "validation": held out, compared with the calibrated ensemble and never used to
  calibrate (docs/VALIDATION.md);
- "verification": a figure the model meets by construction because an input carries it
  (the delivery-mode shares are drawn from ``arrangement.shares``). It carries no
  information about the parameters a calibration varies, so it is neither a calibration
  target by default nor held-out evidence; it checks that the input is carried through.

``accepted`` is the published range the baseline check (``sim.experiments.calibration``,
docs/CALIBRATION.md) accepts, the model brief's "Baseline targets", where the brief gives
one. The table is the one list of targets: the history matching, the baseline check and
the validation all read it.

Most outputs are rows of the run summary; the national pilot's two figures are outputs of
a paired comparison (a supported direct payment against commissioned care), which the
validation runs across ensemble members (``COMPARISON_OUTPUTS``, sim.experiments.validation).
A calibration spec may name only summary outputs (``Target.in_summary``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.analysis.measures import (
    CALIBRATION,
    DISTRIBUTION,
    MEASURE_NAMES,
    TIER_GROUPS,
    TIER_MEASURES,
)

Split = Literal["calibration", "validation", "verification"]


@dataclass(frozen=True)
class Target:
    """One published figure, the output it is compared with, and its uncertainties."""

    name: str
    measure: str
    value: float
    observation_sd: float
    discrepancy_sd: float
    split: Split
    facts: str
    figure: str
    group: str = "all"
    note: str = ""
    accepted: tuple[float, float] | None = None
    close_to_inputs: str = ""

    @property
    def output(self) -> str:
        """``measure`` for the whole population, ``measure:group`` otherwise."""
        return self.measure if self.group == "all" else f"{self.measure}:{self.group}"

    @property
    def in_summary(self) -> bool:
        """Whether the run summary has this measure and group (what a calibration reads)."""
        if self.group in TIER_GROUPS:
            return self.measure in TIER_MEASURES
        return self.measure in SUMMARY_MEASURES and self.group in SUMMARY_GROUPS

    @property
    def variance(self) -> float:
        """Observation plus discrepancy variance: the spread a not-implausible run may show."""
        return self.observation_sd**2 + self.discrepancy_sd**2


SUMMARY_MEASURES: frozenset[str] = frozenset(MEASURE_NAMES) | frozenset(CALIBRATION)
SUMMARY_GROUPS: frozenset[str] = frozenset(
    ("all", "Q1", "Q2", "Q3", "Q4", "Q5", *DISTRIBUTION, *TIER_GROUPS)
)
# Outputs of the validation's paired pilot comparison (per ensemble member, option minus
# comparator), not of a single run's summary.
COMPARISON_OUTPUTS: frozenset[str] = frozenset(("pilot_ascot_gain", "pilot_cost_difference_share"))

CLOSE_TO_INPUTS = (
    "drawn from `arrangement.shares` (the national mix) at referral and review; only "
    "hand-backs, returns and the direct-payment tilt by resources move them"
)


@dataclass(frozen=True)
class Relation:
    """A direction the evidence states without a figure: ``output`` above ``above``
    (checked on their paired difference within each replication)."""

    name: str
    output: str
    above: str
    figure: str
    facts: str
    split: Split


TARGETS: tuple[Target, ...] = (
    # ------------------------------------------------------------------ calibration
    Target(
        "pa_turnover",
        "pa_turnover_annual",
        0.201,
        0.015,
        0.02,
        "calibration",
        "FACTS §4: PA turnover",
        "20.1% a year (Skills for Care, 2023 report)",
        note="adult social care PAs; the model's PAs work for children's packages",
        accepted=(0.17, 0.20),
        close_to_inputs="the leaving hazard `pa.turnover_annual` plus PAs released by "
        "hand-backs, exits and cliff edges; the reference rate is set below the target for "
        "that reason",
    ),
    Target(
        "pa_vacancy",
        "pa_vacancy_rate",
        0.081,
        0.01,
        0.02,
        "calibration",
        "FACTS §4: PA vacancy rate",
        "8.1% of PA posts vacant (Skills for Care, 2021)",
        note="the model brief's baseline figure (about 8%); the later 11.0% (2023/24) is "
        "held out as validation (pa_vacancy_2024)",
        accepted=(0.06, 0.10),
        # (Not close to an input: starting teams are drawn from each area's stationary
        # market, sim.model.market_start, not filled to the published vacancy.)
    ),
    Target(
        "pas_per_employer",
        "pas_per_employer",
        1.87,
        0.05,
        0.2,
        "calibration",
        "FACTS §4: PAs per employer",
        "1.87 PAs per individual employer (Skills for Care, 2022/23)",
        note="all direct-payment employers; complex children's packages need larger teams",
        accepted=(1.6, 2.4),
    ),
    Target(
        "dp_share",
        "dp_share_of_phbs",
        0.15,
        0.01,
        0.03,
        "verification",
        "FACTS §2: Delivery mode",
        "direct payments 15% of PHBs (NHS Digital, Q4 2023-24, all ages)",
        accepted=(0.15, 0.18),
        close_to_inputs=CLOSE_TO_INPUTS,
    ),
    Target(
        "notional_share",
        "notional_share_of_phbs",
        0.80,
        0.01,
        0.04,
        "verification",
        "FACTS §2: Delivery mode",
        "notional budgets 80% of PHBs (NHS Digital, Q4 2023-24, all ages)",
        accepted=(0.75, 0.80),
        close_to_inputs=CLOSE_TO_INPUTS,
    ),
    Target(
        "third_party_share",
        "third_party_share_of_phbs",
        0.05,
        0.01,
        0.02,
        "verification",
        "FACTS §2: Delivery mode",
        "third-party budgets 5% of PHBs (NHS Digital, Q4 2023-24, all ages)",
        accepted=(0.03, 0.06),
        close_to_inputs=CLOSE_TO_INPUTS,
    ),
    Target(
        "cut_work",
        "share_cut_work",
        0.62,
        0.02,
        0.06,
        "calibration",
        "FACTS §5: Employment loss (UK)",
        "62% gave up work or cut hours (Contact, Counting the Costs 2024)",
        note="all disabled children; complex needs likely higher",
        accepted=(0.5, 0.7),
        close_to_inputs="includes the adjustment of paid work made before a family enters "
        "the model, from the expected load (`sim.model.families`)",
    ),
    Target(
        "coordination",
        "coordination_hours",
        2.0,
        0.5,
        0.75,
        "calibration",
        "FACTS §5: Hours of direct care (CMC)",
        "median 2 h a week of care coordination (Kuo 2011, US)",
        note="US families, a median against the model's mean",
        accepted=(1.5, 3.5),
    ),
    # ------------------------------------------------------------------- validation
    Target(
        "covering_gaps",
        "share_covering_gaps",
        0.88,
        0.04,
        0.08,
        "validation",
        "FACTS §4: Complex-care staffing gaps",
        "88% expected by their provider to cover staff gaps (WellChild)",
        note="a self-selected survey of families with complex-care packages",
        accepted=(0.75, 1.0),
    ),
    Target(
        "safety_affected",
        "share_safety_affected",
        0.37,
        0.05,
        0.08,
        "validation",
        "FACTS §4: Complex-care staffing gaps",
        "37% felt their child's safety was affected (WellChild)",
        note="a self-selected survey of families with complex-care packages; the model's "
        "share of families with a clinical or 24-hour package, active at the end of the run, "
        "who had a week in the last year in which staffing gaps (unmet need weighted by the "
        "tier's clinical share, unwatched nights, carers who do not know the child) at least "
        "doubled the child's emergency-admission hazard; a feeling against a modelled risk",
    ),
    Target(
        "hundred_hours",
        "share_caring_100_hours",
        0.24,
        0.02,
        0.06,
        "validation",
        "FACTS §5: Care hours (UK, disabled children)",
        "24% of parent carers give 100+ hours of care a week (Contact)",
        accepted=(0.19, 0.29),
    ),
    Target(
        "pa_vacancy_2024",
        "pa_vacancy_rate",
        0.110,
        0.01,
        0.02,
        "validation",
        "FACTS §10: PA vacancy",
        "11.0% of PA posts vacant, highest of any role (Skills for Care, 2023/24)",
        note="a later national figure than the calibration target (8.1%, 2021)",
    ),
    Target(
        "pilot_qol_gain",
        "pilot_ascot_gain",
        0.039,
        0.01,
        0.02,
        "validation",
        "FACTS §1: Care-related QoL (ASCOT)",
        "ASCOT change 0.057 with a PHB against 0.018 without (pilot, 12 months)",
        note="adults, mostly not children's continuing care; the model's child QoL gain "
        "over 12 months of a supported direct payment against commissioned care, one paired "
        "seed per ensemble member",
    ),
    Target(
        "pilot_cost_neutral",
        "pilot_cost_difference_share",
        0.0,
        0.1,
        0.1,
        "validation",
        "FACTS §1: Costs",
        "overall cost-neutral (no significant difference in the pilot)",
        note="the model's NHS cost of a supported direct payment less that of commissioned "
        "care, over the latter's, per ensemble member (paired seed, 12 months)",
    ),
    Target(
        "pas_per_employer_24h",
        "pas_per_employer",
        2.5,
        0.3,
        0.5,
        "validation",
        "FACTS §4: PAs per employer",
        "more than the all-employer 1.87 for 24-hour packages (brief)",
        group="twenty_four_hour",
        note="PA-weeks over weeks of 24-hour families mostly on a direct payment or "
        "third-party budget who employed PAs (the summary's tier group)",
    ),
    Target(
        "heavy_care_gradient",
        "share_care_50_hours",
        2.1,
        0.3,
        0.5,
        "validation",
        "FACTS §10: Heavy unpaid care by deprivation",
        "50+ h a week: 4.0% in the most deprived areas against 1.9% in the least (ratio 2.1)",
        group="ratio",
        note="Census 2021: all people, by area deprivation; the model has no area "
        "deprivation variable (need is graded by the household's resources, FACTS §6), so "
        "'most deprived' is its Q1 (lowest resources) and 'least' Q5: the ratio Q1 / Q5 of "
        "the share of families whose parents give 50+ hours of care a week",
    ),
)

BY_NAME: dict[str, Target] = {t.name: t for t in TARGETS}

# Directions the model brief gives beside its figures ("Baseline targets").
RELATIONS: tuple[Relation, ...] = (
    Relation(
        "coordination_employers",
        "coordination_hours_employers",
        "coordination_hours",
        "more coordination time when employing PAs",
        "FACTS §5: Hours of direct care (CMC); brief: more when employing PAs",
        "calibration",
    ),
    Relation(
        "pas_per_employer_by_tier",
        "pas_per_employer:twenty_four_hour",
        "pas_per_employer:other_tiers",
        "more PAs for 24-hour packages",
        "FACTS §4: PAs per employer (brief: more for 24-hour packages)",
        "validation",
    ),
)


def calibration_targets() -> tuple[Target, ...]:
    """Calibration targets (all are summary outputs)."""
    return tuple(t for t in TARGETS if t.split == "calibration" and t.in_summary)


def validation_targets() -> tuple[Target, ...]:
    """Held-out targets: each a summary output or one of ``COMPARISON_OUTPUTS``."""
    return tuple(t for t in TARGETS if t.split == "validation")


def verification_targets() -> tuple[Target, ...]:
    """Figures met by construction (inputs carried through): checked, not calibrated to."""
    return tuple(t for t in TARGETS if t.split == "verification")
