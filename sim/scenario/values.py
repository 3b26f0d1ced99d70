"""Checking one value against its registry entry, and the messages that say what is allowed."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from sim.scenario.limits import SHARE_TOLERANCE, _Loader
from sim.scenario.parameters import Param

# ----------------------------------------------------------------------------- messages


class InvalidValueError(Exception):
    """A value is wrong; the caller knows where it came from and adds file, line and field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def did_you_mean(word: str, options: Sequence[str]) -> str:
    match = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def show_value(value: Any) -> str:
    """A value as the user wrote it, cut short if long."""
    if value is None:
        text = "null (empty)"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


def allowed_text(p: Param) -> str:
    if p.kind == "bool":
        return "true or false"
    if p.kind == "choice":
        return "one of " + ", ".join(p.choices)
    if p.kind == "shares":
        return "a mapping of " + ", ".join(p.default) + " to shares in [0, 1] that sum to 1"
    lo, hi = p.valid if p.valid else (-math.inf, math.inf)
    what = "a whole number" if p.kind == "int" else "a number"
    text = f"{what} from {_num(lo)} to {_num(hi)} ({p.unit})"
    if p.kind == "float" and (lo, hi) == (0.0, 1.0):
        text += "; a probability or share must be in [0, 1]"
    return text


# ----------------------------------------------------------------------------- values


def check_value(p: Param, value: Any) -> Any:
    """The value coerced to the parameter's kind, or ``InvalidValueError`` saying what is
    allowed."""
    if p.kind == "shares":
        return _check_shares(p, value)
    if p.kind == "bool":
        if isinstance(value, bool):
            return value
        raise InvalidValueError(
            f"value {show_value(value)} is not true or false; allowed: true or false"
        )
    if p.kind == "choice":
        if isinstance(value, str) and value in p.choices:
            return value
        hint = did_you_mean(value, p.choices) if isinstance(value, str) else ""
        raise InvalidValueError(
            f"value {show_value(value)} is not an allowed choice{hint}; allowed: {allowed_text(p)}"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(
            f"value {show_value(value)} is not a number; allowed: {allowed_text(p)}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValueError(
            f"value {show_value(value)} is not a finite number; allowed: {allowed_text(p)}"
        )
    if p.kind == "int":
        if isinstance(value, float):
            if not value.is_integer():
                raise InvalidValueError(
                    f"value {show_value(value)} is not a whole number; allowed: {allowed_text(p)}"
                )
            value = int(value)
    else:
        value = float(value)
    lo, hi = p.valid if p.valid else (-math.inf, math.inf)
    if not lo <= value <= hi:
        raise InvalidValueError(
            f"value {show_value(value)} is out of range; allowed: {allowed_text(p)}"
        )
    return value


def _check_shares(p: Param, value: Any) -> dict[str, float]:
    names = list(p.default)
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            f"value {show_value(value)} is not a mapping of shares; allowed: {allowed_text(p)}"
        )
    out = dict.fromkeys(names, 0.0)
    for key, share in value.items():
        if not isinstance(key, str) or key not in out:
            raise InvalidValueError(
                f"unknown share {show_value(key)}{did_you_mean(str(key), names)}; "
                f"allowed shares: {', '.join(names)}"
            )
        if (
            isinstance(share, bool)
            or not isinstance(share, int | float)
            or not math.isfinite(share)
            or not 0.0 <= share <= 1.0
        ):
            raise InvalidValueError(
                f"value {show_value(share)} is not a share; allowed: a number in [0, 1]",
                field=f"{p.name}.{key}",
            )
        out[key] = float(share)
    total = math.fsum(out.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        listed = ", ".join(f"{k}={v:g}" for k, v in out.items())
        raise InvalidValueError(
            f"shares sum to {total:.6g}, not 1 ({listed}); allowed: shares that "
            f"sum to 1 within {SHARE_TOLERANCE:g} (shares not listed count as 0)"
        )
    return out


def parse_scalar(text: str, what: str) -> Any:
    """A command-line or CSV cell value read as a YAML scalar (or a flow mapping for shares)."""
    if len(text) > 10_000:
        raise InvalidValueError(
            f"{what} value is {len(text):,} characters long; allowed: under 10,000"
        )
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as err:
        raise InvalidValueError(
            f"{what} value {text!r} is not readable: {str(err).splitlines()[0]}"
        ) from None
