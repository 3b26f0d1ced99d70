"""Per-family constants derived from parameters, the household and its arrangement.

Recomputed only when a family is drawn or changes arrangement, so the weekly step combines
ready arrays (``PHBModel.refresh_derived`` calls :func:`refresh`).

Most of these constants depend only on the family's area, arrangement and tier, not on the
household: they are worked out once per run for every (area, arrangement, tier) combination
(:func:`combination_table`; parameters never change within a run) and a family's row picks
its combination's values, so a batch of arrivals costs a few gathers, not the whole formula.
The same expressions, in the same order, run on the combinations as ran on the families, so
the values are the same to the last bit.
"""

from __future__ import annotations

import numpy as np

from sim.model import outcomes
from sim.model.costs import admission_prices
from sim.model.families import (
    COMMISSIONED,
    EMPLOYS_PAS,
    IS_PHB,
    NOTIONAL,
    THIRD_PARTY,
)
from sim.model.workforce import weekly_hazard
from sim.scenario.parameters import ARRANGEMENTS, TIERS

# The support offer's switches (registry group `support`), averaged into the support index.
SUPPORT_SWITCHES = (
    "support_planning",
    "brokerage",
    "payroll_service",
    "training_funding",
    "contingency_cover",
)

# Per-family arrays that are copied from the combination table as they are.
COPIED = (
    "employs",
    "pa_care",
    "provider_care",
    "commissioned",
    "pa_pay",
    "pa_hour_cost",
    "provider_rate",
    "hour_rate",
    "plan_fit",
    "support_score",
    "employer_support_factor",
    "pa_base_hazard",
    "admin_vacancy",
    "admin_per_pa",
    "admin_trainee",
    "admin_gap",
    "support_fee",
    "budget_fee_factor",
    "contingency",
    "handback_prob",
    "paid_night_cover",
    "control",
    "admission_price",
    "admission_rate",
    "provider_fill",
    "provider_familiarity",
    "buys_cover",
)


# The boolean ones among them (the others are float).
FLAGS = ("employs", "buys_cover")
# The float ones: on the model they are rows of one block (PHBModel.copied_block), so a
# refresh copies all of them for its families in one operation, not one per name.
COPIED_FLOAT = tuple(name for name in COPIED if name not in FLAGS)


def combination_index(m, rows: np.ndarray) -> np.ndarray:
    """Row of each family's (area, arrangement, tier) combination in the table."""
    f = m.fam
    return (f.icb[rows] * len(ARRANGEMENTS) + f.arrangement[rows]) * len(TIERS) + f.tier[rows]


def combination_table(m) -> dict[str, np.ndarray]:
    """The household-free constants of every (area, arrangement, tier) combination, built
    on first use and kept on the model (its parameters do not change within a run)."""
    table = getattr(m, "_derived_table", None)
    if table is None:
        n_arr, n_tier = len(ARRANGEMENTS), len(TIERS)
        size = m.n_areas * n_arr * n_tier
        combo = np.arange(size)
        area = combo // (n_arr * n_tier)
        table = m._derived_table = constants(
            {name: values[area] for name, values in m.area.items()},
            m.p,
            outcomes.weights(m).budget,
            (combo // n_tier) % n_arr,
            combo % n_tier,
        )
    return table


def copied_table(m) -> np.ndarray:
    """The float COPIED constants of every combination as one (name, combination) block,
    in the order of COPIED_FLOAT (built on first use and kept on the model)."""
    block = getattr(m, "_copied_table", None)
    if block is None:
        table = combination_table(m)
        block = m._copied_table = np.array([table[name] for name in COPIED_FLOAT], dtype=float)
    return block


def constants(fp: dict, p, w_budget, arr: np.ndarray, tier: np.ndarray) -> dict[str, np.ndarray]:
    """Constants of families with area parameters ``fp`` (one value per entry), arrangement
    ``arr`` and tier ``tier``: everything in :func:`refresh` that does not read the household,
    plus the parts of the household formulas that do not (``buffered``, ``hire_base``,
    ``recovery_gain``)."""
    c: dict[str, np.ndarray] = {}
    third_party = arr == THIRD_PARTY
    employs = EMPLOYS_PAS[arr]
    c["third_party"] = third_party
    c["employs"] = employs
    # The same split as 0/1 numbers (PAs, a provider), so the week multiplies float arrays by
    # float arrays (a bool operand costs a cast on every use).
    c["pa_care"] = employs.astype(float)
    c["provider_care"] = (~employs).astype(float)
    c["commissioned"] = arr == COMMISSIONED
    needs_based = fp["icb.budget_method"] > 0
    c["pa_pay"] = pa_pay = fp["icb.pa_funded_pay"] * (
        1.0 + needs_based * fp["icb.needs_based_pay_premium"]
    )
    oncost = 1.0 + fp["icb.employer_oncost_share"]
    c["pa_hour_cost"] = pa_pay * oncost
    # Prices by provider type: nurse-led complex care for clinical and 24-hour packages,
    # homecare for personal care. The funded rate is the cost of the hour the family
    # will buy: an employer's PA hour with on-costs and, under a needs-based budget, the
    # pay premium it lets them offer; otherwise the provider's price.
    c["provider_rate"] = np.where(tier > 0, fp["icb.complex_care_rate"], fp["icb.homecare_rate"])
    c["hour_rate"] = np.where(employs, c["pa_hour_cost"], c["provider_rate"])
    upfront = fp["icb.budget_known_upfront"] > 0
    c["plan_fit"] = np.where(
        (arr == COMMISSIONED) | upfront, 1.0, fp["icb.unknown_budget_plan_fit"]
    )

    switches = np.mean([fp[f"support.{s}"] for s in SUPPORT_SWITCHES], axis=0)
    switches = np.where(
        third_party, np.maximum(switches, fp["support.third_party_support"]), switches
    )
    weight = fp["support.information_weight"]
    support = weight * fp["support.information_quality"] + (1.0 - weight) * switches
    c["support_score"] = support
    # Health-system literacy is the resource that running a package draws on; support and
    # information buffer its lack (deficit = (1 - literacy) x buffered, in refresh).
    c["buffered"] = 1.0 - fp["support.buffer"] * support
    pay_factor = np.minimum(2.0, (pa_pay / fp["market.competing_wage"]) ** fp["pa.pay_elasticity"])
    broker = np.where(fp["support.brokerage"] > 0, fp["support.brokerage_hire_factor"], 1.0)
    c["hire_base"] = fp["market.hire_rate"] * pay_factor * broker  # x capability, in refresh

    supported = third_party | (
        (fp["support.payroll_service"] > 0) & (fp["support.support_planning"] > 0)
    )
    c["employer_support_factor"] = np.where(supported, fp["pa.support_hazard_factor"], 1.0)
    c["pa_base_hazard"] = weekly_hazard(fp["pa.turnover_annual"])

    share = np.array([0.0, 0.0, p["admin.employer_share_third_party"], 1.0])[arr]
    liaison = np.array(
        [
            p["admin.employer_share_notional"],
            p["admin.employer_share_notional"],
            p["admin.employer_share_third_party"],
            1.0,
        ]
    )[arr]
    broker = np.where(fp["support.brokerage"] > 0, fp["support.brokerage_admin_factor"], 1.0)
    does_payroll = ~third_party & (fp["support.payroll_service"] == 0)
    c["admin_vacancy"] = share * p["admin.recruitment_hours"] * broker
    c["admin_per_pa"] = share * (
        p["admin.rostering_hours"] + p["admin.payroll_hours"] * does_payroll
    )
    c["admin_trainee"] = share * p["admin.training_hours"] * (fp["support.training_funding"] == 0)
    c["admin_gap"] = liaison * p["admin.gap_cover_hours"]
    c["support_fee"] = (fp["support.payroll_service"] > 0) * p["cost.payroll_fee"] * employs
    c["budget_fee_factor"] = 1.0 + third_party * p["cost.third_party_fee"]
    c["contingency"] = fp["support.contingency_cover"] * IS_PHB[arr]
    c["handback_prob"] = (
        employs
        * p["risk.handback_prob"]
        * np.where(fp["support.support_planning"] > 0, p["risk.handback_support_factor"], 1.0)
    )
    # Support planning and the support offer reach PHB holders; commissioned families
    # have the area's information only (recovery = rate x housing term x this, in refresh).
    support_level = np.where(IS_PHB[arr], support, weight * fp["support.information_quality"])
    c["recovery_gain"] = 1.0 + p["strain.support_recovery_gain"] * support_level
    c["paid_night_cover"] = np.where(
        employs, p["shift.pa_night_cover"], p["shift.provider_night_cover"]
    )
    c["control"] = outcomes.control_from_budget(fp, arr, c["plan_fit"], w_budget)
    c["admission_price"] = admission_prices(p)[tier]
    tier_rates = (
        np.array(
            [
                p["risk.admission_personal_care"],
                p["risk.admission_clinical"],
                p["risk.admission_twenty_four_hour"],
            ]
        )
        / 52.0
    )
    c["admission_rate"] = tier_rates[tier]
    complexity = tier / 2.0  # 0 personal care, 0.5 clinical, 1 twenty-four hour
    penalty = fp["market.provider_complex_penalty"] * complexity
    c["provider_fill"] = np.clip(fp["market.provider_fill_rate"] - penalty, 0.0, 1.0)
    c["provider_familiarity"] = fp["market.provider_familiarity"] * (
        1.0 - fp["market.provider_complex_familiarity_loss"] * complexity
    )
    # Who may buy agency cover from the budget: employers of PAs, and notional budgets
    # when the budget is needs-based (flexible in what it buys).
    c["buys_cover"] = employs | ((arr == NOTIONAL) & needs_based)
    return c


def refresh(m, rows: np.ndarray) -> None:
    """Recompute the per-family constants that depend on the household and its arrangement
    (called when a family is drawn or changes arrangement), so the weekly step only
    combines ready arrays."""
    f, p = m.fam, m.p
    m.derived_version += 1
    table = combination_table(m)
    combo = combination_index(m, rows)
    m.copied_block[:, rows] = copied_table(m)[:, combo]
    for name in FLAGS:
        getattr(m, name)[rows] = table[name][combo]
    # The area's provider type serving the family (homecare or complex care, see
    # sim.model.market.provider_demand).
    m.provider_cell[rows] = f.icb[rows] * 2 + np.minimum(f.tier[rows], 1)
    m.set_funded(rows)
    m.non_clinical[rows] = 1.0 - f.clinical_share[rows]
    deficit = (1.0 - f.literacy[rows]) * table["buffered"][combo]
    capability = 1.0 - p["family.resource_effect"] * deficit
    m.capability[rows] = capability
    m.access[rows] = np.where(table["third_party"][combo], 1.0, capability)
    m.hire_factor[rows] = np.minimum(table["hire_base"][combo] * capability, 1.0)
    m.admin_mult[rows] = 2.0 - capability
    carers = f.carers[rows]
    m.carer_hours[rows] = carers * p["family.carer_hours_available"]
    m.inv_comfort[rows] = 1.0 / (carers * p["family.carer_comfort_hours"])
    m.recovery[rows] = (
        p["strain.recovery_rate"] * (0.5 + 0.5 * f.housing[rows]) * table["recovery_gain"][combo]
    )
    m.night_hours[rows] = carers * p["shift.parent_night_hours"]
    m.need_derived(rows)
    # Unmet clinical care (suction, tube feeds, ventilation checks nobody does) is the
    # riskiest gap, so the rise per unit of unmet need grows with the tier's clinical share.
    m.unmet_admission_effect[rows] = (
        p["risk.admission_unmet_effect"]
        + p["risk.admission_unmet_clinical_effect"] * f.clinical_share[rows]
    )
