"""The baseline calibration check (docs/CALIBRATION.md): ``checks`` runs the baseline and
sets it against the targets table's published ranges, ``report`` writes the document.

    python -m sim.experiments.calibration [--seed N] [--replications R] [--out FILE]
"""

from sim.experiments.calibration.checks import (
    ALL_CHECKS,
    DEFAULT_REPLICATIONS,
    DEFAULT_SEED,
    DERIVED,
    HELD_OUT,
    HELD_OUT_ELSEWHERE,
    SCENARIO,
    TARGETS,
    Check,
    calibration_table,
    compare,
    replicate_outputs,
    run_outputs,
)
from sim.experiments.calibration.report import default_path, main, render

__all__ = [
    "ALL_CHECKS",
    "DEFAULT_REPLICATIONS",
    "DEFAULT_SEED",
    "DERIVED",
    "HELD_OUT",
    "HELD_OUT_ELSEWHERE",
    "SCENARIO",
    "TARGETS",
    "Check",
    "calibration_table",
    "compare",
    "default_path",
    "main",
    "render",
    "replicate_outputs",
    "run_outputs",
]
