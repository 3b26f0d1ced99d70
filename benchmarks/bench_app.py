"""Interactive page benchmark: the cost of one simulated week on the page, by part.

    python benchmarks/bench_app.py                    # 1,000 families, 52 weeks, 5 repeats
    python benchmarks/bench_app.py --families 5000 --weeks 26

The page (sim.app.app.Page) is rendered by solara's own renderer, exactly as the server
renders it for a browser (the widget messages are built but, with no browser attached, not
sent), and driven by clicking Mesa's Step button. Three figures, each the best of the
repeats (the minimum is the least disturbed by other work on a shared machine), with CPU
time beside wall time:

* model week: ``LiveModel.step`` alone (the PHBModel week plus the page's event log and
  weekly series);
* page update: redrawing the views for a new week (Mesa's ``force_update``);
* step + update: one click of Step, i.e. one simulated week as a user sees it.

With "weeks per update" above 1 on the page, the update is paid once per that many weeks.
Target: under 50 ms per simulated week at 1,000 families, page update included.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")


def _best(times: list[tuple[float, float]]) -> dict:
    wall = min(t[0] for t in times)
    cpu = min(t[1] for t in times)
    return {"wall_ms": round(wall * 1e3, 2), "cpu_ms": round(cpu * 1e3, 2)}


def _timed(fn, n: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        fn()
    return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n


def measure(families: int, weeks: int, repeats: int) -> dict:
    import ipyvuetify as v
    import solara
    from mesa.visualization.utils import force_update

    from sim.app.app import Page
    from sim.app.controls import defaults
    from sim.app.live import LiveModel

    controls = {**defaults(), "n_families": families}
    model_week, update, click = [], [], []
    for _ in range(repeats):
        model = LiveModel(**controls)
        model_week.append(_timed(model.step, weeks))

        box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
        if families != defaults()["n_families"]:  # move the page's slider, as a user would
            slider = rc.find(v.Slider, label=f"families: {defaults()['n_families']}")
            slider.widget.v_model = families
        step = rc.find(v.Btn, children=["Step"]).widget
        step.click()  # the first recorded week fills the views
        click.append(_timed(step.click, weeks))
        update.append(_timed(force_update, weeks))
        rc.close()
    return {
        "families": families,
        "weeks": weeks,
        "repeats": repeats,
        "model_week": _best(model_week),
        "page_update": _best(update),
        "step_and_update": _best(click),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52, help="simulated weeks per repeat")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    result = measure(args.families, args.weeks, args.repeats)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
