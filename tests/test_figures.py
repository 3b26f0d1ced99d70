"""The one standard every figure meets: display names and units, intervals inside the
measure's range, ordered quintile colours, replications stated, no overlapping labels and
legends off the data."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from sim.reporting import figures  # noqa: E402
from sim.reporting.figures import style  # noqa: E402


@pytest.fixture
def kept(monkeypatch):
    """Keep each figure open after it is saved, to inspect what was drawn."""
    drawn = []

    def save(fig, path):
        fig.savefig(path, dpi=50)
        drawn.append(fig)
        return path

    monkeypatch.setattr(style, "save", save)
    monkeypatch.setattr(figures.outcomes, "save", save)
    monkeypatch.setattr(figures.discovery, "save", save)
    yield drawn
    plt.close("all")


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def _standard(fig, replications: int) -> None:
    texts = _texts(fig)
    joined = " ".join(texts)
    assert f"{replications} replications" in joined
    assert not any("_" in t for t in texts), [t for t in texts if "_" in t]  # no code names
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        assert "(" in ax.get_ylabel() + ax.get_xlabel(), "an axis without a unit"
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i in range(len(boxes) - 1):
            assert not _overlap(boxes[i], boxes[i + 1]), labels[i].get_text()
        legend = ax.get_legend()
        if legend is not None:
            assert not _overlap(legend.get_window_extent(renderer), ax.get_window_extent(renderer))


def _stats(low_below_zero: bool = True) -> pd.DataFrame:
    rows = []
    for series in ("option a with a rather long descriptive name", "option b"):
        for i, q in enumerate(figures.QUINTILES):
            mean = 0.4 + 0.1 * i
            rows.append(
                {
                    "series": series,
                    "group": q,
                    "mean": mean,
                    "ci_low": mean - 1.0,
                    "ci_high": mean + 1.0,
                }
            )
    return pd.DataFrame(rows)


def test_quintile_profile_clips_intervals_to_the_measure_range(kept, tmp_path):
    figures.quintile_profile(_stats(), "unmet_hours", tmp_path / "p.png", 7)
    fig = kept[-1]
    _standard(fig, 7)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Unmet need (h/week)"
    ends = np.concatenate(
        [np.asarray(c.get_segments()).reshape(-1, 2)[:, 1] for c in ax.collections]
    )
    assert ends.min() >= 0.0  # the interval stops at zero hours
    assert ends.max() == pytest.approx(0.8 + 1.0)
    # strain is bounded above by 1
    figures.quintile_profile(_stats(), "strain", tmp_path / "s.png", 7)
    ax = kept[-1].axes[0]
    ends = np.concatenate(
        [np.asarray(c.get_segments()).reshape(-1, 2)[:, 1] for c in ax.collections]
    )
    assert ends.min() >= 0.0 and ends.max() <= 1.0


def test_quintile_series_get_ordered_colours(kept, tmp_path):
    weeks = np.repeat(np.arange(1, 11), 5)
    weekly = pd.DataFrame(
        {"week": weeks, "quintile": np.tile(np.arange(1, 6), 10), "strain": 0.3 + 0.01 * weeks}
    )
    figures.strain_over_time(weekly, tmp_path / "t.png", 3, "baseline")
    fig = kept[-1]
    _standard(fig, 3)
    lum = [np.dot(to_rgb(line.get_color()), [0.299, 0.587, 0.114]) for line in fig.axes[0].lines]
    assert len(lum) == 5 and all(a > b for a, b in zip(lum, lum[1:], strict=False))


def test_differences_by_quintile_and_forest_meet_the_standard(kept, tmp_path):
    rows = []
    for option in ("supported direct payments for every family", "third party"):
        for g in ("all", *figures.QUINTILES):
            rows.append(
                {
                    "option": option,
                    "measure": "family_care_hours",
                    "group": g,
                    "mean": -1.0,
                    "ci_low": -2.0,
                    "ci_high": 0.5,
                }
            )
    diff = pd.DataFrame(rows)
    figures.differences_by_quintile(
        diff, "family_care_hours", tmp_path / "d.png", 4, "commissioned"
    )
    fig = kept[-1]
    _standard(fig, 4)
    bars = [p for p in fig.axes[0].patches]
    colours = [to_rgb(p.get_facecolor()) for p in bars[:: len(diff["option"].unique())]]
    lum = [np.dot(c, [0.299, 0.587, 0.114]) for c in colours]
    assert all(a > b for a, b in zip(lum, lum[1:], strict=False))  # Q1 light to Q5 dark
    figures.forest(
        diff[diff["group"] == "all"],
        ["family_care_hours"],
        tmp_path / "f.png",
        4,
        "All families",
        series="option",
        difference=True,
    )
    fig = kept[-1]
    _standard(fig, 4)
    label = " ".join(fig.axes[0].get_xlabel().split())
    assert label == "Difference in family care hours (h/week)"


def test_summary_figures_name_conditions_in_words(kept, tmp_path):
    rows = []
    for scenario in ("baseline", "arrangements/direct_payment_unsupported"):
        for rate in (0.1, 0.35):
            for g in ("all", *figures.QUINTILES):
                rows.append(
                    {
                        "condition": f"{scenario}, turnover_annual={rate}",
                        "scenario": scenario,
                        "point": int(rate > 0.2),
                        "pa.turnover_annual": rate,
                        "measure": "unmet_hours",
                        "group": g,
                        "n": 3,
                        "mean": 0.5,
                        "sd": 0.1,
                        "ci_low": -0.2,
                        "ci_high": 1.2,
                    }
                )
    files = figures.summary_figures(pd.DataFrame(rows), tmp_path, ["unmet_hours"])
    assert {f.name for f in files} == {"quintiles_unmet_hours.png", "overall.png"}
    for fig in kept[-2:]:
        _standard(fig, 3)
        joined = " ".join(" ".join(_texts(fig)).split())
        assert "direct payment unsupported" in joined and "0.35 per year" in joined


def test_discovery_figures_meet_the_standard(kept, tmp_path):
    """PRIM's trajectory and the feature scores: parameters by display name, units on the
    axes, the chosen box named, runs and replications stated."""
    trajectory = pd.DataFrame(
        {
            "coverage": [1.0, 0.9, 0.75, 0.5],
            "density": [0.2, 0.35, 0.6, 0.8],
            "res_dim": [0, 1, 2, 2],
        }
    )
    figures.peeling_trajectory(
        trajectory, 2, tmp_path / "p.png", "PRIM: unmet need (Q1) exceeds 2 h/week", 120, 3, 30
    )
    fig = kept[-1]
    _standard(fig, 3)
    joined = " ".join(" ".join(_texts(fig)).split())
    assert "coverage 75%, density 60%" in joined and "120 runs" in joined
    assert "30 of them are cases" in joined
    scores = pd.DataFrame({"parameter": ["pa.turnover_annual", "scenario"], "score": [0.7, 0.3]})
    figures.feature_scores(scores, tmp_path / "f.png", "Feature scores: unmet need", 120, 3)
    fig = kept[-1]
    _standard(fig, 3)
    ticks = " ".join(" ".join(t.get_text().split()) for t in fig.axes[0].get_yticklabels())
    assert style.parameter_display("pa.turnover_annual") in ticks
    assert "pa.turnover" not in ticks
