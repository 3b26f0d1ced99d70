"""The page (``phb-sim app``, or ``solara run sim/app/app.py``): Mesa's SolaraViz parts.

Laid out as Mesa's ``SolaraViz`` lays out a model page (an app bar, a sidebar with Mesa's
``ModelController`` for play, step and reset and Mesa's ``UserInputs`` for the model
parameters, and the views beside it), with one difference a student asked for: changing a
control rebuilds the model at once (SolaraViz waits for Reset). The controls come from the
parameter registry (sim.app.controls); the views only read the model (sim.app.views).
"""

from __future__ import annotations

import solara
from mesa.visualization.solara_viz import ModelController, UserInputs
from mesa.visualization.utils import update_counter

from sim.app.controls import defaults, model_params
from sim.app.live import LiveModel
from sim.app.views import CareByQuintile, FamilyInspector, UnmetAndStrain, Workforce
from sim.model.agents import Family

TITLE = "phb-sim: who carries the care under Personal Health Budgets"


@solara.component
def Status(model: LiveModel, week: int):
    weeks = int(model.p["population.weeks"])
    solara.Text(
        f"Recorded week {week} of {weeks} (after a {model.burn_in}-week burn-in) · "
        f"{len(model.agents_by_type[Family])} families · "
        f"{int(model.pas.active.sum())} PAs employed"
    )


@solara.component
def LiveViews(model: LiveModel):
    """The views, redrawn after each update of Mesa's ModelController (the only component
    that subscribes to its ``update_counter``)."""
    update_counter.get()
    week = model.weeks_recorded
    Status(model, week)
    with solara.ColumnsResponsive(12, large=6):
        CareByQuintile(model, week)
        UnmetAndStrain(model, week)
        Workforce(model, week)
        FamilyInspector(model, week)


def _current(spec: dict, value) -> dict:
    """A control showing its current value (Mesa's sliders do not show theirs)."""
    shown = spec
    if spec["type"].startswith("Slider"):
        text = f"{value:g}" if isinstance(value, float) else str(value)
        shown = {**spec, "label": f"{spec.get('label', '')}: {text}"}
    return {**shown, "value": value}


@solara.component
def Page():
    settings = solara.use_reactive(defaults())
    model = solara.use_reactive(solara.use_memo(lambda: LiveModel(**defaults()), []))
    error = solara.use_reactive("")
    play_interval = solara.use_reactive(50)
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)

    def on_change(name: str, value) -> None:
        new = {**settings.value, name: value}
        try:
            rebuilt = LiveModel(**new)
        except ValueError as exc:  # a control value the model cannot take (e.g. the seed)
            error.set(str(exc))
            return
        error.set("")
        settings.set(new)
        model.set(rebuilt)

    controls = {name: _current(spec, settings.value[name]) for name, spec in model_params().items()}

    solara.Title("phb-sim")
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run"):
            ModelController(
                model,
                model_parameters=settings,
                play_interval=play_interval,
                render_interval=render_interval,
                use_threads=use_threads,
            )
            solara.SliderInt("weeks per update", value=render_interval, min=1, max=26, step=1)
        with solara.Card("Levers (changing one rebuilds the model)"):
            if error.value:
                solara.Error(error.value)
            UserInputs(controls, on_change=on_change)
    LiveViews(model.value)


page = Page
