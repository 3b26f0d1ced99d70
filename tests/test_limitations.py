"""The known departures the comparison report prints stay tied to the tests that document
them: each names a test that is still a strict expected failure (the report printing them is
tested in tests/test_compare.py)."""

from __future__ import annotations

import importlib

import pytest

from sim.reporting.limitations import KNOWN


@pytest.mark.parametrize("limitation", KNOWN, ids=[k.test.split("::")[1] for k in KNOWN])
def test_each_departure_is_a_strict_known_failure(limitation):
    """When the model stops departing from the evidence the named test passes, its strict
    mark fails the suite, the mark goes, and then this test asks for the entry to go too."""
    path, name = limitation.test.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    marks = [m for m in getattr(getattr(module, name), "pytestmark", []) if m.name == "xfail"]
    assert marks, f"{limitation.test} is no longer a known failure: remove or update the entry"
    assert marks[0].kwargs.get("strict") is True
