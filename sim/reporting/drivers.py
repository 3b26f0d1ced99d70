"""What drives the difference between two options, in words, from the model's own accounting.

Every hour of need is met by a PA, a commissioned provider, an agency or contingency
service, the family, or nobody (the recorder's accounting adds up to the hours needed), so a
difference in family care or unmet need is the other side of a difference in paid care. The
recorder also counts the contracted PA hours lost to unfilled posts and to PA absence, which
says whether a shortfall of PA care comes from recruitment or from cover.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from sim.reporting.words import WHO, clear, number

PAID_PARTS = (
    ("pa_hours", "personal assistants"),
    ("provider_hours", "commissioned provider"),
    ("agency_hours", "agency and contingency"),
)
GROUPS = ("all", "Q1")


def _row(frame: pd.DataFrame, option: str, measure: str, group: str) -> pd.Series | None:
    r = frame[
        (frame["option"] == option) & (frame["measure"] == measure) & (frame["group"] == group)
    ]
    return None if r.empty else r.iloc[0]


def _num(row: pd.Series, table: str, stat: str = "mean", sign: float = 1.0, signed: bool = False):
    return number(row, table, stat, sign, signed).html()


def _more(row: pd.Series, more: str = "more", less: str = "fewer") -> tuple[str, float]:
    return (more, 1.0) if row["mean"] >= 0 else (less, -1.0)


def _interval(row: pd.Series, sign: float) -> str:
    if not (math.isfinite(row["ci_low"]) and math.isfinite(row["ci_high"])):
        return ""
    lo, hi = ("ci_low", "ci_high") if sign > 0 else ("ci_high", "ci_low")
    return (
        f" (95% interval {_num(row, 'differences', lo, sign)} to "
        f"{_num(row, 'differences', hi, sign)}"
        + ("" if clear(row) else "; not a clear difference")
        + ")"
    )


def explain(t, option: str) -> list[str]:
    """Sentences (HTML) on what drives the differences of ``option`` against the comparator."""
    comp, diff, lev = t.comparator, t.differences, t.levels
    name, cname = html.escape(option), html.escape(comp)
    out: list[str] = []
    for group in GROUPS:
        paid = _row(diff, option, "paid_hours", group)
        if paid is None:
            continue
        word, sign = _more(paid)
        parts = []
        for measure, label in PAID_PARTS:
            r = _row(diff, option, measure, group)
            if r is not None:
                parts.append(f"{label} {_num(r, 'differences', signed=True)}")
        text = (
            f"Under <b>{name}</b>, {WHO[group]} get {_num(paid, 'differences', sign=sign)} "
            f"{word} hours of paid care a week{_interval(paid, sign)} than under {cname}: "
            + ", ".join(parts)
            + " hours a week."
        )
        fam, unmet = (_row(diff, option, m, group) for m in ("family_care_hours", "unmet_hours"))
        if fam is not None and unmet is not None:
            fw, fs = _more(fam)
            uw, us = _more(unmet)
            text += (
                f" The family gives {_num(fam, 'differences', sign=fs)} {fw} hours of care and "
                f"{_num(unmet, 'differences', sign=us)} {uw} hours go unmet."
            )
        out.append(text)
    vac = {o: _row(lev, o, "pa_hours_lost_vacancy", "all") for o in (option, comp)}
    away = {o: _row(lev, o, "pa_hours_lost_absence", "all") for o in (option, comp)}
    if all(v is not None for v in (*vac.values(), *away.values())):
        dv = _row(diff, option, "pa_hours_lost_vacancy", "all")
        da = _row(diff, option, "pa_hours_lost_absence", "all")
        text = (
            f"Contracted PA hours lost to unfilled posts: {_num(vac[option], 'levels')} hours a "
            f"week per family under {name} against {_num(vac[comp], 'levels')} under {cname}; "
            f"to PA sickness and holidays: {_num(away[option], 'levels')} against "
            f"{_num(away[comp], 'levels')}."
        )
        if dv is not None and da is not None and max(abs(dv["mean"]), abs(da["mean"])) > 0:
            bigger = "vacancies" if abs(dv["mean"]) >= abs(da["mean"]) else "absence"
            smaller = "absence" if bigger == "vacancies" else "vacancies"
            text += (
                f" Of the change in lost PA hours, more comes from {bigger} than from {smaller}."
            )
        out.append(text)
    admin = _row(diff, option, "admin_hours", "all")
    if admin is not None:
        word, sign = _more(admin)
        out.append(
            f"Families spend {_num(admin, 'differences', sign=sign)} {word} hours a week on "
            f"admin (recruiting, rostering, payroll, training, reviews, arranging cover)"
            f"{_interval(admin, sign)}."
        )
    return out
