"""A household's events as the model runs: crises, admissions, hand-backs, PA hires and leavers.

The weekly arithmetic keeps no per-family history (it would cost every run). A student's page
or notebook that wants to follow households attaches an `EventLog` and calls ``observe()``
after each ``model.step()``; it reads what the week left behind (the week's crisis and
admission flags, the hand-back flags, new PAs and leavers per family) with a handful of
vectorised operations and one pass over the PA slots, and appends only the rows where
something happened: about a tenth of a millisecond a week at 1,000 families.

The log identifies a household by its ``family_id`` and a PA by its agent's ``unique_id``;
both stay valid after the household or PA has left the model (sim.model.agents).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.model.agents import Family
    from sim.model.model import PHBModel

KINDS = ("carer crisis", "emergency admission", "handed the PHB back", "PA hired", "PA left")
CRISIS, ADMISSION, HANDBACK, HIRE, LEAVE = range(len(KINDS))


class EventLog:
    """Events of every household in one model, from the week it is attached."""

    def __init__(self, model: PHBModel) -> None:
        self.model = model
        self._chunks: list[np.ndarray] = []  # each (k, 4): week, family_id, kind, pa id
        self._table: np.ndarray | None = None
        self._handed_back = model.fam.handed_back.copy()
        self._pa_agents = list(model.pa_agents)

    def observe(self) -> None:
        """Record what happened in the week just run (call once after each step)."""
        m = self.model
        week, f = m.steps_done - m.burn_in, m.fam
        ids = f.family_id
        w = getattr(m, "last_week", None)
        if w is not None:
            self._add(week, ids[w.crisis.nonzero()[0]], CRISIS)
            self._add(week, ids[w.admission.nonzero()[0]], ADMISSION)
        handed = f.handed_back & ~self._handed_back
        self._add(week, ids[handed.nonzero()[0]], HANDBACK)
        self._handed_back = f.handed_back.copy()

        # PA slots whose occupant changed: the old one left, the new one was hired.
        before, now = self._pa_agents, list(m.pa_agents)
        before += [None] * (len(now) - len(before))
        changed = [s for s, (a, b) in enumerate(zip(before, now, strict=True)) if a is not b]
        for kind, agents in (
            (LEAVE, [before[s] for s in changed if before[s] is not None]),
            (HIRE, [now[s] for s in changed if now[s] is not None]),
        ):
            if agents:
                employers = np.array([a.employer.family_id for a in agents])
                self._add(week, employers, kind, np.array([a.unique_id for a in agents]))
        self._pa_agents = now

    def _add(self, week: int, family_ids: np.ndarray, kind: int, pa: np.ndarray | None = None):
        if len(family_ids) == 0:
            return
        rows = np.empty((len(family_ids), 4), dtype=np.int64)
        rows[:, 0] = week
        rows[:, 1] = family_ids
        rows[:, 2] = kind
        rows[:, 3] = -1 if pa is None else pa
        self._chunks.append(rows)
        self._table = None

    def table(self) -> pd.DataFrame:
        """All events so far: week (1 = the first recorded week; 0 or less: the burn-in),
        family_id, event, pa_id (-1 where no PA is concerned)."""
        rows = self._rows()
        return pd.DataFrame(
            {
                "week": rows[:, 0],
                "family_id": rows[:, 1],
                "event": np.array(KINDS, dtype=object)[rows[:, 2]],
                "pa_id": rows[:, 3],
            }
        )

    def for_family(self, family: Family | int) -> pd.DataFrame:
        """The events of one household (a `Family` agent or its ``family_id``), in order."""
        fid = family if isinstance(family, int | np.integer) else family.family_id
        rows = self._rows()
        mine = rows[rows[:, 1] == fid]
        return pd.DataFrame(
            {
                "week": mine[:, 0],
                "event": np.array(KINDS, dtype=object)[mine[:, 2]],
                "pa_id": mine[:, 3],
            }
        )

    def _rows(self) -> np.ndarray:
        if self._table is None:
            self._table = (
                np.concatenate(self._chunks) if self._chunks else np.empty((0, 4), dtype=np.int64)
            )
        return self._table
