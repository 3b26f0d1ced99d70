"""The tables a run ends with, built once from the recorder's accumulators.

The family table (one row per household seen, with its value columns: weekly means, QALYs a
year and the discounted totals over the value horizon), the per-run summary by quintile with
the calibration figures, and the weekly and per-family-week tables. The recorder
(sim.model.recorder) fills the arrays these read; nothing here runs during the weeks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.inequality import distribution, fractional_rank
from sim.analysis.measures import MEASURE_NAMES
from sim.analysis.value.discount import extension_factor, year_weights
from sim.model.costs import COMPONENTS, PERSPECTIVES, perspective_totals
from sim.model.families import IS_PHB
from sim.model.record_rows import DOMAIN_COLUMNS, FAMILY_WEEK, VALUE_ROWS, WEEKLY, YEAR_ROWS
from sim.scenario.parameters import ARRANGEMENTS, TIERS

# A family counts as an employer of PAs (for the admin-hours calibration figure) when more
# than this share of its weeks were under a third-party budget or a direct payment.
EMPLOYER_DP_SHARE = 0.5
# Contact's "caring more than most": parents giving 100 hours of care or more a week (the
# household's parents together, averaged over the weeks the family was seen).
CARING_MORE_THAN_MOST = 100.0
# Census 2021's heavy unpaid care (FACTS §10): 50 hours of care or more a week, the same
# parents' hours as above.
HEAVY_CARE_HOURS = 50.0
# The tiers of families with complex-care packages (WellChild's respondents, FACTS §4).
COMPLEX_TIERS = ("clinical", "twenty_four_hour")


def family_table(m, snaps: list[dict[str, np.ndarray]]) -> pd.DataFrame:
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
            "covered_gap_last_year": (a["state_last_gap_week"] >= a["end_week"] - 52).astype(float),
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
            **value_columns(m, a, per_week),
        }
    )


def value_columns(m, a: dict[str, np.ndarray], per_week: np.ndarray) -> dict[str, np.ndarray]:
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


def summary(rec, m, families: pd.DataFrame) -> pd.DataFrame:
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
    rows += [(name, "all", value) for name, value in calibration(rec, m, fam).items()]
    heavy = (fam["parent_care_hours"] >= HEAVY_CARE_HOURS).to_numpy(float)
    groups = distribution(heavy, weights, score, quint, rank=rank)
    rows += [("share_care_50_hours", g, v) for g, v in groups.items()]
    rows += [
        ("pas_per_employer", "twenty_four_hour", team_size(fam, ["twenty_four_hour"])),
        ("pas_per_employer", "other_tiers", team_size(fam, ["personal_care", "clinical"])),
    ]
    return pd.DataFrame(rows, columns=["measure", "group", "value"])


def team_size(families: pd.DataFrame, tiers: list[str]) -> float:
    """PA-weeks per family-week among employers in ``tiers`` (ratio of sums): families who
    employed PAs and spent most of their weeks on a direct payment or third-party budget."""
    employer_share = families["share_direct_payment"] + families["share_third_party"]
    keep = (
        (families["pa_years"] > 0)
        & (employer_share > EMPLOYER_DP_SHARE)
        & families["tier"].isin(tiers)
    )
    # The two columns' rows, not the whole table's (which would copy every column).
    weeks = families["weeks"][keep].sum()
    pa_years = families["pa_years"][keep].sum()
    return float(pa_years * 52.0 / weeks) if weeks > 0 else float("nan")


def share_safety_affected(m) -> float:
    """Share of families with a complex-care package, active at the end of the run, who
    had a week in the last year in which staffing gaps at least doubled the child's
    admission hazard (the family state's ``last_unsafe_week``, read as ``share_covering_gaps``
    reads ``last_gap_week``). WellChild asked families with complex-care packages whether
    staffing gaps had affected their child's safety."""
    f = m.fam
    complex_tier = np.isin(np.asarray(TIERS)[f.tier], COMPLEX_TIERS) & (f.wait_left == 0)
    if not complex_tier.any():
        return float("nan")
    recent = f.last_unsafe_week >= m.steps_done - 52
    return float(recent[complex_tier].mean())


def calibration(rec, m, fam: pd.DataFrame) -> dict[str, float]:
    f = m.fam
    phb = IS_PHB[f.arrangement]
    n_phb = max(1, phb.sum())
    waits = np.concatenate(m.approved_waits) if m.approved_waits else np.array([])
    pa_years = rec.pa_week_sum / 52.0
    # Columns as arrays, read once (the same numbers as averaging the pandas columns).
    weeks = fam["weeks"].to_numpy()
    admin = fam["admin_hours"].to_numpy()
    share_dp = fam["share_direct_payment"].to_numpy() + fam["share_third_party"].to_numpy()
    employers = (fam["pa_years"].to_numpy() > 0) & (share_dp > EMPLOYER_DP_SHARE)
    return {
        "pa_turnover_annual": m.leavers_total / pa_years if pa_years else float("nan"),
        "pa_vacancy_rate": rec.vacancy_sum / rec.target_sum if rec.target_sum else float("nan"),
        "pas_per_employer": rec.pa_week_sum / rec.employer_week_sum
        if rec.employer_week_sum
        else float("nan"),
        "dp_share_of_phbs": float((f.arrangement == 3).sum() / n_phb),
        "notional_share_of_phbs": float((f.arrangement == 1).sum() / n_phb),
        "third_party_share_of_phbs": float((f.arrangement == 2).sum() / n_phb),
        "share_cut_work": float(np.average(fam["cut_work"].to_numpy(), weights=weeks)),
        "share_covering_gaps": float(
            ((f.last_gap_week >= m.steps_done - 52) & (f.wait_left == 0)).mean()
        ),
        "share_caring_100_hours": float(
            np.average(fam["parent_care_hours"].to_numpy() >= CARING_MORE_THAN_MOST, weights=weeks)
        ),
        "night_unmet_hours": float(np.average(fam["night_unmet_hours"].to_numpy(), weights=weeks)),
        "coordination_hours": float(np.average(admin, weights=weeks)),
        "coordination_hours_employers": float(
            np.average(admin[employers], weights=weeks[employers])
        )
        if employers.any()
        else float("nan"),
        "mean_approval_weeks": float(waits.mean()) if len(waits) else float("nan"),
        "share_safety_affected": share_safety_affected(m),
    }


def weekly_table(rec, m) -> pd.DataFrame:
    """Per-week means by quintile (float32)."""
    done = m.weeks_recorded
    t, q, k = rec.weekly[:done].shape
    frame = pd.DataFrame(rec.weekly[:done].reshape(t * q, k), columns=list(WEEKLY))
    frame.insert(0, "quintile", np.tile(np.arange(1, 6), t).astype(np.int8))
    frame.insert(0, "week", np.repeat(np.arange(1, t + 1), q).astype(np.int16))
    frame["families"] = rec.weekly_n[:done].reshape(-1)
    return frame


def family_week_table(rec, m) -> pd.DataFrame | None:
    if rec.family_weeks is None:
        return None
    done = m.weeks_recorded
    t, n, k = rec.family_weeks[:done].shape
    frame = pd.DataFrame(rec.family_weeks[:done].reshape(t * n, k), columns=list(FAMILY_WEEK))
    frame.insert(0, "family_id", rec.family_week_ids[:done].reshape(-1))
    frame.insert(0, "week", np.repeat(np.arange(1, t + 1), n).astype(np.int16))
    return frame
