"""phb-sim: an agent-based model of Personal Health Budgets for children with complex needs.

The public surface: :class:`sim.model.PHBModel` (the Mesa model),
:func:`sim.experiments.runner.simulate`
(one seeded run to tidy tables) and :func:`sim.scenario.load_scenario`.
"""

__version__ = "0.1.0"
