"""Per-family constants derived from parameters, the household and its arrangement.

Recomputed only when a family is drawn or changes arrangement, so the weekly step combines
ready arrays (``PHBModel.refresh_derived`` calls :func:`refresh`).
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

# The support offer's switches (registry group `support`), averaged into the support index.
SUPPORT_SWITCHES = (
    "support_planning",
    "brokerage",
    "payroll_service",
    "training_funding",
    "contingency_cover",
)


def refresh(m, rows: np.ndarray) -> None:
    """Recompute the per-family constants that depend on the household and its arrangement
    (called when a family is drawn or changes arrangement), so the weekly step only
    combines ready arrays."""
    f, fp, p = m.fam, m.fp, m.p
    arr = f.arrangement[rows]
    third_party = arr == THIRD_PARTY
    employs = EMPLOYS_PAS[arr]
    m.employs[rows] = employs
    m.commissioned[rows] = arr == COMMISSIONED
    needs_based = m.needs_based[rows]
    m.pa_pay[rows] = fp["icb.pa_funded_pay"][rows] * (
        1.0 + needs_based * fp["icb.needs_based_pay_premium"][rows]
    )
    oncost = 1.0 + fp["icb.employer_oncost_share"][rows]
    m.pa_hour_cost[rows] = m.pa_pay[rows] * oncost
    # Prices by provider type: nurse-led complex care for clinical and 24-hour packages,
    # homecare for personal care. The funded rate is the cost of the hour the family
    # will buy: an employer's PA hour with on-costs and, under a needs-based budget, the
    # pay premium it lets them offer; otherwise the provider's price.
    m.provider_rate[rows] = np.where(
        f.tier[rows] > 0, fp["icb.complex_care_rate"][rows], fp["icb.homecare_rate"][rows]
    )
    m.hour_rate[rows] = np.where(employs, m.pa_hour_cost[rows], m.provider_rate[rows])
    upfront = fp["icb.budget_known_upfront"][rows] > 0
    m.plan_fit[rows] = np.where(
        (arr == COMMISSIONED) | upfront, 1.0, fp["icb.unknown_budget_plan_fit"][rows]
    )
    m.set_funded(rows)
    m.non_clinical[rows] = 1.0 - f.clinical_share[rows]

    switches = np.mean(
        [fp[f"support.{s}"][rows] for s in SUPPORT_SWITCHES],
        axis=0,
    )
    switches = np.where(
        third_party, np.maximum(switches, fp["support.third_party_support"][rows]), switches
    )
    weight = fp["support.information_weight"][rows]
    support = weight * fp["support.information_quality"][rows] + (1.0 - weight) * switches
    # Health-system literacy is the resource that running a package draws on; support and
    # information buffer its lack.
    deficit = (1.0 - f.literacy[rows]) * (1.0 - fp["support.buffer"][rows] * support)
    m.support_score[rows] = support
    m.capability[rows] = 1.0 - p["family.resource_effect"] * deficit
    m.access[rows] = np.where(third_party, 1.0, m.capability[rows])
    pay_factor = np.minimum(
        2.0,
        (m.pa_pay[rows] / fp["market.competing_wage"][rows]) ** fp["pa.pay_elasticity"][rows],
    )
    broker = np.where(
        fp["support.brokerage"][rows] > 0, fp["support.brokerage_hire_factor"][rows], 1.0
    )
    m.hire_factor[rows] = np.minimum(
        fp["market.hire_rate"][rows] * pay_factor * broker * m.capability[rows], 1.0
    )
    m.admin_mult[rows] = 2.0 - m.capability[rows]

    supported = third_party | (
        (fp["support.payroll_service"][rows] > 0) & (fp["support.support_planning"][rows] > 0)
    )
    m.employer_support_factor[rows] = np.where(supported, fp["pa.support_hazard_factor"][rows], 1.0)
    m.pa_base_hazard[rows] = weekly_hazard(fp["pa.turnover_annual"][rows])

    share = np.array([0.0, 0.0, p["admin.employer_share_third_party"], 1.0])[arr]
    liaison = np.array(
        [
            p["admin.employer_share_notional"],
            p["admin.employer_share_notional"],
            p["admin.employer_share_third_party"],
            1.0,
        ]
    )[arr]
    broker = np.where(
        fp["support.brokerage"][rows] > 0, fp["support.brokerage_admin_factor"][rows], 1.0
    )
    does_payroll = ~third_party & (fp["support.payroll_service"][rows] == 0)
    m.admin_vacancy[rows] = share * p["admin.recruitment_hours"] * broker
    m.admin_per_pa[rows] = share * (
        p["admin.rostering_hours"] + p["admin.payroll_hours"] * does_payroll
    )
    m.admin_trainee[rows] = (
        share * p["admin.training_hours"] * (fp["support.training_funding"][rows] == 0)
    )
    m.admin_gap[rows] = liaison * p["admin.gap_cover_hours"]
    m.support_fee[rows] = (
        (fp["support.payroll_service"][rows] > 0) * p["cost.payroll_fee"] * employs
    )
    m.budget_fee_factor[rows] = 1.0 + third_party * p["cost.third_party_fee"]
    m.contingency[rows] = fp["support.contingency_cover"][rows] * IS_PHB[arr]
    m.handback_prob[rows] = (
        employs
        * p["risk.handback_prob"]
        * np.where(fp["support.support_planning"][rows] > 0, p["risk.handback_support_factor"], 1.0)
    )

    m.carer_hours[rows] = f.carers[rows] * p["family.carer_hours_available"]
    m.inv_comfort[rows] = 1.0 / (f.carers[rows] * p["family.carer_comfort_hours"])
    # Support planning and the support offer reach PHB holders; commissioned families
    # have the area's information only.
    support_level = np.where(IS_PHB[arr], support, weight * fp["support.information_quality"][rows])
    m.recovery[rows] = (
        p["strain.recovery_rate"]
        * (0.5 + 0.5 * f.housing[rows])
        * (1.0 + p["strain.support_recovery_gain"] * support_level)
    )
    m.night_hours[rows] = f.carers[rows] * p["shift.parent_night_hours"]
    m.paid_night_cover[rows] = np.where(
        employs, p["shift.pa_night_cover"], p["shift.provider_night_cover"]
    )
    m.need_derived(rows)
    m.control[rows] = outcomes.control_from_budget(m, rows, arr)
    m.admission_price[rows] = admission_prices(p)[f.tier[rows]]
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
    m.admission_rate[rows] = tier_rates[f.tier[rows]]
    # Unmet clinical care (suction, tube feeds, ventilation checks nobody does) is the
    # riskiest gap, so the rise per unit of unmet need grows with the tier's clinical share.
    m.unmet_admission_effect[rows] = (
        p["risk.admission_unmet_effect"]
        + p["risk.admission_unmet_clinical_effect"] * f.clinical_share[rows]
    )
    complexity = f.tier[rows] / 2.0  # 0 personal care, 0.5 clinical, 1 twenty-four hour
    penalty = fp["market.provider_complex_penalty"][rows] * complexity
    m.provider_fill[rows] = np.clip(fp["market.provider_fill_rate"][rows] - penalty, 0.0, 1.0)
    m.provider_familiarity[rows] = fp["market.provider_familiarity"][rows] * (
        1.0 - fp["market.provider_complex_familiarity_loss"][rows] * complexity
    )
    # Who may buy agency cover from the budget: employers of PAs, and notional budgets
    # when the budget is needs-based (flexible in what it buys).
    m.buys_cover[rows] = employs | ((arr == NOTIONAL) & needs_based)
