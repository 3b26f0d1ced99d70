"""The ten features of an effective PHB process (seed 004) as scenario switches.

Seed 004 (In Control, 2012) lists ten features of an effective personal health budget
process in NHS continuing healthcare. The model cannot represent a feature as such, only the
parameters it moves, so each feature is operationalised here as plain data: the parameter
values it sets when switched on and when switched off. This mapping is a modelling
assumption (documented in docs/SCENARIOS.md); the registry in
sim.scenario.parameters says where each
parameter's own default comes from.

A scenario file switches features with a ``features:`` mapping (``name: true|false``).
Features a file does not mention leave their parameters alone, and explicit parameter
values in the same file win over a feature (see sim.scenario).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.scenario.parameters import REGISTRY


@dataclass(frozen=True)
class Feature:
    """One seed-004 feature: its number and wording, and the parameters it moves."""

    number: int
    wording: str
    on: Mapping[str, Any]
    off: Mapping[str, Any]


FEATURES: dict[str, Feature] = {
    "covers_full_need": Feature(
        1,
        "The budget covers the full range of the person's health and care needs",
        on={"icb.funded_share_of_need": 1.0},
        off={"icb.funded_share_of_need": 0.75},
    ),
    "full_package_in_budget": Feature(
        2,
        "The full continuing-care package is included in the budget",
        on={"support.contingency_cover": True},
        off={"support.contingency_cover": False},
    ),
    "budget_known_upfront": Feature(
        3,
        "The family knows how much there is to spend before planning",
        on={"icb.budget_known_upfront": True},
        off={"icb.budget_known_upfront": False},
    ),
    "needs_based_budget": Feature(
        4,
        "The indicative budget is based on needs, not hours of care",
        on={"icb.budget_method": "needs_based"},
        off={"icb.budget_method": "hours_x_rate"},
    ),
    "clinicians_involved_not_dominating": Feature(
        5,
        "Clinicians are involved from the start but do not dominate",
        on={"pa.training_weeks": 4},
        off={"pa.training_weeks": 8},
    ),
    "support_planning": Feature(
        6,
        "Adequate support is available for support planning",
        on={"support.support_planning": True},
        off={"support.support_planning": False},
    ),
    "plan_in_own_words": Feature(
        7,
        "The support plan is in the family's own words, not a clinical care plan",
        on={"icb.unknown_budget_plan_fit": 1.0},
        off={"icb.unknown_budget_plan_fit": 0.85},
    ),
    "family_decides_training": Feature(
        8,
        "The family decides about training, which is funded",
        on={"support.training_funding": True},
        off={"support.training_funding": False},
    ),
    "light_touch_approval": Feature(
        9,
        "Approval is light touch and transparent",
        on={"icb.approval_regime": "light"},
        off={"icb.approval_regime": "heavy"},
    ),
    "options_for_holding_budget": Feature(
        10,
        "There are adequate options for how the budget is held and managed",
        on={"support.payroll_service": True, "support.brokerage": True},
        off={"support.payroll_service": False, "support.brokerage": False},
    ),
}


def feature_values(switches: Mapping[str, bool]) -> dict[str, tuple[Any, str]]:
    """Parameter values set by feature switches: ``{param: (value, feature name)}``.

    The caller has already checked the names and that each switch is a bool.
    """
    out: dict[str, tuple[Any, str]] = {}
    for name, on in switches.items():
        for param, value in (FEATURES[name].on if on else FEATURES[name].off).items():
            out[param] = (value, name)
    return out


def _check_table() -> None:
    """Fail at import if the table names a parameter the registry lacks (a typo here would
    otherwise silently switch nothing)."""
    for name, feature in FEATURES.items():
        if set(feature.on) != set(feature.off):
            raise RuntimeError(f"feature {name}: on and off set different parameters")
        for param in feature.on:
            if param not in REGISTRY:
                raise RuntimeError(f"feature {name}: unknown parameter {param}")


_check_table()
