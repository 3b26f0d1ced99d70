"""Personal assistants: their pool, hiring, leaving and training.

PAs live in a pool of slots (struct of arrays) that grows when needed; each active slot has
a `PersonalAssistant` Mesa agent as its view (the market they are hired from is
sim.model.market). Hiring and leaving are the only per-PA Python
(rare discrete events); everything weekly is vectorised over the pool.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

WEEKS_PER_YEAR = 52.0


def weekly_hazard(annual: float | np.ndarray) -> float | np.ndarray:
    """Annual rate T to a weekly hazard 1 - (1 - T)^(1/52) (model brief, conversions)."""
    return 1.0 - (1.0 - annual) ** (1.0 / WEEKS_PER_YEAR)


@dataclass
class PAPool:
    """Struct of arrays over PA slots; ``active`` marks the slots holding a PA."""

    fam: np.ndarray
    pay: np.ndarray
    trained: np.ndarray
    train_left: np.ndarray
    tenure: np.ndarray
    absent_left: np.ndarray
    insecure: np.ndarray
    active: np.ndarray
    # The part of the weekly leaving hazard fixed at hire (the employer's base hazard, pay
    # against the local wage, insecure hours), so the week multiplies in only what changes.
    base_hazard: np.ndarray

    @classmethod
    def empty(cls, n: int) -> PAPool:
        dtypes = {
            "fam": np.int64,
            "tenure": np.int64,
            "absent_left": np.int64,
            "trained": bool,
            "insecure": bool,
            "active": bool,
        }
        pool = cls(**{f.name: np.zeros(n, dtype=dtypes.get(f.name, float)) for f in fields(cls)})
        pool.fam[:] = -1
        return pool

    def take_slots(self, k: int) -> np.ndarray:
        """Indices of ``k`` free slots, doubling the pool when it is full."""
        free = (~self.active).nonzero()[0]
        if len(free) < k:
            old = len(self.active)
            grow = PAPool.empty(max(old, k - len(free)))
            for f in fields(self):
                setattr(
                    self, f.name, np.concatenate([getattr(self, f.name), getattr(grow, f.name)])
                )
            free = (~self.active).nonzero()[0]
        return free[:k]


def hire(m, fam_rows: np.ndarray) -> np.ndarray:
    """One new PA for each family row given (rows may not repeat); return their slots."""
    if len(fam_rows) == 0:
        return fam_rows
    pool, fp, p, rng = m.pas, m.fp, m.p, m.streams.recruit
    slots = pool.take_slots(len(fam_rows))
    needs_training = m.fam.clinical_share[fam_rows] > 0
    # One draw for both uses (row 0: training at the start, row 1: insecure hours): the same
    # numbers as two draws in that order.
    u = rng.random((2, len(fam_rows)))
    untrained = needs_training & (u[0] < fp["pa.untrained_start_share"][fam_rows])
    funded = fp["support.training_funding"][fam_rows] > 0
    pool.fam[slots] = fam_rows
    pool.pay[slots] = m.pa_pay[fam_rows]
    pool.trained[slots] = needs_training & ~untrained
    pool.train_left[slots] = np.where(
        untrained,
        fp["pa.training_weeks"][fam_rows]
        * np.where(funded, 1.0, fp["pa.unfunded_training_factor"][fam_rows]),
        0.0,
    )
    pool.tenure[slots] = 0
    pool.absent_left[slots] = 0
    pool.insecure[slots] = u[1] < fp["pa.insecure_share"][fam_rows]
    pool.active[slots] = True
    pool.base_hazard[slots] = fixed_hazard(m, fam_rows, pool.pay[slots], pool.insecure[slots])
    # Costs of a hire: brokerage (ICB) and training (ICB if it funds training, else budget).
    training_cost = untrained * p["cost.training_per_pa"]
    m.week_icb_extra[fam_rows] += (
        fp["support.brokerage"][fam_rows] * p["cost.brokerage_per_hire"] + training_cost * funded
    )
    m.week_budget_extra[fam_rows] += training_cost * ~funded
    m.hires_total += len(fam_rows)
    m.attach_pa_agents(slots)
    return slots


def fixed_hazard(m, fam_rows: np.ndarray, pay: np.ndarray, insecure: np.ndarray) -> np.ndarray:
    """The weekly leaving hazard of new PAs of ``fam_rows`` before training, employer support
    and strain: the employer's base hazard, pay against the local wage (``pa.pay_elasticity``)
    and insecure hours. None of these change while the PA is in post."""
    fp = m.fp
    hazard = m.pa_base_hazard[fam_rows] * (pay / fp["market.competing_wage"][fam_rows]) ** (
        -fp["pa.pay_elasticity"][fam_rows]
    )
    return hazard * np.where(insecure, fp["pa.insecure_hazard_factor"][fam_rows], 1.0)


def week_factor(m, fam: np.ndarray, trained: np.ndarray) -> np.ndarray:
    """What multiplies a PA's fixed hazard this week: training (trained PAs stay longer),
    the employer's support and the family's strain."""
    fp = m.fp
    factor = np.where(trained, fp["pa.trained_hazard_factor"][fam], 1.0)
    factor = factor * m.employer_support_factor[fam]
    return factor * (1.0 + fp["pa.strain_hazard_effect"][fam] * m.fam.strain[fam])


def expected_hazard(m, fam_rows: np.ndarray) -> np.ndarray:
    """The mean weekly leaving hazard of a trained PA of each of ``fam_rows`` (trained where
    the care is clinical), over insecure hours in their share: what the stationary market
    of a caseload start (sim.model.market_start) reads."""
    fp = m.fp
    pay = m.pa_pay[fam_rows]
    insecure = fp["pa.insecure_share"][fam_rows]
    secure = fixed_hazard(m, fam_rows, pay, np.zeros(len(fam_rows), dtype=bool))
    fixed = secure * (1.0 + insecure * (fp["pa.insecure_hazard_factor"][fam_rows] - 1.0))
    return fixed * week_factor(m, fam_rows, m.fam.clinical_share[fam_rows] > 0)


def release(m, slots: np.ndarray) -> None:
    """PAs in ``slots`` leave (quit, family left, or PHB handed back)."""
    if len(slots) == 0:
        return
    np.add.at(m.leavers_by_family, m.pas.fam[slots], 1)
    m.pas.active[slots] = False
    m.pas.fam[slots] = -1
    m.leavers_total += len(slots)
    m.detach_pa_agents(slots)


def release_families(m, rows: np.ndarray) -> None:
    """All PAs of the given family rows leave."""
    if len(rows) == 0:
        return
    mask = np.zeros(len(m.fam), dtype=bool)
    mask[rows] = True
    pool = m.pas
    release(m, (pool.active & mask[np.maximum(pool.fam, 0)]).nonzero()[0])


def pa_week(m) -> None:
    """Step 3: PAs age in post, take holiday or fall sick, leave, and progress in training."""
    pool, p, rng = m.pas, m.p, m.streams.workforce
    act = pool.active.nonzero()[0]
    if len(act) == 0:
        return
    fam = pool.fam[act]
    pool.tenure[act] += 1
    absent = pool.absent_left[act]
    absent = np.maximum(absent - 1, 0)
    u = rng.random((4, len(act)))
    present = absent == 0
    holiday = present & (u[0] < p["pa.holiday_weeks"] / WEEKS_PER_YEAR)
    sick = present & ~holiday & (u[1] < p["pa.sickness_prob"])
    absent = np.where(holiday, 1, absent)
    absent = np.where(sick, 1 + (u[2] * 3).astype(np.int64), absent)
    pool.absent_left[act] = absent

    leaving = u[3] < pool.base_hazard[act] * week_factor(m, fam, pool.trained[act])

    learning = (pool.train_left[act] > 0) & (absent == 0)
    left = pool.train_left[act] - learning
    pool.train_left[act] = left
    done = learning & (left <= 0)
    pool.trained[act[done]] = True
    release(m, act[leaving])
