"""Experiments on the model: seeded runs and replications (runner), sweeps, sensitivity
analysis and calibration, with the provenance every output records."""
