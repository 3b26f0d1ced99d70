"""A file's parameter-group mappings (``icb:``, ``pa:`` ...) checked against the registry,
with messages that name the line, the field and what is allowed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sim.scenario.limits import TOP_KEYS
from sim.scenario.parameters import GROUPS, REGISTRY
from sim.scenario.values import InvalidValueError, check_value, did_you_mean, show_value
from sim.scenario.yaml_io import YamlDoc, require_mapping


def params_from_groups(
    doc: YamlDoc, tree: Mapping, prefix: tuple, *, area: bool, skip: Sequence[str] = ()
) -> dict[str, Any]:
    """Check ``{group: {key: value}}`` against the registry; ``area=True`` allows only
    area-level parameters. ``prefix`` is the key path of ``tree`` inside the file."""
    out: dict[str, Any] = {}
    top_options = list(GROUPS) + ([] if area else list(TOP_KEYS))
    for group, body in tree.items():
        if group in skip:
            continue
        where = prefix + (group,)
        if not isinstance(group, str) or group not in GROUPS:
            place = "an area entry" if area else "the top level"
            raise doc.error(
                f"unknown key {show_value(group)} at {place}"
                f"{did_you_mean(str(group), top_options)}; allowed: " + ", ".join(top_options),
                *where,
                field=field_path(where),
            )
        require_mapping(
            doc,
            body,
            f"a mapping of {group} parameters (key: value)",
            *where,
            field=field_path(where),
        )
        keys = [p.key for p in REGISTRY.values() if p.group == group]
        for key, value in body.items():
            kwhere = where + (key,)
            name = f"{group}.{key}"
            if not isinstance(key, str) or name not in REGISTRY:
                raise doc.error(
                    _unknown_key_message(group, key, keys), *kwhere, field=field_path(kwhere)
                )
            p = REGISTRY[name]
            if area and p.level == "run":
                raise doc.error(
                    f"{name} is a run-level parameter (the same for every area); "
                    "allowed in an area: area-level parameters only "
                    "(see docs/PARAMETERS.md)",
                    *kwhere,
                    field=name,
                )
            try:
                out[name] = check_value(p, value)
            except InvalidValueError as bad:
                inner = kwhere + ((bad.field.rsplit(".", 1)[1],) if bad.field else ())
                raise doc.error(str(bad), *inner, field=bad.field or name) from None
    return out


def field_path(where: tuple) -> str:
    return ".".join(str(k) for k in where)


def _unknown_key_message(group: str, key: Any, keys: Sequence[str]) -> str:
    hint = did_you_mean(str(key), keys)
    if not hint:
        elsewhere = [p.name for p in REGISTRY.values() if p.key == key]
        if elsewhere:
            hint = f" (it belongs to group {elsewhere[0].split('.')[0]!r}: {elsewhere[0]})"
    allowed = (
        ", ".join(keys)
        if len(keys) <= 12
        else f"the {len(keys)} {group} parameters in docs/PARAMETERS.md"
    )
    return f"unknown key {show_value(key)} in group {group!r}{hint}; allowed: {allowed}"
