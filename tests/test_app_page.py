"""The page rendered by solara's own test utilities (no browser): controls, steps, views."""

from __future__ import annotations

import ipyvuetify as v
import pytest
import solara

from sim.app import controls as ctl
from sim.app.app import Page
from sim.app.live import LiveModel
from sim.model.agents import Family
from sim.scenario.parameters import REGISTRY


def small_controls(**changes):
    return {**ctl.defaults(), "n_families": 200, **changes}


def texts(rc) -> str:
    """All the plain text the rendered page shows."""
    found = []
    for widget in rc.find(v.Html, tag="span").widgets:
        found.extend(c for c in widget.children if isinstance(c, str))
    return " ".join(found)


def html(rc) -> str:
    """The HTML blocks the page shows (the family inspector)."""
    return " ".join(w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets)


def rc_model(rc) -> LiveModel:
    """The model the page shows (the inspector's household belongs to it)."""
    return PAGE_MODELS[-1]


PAGE_MODELS: list[LiveModel] = []


@pytest.fixture
def page(monkeypatch):
    original = LiveModel.__init__

    def remember(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PAGE_MODELS.append(self)

    monkeypatch.setattr(LiveModel, "__init__", remember)
    box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc
    rc.close()


def test_page_steps_and_a_moved_control_rebuilds_the_model(page):
    rc = page
    assert "Recorded week 0 of 520" in texts(rc)
    rc.find(v.Btn, children=["Step"]).widget.click()
    rc.find(v.Btn, children=["Step"]).widget.click()
    shown = texts(rc)
    assert "Recorded week 2 of 520" in shown and "1000 families" in shown
    assert "Mean over the 2 recorded weeks so far." in shown
    assert len(rc.find(solara.widgets.VegaLite)) == 3

    families = rc.find(v.Slider, label="families: 1000")
    families.widget.v_model = 300
    shown = texts(rc)
    assert "Recorded week 0 of 520" in shown and "300 families" in shown
    rc.find(v.Slider, label="families: 300").assert_single()

    # A switch and a choice rebuild the model too, with the value set in every area.
    switch = rc.find(v.Checkbox, label="brokerage")
    switch.widget.v_model = True
    regime = rc.find(v.Select, label="approval regime")
    regime.widget.v_model = "heavy"
    model = rc_model(rc)
    assert model.p["support.brokerage"] is True and model.p["icb.approval_regime"] == "heavy"
    assert all(model.area["icb.approval_regime"] > 0) and len(model.fam) == 300
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert "Recorded week 1 of 520" in texts(rc) and "300 families" in texts(rc)


def test_family_inspector_shows_the_household_chosen(page):
    rc = page
    rc.find(v.Btn, children=["Step"]).widget.click()
    box = rc.find(v.TextField, label="household id").widget
    box.v_model = "5"
    box.fire_event("keyup.enter", None)  # the id is taken on Enter (or leaving the field)
    assert "Household 5" in html(rc)
    chosen = next(f for f in rc_model(rc).agents_by_type[Family] if f.family_id == 5)
    assert f"aged {chosen.age:.1f}" in html(rc)
    box.v_model = "999999"
    box.fire_event("keyup.enter", None)
    assert "Household 5" in html(rc)  # an unknown id keeps the household shown, and says so
    assert "No household 999999" in " ".join(
        str(c) for w in rc.find(v.Alert).widgets for c in w.children
    )


def test_controls_come_from_the_registry():
    params = ctl.model_params()
    for name in ctl.lever_params():
        p = REGISTRY[name]
        spec = params[ctl.control_name(name)]
        assert spec["value"] == p.default
        if p.kind == "float":
            assert (spec["min"], spec["max"]) == p.plausible
        if p.kind == "choice":
            assert spec["values"] == list(p.choices)
    switches = {n for n in ctl.support_switches()}
    assert {
        "support.brokerage",
        "support.training_funding",
        "support.contingency_cover",
    } <= switches
    for lever in (
        "pa.turnover_annual",
        "icb.pa_funded_pay",
        "icb.approval_regime",
        "transition.policy",
        "icb.budget_method",
        "support.information_quality",
    ):
        assert ctl.control_name(lever) in params


def test_control_values_reach_the_model_in_every_area():
    model = LiveModel(
        **small_controls(
            pa__turnover_annual=0.25,
            icb__approval_regime="heavy",
            support__brokerage=True,
            mix__commissioned=0.0,
            mix__notional=0.0,
            mix__third_party=1.0,
            mix__direct_payment=1.0,
            seed="7",
        )
    )
    assert model.p["pa.turnover_annual"] == 0.25
    assert list(model.area["pa.turnover_annual"]) == [0.25] * model.n_areas
    assert all(model.area["icb.approval_regime"] > 0)
    assert model.p["arrangement.shares"]["third_party"] == 0.5
    arrangements = {f.arrangement for f in model.agents_by_type[Family]}
    assert arrangements <= {"third_party", "direct_payment", "commissioned"}
    assert len(model.agents_by_type[Family]) == 200
    assert model.weeks_recorded == 0 and model.steps_done == model.burn_in


def test_bad_control_values_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="seed must be a whole number"):
        ctl.parse_seed("twelve")
    with pytest.raises(ValueError, match="at least one weight above zero"):
        ctl.parameter_values(
            {
                f"mix__{a}": 0.0
                for a in ("commissioned", "notional", "third_party", "direct_payment")
            }
        )
    with pytest.raises(ValueError, match="must be one of light, heavy"):
        ctl.parameter_values({"icb__approval_regime": "medium"})


def test_same_controls_and_seed_give_the_same_week():
    a, b = LiveModel(**small_controls()), LiveModel(**small_controls())
    for _ in range(3):
        a.step()
        b.step()
    assert (a.series.by_quintile[:3] == b.series.by_quintile[:3]).all()


def test_event_log_matches_the_models_own_counts():
    model = LiveModel(**small_controls(mix__direct_payment=1.0, mix__third_party=0.5))
    log = model.events
    before = len(log.table())
    hires, leavers = model.hires_total, model.leavers_total
    crises = admissions = 0
    for _ in range(30):
        model.step()
        crises += int(model.last_week.crisis.sum())
        admissions += int(model.last_week.admission.sum())
    table = log.table().iloc[before:]
    counts = table.event.value_counts()
    assert counts.get("carer crisis", 0) == crises > 0
    assert counts.get("emergency admission", 0) == admissions
    assert counts.get("PA hired", 0) == model.hires_total - hires
    assert counts.get("PA left", 0) == model.leavers_total - leavers
    fid = int(table.family_id.iloc[0])
    assert (log.for_family(fid).week.diff().dropna() >= 0).all()


def test_run_stops_at_the_end_of_the_recorded_weeks():
    model = LiveModel(**small_controls(n_families=100))
    model.p["population.weeks"] = 3  # a short page run
    model.series = type(model.series)(3)
    for _ in range(5):
        model.step()
    assert model.weeks_recorded == 3 and not model.running


def test_app_command_refuses_a_bad_port(capsys):
    from sim.cli import main

    assert main(["app", "--port", "70000"]) == 2
    assert "--port: 70000 is not a port; allowed: 1 to 65535" in capsys.readouterr().err


def test_offline_cache_replaces_links_left_by_another_installation(tmp_path):
    """A cache folder shared with an installation since removed holds dangling links: the
    page must replace them rather than fail to start."""
    from sim.app.assets import offline_cache, shipped_cache

    source = shipped_cache()
    if not source.is_dir():
        pytest.skip("solara-assets ships no CDN files here")
    name = next(source.iterdir()).name
    (tmp_path / name).symlink_to(tmp_path / "gone" / name, target_is_directory=True)
    offline_cache(tmp_path)
    assert (tmp_path / name).readlink() == source / name
