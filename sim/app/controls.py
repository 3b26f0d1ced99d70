"""The page's controls, read from the parameter registry: name, range, default, unit.

A control is a Mesa ``model_params`` entry (a dict with ``type``, ``value``, ``min``...) keyed
by a Python name: a registry parameter's dotted name with dots as double underscores
(``pa.turnover_annual`` -> ``pa__turnover_annual``, PHBModel's override convention), the
weight of each care arrangement in the mix (``mix__<arrangement>``, normalised to shares
when the model is built), the number of families and the seed. Sliders span a parameter's
plausible range (the range a modeller would believe, also the default SA range).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.scenario.parameters import ARRANGEMENTS, PARAMS, REGISTRY, Param

DEFAULT_SEED = 20261122
# Levers a student reaches for first (the support offer switches are added from the
# registry: every switch in the ``support`` group).
LEVERS = (
    "support.information_quality",
    "pa.turnover_annual",
    "icb.pa_funded_pay",
    "icb.approval_regime",
    "transition.policy",
    "icb.budget_method",
)
# Families on the page: the registry's plausible range, capped where a step stops feeling live.
MAX_PAGE_FAMILIES = 5000
MIX_PREFIX = "mix__"


def control_name(param: str) -> str:
    return param.replace(".", "__")


def param_name(control: str) -> str:
    return control.replace("__", ".")


def support_switches() -> tuple[str, ...]:
    return tuple(p.name for p in PARAMS if p.group == "support" and p.kind == "bool")


def lever_params() -> tuple[str, ...]:
    """Registry parameters the page sets directly (population and mix are separate)."""
    return (*LEVERS[:1], *support_switches(), *LEVERS[1:])


def _label(p: Param) -> str:
    text = p.key.replace("_", " ")
    return text if p.kind in ("bool", "choice") else f"{text} ({p.unit})"


def _control(p: Param) -> dict[str, Any]:
    if p.kind == "bool":
        return {"type": "Checkbox", "value": bool(p.default), "label": _label(p)}
    if p.kind == "choice":
        return {"type": "Select", "value": p.default, "values": list(p.choices), "label": _label(p)}
    lo, hi = p.plausible or p.valid
    if p.kind == "int":
        return {
            "type": "SliderInt",
            "value": p.default,
            "min": lo,
            "max": hi,
            "step": 1,
            "label": _label(p),
        }
    step = round((hi - lo) / 50, 4)
    return {
        "type": "SliderFloat",
        "value": p.default,
        "min": lo,
        "max": hi,
        "step": step,
        "label": _label(p),
    }


def model_params() -> dict[str, dict[str, Any]]:
    """The page's controls in Mesa's ``model_params`` format, in display order."""
    n = REGISTRY["population.n_families"]
    lo, hi = n.plausible
    controls: dict[str, dict[str, Any]] = {
        "n_families": {
            "type": "SliderInt",
            "value": n.default,
            "min": lo,
            "max": min(hi, MAX_PAGE_FAMILIES),
            "step": 100,
            "label": "families",
        },
        "seed": {"type": "InputText", "value": str(DEFAULT_SEED), "label": "seed"},
    }
    shares = REGISTRY["arrangement.shares"].default
    for arrangement in ARRANGEMENTS:
        controls[MIX_PREFIX + arrangement] = {
            "type": "SliderFloat",
            "value": shares[arrangement],
            "min": 0.0,
            "max": 1.0,
            "step": 0.005,
            "label": f"mix: {arrangement.replace('_', ' ')} (weight)",
        }
    for name in lever_params():
        controls[control_name(name)] = _control(REGISTRY[name])
    pay, wage = control_name("icb.pa_funded_pay"), REGISTRY.get("market.competing_wage")
    if pay in controls and wage is not None:
        # Pay against the market: the competing wage it is judged against.
        controls[pay]["label"] = f"PA pay (GBP/h; competing wage £{wage.default:.2f})"
    return controls


def defaults() -> dict[str, Any]:
    """Each control's default value."""
    return {k: v["value"] for k, v in model_params().items()}


def parameter_values(controls: Mapping[str, Any]) -> dict[str, Any]:
    """Control values to registry parameter values (dotted names) for a scenario.

    The arrangement weights are normalised to shares; all zero is refused (there would be
    no arrangement to draw)."""
    values: dict[str, Any] = {}
    weights = {}
    for key, value in controls.items():
        if key.startswith(MIX_PREFIX):
            weights[key[len(MIX_PREFIX) :]] = float(value)
        elif key == "n_families":
            values["population.n_families"] = int(value)
        elif key != "seed":
            name = param_name(key)
            if name not in REGISTRY:
                raise ValueError(f"unknown control {key!r}: not a parameter of the registry")
            values[name] = _typed(REGISTRY[name], value)
    if weights:
        mix = {**REGISTRY["arrangement.shares"].default, **weights}
        total = sum(mix.values())
        if total <= 0:
            raise ValueError("the arrangement mix needs at least one weight above zero")
        values["arrangement.shares"] = {a: mix[a] / total for a in ARRANGEMENTS}
    return values


def parse_seed(value: Any) -> int:
    """The seed control's text as a non-negative integer."""
    try:
        seed = int(str(value).strip())
    except ValueError:
        raise ValueError(f"seed must be a whole number, not {value!r}") from None
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, not {seed}")
    return seed


def _typed(p: Param, value: Any) -> Any:
    if p.kind == "bool":
        return bool(value)
    if p.kind == "int":
        return int(value)
    if p.kind == "float":
        return float(value)
    if p.kind == "choice" and value not in p.choices:
        raise ValueError(f"{p.name} must be one of {', '.join(p.choices)}, not {value!r}")
    return value
