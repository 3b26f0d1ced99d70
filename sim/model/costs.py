"""Costs of the week by perspective, per family.

NHS/ICB perspective: the package (PA hours at the employer's cost, provider hours at the
rate of the provider type: homecare or nurse-led complex care), agency and contingency cover
(interim, bought from the budget and the ICB's contingency), PHB support services
(everything else the ledger charged: the third-party fee, payroll, brokerage, training,
support planning), the assessment at approval (every new package, and a new one after a
move or hand-back) and periodic reviews, emergency admissions priced by tier, and respite
after a carer crisis. Families' perspective: carers' lost earnings and the extra out-of-
pocket costs of disability. The societal perspective is the sum of both, with unpaid care at
its replacement cost added only as a sensitivity (``value.unpaid_care_in_societal``).

Unmet need is never free here: it raises admissions (sim.model.risks) and strain, crises and
lost work (sim.model.strain), and each of those is priced, so under-delivery shows as the
costs it moves rather than as a saving.
"""

from __future__ import annotations

import numpy as np

NHS = ("package", "agency", "support", "review", "admissions", "respite")
FAMILY = ("lost_earnings", "out_of_pocket")
SENSITIVITY = ("unpaid_care",)
COMPONENTS = (*NHS, *FAMILY, *SENSITIVITY)
PERSPECTIVES = ("nhs", "family", "societal")
WEEKS_PER_MONTH = 52.0 / 12.0


def admission_prices(p) -> np.ndarray:
    """Price of an emergency admission by tier (personal care, clinical, 24-hour)."""
    base = p["cost.admission"]
    return base * np.array(
        [1.0, p["value.admission_factor_clinical"], p["value.admission_factor_twenty_four_hour"]]
    )


def week_costs(
    m, rota, cover, events, ledger_cost: np.ndarray, work_lost: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray]:
    """The week's cost components per family (rows in the order of COMPONENTS; only in
    recorded weeks, else None) and the NHS total the ICB carries: the ledger's charges
    plus assessments and reviews, admissions by tier and respite after crises.

    The burn-in needs only the total, so the components are kept only in recorded weeks.
    """
    p = m.p
    n = len(m.fam)
    out = np.empty((len(COMPONENTS), n)) if m.recording else np.empty((len(NHS), n))
    package, agency, support, review, admissions, respite = out[: len(NHS)]
    np.multiply(m.review_due, p["value.review_cost"], out=review)
    review += m.assessed_now * p["value.assessment_cost"]
    np.multiply(events.admission, m.admission_price, out=admissions)
    np.multiply(events.crisis, p["value.respite_cost_per_crisis"], out=respite)
    nhs = ledger_cost + review
    nhs += admissions
    nhs += respite
    if not m.recording:
        return None, nhs
    lost, pocket, unpaid = out[len(NHS) :]
    np.multiply(rota.pa, m.pa_hour_cost, out=package)
    package += rota.provider * m.provider_rate
    np.multiply(cover.agency, m.agency_rate, out=agency)
    np.subtract(ledger_cost, package, out=support)
    support -= agency
    np.multiply(work_lost, p["value.carer_hourly_earnings"], out=lost)
    pocket.fill(p["value.extra_costs_month"] / WEEKS_PER_MONTH)
    np.multiply(cover.family, p["value.unpaid_care_rate"], out=unpaid)
    return out, nhs


def perspective_totals(components: np.ndarray, unpaid_in_societal: bool) -> np.ndarray:
    """Totals by perspective (rows in the order of PERSPECTIVES) from component rows (the
    first axis in the order of COMPONENTS; any trailing shape)."""
    nhs = components[: len(NHS)].sum(axis=0)
    family = components[len(NHS) : len(NHS) + len(FAMILY)].sum(axis=0)
    societal = nhs + family + (components[-1] if unpaid_in_societal else 0.0)
    return np.stack([nhs, family, societal])
