"""docs/ODD.md traces every registry parameter and its generated section is current."""

from __future__ import annotations

import pytest

from sim.reporting import odd
from sim.scenario.parameters import GROUPS, PARAMS

ODD = odd.default_path()


@pytest.fixture(scope="module")
def text() -> str:
    return ODD.read_text(encoding="utf-8")


def test_parameter_trace_is_current(text):
    assert odd.update(text) == text, (
        "docs/ODD.md parameter trace is stale: run python -m sim.reporting.odd"
    )


def test_every_parameter_is_traced(text):
    assert odd.unmentioned(text) == []
    trace = odd.split(text)[1]
    for p in PARAMS:
        row = next(line for line in trace.splitlines() if line.startswith(f"| `{p.name}` |"))
        assert p.source.replace("|", "\\|") in row
        assert p.unit in row


def test_every_parameter_is_described_in_the_text(text):
    """Each parameter is named in the hand-written description, not only in the table."""
    assert odd.unmentioned(odd.prose(text)) == []


def test_the_text_names_no_parameter_the_registry_lacks(text):
    assert odd.unknown_names(text) == set()


def test_every_registry_group_maps_to_a_submodel():
    assert set(odd.SUBMODELS) == set(GROUPS)


def test_odd_has_the_protocol_sections(text):
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    for number, title in enumerate(
        [
            "Purpose and patterns",
            "Entities, state variables and scales",
            "Process overview and scheduling",
            "Design concepts",
            "Initialization",
            "Input data",
            "Submodels",
        ],
        start=1,
    ):
        assert f"## {number}. {title}" in headings
    assert "### 4.12 Individual decision making (ODD+D)" in text
    for pattern in ("P1", "P2", "P3", "P4", "P5", "P6", "P7"):
        assert f"| {pattern} " in text


def test_names_in_formulas_count_but_module_paths_do_not():
    found = odd.names_in(
        "`h = x × pa.turnover_annual^2`, sim.model.icb.allocate, sim/model/icb.py, icb.nope"
    )
    assert found == {"pa.turnover_annual", "icb.nope"}
    assert odd.unknown_names("icb.nope and pa.turnover_annual") == {"icb.nope"}


def test_update_replaces_only_the_generated_section():
    doc = f"intro\n\n{odd.BEGIN}\nold table\n{odd.END}\n\nafter\n"
    new = odd.update(doc)
    assert new.startswith("intro\n\n" + odd.BEGIN)
    assert new.endswith(odd.END + "\n\nafter\n")
    assert "old table" not in new
    assert odd.update(new) == new
    with pytest.raises(ValueError, match="markers"):
        odd.update("no markers here")


def test_check_flags_a_stale_file(tmp_path, capsys):
    path = tmp_path / "ODD.md"
    path.write_text(f"# ODD\n{odd.BEGIN}\nstale\n{odd.END}\n", encoding="utf-8")
    assert odd.main(["--path", str(path), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert odd.main(["--path", str(path)]) == 0
    assert odd.main(["--path", str(path), "--check"]) == 0
    assert odd.is_current(path)
    path.write_text("# no markers\n", encoding="utf-8")
    assert odd.main(["--path", str(path)]) == 2
