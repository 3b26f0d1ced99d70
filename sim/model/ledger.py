"""The budget ledger and the ICB's costs of the week.

Spending comes out of the family's budget balance; a commissioned package's unused money
returns to the ICB (it pays a provider only for hours delivered). A budget cannot silently
overdraw: agency cover is bought only from money held (sim.model.care.cover_gaps), and
spending already committed (PA wages, provider hours, training) that the balance cannot meet
is met by an explicit ICB top-up, recorded in ``topped_up``, so the balance never falls below
zero and ``allocated + topped_up = spent + balance + clawed`` every week. The ICB's cost is
what the budgets spent (plus a third-party fee), interim and contingency cover, one-off costs
of the week (brokerage, training, support planning) and support services.
"""

from __future__ import annotations

import numpy as np


def spend(m, cover, team: np.ndarray) -> np.ndarray:
    """Spend the week's money from each budget; return the ICB's cost per family."""
    f = m.fam
    spent = cover.committed + cover.bought * m.agency_rate
    top_up = np.maximum(0.0, spent - f.balance)
    f.topped_up += top_up
    f.balance += top_up - spent
    f.spent += spent
    returned = f.balance * m.commissioned
    f.clawed += returned
    f.balance -= returned
    return (
        spent * m.budget_fee_factor
        + (cover.interim + cover.contingency) * m.agency_rate
        + m.week_icb_extra
        + m.support_fee * (team > 0)
    )
