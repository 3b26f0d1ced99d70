"""The model the page steps: `PHBModel` built from the page's controls, plus what the views read.

``LiveModel(**controls)`` resolves the baseline scenario with the controls' values (set for
every ICB area), builds the model with the seed and runs its burn-in, so the first week the
page shows is already in the model's steady state. Each ``step()`` is one PHBModel week
followed by two cheap observers: the event log (sim.model.events) and `WeeklySeries`, the
quintile means and workforce figures the live views draw. ``running`` turns False when the
recorded weeks (``population.weeks``) are done, which stops Mesa's play loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.app.controls import DEFAULT_SEED, parameter_values, parse_seed
from sim.model import PHBModel
from sim.model.agents import Family
from sim.model.events import EventLog
from sim.scenario import Scenario, load_scenario

# Ten recorded years: long enough to watch households leave and arrive.
PAGE_WEEKS = 520
SOURCES = ("pa", "provider", "agency", "family", "unmet")
SOURCE_LABELS = {
    "pa": "personal assistants",
    "provider": "provider (commissioned)",
    "agency": "agency cover",
    "family": "family",
    "unmet": "nobody (unmet)",
}


def page_scenario(controls: dict[str, Any]) -> Scenario:
    """The baseline scenario with the controls' parameter values in every area."""
    base = load_scenario("baseline").with_params({"population.weeks": PAGE_WEEKS}, "page")
    return base.with_values_everywhere(parameter_values(controls), "page")


class LiveModel(PHBModel):
    """PHBModel as the page runs it (see the module docstring)."""

    def __init__(self, seed: int | str = DEFAULT_SEED, **controls: Any) -> None:
        # Mesa's Reset passes its own experimental ``scenario`` object: the scenario here is
        # made from the controls, so it is not used.
        controls.pop("scenario", None)
        self.controls = controls
        super().__init__(page_scenario(controls), rng=parse_seed(seed))
        self.events = EventLog(self)
        self.series = WeeklySeries(int(self.p["population.weeks"]))
        for _ in range(self.burn_in):
            self.step()

    def step(self) -> None:
        if self.weeks_recorded >= int(self.p["population.weeks"]):
            self.running = False
            return
        super().step()
        self.events.observe()
        if self.weeks_recorded > 0:
            self.series.observe(self)
        if self.weeks_recorded >= int(self.p["population.weeks"]):
            self.running = False

    def family_by_id(self, family_id: int) -> Family | None:
        """The household with this id: in the model now, or one that has left since the page
        started following it (None if unknown)."""
        for f in self.agents_by_type[Family]:
            if f.family_id == family_id:
                return f
        return None


class WeeklySeries:
    """Quintile means and workforce figures, one entry per recorded week (a few bincounts a
    week, written into arrays sized for the run, so reading them costs the same in week 500
    as in week 5)."""

    def __init__(self, weeks: int) -> None:
        self.n = 0
        self.weeks = np.zeros(weeks, dtype=np.int64)
        # (week, 5 sources + strain, quintile)
        self.by_quintile = np.zeros((weeks, len(SOURCES) + 1, 5))
        self.families = np.zeros((weeks, 5), dtype=np.int64)
        self.pas_employed = np.zeros(weeks)
        self.vacancies = np.zeros(weeks)
        self.team_target = np.zeros(weeks)
        self.leavers = np.zeros(weeks)
        self._sum = np.zeros((len(SOURCES) + 1, 5))
        self._leavers_total = 0

    def observe(self, m: PHBModel) -> None:
        if self.n >= len(self.weeks):
            return
        w, q, t = m.last_week, m.fam.quintile, self.n
        n = np.bincount(q, minlength=5)
        values = [getattr(w, s) for s in SOURCES] + [m.fam.strain]
        sums = np.stack([np.bincount(q, weights=v, minlength=5) for v in values])
        self.weeks[t] = m.weeks_recorded
        self.by_quintile[t] = sums / np.maximum(n, 1)
        self._sum += self.by_quintile[t]
        self.families[t] = n
        self.pas_employed[t] = m.pas.active.sum()
        self.vacancies[t] = np.dot(w.vacancies, m.employs)
        self.team_target[t] = np.dot(m.team_target, m.employs)
        total = int(m.leavers_total)
        # The count restarts at the end of the burn-in.
        self.leavers[t] = total - self._leavers_total if total >= self._leavers_total else total
        self._leavers_total = total
        self.n += 1

    def __len__(self) -> int:
        return self.n

    def mean_by_quintile(self) -> np.ndarray:
        """Mean weekly hours by source (rows, in ``SOURCES`` order) and quintile (columns)
        over the weeks so far."""
        return self._sum[: len(SOURCES)] / max(self.n, 1)

    def care_by_quintile(self) -> pd.DataFrame:
        """`mean_by_quintile` as a tidy table (quintile, source, hours)."""
        if not self.n:
            return pd.DataFrame(columns=["quintile", "source", "hours"])
        mean = self.mean_by_quintile()
        return pd.DataFrame(
            [
                {"quintile": f"Q{k + 1}", "source": SOURCE_LABELS[s], "hours": mean[i, k]}
                for i, s in enumerate(SOURCES)
                for k in range(5)
            ]
        )

    def unmet_and_strain(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Weeks, and unmet need (h/week) and strain (0-1) by week and quintile."""
        arr = self.by_quintile[: self.n]
        return self.weeks[: self.n], arr[:, SOURCES.index("unmet"), :], arr[:, len(SOURCES), :]

    def workforce(self) -> pd.DataFrame:
        """PAs employed, the vacancy rate and the turnover over the last 52 weeks."""
        k = self.n
        pas, leavers, target = self.pas_employed[:k], self.leavers[:k], self.team_target[:k]
        vacancy = np.divide(self.vacancies[:k], target, out=np.zeros(k), where=target > 0)
        window = np.minimum(np.arange(1, k + 1), 52)
        left = _trailing_sum(leavers, 52)
        mean_pas = _trailing_sum(pas, 52) / window
        # Leavers over the last year (scaled up while fewer than 52 weeks are recorded) over
        # the PAs employed on average in it: the annual turnover rate.
        turnover = np.divide(left * 52.0 / window, mean_pas, out=np.zeros(k), where=mean_pas > 0)
        return pd.DataFrame(
            {"week": self.weeks[:k], "pas_employed": pas, "vacancy": vacancy, "turnover": turnover}
        )


def _trailing_sum(x: np.ndarray, window: int) -> np.ndarray:
    """Sum of each element and the ``window - 1`` before it."""
    c = np.concatenate([[0.0], np.cumsum(x)])
    idx = np.arange(1, len(x) + 1)
    return c[idx] - c[np.maximum(idx - window, 0)]
