"""docs/PARAMETERS.md is generated from the registry and must be current."""

from __future__ import annotations

from sim import cli
from sim.reporting import paramdocs
from sim.scenario.parameters import PARAMS


def test_parameters_md_is_current():
    assert paramdocs.default_path().read_text(encoding="utf-8") == paramdocs.render(), (
        "docs/PARAMETERS.md is out of date: run `phb-sim scenarios docs`"
    )


def test_every_parameter_has_a_row_with_unit_and_source():
    text = paramdocs.render()
    for p in PARAMS:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{p.name}` |"))
        assert p.unit.replace("|", "\\|") in row
        assert p.source.replace("|", "\\|") in row
        assert row.count(" | ") >= 8


def test_docs_check_flags_a_stale_file(tmp_path, capsys):
    stale = tmp_path / "PARAMETERS.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert cli.main(["scenarios", "docs", "--out", str(stale), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert cli.main(["scenarios", "docs", "--out", str(stale)]) == 0
    assert cli.main(["scenarios", "docs", "--out", str(stale), "--check"]) == 0
    assert stale.read_text(encoding="utf-8") == paramdocs.render()


def test_schema_command_writes_the_schema(tmp_path):
    out = tmp_path / "schema.json"
    assert cli.main(["scenarios", "schema", "--out", str(out)]) == 0
    assert cli.main(["scenarios", "schema", "--out", str(out), "--check"]) == 0
    out.write_text("{}", encoding="utf-8")
    assert cli.main(["scenarios", "schema", "--out", str(out), "--check"]) == 1


def test_every_assumption_states_its_reason():
    """A source that is an assumption says why the default and range are what they are: a
    bare "assumption" tells a reader (or a reviewer of the SA ranges) nothing."""
    import re

    bare = []
    for p in PARAMS:
        m = re.search(r"assumption[:,]?\s*(.*)", p.source, flags=re.IGNORECASE)
        if m and p.source.lower().startswith("assumption") and len(m.group(1).split()) < 4:
            bare.append(p.name)
    assert not bare, f"assumptions without a reason: {bare}"
