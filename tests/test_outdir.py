"""The output-folder rule: run and compare never write into a folder another command wrote,
and replace their own folder whole (no stale file survives)."""

from __future__ import annotations

import pytest

from sim.cli import main
from sim.errors import InputError
from sim.experiments.outdir import prepare, writer_of

SMALL = ["--set", "population.n_families=60", "--set", "population.weeks=8", "--no-progress"]


def test_own_folder_is_replaced_whole(tmp_path, capsys):
    out = tmp_path / "r"
    assert (
        main(["run", "baseline", "-r", "1", "--out", str(out), "--csv", "--no-plots", *SMALL]) == 0
    )
    assert (out / "summary.csv").is_file()
    assert main(["run", "baseline", "-r", "1", "--out", str(out), "--no-plots", *SMALL]) == 0
    assert not list(out.glob("*.csv")), "stale CSVs left beside the new Parquet tables"
    assert "replacing the earlier run output" in capsys.readouterr().err  # not silently
    assert (out / "summary.parquet").is_file() and writer_of(out) == "run"


def test_run_refuses_a_sweep_folder_and_keeps_its_manifest(tmp_path, capsys):
    sweep = tmp_path / "s"
    sweep.mkdir()
    (sweep / "runs.parquet").write_bytes(b"plan")
    (sweep / "manifest.json").write_text('{"kind": "sweep"}')
    assert main(["run", "baseline", "-r", "1", "--out", str(sweep), *SMALL]) == 2
    err = capsys.readouterr().err
    assert "phb-sim sweep" in err and "--out" in err and "Traceback" not in err
    assert (sweep / "manifest.json").read_text() == '{"kind": "sweep"}'


def test_refuses_foreign_and_other_commands_folders(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="did not write"):
        prepare(mine, "run")
    assert (mine / "notes.txt").read_text() == "keep me"
    other = prepare(tmp_path / "c", "compare")
    (other / "report.html").write_text("x")
    with pytest.raises(InputError, match="phb-sim compare"):
        prepare(other, "run")
    a_file = tmp_path / "f"
    a_file.write_text("x")
    with pytest.raises(InputError, match="is a file"):
        prepare(a_file, "run")
    with pytest.raises(InputError, match="cannot write"):
        prepare(a_file / "under", "run")


def test_empty_and_new_folders_are_used_and_keep_resumes(tmp_path):
    empty = tmp_path / "e"
    empty.mkdir()
    assert writer_of(prepare(empty, "compare")) == "compare"
    (empty / "runs").mkdir()
    prepare(empty, "compare", keep=True)
    assert (empty / "runs").is_dir()
    prepare(empty, "compare")
    assert not (empty / "runs").exists()
