"""Safe YAML: size, nesting and aliases bounded before any Python object is built; the line of
every key kept for messages. Scenario, sweep and SA spec files are all read here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.errors import ScenarioError
from sim.scenario.library import display_path
from sim.scenario.limits import MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, _Loader
from sim.scenario.values import show_value

# ----------------------------------------------------------------------------- safe YAML


def key_line(lines: Mapping[tuple, int], keys: Sequence[Any]) -> int | None:
    """The line of the deepest key path of ``keys`` that the file has (1-based)."""
    for n in range(len(keys), -1, -1):
        hit = lines.get(tuple(str(k) for k in keys[:n]))
        if hit is not None:
            return hit
    return None


@dataclass
class YamlDoc:
    """One parsed YAML file: its data and the line of each key (1-based), by key path."""

    path: Path
    data: Any
    lines: dict[tuple, int]

    def line(self, *keys: Any) -> int | None:
        return key_line(self.lines, keys)

    def error(self, message: str, *keys: Any, field: str | None = None) -> ScenarioError:
        return ScenarioError(
            message, file=display_path(self.path), line=self.line(*keys), field=field
        )


def require_mapping(
    doc: Any, value: Any, allowed: str, *keys: Any, field: str, nonempty: bool = False
) -> Mapping:
    """``value`` if it is a mapping (and, with ``nonempty``, not empty), else ``doc``'s error
    naming the value and what is allowed; scenario files and sweep specs share it."""
    if not isinstance(value, Mapping) or (nonempty and not value):
        raise doc.error(
            f"value {show_value(value)} is not a mapping; allowed: {allowed}", *keys, field=field
        )
    return value


def _read_text(path: Path, what: str = "scenario") -> str:
    shown = display_path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ScenarioError(f"cannot read the {what} file: {err.strerror}", file=shown) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the {what} file is {size:,} bytes; allowed: at most {MAX_FILE_BYTES:,} bytes (1 MiB)",
            file=shown,
        )
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError(
            f"the {what} file is not UTF-8 text (byte {err.start})", file=shown
        ) from None
    except OSError as err:
        raise ScenarioError(f"cannot read the {what} file: {err.strerror}", file=shown) from None


def _yaml_error(err: yaml.YAMLError, shown: str) -> ScenarioError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    text = f"{context}, {problem}" if context else problem
    return ScenarioError(
        f"YAML syntax error: {text}", file=shown, line=mark.line + 1 if mark is not None else None
    )


def _prescan(text: str, shown: str) -> None:
    """Bound nesting and alias use from the event stream, before any tree is built."""
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ScenarioError(
                        f"nesting is deeper than {MAX_DEPTH} levels; scenario "
                        "files are a few levels deep",
                        file=shown,
                        line=event.start_mark.line + 1,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise ScenarioError(
                        f"more than {MAX_ALIASES} YAML aliases (*name); "
                        f"allowed: at most {MAX_ALIASES}",
                        file=shown,
                        line=event.start_mark.line + 1,
                    )
    except yaml.YAMLError as err:
        raise _yaml_error(err, shown) from None


def _expanded_size(root: yaml.Node, shown: str) -> None:
    """Refuse alias tricks: recursive aliases, or a tree that expands beyond MAX_NODES nodes
    or MAX_DEPTH levels once aliases are followed (the "billion laughs" pattern)."""
    sizes: dict[int, tuple[int, int]] = {}
    active: set[int] = set()

    def visit(node: yaml.Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ScenarioError(
                "a YAML alias refers to the collection that contains it "
                "(a recursive structure); allowed: plain data",
                file=shown,
                line=node.start_mark.line + 1,
            )
        active.add(key)
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        count, depth = 1, 0
        for child in children:
            c, d = visit(child)
            count, depth = count + c, max(depth, d)
            if count > MAX_NODES:
                raise ScenarioError(
                    f"the YAML expands to more than {MAX_NODES:,} values "
                    "(through anchors and aliases); allowed: a small "
                    "scenario",
                    file=shown,
                    line=node.start_mark.line + 1,
                )
        if depth + 1 > MAX_DEPTH:
            raise ScenarioError(
                f"nesting (aliases expanded) is deeper than {MAX_DEPTH} levels",
                file=shown,
                line=node.start_mark.line + 1,
            )
        active.discard(key)
        sizes[key] = (count, depth + 1)
        return sizes[key]

    visit(root)


def _key_lines(root: yaml.Node, shown: str) -> dict[tuple, int]:
    """Line of every mapping key by its key path; refuses duplicate keys (YAML would keep
    the last one silently, hiding a mistake)."""
    lines: dict[tuple, int] = {(): 1}

    def walk(node: yaml.Node, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    where = ".".join(path + (key_node.value,))
                    raise ScenarioError(
                        f"duplicate key {key_node.value!r} (first at line "
                        f"{seen[key_node.value]}); allowed: each key once",
                        file=shown,
                        line=line,
                        field=where,
                    )
                seen[key_node.value] = line
                lines.setdefault(path + (key_node.value,), line)
                walk(value_node, path + (key_node.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault(path + (str(i),), item.start_mark.line + 1)
                walk(item, path + (str(i),))

    walk(root, ())
    return lines


def parse_yaml_file(path: Path, what: str, needs: str) -> tuple[Any, dict[tuple, int], str]:
    """Read one YAML file safely: bounded size, nesting and aliases, no code, and the line of
    every key. Returns ``(data, key lines, shown path)``; an empty file or one with no data
    is refused with ``needs`` (what such a file must hold). Scenario files, sweep specs and
    SA specs are all read here, so they share one safety contract."""
    shown = display_path(path)
    text = _read_text(path, what)
    if not text.strip():
        raise ScenarioError(f"the file is empty; {needs}", file=shown)
    _prescan(text, shown)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(f"the file holds no data (only comments); {needs}", file=shown)
        _expanded_size(node, shown)
        lines = _key_lines(node, shown)
        data = loader.construct_document(node)
    except yaml.YAMLError as err:
        raise _yaml_error(err, shown) from None
    except (ValueError, OverflowError) as err:  # e.g. an integer of 5,000 digits
        raise ScenarioError(
            f"a value cannot be read: {str(err).splitlines()[0]}", file=shown
        ) from None
    finally:
        loader.dispose()
    if data is None:
        raise ScenarioError(f"the file holds no data (an empty document); {needs}", file=shown)
    return data, lines, shown


def read_yaml(path: Path) -> YamlDoc:
    """Parse one scenario file (see parse_yaml_file) into a document with key lines."""
    data, lines, shown = parse_yaml_file(
        path, "scenario", "a scenario needs at least `extends:` or a parameter group"
    )
    if not isinstance(data, Mapping):
        raise ScenarioError(
            f"the file holds {type(data).__name__} {show_value(data)}; allowed: a "
            "mapping of keys (name, description, extends, features, areas, "
            "parameter groups)",
            file=shown,
            line=1,
        )
    return YamlDoc(path, data, lines)
