"""The published sensitivity results: Morris screening over every assumption parameter,
then a Sobol analysis of the ones that matter most.

The screening varies every registry parameter whose source is an assumption (no published
figure) over its plausible range; parameters are ranked by their largest normalised
``mu_star`` over the headline outputs (``mu_star`` over the largest ``mu_star`` of that
output), and the top ones go to a Sobol analysis. Both are ordinary SA specs run by
:func:`sim.experiments.sensitivity.pipeline.run_sa`, so they are parallel and resumable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiments.sensitivity.pipeline import SAResult, run_sa
from sim.experiments.sensitivity.spec import parse_spec


def assumption_parameters(exclude: Mapping[str, Any] = ()) -> list[str]:
    """Registry parameters sourced as assumptions that SA may vary (not those fixed)."""
    from sim.scenario.parameters import PARAMS

    return [
        p.name
        for p in PARAMS
        if p.sa and p.source.lower().startswith("assumption") and p.name not in exclude
    ]


def ranking(result: SAResult) -> pd.DataFrame:
    """Parameters by their largest normalised main index over the whole-population
    outputs: 1 means the strongest effect on some output."""
    main = result.indices[
        (result.indices["index"] == result.main_index)
        & (result.indices["group"] == "all")
        & (result.indices["parameter2"] == "")
    ].copy()
    top = main.groupby("output")["value"].transform("max")
    main["normalised"] = main["value"] / top.where(top > 0)
    best = main.sort_values("normalised", ascending=False).drop_duplicates("parameter")
    best = best.rename(columns={"output": "strongest_on"})
    return best[["parameter", "normalised", "strongest_on"]].reset_index(drop=True)


@dataclass
class Published:
    morris: SAResult
    sobol: SAResult
    ranking: pd.DataFrame
    settings: dict[str, Any]


def screen_then_sobol(
    out: Path,
    *,
    base: str = "baseline",
    fixed: Mapping[str, Any] | None = None,
    morris_n: int = 20,
    sobol_n: int = 128,
    replications: int = 2,
    top: int = 10,
    root_seed: int = 20261201,
    quintiles: bool = True,
    only: list[str] | None = None,
    **run_kw: Any,
) -> Published:
    """Morris over all assumption parameters (or ``only`` these, for a quick check), then
    Sobol over the ``top`` of them."""
    fixed = dict(fixed or {})
    common = {
        "base": base,
        "set": fixed,
        "replications": replications,
        "root_seed": root_seed,
        "quintiles": quintiles,
    }
    names = list(only) if only else assumption_parameters(fixed)

    def analyse(method: str, n: int, parameters: list[str]) -> SAResult:
        raw = {
            **common,
            "name": f"published-{method}",
            "method": method,
            "n": n,
            "parameters": dict.fromkeys(parameters, {}),
        }
        return run_sa(parse_spec(raw), Path(out) / method, **run_kw)

    morris = analyse("morris", morris_n, names)
    ranked = ranking(morris)
    sobol = analyse("sobol", sobol_n, list(ranked["parameter"].head(top)))
    settings = {
        **common,
        "morris_n": morris_n,
        "sobol_n": sobol_n,
        "top": top,
        "screened": len(names),
        "subset": bool(only),
    }
    return Published(morris, sobol, ranked, settings)
