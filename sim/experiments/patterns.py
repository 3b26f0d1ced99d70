"""Patterns P1-P7 of the model brief as data: paired comparisons whose direction can be
checked for any parameter set (an ensemble member, say).

The pattern tests (tests/test_patterns.py) check each direction with a margin over
replications at the default parameters; here each pattern is reduced to the directions
that define it, so the share of calibrated ensemble members in which it holds can be
reported (docs/VALIDATION.md). A pattern holds for a member when every one of its
comparisons goes the stated way on the member's paired runs (same seeds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

ALL_DP = "arrangement.shares={commissioned: 0, notional: 0, third_party: 0, direct_payment: 1}"
TURNED_18 = "turned_18"  # summary group added by pattern_run: families crossing 18


@dataclass(frozen=True)
class Variant:
    """A library scenario with extra ``--set`` values."""

    scenario: str
    overrides: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return " ".join((self.scenario, *self.overrides))


@dataclass(frozen=True)
class Comparison:
    """``output`` is higher under ``high`` than under ``low`` (or above 0 with no low)."""

    high: Variant
    output: str  # measure or measure:group
    low: Variant | None = None


@dataclass(frozen=True)
class Pattern:
    code: str
    claim: str
    comparisons: tuple[Comparison, ...]


def _v(name: str, *overrides: str) -> Variant:
    return Variant(name, overrides)


COMMISSIONED = _v("arrangements/commissioned")
DP_SUPPORTED = _v("arrangements/direct_payment_supported")
DP_UNSUPPORTED = _v("arrangements/direct_payment_unsupported")

PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "P1",
        "a supported PHB gives more continuity and quality of life than commissioned care",
        (
            Comparison(DP_SUPPORTED, "pa_continuity", COMMISSIONED),
            Comparison(DP_SUPPORTED, "qol", COMMISSIONED),
        ),
    ),
    Pattern(
        "P2",
        "an unsupported direct payment moves admin and care hours onto the family",
        (
            Comparison(DP_UNSUPPORTED, "admin_hours", COMMISSIONED),
            Comparison(DP_UNSUPPORTED, "family_care_hours", COMMISSIONED),
        ),
    ),
    Pattern(
        "P3",
        "PA churn raises unmet need and family hours",
        (
            Comparison(
                _v("workforce/churn_high", ALL_DP), "unmet_hours", _v("workforce/churn_low", ALL_DP)
            ),
            Comparison(
                _v("workforce/churn_high", ALL_DP),
                "family_care_hours",
                _v("workforce/churn_low", ALL_DP),
            ),
        ),
    ),
    Pattern(
        "P4",
        "lower-resource families carry more admin under unsupported direct payments, and "
        "support flattens the gradient",
        (
            Comparison(DP_UNSUPPORTED, "admin_hours:gap"),
            Comparison(DP_UNSUPPORTED, "admin_hours:gap", DP_SUPPORTED),
        ),
    ),
    Pattern(
        "P5",
        "knowing the budget up front lowers family hours and strain",
        (
            Comparison(
                _v("budget/not_known_upfront"), "family_care_hours", _v("budget/known_upfront")
            ),
            Comparison(_v("budget/not_known_upfront"), "strain", _v("budget/known_upfront")),
        ),
    ),
    Pattern(
        "P6",
        "a cliff edge at 18 raises family hours of those turning 18",
        (
            Comparison(
                _v("transitions/cliff_edge"),
                f"family_care_hours:{TURNED_18}",
                _v("transitions/planned"),
            ),
        ),
    ),
    Pattern(
        "P7",
        "heavy approval adds delay",
        (Comparison(_v("governance/heavy"), "mean_approval_weeks", _v("governance/light")),),
    ),
)


def variants() -> list[Variant]:
    """Every distinct scenario variant the patterns need, in a stable order."""
    seen: dict[str, Variant] = {}
    for p in PATTERNS:
        for c in p.comparisons:
            for v in (c.low, c.high):
                if v is not None:
                    seen.setdefault(v.key, v)
    return list(seen.values())


def pattern_run(scenario, seed: int) -> pd.DataFrame:
    """The run summary plus the family hours of those whose 18th birthday fell in the
    recorded weeks (group ``turned_18``), which P6 compares."""
    from sim.experiments.runner import simulate

    result = simulate(scenario, seed, tables=False)
    return pd.concat(
        [result.summary[["measure", "group", "value"]], turned_18_rows(result.families)],
        ignore_index=True,
    )


def turned_18_rows(fam: pd.DataFrame) -> pd.DataFrame:
    """The summary row P6 reads: mean family care hours of those who crossed 18."""
    crossed = (fam["age_end"] >= 18.0) & (fam["age_end"] - fam["weeks"] / 52.0 < 18.0)
    chosen = fam[crossed]
    value = (
        float(np.average(chosen["family_care_hours"], weights=chosen["weeks"]))
        if len(chosen) and chosen["weeks"].sum() > 0
        else float("nan")
    )
    return pd.DataFrame({"measure": ["family_care_hours"], "group": [TURNED_18], "value": [value]})


def holds(values: dict[tuple[str, str], float], pattern: Pattern) -> bool:
    """Whether every comparison of ``pattern`` goes its way; ``values`` maps (variant key,
    output) to the member's mean over its seeds."""
    for c in pattern.comparisons:
        high = values.get((c.high.key, c.output), float("nan"))
        low = 0.0 if c.low is None else values.get((c.low.key, c.output), float("nan"))
        if not np.isfinite(high - low) or high - low <= 0:
            return False
    return True
