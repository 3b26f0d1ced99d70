"""Numbers and sentences in plain words, generated from the comparison's tables.

Every number a sentence shows is a :class:`Number`: the formatted text together with the
table cell it came from (table, option, measure, group, statistic), so the HTML can mark
it and a test can check each shown number against the table.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import pandas as pd

from sim.analysis.measures import HEADLINE, measure_of

WHO = {
    "all": "families",
    "Q1": "families with the fewest resources",
    "Q2": "families in resource quintile 2",
    "Q3": "families in the middle resource quintile",
    "Q4": "families in resource quintile 4",
    "Q5": "families with the most resources",
}
GROUP_NAMES = {
    "all": "All families",
    "Q1": "Q1 (fewest)",
    "Q2": "Q2",
    "Q3": "Q3",
    "Q4": "Q4",
    "Q5": "Q5 (most)",
    "gap": "Gap Q1 - Q5",
    "ratio": "Ratio Q1 / Q5",
    "sii": "Slope index",
    "conc_index": "Concentration index",
}
EQUITY_EXPLAINED = {
    "gap": "The gap is the mean in the quintile with the fewest resources (Q1) minus the mean "
    "in the quintile with the most (Q5), in the measure's own unit.",
    "ratio": "The ratio is the Q1 mean divided by the Q5 mean: 1 means no difference, above 1 "
    "means more in families with fewer resources.",
    "sii": "The slope index of inequality is the fitted difference between the family with "
    "the most resources and the family with the fewest, using every family and not only the "
    "two end quintiles (positive: more among families with more resources).",
    "conc_index": "The concentration index runs from -1 to 1: negative when the outcome is "
    "concentrated among families with fewer resources, positive when among those with more, "
    "0 when it is spread evenly.",
}
# Sentence per measure: "{who}" the families, "{x}" the amount, "{dir}" the direction word.
PHRASES: dict[str, tuple[str, str, str]] = {
    "family_care_hours": ("{who} give {x} {dir} hours of care a week", "more", "fewer"),
    "admin_hours": ("{who} spend {x} {dir} hours a week on care admin", "more", "fewer"),
    "unmet_hours": (
        "{who} are left with {x} {dir} hours a week of care nobody gives",
        "more",
        "fewer",
    ),
    "crises": ("the carers of {who} have {x} {dir} crises a year", "more", "fewer"),
    "emergency_admissions": (
        "the children of {who} have {x} {dir} emergency admissions a year",
        "more",
        "fewer",
    ),
    "strain": ("carer strain among {who} is {x} {dir} on a 0-1 scale", "higher", "lower"),
    "paid_work_lost": (
        "the carers of {who} lose {x} {dir} hours of paid work a week",
        "more",
        "fewer",
    ),
    "pa_continuity": (
        "{who} get {x} percentage points {dir} of their paid care from carers they know",
        "more",
        "less",
    ),
    "icb_cost": ("the ICB spends {x} {dir} a week per family on {who}", "more", "less"),
    "qol": (
        "care-related quality of life among {who} is {x} {dir} on a 0-1 scale",
        "higher",
        "lower",
    ),
}
FIRST_PAGE_GROUPS = ("all", "Q1", "Q5")


@dataclass(frozen=True)
class Number:
    """A shown number and the table cell it came from; ``sign`` is -1 when a sentence
    turns a negative difference into a positive amount ("4.2 fewer hours")."""

    text: str
    table: str
    option: str
    measure: str
    group: str
    stat: str
    sign: int = 1

    def html(self) -> str:
        attrs = " ".join(
            f'data-{k}="{html.escape(str(getattr(self, k)))}"'
            for k in ("table", "option", "measure", "group", "stat", "sign")
        )
        return f'<span class="num" {attrs}>{html.escape(self.text)}</span>'


def magnitude(measure: str, value: float) -> str:
    """A value as shown in words: hours to 1 decimal, money in whole pounds, shares in
    percentage points, 0-1 indices to 3 decimals, rates to 2 decimals."""
    if value is None or not math.isfinite(value):
        return "n/a"
    text = _magnitude(measure, value)
    digits = re.sub(r"[^0-9]", "", text)
    return text[1:] if text.startswith("-") and not digits.strip("0") else text  # no "-0.0"


def _magnitude(measure: str, value: float) -> str:
    m = measure_of(measure)
    unit = m.unit if m else ""
    if unit == "h/week":
        return f"{value:.1f}" if abs(value) >= 0.05 or value == 0 else f"{value:.2f}"
    if unit.startswith("GBP"):
        return f"{'-' if value < 0 else ''}£{abs(value):,.0f}"
    if unit == "share":
        return f"{100 * value:.1f}"
    if unit == "0-1":
        return f"{value:.3f}"
    if unit.startswith("QALY"):  # increments per person are small: four decimals
        return f"{value:.4f}"
    if m is None:  # run-level outputs (calibration figures): three significant figures
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:,.0f}"


def unit_words(measure: str) -> str:
    """The unit after a number in a table cell."""
    m = measure_of(measure)
    if m is None:
        return ""
    return {"share": "%", "h/week": "h/week", "0-1": "", "per year": "a year"}.get(
        m.unit, "" if m.unit.startswith("GBP") else m.unit
    )


def clear(row: pd.Series) -> bool:
    """The paired 95% interval excludes zero."""
    lo, hi = row["ci_low"], row["ci_high"]
    return bool(math.isfinite(lo) and math.isfinite(hi) and (lo > 0 or hi < 0))


def number(
    row: pd.Series, table: str, stat: str, sign: float = 1.0, signed: bool = False
) -> Number:
    """The table cell ``row[stat]`` as shown (times ``sign``; with ``signed``, a "+" on
    positive values)."""
    text = magnitude(row["measure"], sign * row[stat])
    if signed and sign * row[stat] > 0:
        text = "+" + text
    return Number(
        text,
        table,
        str(row["option"]),
        str(row["measure"]),
        str(row["group"]),
        stat,
        int(sign),
    )


def difference_sentence(row: pd.Series, comparator: str) -> str:
    """One difference in words, with its interval oriented along the difference:
    "Under X, families with the fewest resources give 4.2 more hours of care a week (95%
    interval 3.1 to 5.3) than under Y." (HTML, numbers marked.)"""
    measure, group = row["measure"], row["group"]
    up = row["mean"] >= 0
    sign = 1.0 if up else -1.0
    lo_stat, hi_stat = ("ci_low", "ci_high") if up else ("ci_high", "ci_low")
    x = number(row, "differences", "mean", sign).html()
    interval = (
        f"(95% interval {number(row, 'differences', lo_stat, sign).html()} to "
        f"{number(row, 'differences', hi_stat, sign).html()})"
    )
    who = WHO.get(group, "families")
    template, more, less = PHRASES.get(
        measure, ("{name} for {who} is {x} {unit} {dir}", "higher", "lower")
    )
    m = measure_of(measure)
    text = template.format(
        who=who,
        x=x,
        dir=more if up else less,
        name=html.escape(m.display if m else measure),
        unit=html.escape(m.unit if m else ""),
    )
    return (
        f"Under <b>{html.escape(str(row['option']))}</b>, {text} {interval} than under "
        f"{html.escape(comparator)}."
    )


def largest_differences(
    diff: pd.DataFrame, levels: pd.DataFrame, option: str, comparator: str, top: int = 4
) -> pd.DataFrame:
    """The ``top`` headline measures whose difference is largest against the comparator's
    own level (relative change), among those with an interval that excludes zero; each
    measure once, in the group (all, Q1, Q5) where its relative change is largest."""
    d = diff[
        (diff["option"] == option)
        & diff["measure"].isin(HEADLINE)
        & diff["group"].isin(FIRST_PAGE_GROUPS)
    ].copy()
    if d.empty:
        return d
    base = levels[levels["option"] == comparator].set_index(["measure", "group"])["mean"]
    ref = [
        abs(base.get((m, g), float("nan"))) for m, g in zip(d["measure"], d["group"], strict=True)
    ]
    d["score"] = d["mean"].abs() / pd.Series(ref, index=d.index).clip(lower=1e-9)
    d = d[d.apply(clear, axis=1)]
    d = d.sort_values("score", ascending=False).drop_duplicates("measure")
    return d.head(top)


def first_page(t, options) -> list[dict]:
    """Per option other than the comparator: its description and its largest differences
    in words (or a plain statement that none is clear)."""
    out = []
    described = {o.label: o.description for o in options}
    for option in t.options:
        if option == t.comparator:
            continue
        rows = largest_differences(t.differences, t.levels, option, t.comparator)
        sentences = [difference_sentence(r, t.comparator) for _, r in rows.iterrows()]
        if not sentences:
            sentences = [
                f"Under <b>{html.escape(option)}</b>, no headline measure differs from "
                f"{html.escape(t.comparator)} with a 95% interval that excludes zero over "
                f"{t.replications} replications."
            ]
        out.append(
            {"option": option, "description": described.get(option, ""), "sentences": sentences}
        )
    return out


def cell(row: pd.Series | None, table: str) -> str:
    """A table cell: mean and 95% interval, numbers marked, unit after the mean (a
    difference of shares is in percentage points)."""
    if row is None or not math.isfinite(row["mean"]):
        return "n/a"
    unit = unit_words(row["measure"]) if row["group"] not in ("ratio", "conc_index") else ""
    if unit == "%" and table == "differences":
        unit = "points"
    mean = Number(
        _plain(row["measure"], row["group"], row["mean"]),
        table,
        str(row["option"]),
        str(row["measure"]),
        str(row["group"]),
        "mean",
    )
    text = mean.html() + (f" {html.escape(unit)}" if unit else "")
    if math.isfinite(row.get("ci_low", float("nan"))):
        lo, hi = (
            Number(
                _plain(row["measure"], row["group"], row[s]),
                table,
                str(row["option"]),
                str(row["measure"]),
                str(row["group"]),
                s,
            ).html()
            for s in ("ci_low", "ci_high")
        )
        text += f'<br><span class="ci">{lo} to {hi}</span>'
    return text


def _plain(measure: str, group: str, value: float) -> str:
    """Table numbers: ratios and concentration indices to 3 decimals, else as in words."""
    if group in ("ratio", "conc_index"):
        return f"{value:.3f}"
    return magnitude(measure, value)
