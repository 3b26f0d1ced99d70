"""The plan of a sweep on disk: its runs table, with each run's scenario as JSON.

Scenarios are stored as JSON (never pickle), enough to rebuild them exactly, so any run can
be repeated alone and a sweep resumed without its spec.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields

import pyarrow as pa

from sim.experiments.sweep import store as st
from sim.experiments.sweep.runs import RunSpec
from sim.scenario import Scenario


def scenario_to_json(scenario: Scenario) -> str:
    """The resolved scenario as JSON (never pickle), enough to rebuild it exactly."""
    data = {f.name: getattr(scenario, f.name) for f in fields(Scenario)}
    data["areas"] = list(scenario.areas)
    data["area_sampling"] = {k: list(v) for k, v in scenario.area_sampling.items()}
    return json.dumps(data, sort_keys=True)


def scenario_from_json(text: str) -> Scenario:
    data = json.loads(text)
    known = {f.name for f in fields(Scenario)}
    data = {k: v for k, v in data.items() if k in known}
    data["areas"] = tuple(data.get("areas", ()))
    data["area_sampling"] = {k: tuple(v) for k, v in data.get("area_sampling", {}).items()}
    return Scenario(**data)


def runs_table(runs: Sequence[RunSpec]) -> pa.Table:
    """The runs table; each distinct scenario (and label set) is serialised once, since a
    sweep's replications share them and tens of thousands of copies would fill memory."""
    ids = [r.run_id for r in runs]
    if len(set(ids)) != len(ids):
        raise ValueError("run_id values must be unique")
    scenario_keys: dict[int, int] = {}
    scenarios: list[str] = []
    label_keys: dict[str, int] = {}
    scenario_index, label_index = [], []
    for r in runs:
        key = scenario_keys.get(id(r.scenario))
        if key is None:
            key = scenario_keys[id(r.scenario)] = len(scenarios)
            scenarios.append(scenario_to_json(r.scenario))
        scenario_index.append(key)
        text = json.dumps(r.labels, sort_keys=True, default=str)
        label_index.append(label_keys.setdefault(text, len(label_keys)))
    return st.plan_table(
        ids=ids,
        replications=[r.replication for r in runs],
        seeds=[r.seed for r in runs],
        labels=[r.labels for r in runs],
        labels_json=(label_index, list(label_keys)),
        scenario_json=(scenario_index, scenarios),
    )
