"""Every notebook runs in a real Jupyter kernel (nbclient): an error in any cell fails.

Each notebook is executed top to bottom in a fresh ``python3`` kernel of this environment,
as a student opening it would; its output must also be free of warnings (a TqdmWarning or a
deprecation notice would be the first thing a student sees).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebooks extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the notebooks extra is not installed")

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds; the default sizes take a few seconds a cell


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_in_a_kernel(path: Path, tmp_path: Path):
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
        # The sensitivity notebook's runs and any files a cell writes go to tmp_path.
    )
    env = {"MPLBACKEND": "Agg", "PYTHONWARNINGS": "default"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client.execute()  # raises CellExecutionError on the first failing cell
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    stderr = [
        out.get("text", "")
        for cell in book.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    assert not [s for s in stderr if "Warning" in s], "\n".join(stderr)


def test_there_are_the_four_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 4
    for topic in ("explore", "compare", "sensitivity", "equity"):
        assert any(topic in n for n in names), topic
