"""The comparison report: one self-contained HTML file (figures embedded, no network
references, A4 print CSS), and optionally its PDF printed by headless Chromium.

Every number in the report is read from the comparison's tables (``tables/levels`` and
``tables/differences``) and marked with the cell it came from, so the report and the tables
cannot disagree.
"""

from __future__ import annotations

import base64
import html
import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape

from sim.analysis.measures import HEADLINE, measure_of
from sim.analysis.value import text as value_text
from sim.reporting import drivers, figures, limitations, words
from sim.reporting.checklists import cheers, stress_abs
from sim.scenario.parameters import defaults

CARE = ("pa_hours", "provider_hours", "agency_hours", "family_care_hours", "unmet_hours")
QUINTILE_FIGURES = ("family_care_hours", "unmet_hours", "icb_cost", "qol")
GROUPS = ("all", "Q1", "Q2", "Q3", "Q4", "Q5")
EQUITY = ("gap", "ratio", "sii", "conc_index")
# Value: quality of life, yearly QALYs and the weekly costs by perspective, with the hours
# of care families give and nobody gives beside them (under-delivery is never read alone).
VALUE_LEVELS = (
    "qol",
    "carer_qol",
    "qaly_child",
    "qaly_carer",
    "cost_nhs",
    "cost_family",
    "cost_societal",
    "unmet_hours",
    "family_care_hours",
    "paid_work_lost",
)
# The value layer's increments per person over the horizon (sim.analysis.value).
INCREMENTS = (*value_text.ROWS, *value_text.DISTRIBUTIONAL)
NMB_FIGURES = ("nmb_nhs_20k", "nmb_nhs_30k", "nmb_societal_20k", "nmb_societal_30k")
NO_ENSEMBLE_NOTE = (
    "Intervals cover the model's stochastic variation over replications only, not "
    "uncertainty in its parameters: run with --ensemble NAME to include it."
)
ENSEMBLE_NOTE = (
    "Intervals include parameter uncertainty: each replication takes a member of the "
    "calibrated ensemble {name}, the same member and seed for every option."
)
ACCEPTABILITY_SEED_NOTE = (
    "These probabilities, like the intervals, cover the model's seed noise only (its "
    "stochastic variation over replications), not uncertainty in its parameters: run with "
    "--ensemble NAME to include it."
)
ACCEPTABILITY_ENSEMBLE_NOTE = (
    "These probabilities include parameter uncertainty: each replication takes a member of "
    "the calibrated ensemble {name}, the same member and seed for every option."
)
# Thresholds of the acceptability table (£ per QALY), from tables/acceptability.
ACCEPTABILITY_THRESHOLDS = (20_000.0, 30_000.0)


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("sim.reporting", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _embed(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def _pick(frame: pd.DataFrame, option: str, measure: str, group: str) -> pd.Series | None:
    r = frame[
        (frame["option"] == option) & (frame["measure"] == measure) & (frame["group"] == group)
    ]
    return None if r.empty else r.iloc[0]


def measure_table(frame: pd.DataFrame, table: str, option: str, measures, groups) -> dict:
    """Rows of measures, columns of groups, cells as marked HTML (mean and interval)."""
    rows = []
    for m in measures:
        meta = measure_of(m)
        rows.append(
            {
                "name": meta.display if meta else m,
                "unit": meta.unit if meta else "",
                "better": ("higher" if meta.higher_is_better else "lower") if meta else "",
                "cells": [words.cell(_pick(frame, option, m, g), table) for g in groups],
            }
        )
    return {"groups": [words.GROUP_NAMES[g] for g in groups], "rows": rows}


def _figures(t, dest: Path) -> dict[str, Any]:
    """Draw the report's figures into ``dest`` and return them embedded, by name."""
    dest.mkdir(parents=True, exist_ok=True)
    reps = t.replications
    lev, diff = t.levels, t.differences
    out: dict[str, Any] = {}
    carried = lev[lev["measure"].isin(CARE) & lev["group"].isin(figures.QUINTILES)].rename(
        columns={"measure": "carrier", "group": "quintile", "mean": "hours"}
    )
    out["care"] = figures.care_by_quintile(
        carried, dest / "care_by_quintile.png", reps, "Who carries the care, by resource quintile"
    )
    if not diff.empty:
        overall = diff[diff["group"] == "all"]
        out["forest"] = figures.forest(
            overall,
            [m for m in HEADLINE if m in set(overall["measure"])],
            dest / "differences_all.png",
            reps,
            f"All families: difference against {t.comparator}, paired 95% intervals",
            series="option",
            difference=True,
        )
        out["quintiles"] = [
            figures.differences_by_quintile(
                diff[diff["measure"] == m], m, dest / f"differences_{m}.png", reps, t.comparator
            )
            for m in QUINTILE_FIGURES
            if m in set(diff["measure"])
        ]
    if not t.value.empty:
        out["nmb"] = [
            figures.differences_by_quintile(
                t.value[t.value["measure"] == m], m, dest / f"value_{m}.png", reps, t.comparator
            )
            for m in NMB_FIGURES
            if m in set(t.value["measure"])
        ]
        if not t.acceptability.empty:
            out["acceptability"] = figures.acceptability_curves(
                t.acceptability, dest / "acceptability.png", reps
            )
        plane = equity_plane_points(t)
        if not plane.empty:
            out["plane"] = figures.equity_plane(
                plane,
                dest / "equity_impact_plane.png",
                reps,
                "Net health benefit per person at £20,000 per QALY (QALY/person)",
                "Reduction in the slope index of inequality of QALYs (QALY/person)",
                t.comparator,
            )
    return {
        k: ([_embed(p) for p in v] if isinstance(v, list) else _embed(v)) for k, v in out.items()
    }


def equity_plane_points(t) -> pd.DataFrame:
    """The equity impact plane of Cookson et al.: each option's net health benefit (x)
    against the reduction in the slope index of inequality of QALYs (y, positive = less
    unequal), with paired intervals, from the value table."""
    rows = []
    for option in t.options:
        x = _pick(t.value, option, "net_health_benefit", "all")
        d = _pick(t.value, option, "delta_sii_qaly", "all")
        if x is None or d is None:
            continue
        rows.append(
            {
                "option": option,
                "x": x["mean"],
                "x_low": x["ci_low"],
                "x_high": x["ci_high"],
                "y": -d["mean"],
                "y_low": -d["ci_high"],
                "y_high": -d["ci_low"],
            }
        )
    return pd.DataFrame(rows)


def _said(row: pd.Series, table: str) -> str:
    """A marked mean with its marked 95% interval, for a sentence."""
    mean, lo, hi = (words.number(row, table, stat).html() for stat in ("mean", "ci_low", "ci_high"))
    return f"{mean} (95% interval {lo} to {hi})"


def value_lines(t, option: str) -> list[str]:
    """Sentences under an option's value table: its quadrant of the equity impact plane, and
    whenever it costs the NHS/ICB less, what that costs families and how much care goes
    unmet beside it (marked numbers from the value and difference tables)."""
    lines = []
    if option in t.quadrants:
        where, share = t.quadrants[option]
        lines.append(
            f"Equity impact plane: {html.escape(where)} "
            f"({share:.0%} of the paired replications fall in this quadrant)."
        )
    nhs = _pick(t.value, option, "inc_cost_nhs", "all")
    if nhs is not None and math.isfinite(nhs["mean"]) and nhs["mean"] < 0:
        family = _pick(t.value, option, "inc_cost_family", "all")
        unmet = _pick(t.differences, option, "unmet_hours", "all")
        parts = [f"NHS/ICB cost changes by {_said(nhs, 'value')} per person"]
        if family is not None:
            parts.append(f"the families' cost by {_said(family, 'value')} per person")
        if unmet is not None:
            parts.append(f"unmet need by {_said(unmet, 'differences')} hours a week")
        lines.append(
            "A lower NHS/ICB cost is not a saving on its own: "
            + "; ".join(parts)
            + ". The care not delivered is counted in the families' cost and QALYs."
        )
    return lines


def acceptability_rows(t) -> dict[str, Any]:
    """The probability each option is best at £20,000 and £30,000 per QALY: one row per
    option, one column per perspective, group and threshold (from tables/acceptability)."""
    acc = t.acceptability
    if acc.empty:
        return {}
    columns = [
        (p, g, lam)
        for p in dict.fromkeys(acc["perspective"])
        for g in dict.fromkeys(acc["group"])
        for lam in ACCEPTABILITY_THRESHOLDS
    ]
    cell = acc.set_index(["perspective", "group", "wtp", "option"])["probability_best"]
    return {
        "columns": [f"{p}, {words.GROUP_NAMES[g]}, £{lam / 1000:g}k" for p, g, lam in columns],
        "rows": [
            {"option": o, "cells": [f"{cell.loc[(p, g, lam, o)]:.2f}" for p, g, lam in columns]}
            for o in t.options
        ],
    }


def calibration_rows(t) -> list[dict]:
    """The comparator's calibration outputs against the targets they were calibrated to
    (fit, not validation), and the held-out FACTS §10 figures compared as validation."""
    from sim.experiments.calibration import TARGETS

    rows = []
    for target in TARGETS:
        if target.is_relation:
            continue
        r = _pick(t.levels, t.comparator, target.output, "all")
        if r is None:
            continue
        rows.append(
            {
                "output": target.output,
                "target": target.target,
                "model": words.cell(r, "levels"),
                "status": "used to calibrate the baseline"
                + (" (met)" if target.holds(r["mean"]) else " (not met for this option)"),
                "source": target.facts_row,
            }
        )
    vacancy = _pick(t.levels, t.comparator, "pa_vacancy_rate", "all")
    if vacancy is not None:
        rows.append(
            {
                "output": "pa_vacancy_rate",
                "target": "11.0% (Skills for Care 2023/24)",
                "model": words.cell(vacancy, "levels"),
                "status": "held out for validation, not used to calibrate: a later national "
                "figure than the calibration target (the model is calibrated to about 8%)",
                "source": "FACTS §10: PA vacancy",
            }
        )
    return rows


def changed_values(scenario) -> dict[str, Any]:
    base = defaults()
    return {k: v for k, v in scenario.params.items() if base.get(k) != v}


def write_scenarios(options, out: Path) -> dict[str, str]:
    """The resolved scenarios (every parameter) as YAML files beside the report."""
    folder = out / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for o in options:
        path = folder / (o.scenario.name.replace("/", "__") + ".yaml")
        doc = {
            "name": o.scenario.name,
            "description": o.scenario.description,
            "source": o.scenario.source,
            "params": o.scenario.params,
            "areas": [dict(a) for a in o.scenario.areas],
            "area_sampling": {k: list(v) for k, v in o.scenario.area_sampling.items()},
        }
        path.write_text(yaml.safe_dump(doc, sort_keys=True, allow_unicode=True), encoding="utf-8")
        files[o.label] = str(path.relative_to(out))
    return files


def context(t, options, manifest: dict, out: Path) -> dict[str, Any]:
    """Everything the template shows, from the tables and the manifest."""
    first = options[0].scenario.params
    run = {
        "title": "Comparing support options: " + ", ".join(t.options),
        "options": t.options,
        "comparator": t.comparator,
        "n_families": int(first["population.n_families"]),
        "n_areas": int(first["population.n_icbs"]),
        "weeks": int(first["population.weeks"]),
        "burn_in": int(first["population.burn_in_weeks"]),
        "replications": t.replications,
        "seed": manifest.get("root_seed"),
        "versions": manifest.get("versions", {}),
        "commit": manifest.get("git_commit"),
        "platform": manifest.get("platform"),
        "backend": manifest.get("backend", "processes"),
        "ensemble": bool(manifest.get("ensemble")),
        "discount_rate": float(first["value.discount_rate"]),
        "horizon_years": float(first["value.horizon_years"]),
    }
    others = [o for o in t.options if o != t.comparator]
    headline = [m for m in HEADLINE if m in set(t.differences["measure"])]
    scenario_files = write_scenarios(options, out)
    return {
        **run,
        "question": (
            f"How do {', '.join(others)} compare with {t.comparator} for who carries the "
            "care of children with complex medical needs, the risks families carry, the cost "
            "to the ICB, and how these fall across families with more or fewer resources?"
        ),
        "option_rows": [
            {
                "label": o.label,
                "description": o.description,
                "scenario": o.scenario.name,
                "source": o.scenario.source or "",
                "comparator": o.label == t.comparator,
                "changed": changed_values(o.scenario),
                "resolved": scenario_files[o.label],
            }
            for o in options
        ],
        "first_page": words.first_page(t, options),
        "care_tables": {
            o: measure_table(t.levels, "levels", o, CARE, figures.QUINTILES) for o in t.options
        },
        "difference_tables": {
            o: measure_table(t.differences, "differences", o, headline, GROUPS) for o in others
        },
        "equity_tables": {
            o: measure_table(t.differences, "differences", o, headline, EQUITY) for o in others
        },
        "equity_explained": [
            (words.GROUP_NAMES[g], words.EQUITY_EXPLAINED[g]) for g in words.EQUITY_EXPLAINED
        ],
        "value_levels": {
            o: measure_table(t.levels, "levels", o, VALUE_LEVELS, GROUPS) for o in t.options
        },
        "value_differences": {
            o: measure_table(t.differences, "differences", o, VALUE_LEVELS, GROUPS) for o in others
        },
        "value_tables": {o: measure_table(t.value, "value", o, INCREMENTS, GROUPS) for o in others}
        if not t.value.empty
        else {},
        "value_lines": {o: value_lines(t, o) for o in others} if not t.value.empty else {},
        "ensemble_note": ENSEMBLE_NOTE.format(name=manifest["ensemble"])
        if manifest.get("ensemble")
        else NO_ENSEMBLE_NOTE,
        "acceptability": acceptability_rows(t),
        "acceptability_note": ACCEPTABILITY_ENSEMBLE_NOTE.format(name=manifest["ensemble"])
        if manifest.get("ensemble")
        else ACCEPTABILITY_SEED_NOTE,
        "drivers": {o: drivers.explain(t, o) for o in others},
        "calibration": calibration_rows(t),
        "limitations": limitations.KNOWN,
        "cheers": cheers(run),
        "stress": stress_abs(run),
        "command": " ".join(html.escape(str(c)) for c in manifest.get("command", [])),
        "seeds": manifest.get("seeds", []),
        "manifest": manifest,
    }


def build_report(t, options, manifest: dict, out: Path, *, pdf: bool = False):
    """Write figures/, report.html and (with ``pdf``) report.pdf into ``out``."""
    out = Path(out)
    ctx = context(t, options, manifest, out)
    ctx["figures"] = _figures(t, out / "figures")
    page = out / "report.html"
    page.write_text(_env().get_template("report.html.j2").render(**ctx), encoding="utf-8")
    pdf_path = None
    if pdf:
        from sim.reporting.browser import print_pdf

        pdf_path = print_pdf(page, out / "report.pdf")
    return page, pdf_path
