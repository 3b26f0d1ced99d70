"""The model's vocabulary as Mesa agents: families, personal assistants, labour markets, ICBs.

Each agent reads the model's arrays, so a student can inspect ``family.strain`` or
``family.personal_assistants`` as objects while the weekly arithmetic runs over whole
arrays (sim.model.icb, sim.model.workforce, sim.model.care). While an agent is in the model
its properties read the current state of its row (a family) or slot (a PA); they never hold
a copy that could go stale.

An agent is one household or one person for its whole life in the model. Rows and slots are
reused (a leaving household's row is refilled by a new referral, a leaver's PA slot by the
next hire), so when a household or PA leaves, its agent is removed from the model and keeps
the state it had at that moment: its properties then answer from that final state, ``left``
is True and ``left_week`` says in which week of the run it left (the first step is week 1).
The newcomer in the row or slot is a new agent with a new ``unique_id``. A kept reference
therefore never describes someone else.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache

import mesa
import numpy as np

from sim.scenario.parameters import ARRANGEMENTS, TIERS


class _Tracked(mesa.Agent):
    """An agent reading one row of a struct of arrays until it leaves, then its final copy."""

    _final: dict | None = None  # the final state of everyone who left together, by field
    _final_pos: int = 0  # this agent's position in it
    left_week: int | None = None

    def _state(self):
        """The struct of arrays this agent's row or slot lives in."""
        raise NotImplementedError

    def _index(self) -> int:
        raise NotImplementedError

    def _get(self, name: str):
        if self._final is not None:
            return self._final[name][self._final_pos]
        return getattr(self._state(), name)[self._index()]

    @property
    def left(self) -> bool:
        """True once the household or PA has left the model (the values are then final)."""
        return self._final is not None

    def leave(self) -> None:
        """Keep the final state and leave the model (called by the model, rare events only)."""
        leave_together([self])

    @classmethod
    def _extra_final(cls, agents: list) -> dict:
        """Values held outside the struct of arrays that the final state must keep, one
        entry per agent in ``agents`` (all of this class)."""
        return {}


@cache
def _field_names(state_type: type) -> tuple[str, ...]:
    """The fields of a struct of arrays (looked up once per class, not at every departure)."""
    return tuple(f.name for f in fields(state_type))


def leave_together(agents: list[_Tracked]) -> None:
    """The agents in ``agents`` (one class, one model) keep their final state and leave.

    The final state is taken once for the group, one array per field, and each agent reads
    its own position in it: a group leaving in the same week costs one copy per field, not
    one per agent and field.
    """
    if not agents:
        return
    first = agents[0]
    state = first._state()
    idx = np.fromiter((a._index() for a in agents), dtype=np.int64, count=len(agents))
    final = {name: getattr(state, name)[idx] for name in _field_names(type(state))}
    final.update(type(first)._extra_final(agents))
    # Leaving happens inside a step: the week counted from 1 (the first step is week 1).
    week = int(first.model.steps_done) + 1
    for pos, agent in enumerate(agents):
        agent._final = final
        agent._final_pos = pos
        agent.left_week = week
        agent.remove()


class Family(_Tracked):
    """One household with one child: need, carers, resources, arrangement, budget."""

    def __init__(self, model, row: int) -> None:
        super().__init__(model)
        self.row = row
        self.family_id = int(model.fam.family_id[row])

    def _state(self):
        return self.model.fam

    def _index(self) -> int:
        return self.row

    @property
    def age(self) -> float:
        return float(self._get("age"))

    @property
    def tier(self) -> str:
        return TIERS[int(self._get("tier"))]

    @property
    def need_hours(self) -> float:
        return float(self._get("need"))

    @property
    def quintile(self) -> int:
        """Resource quintile, 1 (fewest resources) to 5."""
        return int(self._get("quintile")) + 1

    @property
    def carers(self) -> int:
        return int(self._get("carers"))

    @property
    def paid_work_hours(self) -> float:
        return float(self._get("work"))

    @property
    def strain(self) -> float:
        return float(self._get("strain"))

    @property
    def arrangement(self) -> str:
        return ARRANGEMENTS[int(self._get("arrangement"))]

    @property
    def waiting_weeks(self) -> int:
        """Weeks until the package starts (0 when active)."""
        return int(self._get("wait_left"))

    @property
    def budget_balance(self) -> float:
        return float(self._get("balance"))

    @property
    def icb(self) -> ICBBudgetHolder:
        return self.model.icbs[int(self._get("icb"))]

    @property
    def personal_assistants(self) -> list[PersonalAssistant]:
        """The PAs employed now (none once the household has left: its PAs left with it)."""
        if self.left:
            return []
        pool = self.model.pas
        slots = np.flatnonzero(pool.active & (pool.fam == self.row))
        return [self.model.pa_agents[s] for s in slots]

    def __repr__(self) -> str:
        gone = f", left in model week {self.left_week}" if self.left else ""
        return (
            f"Family({self.family_id}: {self.tier}, {self.need_hours:.0f} h/wk, Q{self.quintile}, "
            f"{self.arrangement}, strain {self.strain:.2f}{gone})"
        )


class PersonalAssistant(_Tracked):
    """A PA employed by one family (directly or through a support organisation)."""

    def __init__(self, model, slot: int) -> None:
        super().__init__(model)
        self.slot = slot
        self.employer: Family = model.family_agents[int(model.pas.fam[slot])]
        """The household that hired this PA (kept for the PA's whole life in the model)."""

    def _state(self):
        return self.model.pas

    def _index(self) -> int:
        return self.slot

    @classmethod
    def _extra_final(cls, agents: list) -> dict:
        rows = np.fromiter((a.employer.row for a in agents), dtype=np.int64, count=len(agents))
        return {"contract": agents[0].model.pa_contract[rows]}

    @property
    def contract_hours(self) -> float:
        if self._final is not None:
            return float(self._final["contract"][self._final_pos])
        return float(self.model.pa_contract[self.employer.row])

    @property
    def pay(self) -> float:
        return float(self._get("pay"))

    @property
    def trained(self) -> bool:
        """Trained for delegated clinical tasks."""
        return bool(self._get("trained"))

    @property
    def tenure_weeks(self) -> int:
        return int(self._get("tenure"))

    @property
    def absent(self) -> bool:
        return bool(self._get("absent_left") > 0)

    def __repr__(self) -> str:
        gone = f", left in model week {self.left_week}" if self.left else ""
        return (
            f"PersonalAssistant(family {self.employer.family_id}, £{self.pay:.2f}/h, "
            f"{self.tenure_weeks} wk, {'trained' if self.trained else 'untrained'}{gone})"
        )


class LabourMarket(mesa.Agent):
    """The local market for all paid care in one ICB area: PAs, providers and agencies."""

    def __init__(self, model, area: int) -> None:
        super().__init__(model)
        self.area = area

    @property
    def candidates(self) -> int:
        return int(self.model.markets.candidates[self.area])

    @property
    def competing_wage(self) -> float:
        return float(self.model.area["market.competing_wage"][self.area])

    @property
    def agency_capacity_hours(self) -> float:
        return float(self.model.markets.capacity_hours(self.model)[self.area])

    @property
    def provider_staffing(self) -> tuple[float, float]:
        """Share of planned homecare and complex-care hours the area's providers can staff."""
        home, complex_care = self.model.markets.staffing[self.area]
        return float(home), float(complex_care)


class ICBBudgetHolder(mesa.Agent):
    """An Integrated Care Board: funds packages, approves and reviews PHBs, holds the envelope."""

    def __init__(self, model, area: int) -> None:
        super().__init__(model)
        self.area = area

    def policy(self, name: str):
        """This ICB's value of an area-level parameter (choices as their index)."""
        return self.model.area[name][self.area]

    @property
    def approval_regime(self) -> str:
        return ("light", "heavy")[int(self.policy("icb.approval_regime"))]

    @property
    def spend_this_year(self) -> float:
        return float(self.model.icb_spend_year[self.area])

    @property
    def envelope_this_year(self) -> float:
        return float(self.model.icb_envelope_year[self.area])

    @property
    def families(self) -> list[Family]:
        rows = np.flatnonzero(self.model.fam.icb == self.area)
        return [self.model.family_agents[r] for r in rows]
