"""The model: PHBModel and its week, its agents and its mechanisms.

``PHBModel.step`` (sim.model.model) is the week in one place; each mechanism lives in the
module named for it: families and their draw (families), personal assistants and the local
labour market (workforce), the ICB budget holders (icb), the care week and its cover cascade
(care), the family's paperwork (paperwork), carer strain and paid work (strain), crises and
admissions (risks), the budget ledger and ICB costs (ledger), quality of life (outcomes), and
data collection (recorder). The Mesa agents are in agents.
"""

from sim.model.model import PHBModel

__all__ = ["PHBModel"]
