"""The page's live views: each a Solara component drawing what a `LiveModel` holds.

Charts are Vega-Lite specs drawn in the browser (solara's VegaLite widget, the one
``solara.FigureAltair`` uses), written here as plain dicts: building them through Altair's
validated objects cost more than the model's week itself. Each chart's data goes inline as
one CSV string (the renderer walks every nested list and dict of a widget's arguments on
each update, so hundreds of row dicts would cost tens of milliseconds). Long series are
sent as block means of at most ``MAX_POINTS`` points, so an update stays small however long
the run.
Each view takes the week it shows as an argument, so it redraws when the page's one
subscriber to Mesa's ``update_counter`` (sim.app.app.LiveViews) passes a new week: one
render pass per update, not one per view.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

import numpy as np
import solara
import solara.widgets

from sim.app.live import SOURCE_LABELS, LiveModel
from sim.model.agents import Family

QUINTILES = [f"Q{k + 1}" for k in range(5)]
QUINTILE_TITLE = "resource quintile (Q1 fewest)"
WIDTH, HEIGHT = 340, 190
MAX_POINTS = 130
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _no_data(text: str = "Step the model to see this view."):
    return solara.Info(text)


def _chart(spec: dict[str, Any]):
    return solara.widgets.VegaLite.element(
        spec={"$schema": SCHEMA, **spec}, listen_to_click=False, listen_to_hover=False
    )


def _csv(**columns) -> dict[str, Any]:
    """Vega-Lite inline data from equal-length columns, as one CSV string."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*(np.asarray(c).tolist() for c in columns.values()), strict=True))
    return {"values": out.getvalue(), "format": {"type": "csv"}}


def block_means(weeks: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Weeks and values (first axis: weeks) as means over blocks of whole weeks, so that
    at most ``MAX_POINTS`` remain; also returns the block length in weeks."""
    size = max(1, int(np.ceil(len(weeks) / MAX_POINTS)))
    if size == 1:
        return weeks, values, 1
    k = len(weeks) // size * size
    if k == 0:
        return weeks, values, 1
    w = weeks[:k].reshape(-1, size)[:, -1]
    v = values[:k].reshape(-1, size, *values.shape[1:]).mean(axis=1)
    return w, v, size


def _week_title(size: int) -> str:
    return "recorded week" if size == 1 else f"recorded week ({size}-week means)"


@solara.component
def CareByQuintile(model: LiveModel, week: int):
    """Who carries the care: mean weekly hours by source, per quintile, over the weeks run."""
    series = model.series
    with solara.Card("Who carries the care"):
        if not len(series):
            _no_data()
            return
        mean = series.mean_by_quintile()
        labels = list(SOURCE_LABELS.values())
        _chart(
            {
                "data": _csv(
                    quintile=np.tile(QUINTILES, len(labels)),
                    source=np.repeat(labels, 5),
                    order=np.repeat(np.arange(len(labels)), 5),
                    hours=np.round(mean.ravel(), 3),
                ),
                "mark": "bar",
                "width": WIDTH,
                "height": HEIGHT,
                "encoding": {
                    "x": {
                        "field": "hours",
                        "type": "quantitative",
                        "title": "hours of care a week (mean per family)",
                    },
                    "y": {"field": "quintile", "type": "nominal", "title": QUINTILE_TITLE},
                    "color": {
                        "field": "source",
                        "type": "nominal",
                        "sort": labels,
                        "title": "given by",
                        "legend": {"labelLimit": 220},
                    },
                    "order": {"field": "order", "type": "quantitative"},
                    "tooltip": [
                        {"field": "quintile"},
                        {"field": "source"},
                        {"field": "hours", "type": "quantitative", "format": ".1f"},
                    ],
                },
            }
        )
        solara.Text(f"Mean over the {len(series)} recorded weeks so far.")


def _lines(data: dict, y: str, title: str, size: int, **y_extra) -> dict[str, Any]:
    return {
        "data": data,
        "mark": "line",
        "width": WIDTH,
        "height": HEIGHT // 2 + 20,
        "encoding": {
            "x": {
                "field": "week",
                "type": "quantitative",
                "title": _week_title(size),
                "axis": {"format": "d", "tickMinStep": 1},
            },
            "y": {"field": y, "type": "quantitative", "title": title, **y_extra},
            "color": {"field": "series", "type": "nominal", "title": None},
        },
    }


@solara.component
def UnmetAndStrain(model: LiveModel, week: int):
    """Unmet need and carer strain by quintile, week by week."""
    series = model.series
    with solara.Card("Unmet need and carer strain over time, by quintile"):
        if not len(series):
            _no_data()
            return
        weeks, unmet, strain = series.unmet_and_strain()
        w, both, size = block_means(weeks, np.stack([unmet, strain], axis=1))
        rows = _csv(
            week=np.repeat(w, 5),
            series=np.tile(QUINTILES, len(w)),
            unmet=np.round(both[:, 0, :].ravel(), 4),
            strain=np.round(both[:, 1, :].ravel(), 4),
        )
        _chart(
            {
                "vconcat": [
                    _lines(rows, "unmet", "unmet need (h/week)", size),
                    _lines(rows, "strain", "carer strain (0-1)", size, scale={"domain": [0, 1]}),
                ]
            }
        )


@solara.component
def Workforce(model: LiveModel, week: int):
    """PA vacancies and turnover, and PAs employed."""
    series = model.series
    with solara.Card("Personal assistants"):
        if not len(series):
            _no_data()
            return
        wf = series.workforce()
        weeks = np.asarray(wf["week"])
        w, v, size = block_means(
            weeks, np.stack([wf["vacancy"], wf["turnover"], wf["pas_employed"]], axis=1)
        )
        names = ("vacancy (unfilled PA posts)", "turnover (leavers in the last year / PAs)")
        rates = _csv(
            week=np.repeat(w, 2),
            series=np.tile(names, len(w)),
            share=np.round(v[:, :2].ravel(), 4),
        )
        employed = _csv(week=w, series=np.full(len(w), "PAs employed"), pas=v[:, 2])
        rate_chart = _lines(rates, "share", "share of posts / PAs", size, axis={"format": "%"})
        rate_chart["encoding"]["color"]["legend"] = {"orient": "bottom", "labelLimit": 300}
        _chart({"vconcat": [rate_chart, _lines(employed, "pas", "PAs employed", size)]})


def _table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(
        f"<th style='text-align:left;padding-right:12px'>{escape(h)}</th>" for h in header
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td style='padding-right:12px'>{escape(str(c))}</td>" for c in r)
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def family_summary(f: Family) -> str:
    """The household in plain words (HTML): child, carers, ICB and budget."""
    state = f"left the model in week {f.left_week - f.model.burn_in}" if f.left else "in the model"
    wait = f", waiting {f.waiting_weeks} weeks for the package" if f.waiting_weeks else ""
    items = [
        (
            "Child",
            f"aged {f.age:.1f}, {f.tier.replace('_', ' ')} needs, "
            f"{f.need_hours:.0f} hours of care a week",
        ),
        (
            "Carers",
            f"{f.carers}, paid work {f.paid_work_hours:.0f} h/week, strain "
            f"{f.strain:.2f}, resource quintile Q{f.quintile}",
        ),
        (
            "ICB",
            f"area {f.icb.area + 1} ({f.icb.approval_regime} approval); arrangement "
            f"{f.arrangement.replace('_', ' ')}{wait}",
        ),
        ("Budget", f"balance £{f.budget_balance:,.0f}"),
    ]
    lines = "".join(f"<li><b>{k}</b>: {escape(v)}</li>" for k, v in items)
    return f"<p><b>Household {f.family_id}</b> ({escape(state)})</p><ul>{lines}</ul>"


def pa_table(f: Family) -> str:
    pas = f.personal_assistants
    if not pas:
        return "<p>No personal assistants employed now.</p>"
    rows = [
        [
            pa.unique_id,
            pa.tenure_weeks,
            "yes" if pa.trained else "no",
            f"{pa.pay:.2f}",
            "absent" if pa.absent else "working",
        ]
        for pa in pas
    ]
    return "<p><b>Personal assistants</b></p>" + _table(
        ["PA", "tenure (weeks)", "trained", "pay (£/h)", "this week"], rows
    )


def events_table(model: LiveModel, f: Family, last: int = 12) -> str:
    events = model.events.for_family(f)
    if events.empty:
        return "<p>No events yet.</p>"
    shown = events.tail(last)
    note = f", the last {last}" if len(events) > last else ""
    rows = [[r.week, r.event, r.pa_id if r.pa_id >= 0 else ""] for r in shown.itertuples()]
    return (
        f"<p><b>Events</b>: {len(events)} so far (week 1 is the first recorded week; 0 or "
        f"less the burn-in){note}</p>" + _table(["week", "event", "PA"], rows)
    )


@solara.component
def FamilyInspector(model: LiveModel, week: int):
    """Choose a household and see its child, carers, PAs, ICB, budget and events so far.

    The chosen `Family` agent is kept, so after the household leaves the model the inspector
    still shows it (its final state), never the household that took its place."""
    chosen = solara.use_reactive(None)
    message = solara.use_reactive("")
    picker = solara.use_memo(lambda: np.random.default_rng(0), [model])
    family = chosen.value
    if family is None or family.model is not model:
        family = min(model.agents_by_type[Family], key=lambda a: a.family_id)

    def choose(family_id: int) -> None:
        found = model.family_by_id(int(family_id))
        if found is None:
            message.set(f"No household {family_id} is in the model now.")
        else:
            message.set("")
            chosen.set(found)

    def another() -> None:
        families = list(model.agents_by_type[Family])
        message.set("")
        chosen.set(families[int(picker.integers(len(families)))])

    with solara.Card("Family inspector"):
        with solara.Row():
            solara.InputInt("household id", value=family.family_id, on_value=choose)
            solara.Button("another household", on_click=another, outlined=True)
        if message.value:
            solara.Warning(message.value)
        solara.HTML(tag="div", unsafe_innerHTML=family_summary(family))
        solara.HTML(tag="div", unsafe_innerHTML=pa_table(family))
        solara.HTML(tag="div", unsafe_innerHTML=events_table(model, family))
