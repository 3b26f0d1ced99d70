"""Scenario discovery: PRIM finds a planted box, and `phb-sim discover` works on a sweep."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.analysis.discovery import box_words, feature_scores, find_box
from sim.cli import main
from sim.errors import InputError
from sim.experiments.sweep.engine import read_results


def planted(n: int = 1500, noise: float = 0.02, seed: int = 4):
    """Cases are runs with a > 0.6 and b < 0.4 (c and the switch are irrelevant), with a
    few labels flipped as seed noise would."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "a": rng.uniform(0, 1, n),
            "b": rng.uniform(0, 1, n),
            "c": rng.uniform(0, 1, n),
            "switch": rng.integers(0, 2, n).astype(bool),
        }
    )
    y = ((x["a"] > 0.6) & (x["b"] < 0.4)).to_numpy()
    flip = rng.uniform(size=n) < noise
    return x, y ^ flip


def test_prim_recovers_a_planted_box():
    x, y = planted()
    box = find_box(x, y, min_coverage=0.8)
    limits = box.limits.set_index("parameter")
    assert set(limits.index) == {"a", "b"}
    # the planted edges are found; the far edges stay at (or within a peel of) the range's
    assert abs(limits.loc["a", "low"] - 0.6) < 0.05
    assert abs(limits.loc["b", "high"] - 0.4) < 0.05
    assert math.isnan(limits.loc["a", "high"]) or limits.loc["a", "high"] > 0.95
    assert math.isnan(limits.loc["b", "low"]) or limits.loc["b", "low"] < 0.05
    assert box.coverage >= 0.8 and box.density >= 0.85
    words = box_words(box, "the outcome")
    assert "a is " in words and "b is " in words and "coverage" in words
    scores = feature_scores(x, y, seed=1)
    assert set(scores["parameter"].iloc[:2]) == {"a", "b"}
    assert scores.equals(feature_scores(x, y, seed=1))  # reproducible for a seed


def test_prim_without_a_pattern_restricts_little():
    """Cases drawn at random: no box does much better than the base rate."""
    x, _ = planted()
    y = np.random.default_rng(9).uniform(size=len(x)) < 0.3
    box = find_box(x, y, min_coverage=0.8)
    assert box.density < 0.3 + 0.15


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_threshold_no_run_or_every_run_meets_is_refused(share):
    x, _ = planted(n=50)
    with pytest.raises(InputError, match="meet the condition"):
        find_box(x, np.full(len(x), bool(share)))


SPEC = """\
name: disc
root_seed: 5
replications: 1
scenarios: [baseline]
samples:
  n: 16
  params:
    pa.turnover_annual: [0.06, 0.3]
    market.candidate_arrivals: [0.2, 1.5]
set:
  population.n_families: 20
  population.weeks: 8
"""


def test_discover_end_to_end_on_a_small_sweep(tmp_path, capsys):
    (tmp_path / "disc.yaml").write_text(SPEC)
    sweep = tmp_path / "sweep"
    argv = ["sweep", str(tmp_path / "disc.yaml"), "--out", str(sweep), "--backend", "serial"]
    assert main([*argv, "--no-progress"]) == 0
    rows = read_results(sweep)
    # an outcome that differs between runs, and a threshold with runs on both sides of it,
    # whatever values the model gives today
    for measure in ("unmet_hours", "family_care_hours", "admin_hours", "strain"):
        values = rows[(rows["measure"] == measure) & (rows["group"] == "Q1")]["value"]
        distinct = np.unique(values.dropna())
        if len(distinct) >= 2:
            break
    assert len(distinct) >= 2, "no measure varies between the runs"
    threshold = float(distinct[len(distinct) // 2 - 1])
    out = tmp_path / "found"
    base = ["discover", str(sweep), "--output", f"{measure}:Q1"]
    assert main([*base, "--above", f"{threshold!r}", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in (
        "box.csv",
        "box.txt",
        "peeling_trajectory.csv",
        "peeling_trajectory.png",
        "feature_scores.csv",
        "feature_scores.png",
    ):
        assert (out / name).stat().st_size > 0, name
    box = pd.read_csv(out / "box.csv")
    assert list(box.columns) == ["parameter", "low", "high", "coverage", "density"]
    assert set(box["parameter"]) <= {"pa.turnover_annual", "market.candidate_arrivals"}
    trajectory = pd.read_csv(out / "peeling_trajectory.csv")
    assert trajectory["coverage"].between(0, 1).all() and trajectory["density"].between(0, 1).all()
    words = (out / "box.txt").read_text()
    assert "(Q1) exceeds" in words and "coverage" in words
    assert words.strip() in printed
    scores = pd.read_csv(out / "feature_scores.csv")
    assert set(scores["parameter"]) == {"pa.turnover_annual", "market.candidate_arrivals"}

    assert main([*base[:3], "nosuch:Q1", "--above", "1"]) == 2
    assert "unknown measure 'nosuch'; allowed:" in capsys.readouterr().err
    assert main([*base[:3], f"{measure}:Q9", "--above", "1"]) == 2
    assert "no group 'Q9'; allowed:" in capsys.readouterr().err
    assert main([*base, "--above", "1e9"]) == 2
    assert "none of the" in capsys.readouterr().err
    assert main(["discover", str(tmp_path), "--output", "unmet_hours", "--above", "1"]) == 2
    assert "not a sweep folder" in capsys.readouterr().err
