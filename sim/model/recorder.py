"""Step 5 of the week, data collection, and the tables a run ends with.

Weekly values are added into per-family accumulators and per-quintile weekly arrays held in
numpy; tables are built once, at the end. A family that leaves the model (at the upper age)
is flushed into the finished list so every household is reported for the weeks it was seen.
The per-family-week table is kept only on request (float32), so memory stays bounded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.inequality import distribution, fractional_rank
from sim.analysis.measures import MEASURE_NAMES
from sim.analysis.value.discount import extension_factor, year_weights
from sim.model.care import CareWeek
from sim.model.costs import COMPONENTS, PERSPECTIVES, perspective_totals
from sim.model.families import IS_PHB
from sim.model.outcomes import CARER_DOMAINS, CHILD_DOMAINS
from sim.scenario.parameters import ARRANGEMENTS, TIERS

SUMS = (
    "weeks",
    "need",
    "pa",
    "provider",
    "agency",
    "family",
    "network",
    "parent_night",
    "admin",
    "unmet",
    "unmet_night",
    "strain",
    "work_lost",
    "paid",
    "familiar_paid",
    "crises",
    "admissions",
    "icb_cost",
    "pa_weeks",
    "lost_vacancy",
    "lost_absence",
)
# Outcome and cost rows, accumulated per household and recorded year (``Recorder.years``,
# for discounting): weeks, the child's and the carers' QoL, their domains (the rows of
# sim.model.outcomes.Outcomes) and the cost components (sim.model.costs).
DOMAIN_COLUMNS = (
    *(f"qol_{d}" for d in CHILD_DOMAINS),
    *(f"carer_{d}" for d in CARER_DOMAINS),
)
VALUE_ROWS = ("qol", "carer_qol", *DOMAIN_COLUMNS, *(f"cost_{c}" for c in COMPONENTS))
YEAR_ROWS = ("year_weeks", *VALUE_ROWS)
WEEKLY = (
    "family_care_hours",
    "admin_hours",
    "unmet_hours",
    "strain",
    "paid_work_lost",
    "pa_continuity",
    "qol",
    "icb_cost",
    "carer_qol",
)
# A family counts as an employer of PAs (for the admin-hours calibration figure) when more
# than this share of its weeks were under a third-party budget or a direct payment.
EMPLOYER_DP_SHARE = 0.5
# Contact's "caring more than most": parents giving 100 hours of care or more a week (the
# household's parents together, averaged over the weeks the family was seen).
CARING_MORE_THAN_MOST = 100.0

# Accumulator <- field of the week's CareWeek.
WEEK_SUMS = {
    "need": "need",
    "pa": "pa",
    "provider": "provider",
    "agency": "agency",
    "family": "family",
    "network": "network",
    "parent_night": "parent_night",
    "admin": "admin",
    "unmet": "unmet",
    "unmet_night": "unmet_night",
    "work_lost": "work_lost",
    "familiar_paid": "familiar_paid",
    "crises": "crisis",
    "admissions": "admission",
    "icb_cost": "icb_cost",
    "pa_weeks": "team",
}
FAMILY_WEEK = (
    "need",
    "pa",
    "provider",
    "agency",
    "family",
    "unmet",
    "admin",
    "strain",
    "work_lost",
    "crisis",
    "admission",
    "icb_cost",
    "qol",
    "carer_qol",
)


class Recorder:
    """Accumulates what the summaries need, in arrays, as the run goes."""

    def __init__(self, m) -> None:
        n, weeks = len(m.fam), int(m.p["population.weeks"])
        self.acc = {k: np.zeros(n) for k in SUMS}
        # Weeks in each arrangement; its rows are views in ``acc`` (weeks_<arrangement>).
        self.arrangement_weeks = np.zeros((len(ARRANGEMENTS), n))
        for code, name in enumerate(ARRANGEMENTS):
            self.acc[f"weeks_{name}"] = self.arrangement_weeks[code]
        self.years = np.zeros((max(1, -(-weeks // 52)), len(YEAR_ROWS), n))
        self._rows = np.arange(n)
        self.finished: list[dict[str, np.ndarray]] = []
        self._quintile_version = -1
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
        self.arrangement_weeks[f.arrangement, self._rows] += 1.0
        scores = w.outcomes
        year = self.years[m.weeks_recorded // 52]
        year[0] += 1.0
        year[1 : 1 + len(scores.values)] += scores.values
        year[1 + len(scores.values) :] += w.costs
        employs = m.employs
        # PA hours the roster lost: contracted hours of unfilled posts and of absent PAs
        # (what "what drives the difference" in a comparison reads)
        a["lost_vacancy"] += w.vacancies * m.pa_contract * employs
        away = np.nonzero(w.slot_absent & (w.slot_family >= 0))[0]
        if len(away):
            rows = w.slot_family[away]
            a["lost_absence"] += np.bincount(rows, weights=m.pa_contract[rows], minlength=len(f))
        self.vacancy_sum += np.dot(w.vacancies, employs)
        self.target_sum += np.dot(m.team_target, employs)
        self.pa_week_sum += w.team.sum()
        self.employer_week_sum += (w.team > 0).sum()

        t = m.weeks_recorded
        continuity = np.divide(w.familiar_paid, paid, out=np.zeros(len(paid)), where=paid > 0)
        values = np.stack(
            [
                w.family,
                w.admin,
                w.unmet,
                f.strain,
                w.work_lost,
                continuity,
                scores.child,
                w.icb_cost,
                scores.carer,
            ]
        )
        k, n = values.shape
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
        """Move the families in ``rows`` (leaving the model) to the finished list."""
        self.finished.append(self._snapshot(m, rows))
        for v in self.acc.values():
            v[rows] = 0.0
        self.years[:, :, rows] = 0.0
        m.leavers_by_family[rows] = 0

    def _snapshot(self, m, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Raw accumulators and the state fields the family table needs, for ``rows``."""
        f = m.fam
        snap = {k: v[rows].copy() for k, v in self.acc.items()}
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

    def _family_table(self, m, snaps: list[dict[str, np.ndarray]]) -> pd.DataFrame:
        a = {k: np.concatenate([s[k] for s in snaps]) for k in snaps[0]}
        totals = a["years"].sum(axis=1)  # household x YEAR_ROWS: sums over the run
        a.update({name: totals[:, k] for k, name in enumerate(YEAR_ROWS)})
        weeks = a["weeks"]
        per_week = np.divide(1.0, weeks, out=np.zeros_like(weeks), where=weeks > 0)
        years = weeks / 52.0
        pa_years = a["pa_weeks"] / 52.0
        unspent = a["state_balance"] + a["state_clawed"]
        return pd.DataFrame(
            {
                "family_id": a["state_family_id"],
                "icb": a["state_icb"],
                "quintile": a["state_quintile"] + 1,
                "resource": a["state_resource"],
                "tier": np.asarray(TIERS)[a["state_tier"]],
                "arrangement": np.asarray(ARRANGEMENTS)[a["state_arrangement"]],
                "weeks": weeks,
                "age_end": a["state_age"],
                "need_hours": a["need"] * per_week,
                "pa_hours": a["pa"] * per_week,
                "provider_hours": a["provider"] * per_week,
                "agency_hours": a["agency"] * per_week,
                "family_care_hours": a["family"] * per_week,
                "parent_care_hours": (a["family"] - a["network"]) * per_week,
                "parent_night_hours": a["parent_night"] * per_week,
                "night_unmet_hours": a["unmet_night"] * per_week,
                "admin_hours": a["admin"] * per_week,
                "unmet_hours": a["unmet"] * per_week,
                "crises": np.divide(a["crises"], years, out=np.zeros_like(years), where=years > 0),
                "emergency_admissions": np.divide(
                    a["admissions"], years, out=np.zeros_like(years), where=years > 0
                ),
                "strain": a["strain"] * per_week,
                "paid_work_lost": a["work_lost"] * per_week,
                "pa_continuity": np.divide(
                    a["familiar_paid"],
                    a["paid"],
                    out=np.full_like(weeks, np.nan),
                    where=a["paid"] > 0,
                ),
                "pa_turnover": np.divide(
                    a["leavers"], pa_years, out=np.full_like(weeks, np.nan), where=pa_years > 0.25
                ),
                "icb_cost": a["icb_cost"] * per_week,
                "unspent_budget": np.divide(
                    unspent,
                    a["state_allocated"],
                    out=np.full_like(weeks, np.nan),
                    where=a["state_allocated"] > 0,
                ),
                "phb_handed_back": a["state_handed_back"].astype(float),
                "qol": a["qol"] * per_week,
                "cut_work": a["state_cut_work"].astype(float),
                "covered_gap_last_year": (a["state_last_gap_week"] >= a["end_week"] - 52).astype(
                    float
                ),
                "paid_hours": a["paid"] * per_week,
                "pa_hours_lost_vacancy": a["lost_vacancy"] * per_week,
                "pa_hours_lost_absence": a["lost_absence"] * per_week,
                "familiar_paid_hours": a["familiar_paid"] * per_week,
                "pa_leavers": a["leavers"].astype(float),
                "pa_years": pa_years,
                "allocated": a["state_allocated"],
                "unspent": unspent,
                "budget_topped_up": a["state_topped_up"],
                "icb_cost_total": a["icb_cost"],
                "qol_years": a["qol"] / 52.0,
                "uptake_phb": (a["weeks"] - a["weeks_commissioned"]) * per_week,
                "uptake_direct_payment": a["weeks_direct_payment"] * per_week,
                **{f"share_{name}": a[f"weeks_{name}"] * per_week for name in ARRANGEMENTS},
                **self._value_columns(m, a, per_week),
            }
        )

    def _value_columns(
        self, m, a: dict[str, np.ndarray], per_week: np.ndarray
    ) -> dict[str, np.ndarray]:
        """Weekly means of QoL, domains and costs; QALYs a year; and the discounted totals
        over the value horizon that the value layer (sim.analysis.value) compares."""
        p = m.p
        mapping = np.array([p["value.qaly_per_qol_child"], p["value.qaly_per_qol_carer"]])
        weekly = {name: a[name] * per_week for name in VALUE_ROWS}
        component_rows = np.stack([weekly[f"cost_{c}"] for c in COMPONENTS])
        totals = perspective_totals(component_rows, bool(p["value.unpaid_care_in_societal"]))
        out = {name: v for name, v in weekly.items() if name != "qol"}
        out.update({f"cost_{name}": totals[k] for k, name in enumerate(PERSPECTIVES)})
        qaly_year = mapping[:, None] * np.stack([weekly["qol"], weekly["carer_qol"]])
        out.update(qaly_child=qaly_year[0], qaly_carer=qaly_year[1], qaly_total=qaly_year.sum(0))

        # Discounted totals over the horizon: recorded years, then the last year continued.
        years = a["years"]  # household x year x YEAR_ROWS
        rate, horizon = p["value.discount_rate"], p["value.horizon_years"]
        run_years = m.weeks_recorded / 52.0
        first = a["end_week"] - a["weeks"] - m.burn_in  # recorded week first seen
        inside = np.einsum("y,nyr->nr", year_weights(years.shape[1], rate, horizon), years)
        present = (a["end_week"] == m.steps_done) & (a["state_age"] < p["population.age_max"])
        left = np.minimum(horizon - run_years, p["population.age_max"] - a["state_age"]) * present
        last = years[:, min(years.shape[1] - 1, max(0, -(-m.weeks_recorded // 52) - 1))]
        yearly = np.divide(52.0 * last, last[:, :1], out=np.zeros_like(last), where=last[:, :1] > 0)
        after = extension_factor(run_years, left, rate)
        disc = inside + yearly * after[:, None]
        qaly = mapping[:, None] * disc[:, 1:3].T / 52.0
        costs = disc[:, 3 + len(DOMAIN_COLUMNS) :].T
        dtotals = perspective_totals(costs, bool(p["value.unpaid_care_in_societal"]))
        out.update(
            dqaly_child=qaly[0],
            dqaly_carer=qaly[1],
            dqaly_total=qaly.sum(0),
            **{f"dcost_{c}": costs[k] for k, c in enumerate(COMPONENTS)},
            **{f"dcost_{name}": dtotals[k] for k, name in enumerate(PERSPECTIVES)},
            horizon_weeks=np.maximum(np.minimum(first + a["weeks"], 52.0 * horizon) - first, 0.0)
            + 52.0 * np.maximum(left, 0.0),
            first_week=first,
        )
        return out

    def families(self, m) -> pd.DataFrame:
        """Every household seen in the run, one row each."""
        return self._family_table(m, [*self.finished, self._snapshot(m, np.arange(len(m.fam)))])

    def summary(self, m, families: pd.DataFrame) -> pd.DataFrame:
        """Tidy per-run summary: each measure by quintile with distribution measures, and the
        calibration figures compared with the brief's baseline targets."""
        fam = families[families["weeks"] > 0]
        weights = fam["weeks"].to_numpy(float)
        score = fam["resource"].to_numpy(float)
        quint = fam["quintile"].to_numpy(int) - 1
        rank = fractional_rank(score, weights)
        ratio_of_sums = {
            "pa_continuity": ("familiar_paid_hours", "paid_hours", True),
            "pa_turnover": ("pa_leavers", "pa_years", False),
            "unspent_budget": ("unspent", "allocated", False),
        }
        rows = []
        for name in MEASURE_NAMES:
            values = fam[name].to_numpy(float)
            if name in ratio_of_sums:
                num, den, weekly = ratio_of_sums[name]
                scale = weights if weekly else 1.0
                groups = distribution(
                    values,
                    weights,
                    score,
                    quint,
                    numer=fam[num].to_numpy(float) * scale,
                    denom=fam[den].to_numpy(float) * scale,
                    rank=rank,
                )
            else:
                groups = distribution(values, weights, score, quint, rank=rank)
            rows += [(name, g, v) for g, v in groups.items()]
        rows += [(name, "all", value) for name, value in self.calibration(m, fam).items()]
        return pd.DataFrame(rows, columns=["measure", "group", "value"])

    def calibration(self, m, fam: pd.DataFrame) -> dict[str, float]:
        f = m.fam
        phb = IS_PHB[f.arrangement]
        n_phb = max(1, phb.sum())
        waits = np.concatenate(m.approved_waits) if m.approved_waits else np.array([])
        pa_years = self.pa_week_sum / 52.0
        employer_rows = fam["pa_years"] > 0
        share_dp = fam["share_direct_payment"] + fam["share_third_party"]
        return {
            "pa_turnover_annual": m.leavers_total / pa_years if pa_years else float("nan"),
            "pa_vacancy_rate": self.vacancy_sum / self.target_sum
            if self.target_sum
            else float("nan"),
            "pas_per_employer": self.pa_week_sum / self.employer_week_sum
            if self.employer_week_sum
            else float("nan"),
            "dp_share_of_phbs": float((f.arrangement == 3).sum() / n_phb),
            "notional_share_of_phbs": float((f.arrangement == 1).sum() / n_phb),
            "third_party_share_of_phbs": float((f.arrangement == 2).sum() / n_phb),
            "share_cut_work": float(np.average(fam["cut_work"], weights=fam["weeks"])),
            "share_covering_gaps": float(
                ((f.last_gap_week >= m.steps_done - 52) & (f.wait_left == 0)).mean()
            ),
            "share_caring_100_hours": float(
                np.average(fam["parent_care_hours"] >= CARING_MORE_THAN_MOST, weights=fam["weeks"])
            ),
            "night_unmet_hours": float(np.average(fam["night_unmet_hours"], weights=fam["weeks"])),
            "coordination_hours": float(np.average(fam["admin_hours"], weights=fam["weeks"])),
            "coordination_hours_employers": float(
                np.average(
                    fam.loc[employer_rows & (share_dp > EMPLOYER_DP_SHARE), "admin_hours"],
                    weights=fam.loc[employer_rows & (share_dp > EMPLOYER_DP_SHARE), "weeks"],
                )
            )
            if (employer_rows & (share_dp > EMPLOYER_DP_SHARE)).any()
            else float("nan"),
            "mean_approval_weeks": float(waits.mean()) if len(waits) else float("nan"),
        }

    def weekly_table(self, m) -> pd.DataFrame:
        """Per-week means by quintile (float32)."""
        done = m.weeks_recorded
        t, q, k = self.weekly[:done].shape
        frame = pd.DataFrame(self.weekly[:done].reshape(t * q, k), columns=list(WEEKLY))
        frame.insert(0, "quintile", np.tile(np.arange(1, 6), t).astype(np.int8))
        frame.insert(0, "week", np.repeat(np.arange(1, t + 1), q).astype(np.int16))
        frame["families"] = self.weekly_n[:done].reshape(-1)
        return frame

    def family_week_table(self, m) -> pd.DataFrame | None:
        if self.family_weeks is None:
            return None
        done = m.weeks_recorded
        t, n, k = self.family_weeks[:done].shape
        frame = pd.DataFrame(self.family_weeks[:done].reshape(t * n, k), columns=list(FAMILY_WEEK))
        frame.insert(0, "family_id", self.family_week_ids[:done].reshape(-1))
        frame.insert(0, "week", np.repeat(np.arange(1, t + 1), n).astype(np.int16))
        return frame
