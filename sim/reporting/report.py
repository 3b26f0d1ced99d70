"""The comparison report: one self-contained HTML file (figures embedded, no network
references, A4 print CSS), and optionally its PDF printed by headless Chromium.

Every number in the report is read from the comparison's tables (``tables/levels`` and
``tables/differences``) and marked with the cell it came from, so the report and the tables
cannot disagree.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import math
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from jinja2 import Environment, PackageLoader, select_autoescape

from sim.analysis.measures import HEADLINE, measure_of
from sim.reporting import drivers, figures, words
from sim.reporting.checklists import cheers, stress_abs
from sim.scenario.parameters import defaults

CARE = ("pa_hours", "provider_hours", "agency_hours", "family_care_hours", "unmet_hours")
QUINTILE_FIGURES = ("family_care_hours", "unmet_hours", "icb_cost", "qol")
GROUPS = ("all", "Q1", "Q2", "Q3", "Q4", "Q5")
EQUITY = ("gap", "ratio", "sii", "conc_index")
# Value today: quality of life, the ICB's costs in money and the families' in hours.
VALUE_MEASURES = (
    "qol",
    "icb_cost",
    "cost_per_qol",
    "family_care_hours",
    "admin_hours",
    "paid_work_lost",
)
VALUE_PENDING = (
    "Value layer pending: quality-adjusted life years for children and carers, costs by "
    "perspective (NHS, local authority, families), incremental net monetary benefit by "
    "quintile and the probability each option is best are not yet computed by the model. "
    "This section shows what exists today: care-related quality of life (0-1), the cost "
    "to the ICB in pounds and the cost to families in hours (care, admin and paid work lost)."
)
ENSEMBLE_NOTE = (
    "Intervals cover the model's stochastic variation over replications only, not "
    "uncertainty in its parameters: parameter ensembles (--ensemble) are not yet available."
)


def value_layer_available() -> bool:
    """Whether the value layer (sim.analysis.value) is part of this installation."""
    try:
        return importlib.util.find_spec("sim.analysis.value") is not None
    except ModuleNotFoundError:
        return False


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
        plane = equity_plane_points(t)
        if not plane.empty:
            out["plane"] = figures.equity_plane(
                plane,
                dest / "equity_impact_plane.png",
                reps,
                "Change in care-related quality of life, all families (0-1)",
                "Reduction in the quality-of-life gap between Q1 and Q5 (0-1)",
                t.comparator,
            )
    return {
        k: ([_embed(p) for p in v] if isinstance(v, list) else _embed(v)) for k, v in out.items()
    }


def equity_plane_points(t) -> pd.DataFrame:
    """Each option's change in QoL (x) and the reduction in its Q1-Q5 gap (y), with
    intervals; the gap's change is oriented so that positive means a smaller gap."""
    base = _pick(t.levels, t.comparator, "qol", "gap")
    if base is None or not math.isfinite(base["mean"]):
        return pd.DataFrame()
    toward = -1.0 if base["mean"] > 0 else 1.0  # a change of this sign narrows the gap
    rows = []
    for option in t.options:
        if option == t.comparator:
            continue
        x, g = (
            _pick(t.differences, option, "qol", "all"),
            _pick(t.differences, option, "qol", "gap"),
        )
        if x is None or g is None:
            continue
        y_ends = sorted([toward * g["ci_low"], toward * g["ci_high"]])
        rows.append(
            {
                "option": option,
                "x": x["mean"],
                "x_low": x["ci_low"],
                "x_high": x["ci_high"],
                "y": toward * g["mean"],
                "y_low": y_ends[0],
                "y_high": y_ends[1],
            }
        )
    return pd.DataFrame(rows)


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
    pending = not value_layer_available()
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
        "ensemble": False,
        "value_pending": pending,
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
        "value_tables": {
            o: measure_table(t.differences, "differences", o, VALUE_MEASURES, GROUPS)
            for o in others
        },
        "value_levels": {
            o: measure_table(t.levels, "levels", o, VALUE_MEASURES, GROUPS) for o in t.options
        },
        "value_pending_note": VALUE_PENDING if pending else "",
        "ensemble_note": ENSEMBLE_NOTE,
        "drivers": {o: drivers.explain(t, o) for o in others},
        "calibration": calibration_rows(t),
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
