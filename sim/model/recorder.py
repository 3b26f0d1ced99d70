"""Step 5 of the week, data collection.

Weekly values are added into per-family accumulators and per-quintile weekly arrays held in
numpy; tables are built once, at the end (sim.model.run_tables). A family that leaves the
model (at the upper age) is flushed into the finished list so every household is reported
for the weeks it was seen. The per-family-week table is kept only on request (float32), so
memory stays bounded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model import run_tables
from sim.model.care import CareWeek
from sim.model.record_rows import FAMILY_WEEK, SUMS, WEEK_SUMS, WEEKLY, YEAR_ROWS
from sim.model.run_tables import CARING_MORE_THAN_MOST, EMPLOYER_DP_SHARE
from sim.scenario.parameters import ARRANGEMENTS

__all__ = ["CARING_MORE_THAN_MOST", "EMPLOYER_DP_SHARE", "Recorder"]


class Recorder:
    """Accumulates what the summaries need, in arrays, as the run goes."""

    def __init__(self, m) -> None:
        n, weeks = len(m.fam), int(m.p["population.weeks"])
        # One block of per-family accumulators; ``acc`` names its rows (views), so a leaving
        # household's totals are copied and cleared in one operation each.
        names = (*SUMS, *(f"weeks_{name}" for name in ARRANGEMENTS))
        self._block = np.zeros((len(names), n))
        self.acc = dict(zip(names, self._block, strict=True))
        # Weeks in each arrangement (the rows weeks_<arrangement> of ``acc``).
        self.arrangement_weeks = self._block[len(SUMS) :]
        self._codes = np.arange(len(ARRANGEMENTS))[:, None]
        # Each family's arrangement as rows of 0/1 (what a week adds to its weeks in each),
        # rebuilt only when an arrangement may have changed (PHBModel.derived_version).
        self._in_arrangement = np.zeros((len(ARRANGEMENTS), n))
        self._arrangement_version = -1
        self.years = np.zeros((max(1, -(-weeks // 52)), len(YEAR_ROWS), n))
        self.finished: list[dict[str, np.ndarray]] = []
        self._quintile_version = -1
        self._values = np.empty((len(WEEKLY), n))
        self.weekly = np.zeros((weeks, 5, len(WEEKLY)), dtype=np.float32)
        self.weekly_n = np.zeros((weeks, 5), dtype=np.int32)
        self.vacancy_sum = self.target_sum = self.pa_week_sum = self.employer_week_sum = 0.0
        self.family_weeks = (
            np.zeros((weeks, n, len(FAMILY_WEEK)), dtype=np.float32)
            if m.p["population.record_family_weeks"]
            else None
        )
        self.family_week_ids = (
            np.zeros((weeks, n), dtype=np.int64) if self.family_weeks is not None else None
        )

    def collect(self, m, w: CareWeek) -> None:
        f, a = m.fam, self.acc
        a["weeks"] += 1
        a["strain"] += f.strain
        paid = w.paid
        a["paid"] += paid
        for key, field in WEEK_SUMS.items():
            a[key] += getattr(w, field)
        if self._arrangement_version != m.derived_version:
            self._in_arrangement = (f.arrangement == self._codes).astype(float)
            self._arrangement_version = m.derived_version
        self.arrangement_weeks += self._in_arrangement
        scores = w.outcomes
        year = self.years[m.weeks_recorded // 52]
        year[0] += 1.0
        year[1 : 1 + len(scores.values)] += scores.values
        year[1 + len(scores.values) :] += w.costs
        employs = m.pa_care  # (as 0/1 numbers: no cast in the products below)
        # PA hours the roster lost: contracted hours of unfilled posts and of absent PAs
        # (what "what drives the difference" in a comparison reads)
        a["lost_vacancy"] += w.vacancies * m.pa_contract * employs
        away = (w.slot_absent & (w.slot_family >= 0)).nonzero()[0]
        if len(away):
            rows = w.slot_family[away]
            a["lost_absence"] += np.bincount(rows, weights=m.pa_contract[rows], minlength=len(f))
        self.vacancy_sum += np.dot(w.vacancies, employs)
        self.target_sum += np.dot(m.team_target, employs)
        self.pa_week_sum += w.team.sum()
        self.employer_week_sum += np.count_nonzero(w.team)  # (team sizes are never negative)

        t = m.weeks_recorded
        # The rows of WEEKLY, written into one reused buffer (no new array each week).
        values = self._values
        if values.shape[1] != len(paid):
            values = self._values = np.empty((len(WEEKLY), len(paid)))
        # Familiar share of paid hours, 0 without paid hours: there every paid kind is 0 and
        # so are the familiar hours, so dividing by 1 gives that 0 without a masked division.
        np.divide(w.familiar_paid, np.where(paid > 0, paid, 1.0), out=values[5])
        values[0] = w.family
        values[1] = w.admin
        values[2] = w.unmet
        values[3] = f.strain
        values[4] = w.work_lost
        values[6] = scores.child
        values[7] = w.icb_cost
        values[8] = scores.carer
        k = len(values)
        if self._quintile_version != m.family_version:
            # One bincount over (measure, quintile) cells; the index changes only when
            # households are redrawn. (No BLAS: it oversubscribes cores in parallel sweeps.)
            self._cell = (f.quintile + 5 * np.arange(k)[:, None]).ravel()
            self._n = np.bincount(f.quintile, minlength=5)
            self._counts = np.maximum(self._n, 1)
            self._quintile_version = m.family_version
        sums = np.bincount(self._cell, weights=values.ravel(), minlength=5 * k).reshape(k, 5)
        self.weekly[t] = (sums / self._counts).T
        self.weekly_n[t] = self._n
        if self.family_weeks is not None:
            self.family_weeks[t] = np.stack(
                [
                    w.need,
                    w.pa,
                    w.provider,
                    w.agency,
                    w.family,
                    w.unmet,
                    w.admin,
                    f.strain,
                    w.work_lost,
                    w.crisis,
                    w.admission,
                    w.icb_cost,
                    scores.child,
                    scores.carer,
                ],
                axis=1,
            )
            self.family_week_ids[t] = f.family_id

    def flush(self, m, rows: np.ndarray) -> None:
        """Move the families in ``rows`` (leaving the model) to the finished list.

        In the burn-in nothing has been added up (collect runs only in recorded weeks, and
        this recorder is replaced when recording starts), so there is nothing to keep."""
        if m.recording:
            self.finished.append(self._snapshot(m, rows))
            self._block[:, rows] = 0.0
            self.years[:, :, rows] = 0.0
        m.leavers_by_family[rows] = 0

    def _snapshot(self, m, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Raw accumulators and the state fields the family table needs, for ``rows``."""
        f = m.fam
        snap = dict(zip(self.acc, self._block[:, rows], strict=True))
        snap["years"] = np.moveaxis(self.years[:, :, rows], 2, 0).copy()
        for name in (
            "family_id",
            "icb",
            "quintile",
            "resource",
            "tier",
            "arrangement",
            "age",
            "balance",
            "clawed",
            "topped_up",
            "allocated",
            "handed_back",
            "cut_work",
            "last_gap_week",
        ):
            snap[f"state_{name}"] = getattr(f, name)[rows].copy()
        snap["leavers"] = m.leavers_by_family[rows].copy()
        snap["end_week"] = np.full(len(rows), m.steps_done)
        return snap

    def families(self, m) -> pd.DataFrame:
        """Every household seen in the run, one row each."""
        return run_tables.family_table(
            m, [*self.finished, self._snapshot(m, np.arange(len(m.fam)))]
        )

    def summary(self, m, families: pd.DataFrame) -> pd.DataFrame:
        """Tidy per-run summary by quintile with the calibration figures
        (sim.model.run_tables.summary)."""
        return run_tables.summary(self, m, families)

    def calibration(self, m, fam: pd.DataFrame) -> dict[str, float]:
        return run_tables.calibration(self, m, fam)

    def weekly_table(self, m) -> pd.DataFrame:
        """Per-week means by quintile (float32)."""
        return run_tables.weekly_table(self, m)

    def family_week_table(self, m) -> pd.DataFrame | None:
        return run_tables.family_week_table(self, m)
