"""Calibration by history matching: waves of designs, emulators and implausibility that rule
out parameter sets the published figures contradict, ending in an ensemble of parameter
sets the model itself confirms are not implausible.

``targets`` holds the figures (with their split: calibration or held-out validation),
``spec`` reads a calibration spec, ``design``, ``emulator`` and ``implausibility`` are the
pieces, ``waves`` runs them, ``report`` writes what a calibration leaves.
"""

from sim.experiments.history_matching.spec import CalibrationSpec, load_spec, parse_spec
from sim.experiments.history_matching.waves import CalibrationResult, calibrate

__all__ = ["CalibrationResult", "CalibrationSpec", "calibrate", "load_spec", "parse_spec"]
