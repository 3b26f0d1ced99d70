"""Family state (one row per household) and how a new family is drawn.

Each row is one household with one child. Rows are slots: when a young person leaves the
model (at ``population.age_max``) the slot is refilled by a new referral, so arrays keep
their size and the weekly arithmetic its cost. The `Family` Mesa agent of a row is a view
on these arrays (sim.model.agents).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy.special import ndtr

from sim.scenario.parameters import ARRANGEMENTS, TIERS

COMMISSIONED, NOTIONAL, THIRD_PARTY, DIRECT_PAYMENT = range(4)
TWENTY_FOUR_HOUR = TIERS.index("twenty_four_hour")
EMPLOYS_PAS = np.array([False, False, True, True])  # by arrangement code
IS_PHB = np.array([False, True, True, True])
# A week number before any run's first: "never" for the last-week-something-happened fields.
NEVER = -10_000


@dataclass
class FamilyState:
    """Struct of arrays, one entry per family slot."""

    icb: np.ndarray
    age: np.ndarray
    entry_age: np.ndarray  # age at referral (the start of the household's time in the model)
    tier: np.ndarray
    need: np.ndarray  # this week's care need, hours (base need at the child's age)
    base_need: np.ndarray  # need at the reference age (need.reference_age)
    assessed_need: np.ndarray  # need at the last assessment (approval or review)
    clinical_share: np.ndarray
    resource: np.ndarray
    quintile: np.ndarray
    literacy: np.ndarray
    housing: np.ndarray
    carers: np.ndarray
    network_hours: np.ndarray
    work0: np.ndarray
    work: np.ndarray
    strain: np.ndarray
    crisis_left: np.ndarray
    arrangement: np.ndarray
    preferred: np.ndarray  # the arrangement the family chose when last offered a choice
    wait_left: np.ndarray
    waited: np.ndarray
    hours_factor: np.ndarray
    gap_left: np.ndarray
    budget_week: np.ndarray
    balance: np.ndarray
    allocated: np.ndarray
    spent: np.ndarray
    clawed: np.ndarray
    topped_up: np.ndarray  # ICB top-ups where committed spending exceeded the balance
    next_review: np.ndarray
    handed_back: np.ndarray
    cut_work: np.ndarray
    last_gap_week: np.ndarray
    last_unsafe_week: np.ndarray  # last week staffing gaps put the child at risk (risks)
    family_id: np.ndarray

    @classmethod
    def empty(cls, n: int) -> FamilyState:
        return cls(**{f.name: np.zeros(n, dtype=_DTYPES.get(f.name, float)) for f in fields(cls)})

    def __len__(self) -> int:
        return len(self.age)


_DTYPES = {
    **dict.fromkeys(
        (
            "icb",
            "tier",
            "quintile",
            "carers",
            "crisis_left",
            "arrangement",
            "preferred",
            "wait_left",
            "waited",
            "gap_left",
            "next_review",
            "last_gap_week",
            "last_unsafe_week",
            "family_id",
        ),
        np.int64,
    ),
    **dict.fromkeys(("handed_back", "cut_work"), bool),
}


def draw_families(m, rows: np.ndarray, rng: np.random.Generator, *, initial: bool) -> None:
    """Fill ``rows`` of the model's family state with newly drawn households, from ``rng``
    (the run's own generator at the start, its population stream for referrals).

    The resource level is a composite of four correlated components (income, health-system
    literacy, informal network, housing): each drives its own mechanism (income: carers and
    employment; literacy: capability to run a package; network: informal help; housing:
    strain recovery), and the composite gives the quintile used in reporting.
    """
    f, p, fp = m.fam, m.p, m.fp
    n = len(rows)
    if n == 0:
        return
    referral_max = p["population.referral_age_max"]
    if initial:
        f.age[rows], f.entry_age[rows] = stationary_ages(
            rng, n, referral_max, p["population.age_max"]
        )
    else:
        f.age[rows] = f.entry_age[rows] = rng.uniform(0.0, referral_max, n)
    rho = p["family.resource_correlation"]
    z = np.sqrt(rho) * rng.standard_normal((n, 1)) + np.sqrt(1.0 - rho) * rng.standard_normal(
        (n, 4)
    )
    components = ndtr(z)
    composite = ndtr(z.mean(axis=1) / np.sqrt(rho + (1.0 - rho) / 4.0))

    # Complex needs are graded by deprivation (FACTS §6): the odds of the clinical and
    # 24-hour tiers rise towards the most deprived households.
    tier_shares, means, clinical = tier_constants(m)
    weights = np.empty((n, len(TIERS)))
    weights[:] = tier_shares
    weights[:, 1:] *= p["need.deprivation_odds"] ** (0.5 - composite)[:, None]
    cum = np.cumsum(weights, axis=1)
    tier = np.minimum(((rng.random(n) * cum[:, -1])[:, None] > cum).sum(axis=1), len(TIERS) - 1)
    f.tier[rows] = tier
    # The 24-hour tier is round-the-clock cover: the same hours for every family of the tier.
    spread = p["need.hours_spread"] * (tier != TWENTY_FOUR_HOUR)
    f.base_need[rows] = means[tier] * (1.0 + spread * rng.uniform(-1.0, 1.0, n))
    f.need[rows] = need_at_age(p, f.base_need[rows], f.age[rows], tier)
    f.assessed_need[rows] = f.need[rows]
    f.clinical_share[rows] = clinical[tier]
    income, literacy, network, housing = components.T
    f.resource[rows] = composite
    f.quintile[rows] = np.minimum(4, (composite * 5).astype(int))
    f.literacy[rows] = literacy
    f.housing[rows] = housing
    two = rng.random(n) < _lerp(
        p["family.two_carer_share_low"], p["family.two_carer_share_high"], income
    )
    f.carers[rows] = 1 + two
    employ = _lerp(p["family.employment_low"], p["family.employment_high"], income)
    employed = (rng.random(n) < employ).astype(float) + two * (rng.random(n) < employ)
    f.work0[rows] = employed * p["family.work_hours_per_carer"]
    f.network_hours[rows] = p["family.network_hours_max"] * network

    f.arrangement[rows] = f.preferred[rows] = draw_arrangement(fp, rows, composite, rng)
    f.hours_factor[rows] = 1.0
    f.gap_left[rows] = 0
    f.crisis_left[rows] = 0
    f.handed_back[rows] = 0
    f.cut_work[rows] = 0
    f.last_gap_week[rows] = f.last_unsafe_week[rows] = NEVER
    f.balance[rows] = 0.0
    f.allocated[rows] = 0.0
    f.spent[rows] = 0.0
    f.clawed[rows] = 0.0
    f.topped_up[rows] = 0.0
    f.budget_week[rows] = 0.0
    f.family_id[rows] = m.next_family_ids(n)
    # The running caseload's reviews are spread over the review cycle; new referrals get
    # theirs when approved (sim.model.icb.approve).
    f.next_review[rows] = (
        m.steps_done + 1 + (rng.random(n) * fp["icb.review_weeks"][rows]).astype(np.int64)
    )
    f.waited[rows] = 0
    _settle_work_and_strain(m, rows)


def tier_constants(m) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Referral shares, mean need hours and clinical shares by tier, worked out on first use
    and kept on the model (parameters do not change within a run), so a batch of arrivals
    does not rebuild them."""
    cached = getattr(m, "_tier_constants", None)
    if cached is None:
        p = m.p
        shares = p["population.tier_shares"]
        cached = m._tier_constants = (
            np.array([shares[t] for t in TIERS]),
            np.array([p[f"need.hours_{t}"] for t in TIERS]),
            np.array(
                [0.0, p["need.clinical_share_clinical"], p["need.clinical_share_twenty_four_hour"]]
            ),
        )
    return cached


def need_at_age(p, base_need: np.ndarray, age: np.ndarray, tier: np.ndarray) -> np.ndarray:
    """Weekly care need at a given age: the base need (at ``need.reference_age``) changing by
    ``need.age_change`` a year of age, within 1-168 hours. Round-the-clock cover (the 24-hour
    tier) is needed at every age, so its need does not change with age."""
    slope = p["need.age_change"] * (tier != TWENTY_FOUR_HOUR)
    factor = np.maximum(0.2, 1.0 + slope * (age - p["need.reference_age"]))
    return np.minimum(np.maximum(base_need * factor, 1.0), 168.0)  # (np.clip, without its wrapper)


def funded_share(fp: dict, tier: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Share of need a package funds as paid hours: ``icb.funded_share_of_need``, and for the
    24-hour tier, commissioned as round-the-clock care, that share raised by
    ``icb.funded_uplift_twenty_four_hour`` up to the whole need (so the ICB's funded share
    moves every tier's packages, not the others' alone)."""
    share = fp["icb.funded_share_of_need"][rows]
    uplift = fp["icb.funded_uplift_twenty_four_hour"][rows] * (tier == TWENTY_FOUR_HOUR)
    return np.minimum(share + uplift, 1.0)


def stationary_ages(
    rng: np.random.Generator, n: int, referral_max: float, age_max: float
) -> tuple[np.ndarray, np.ndarray]:
    """Ages and referral ages of a running caseload in its steady state.

    Referrals arrive at ages uniform on [0, R] and stay until ``age_max`` (A), each leaver's
    slot refilled by a referral, so the caseload's stationary age density is proportional to
    the share of referrals made by that age, min(a / R, 1) on [0, A]: rising over [0, R],
    flat over [R, A]. Ages are drawn by inverting its distribution function, and each
    household's referral age uniform on [0, min(age, R)] (a referral at r is in the caseload
    at age a for every a in [r, A]).
    """
    total = age_max - 0.5 * referral_max
    x = rng.random(n) * total
    ramp = x < 0.5 * referral_max
    age = np.where(
        ramp, np.sqrt(2.0 * referral_max * np.where(ramp, x, 0.0)), x + 0.5 * referral_max
    )
    entry = rng.random(n) * np.minimum(age, referral_max)
    return age, entry


def _lerp(low: float, high: float, x: np.ndarray) -> np.ndarray:
    return low + (high - low) * x


def draw_arrangement(
    fp: dict, rows: np.ndarray, resource: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Arrangement chosen when a family is offered one (at referral, or when it reconsiders
    at review): the area's shares, with the direct-payment weight shaped by information.

    Who is told about and offered a direct payment depends on the area's information
    (FACTS §6: families are not told about DPs): better information raises the odds of a
    direct payment by ``(2 × quality) ^ arrangement.dp_information_effect`` and flattens its
    tilt towards better-resourced families, whose own literacy matters less when everyone
    is told; at quality 0.5 the shares and ``arrangement.dp_resource_gradient`` apply as
    given.
    """
    info = fp["support.information_quality"][rows]
    weights = fp["arrangement.shares"][rows].copy()
    tilt = fp["arrangement.dp_resource_gradient"][rows] ** ((resource - 0.5) * 2.0 * (1.0 - info))
    weights[:, DIRECT_PAYMENT] *= (
        tilt * (2.0 * info) ** fp["arrangement.dp_information_effect"][rows]
    )
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(rows)) * cum[:, -1]
    return np.minimum((u[:, None] > cum).sum(axis=1), len(ARRANGEMENTS) - 1)


def _settle_work_and_strain(m, rows: np.ndarray) -> None:
    """Starting paid work and strain consistent with the family's expected load.

    Households of children with complex needs have adjusted before they enter the model:
    carers have cut work where the expected unpaid load would not fit beside it (the same
    half-post steps the weekly mechanism uses), and strain starts at the level that load
    implies. Starting near the model's own steady state keeps the burn-in
    (``population.burn_in_weeks``) short; docs/ODD.md states the assumption.
    """
    f, p = m.fam, m.p
    expected_paid = (
        f.need[rows]
        * funded_share(m.fp, f.tier[rows], rows)
        * m.fp["market.provider_fill_rate"][rows]
    )
    load = f.need[rows] - expected_paid + p["admin.coordination_hours"]
    capacity = (
        f.carers[rows] * (p["family.carer_hours_available"] + p["shift.parent_night_hours"])
        + f.network_hours[rows]
    )
    work = f.work0[rows].copy()
    step = 0.5 * p["family.work_hours_per_carer"]
    comfort = f.carers[rows] * p["family.carer_comfort_hours"]
    for _ in range(4):
        over = ((load > capacity - work) | (load + work > comfort)) & (work > 0)
        if not over.any():
            break  # settled: further passes would change nothing
        work = np.where(over, np.maximum(0.0, work - step), work)
    f.work[rows] = work
    f.cut_work[rows] = work < f.work0[rows]
    # Carers who have cut work did so under strain (the weekly rule cuts only above the
    # threshold), so they start there; the others in proportion to their load.
    by_load = np.clip(0.5 * ((load + work) / comfort - 0.5), 0.0, 1.0)
    cut = work < f.work0[rows]
    f.strain[rows] = np.where(cut, np.maximum(by_load, p["strain.work_cut_threshold"]), by_load)
