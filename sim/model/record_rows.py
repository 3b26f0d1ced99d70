"""What a run records: the names of the recorder's accumulators and table rows.

One list each, read by the recorder that fills them (sim.model.recorder) and by the tables
built from them at the end of a run (sim.model.run_tables).
"""

from __future__ import annotations

from sim.model.costs import COMPONENTS
from sim.model.outcomes import CARER_DOMAINS, CHILD_DOMAINS

SUMS = (
    "weeks",
    "need",
    "pa",
    "provider",
    "agency",
    "family",
    "network",
    "parent_night",
    "admin",
    "unmet",
    "unmet_night",
    "strain",
    "work_lost",
    "paid",
    "familiar_paid",
    "crises",
    "admissions",
    "icb_cost",
    "pa_weeks",
    "lost_vacancy",
    "lost_absence",
)
# Outcome and cost rows, accumulated per household and recorded year (``Recorder.years``,
# for discounting): weeks, the child's and the carers' QoL, their domains (the rows of
# sim.model.outcomes.Outcomes) and the cost components (sim.model.costs).
DOMAIN_COLUMNS = (
    *(f"qol_{d}" for d in CHILD_DOMAINS),
    *(f"carer_{d}" for d in CARER_DOMAINS),
)
VALUE_ROWS = ("qol", "carer_qol", *DOMAIN_COLUMNS, *(f"cost_{c}" for c in COMPONENTS))
YEAR_ROWS = ("year_weeks", *VALUE_ROWS)
WEEKLY = (
    "family_care_hours",
    "admin_hours",
    "unmet_hours",
    "strain",
    "paid_work_lost",
    "pa_continuity",
    "qol",
    "icb_cost",
    "carer_qol",
)

# Accumulator <- field of the week's CareWeek.
WEEK_SUMS = {
    "need": "need",
    "pa": "pa",
    "provider": "provider",
    "agency": "agency",
    "family": "family",
    "network": "network",
    "parent_night": "parent_night",
    "admin": "admin",
    "unmet": "unmet",
    "unmet_night": "unmet_night",
    "work_lost": "work_lost",
    "familiar_paid": "familiar_paid",
    "crises": "crisis",
    "admissions": "admission",
    "icb_cost": "icb_cost",
    "pa_weeks": "team",
}
FAMILY_WEEK = (
    "need",
    "pa",
    "provider",
    "agency",
    "family",
    "unmet",
    "admin",
    "strain",
    "work_lost",
    "crisis",
    "admission",
    "icb_cost",
    "qol",
    "carer_qol",
)
