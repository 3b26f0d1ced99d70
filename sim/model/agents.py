"""The model's vocabulary as Mesa agents: families, personal assistants, labour markets, ICBs.

Each agent is a view on the model's arrays, so a student can inspect ``family.strain`` or
``family.personal_assistants`` as objects while the weekly arithmetic runs over whole
arrays (sim.model.icb, sim.model.workforce, sim.model.care).
Properties read the current state; they never
hold a copy that could go stale.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.scenario.parameters import ARRANGEMENTS, TIERS


class Family(mesa.Agent):
    """One household with one child: need, carers, resources, arrangement, budget."""

    def __init__(self, model, row: int) -> None:
        super().__init__(model)
        self.row = row
        self.family_id = int(model.fam.family_id[row])

    def _get(self, name: str):
        return getattr(self.model.fam, name)[self.row]

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
        pool = self.model.pas
        slots = np.flatnonzero(pool.active & (pool.fam == self.row))
        return [self.model.pa_agents[s] for s in slots]

    def __repr__(self) -> str:
        return (
            f"Family({self.family_id}: {self.tier}, {self.need_hours:.0f} h/wk, Q{self.quintile}, "
            f"{self.arrangement}, strain {self.strain:.2f})"
        )


class PersonalAssistant(mesa.Agent):
    """A PA employed by one family (directly or through a support organisation)."""

    def __init__(self, model, slot: int) -> None:
        super().__init__(model)
        self.slot = slot

    def _get(self, name: str):
        return getattr(self.model.pas, name)[self.slot]

    @property
    def employer(self) -> Family:
        return self.model.family_agents[int(self._get("fam"))]

    @property
    def contract_hours(self) -> float:
        return float(self.model.pa_contract[int(self._get("fam"))])

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
        return (
            f"PersonalAssistant(family {self.employer.family_id}, £{self.pay:.2f}/h, "
            f"{self.tenure_weeks} wk, {'trained' if self.trained else 'untrained'})"
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
