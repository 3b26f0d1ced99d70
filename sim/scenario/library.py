"""The scenario library: where scenario files live and how names find them."""

from __future__ import annotations

from pathlib import Path

from sim.errors import ScenarioError
from sim.scenario.limits import SPEC_FOLDERS
from sim.scenario.values import did_you_mean

# ----------------------------------------------------------------------------- the library


def scenarios_dir() -> Path:
    """The scenario library: ``scenarios/`` beside the ``sim`` package (editable install),
    else ``scenarios/`` in the current directory."""
    beside = Path(__file__).resolve().parents[2] / "scenarios"
    return beside if beside.is_dir() else Path.cwd() / "scenarios"


def library() -> list[Path]:
    """Every scenario file in the library, sorted by name (experiment specs kept beside
    the scenarios, in the folders named in SPEC_FOLDERS, are not scenarios)."""
    root = scenarios_dir()
    return sorted(
        p
        for p in root.rglob("*.y*ml")
        if p.suffix in (".yaml", ".yml") and p.relative_to(root).parts[0] not in SPEC_FOLDERS
    )


def library_name(path: str | Path) -> str | None:
    """``arrangements/commissioned`` for a file in the library, else None."""
    try:
        rel = Path(path).resolve().relative_to(scenarios_dir().resolve())
    except ValueError:
        return None
    return rel.with_suffix("").as_posix()


def find_scenario(name_or_path: str | Path) -> Path:
    """A scenario file from a path, or from a library name such as ``workforce/churn_high``."""
    text = str(name_or_path)
    for candidate in (Path(text), Path(text + ".yaml")):
        if candidate.is_file():
            return candidate
    root = scenarios_dir()
    for candidate in (root / text, root / f"{text}.yaml", root / f"{text}.yml"):
        if candidate.is_file():
            return candidate
    names = [library_name(p) or "" for p in library()]
    raise ScenarioError(
        f"no scenario file or library scenario called {text!r}{did_you_mean(text, names)}; "
        "list the library with `phb-sim scenarios list`",
        file=text,
    )


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the current directory if inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
