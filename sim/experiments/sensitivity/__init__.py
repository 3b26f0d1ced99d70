"""Sensitivity analysis (SALib: Morris screening, Sobol indices) of the model or any function.

See docs/SENSITIVITY.md. ``phb-sim sa SPEC.yaml`` runs :func:`run_sa`; :func:`analyse_callable`
analyses any Python function of the sample, so the method can be checked where the answer
is known.
"""

from __future__ import annotations

from sim.experiments.sensitivity.pipeline import SAResult, analyse_callable, analyse_outputs, run_sa
from sim.experiments.sensitivity.problem import Problem, build_problem
from sim.experiments.sensitivity.spec import SASpec, load_spec, parse_spec

__all__ = [
    "Problem",
    "SAResult",
    "SASpec",
    "analyse_callable",
    "analyse_outputs",
    "build_problem",
    "load_spec",
    "parse_spec",
    "run_sa",
]
