"""The starting caseload's years before the model began, settled halfway through the burn-in.

A caseload start draws households who have had their packages for years (their time since
referral, ``PHBModel._package_weeks``), but it gives each the state of a household just
referred: paid work and strain from the expected load (``families._settle_work_and_strain``)
and no PHB handed back. Two slow processes then drift for years, well past a two-year
burn-in: carers' paid work, which comes back half a post at a time over months once strain
has fallen (the starting rule cuts more work than a household that has lived with its load
for years still has cut), and the stock of PHBs handed back. So halfway through the burn-in
each household of the start is given the state its own weekly processes imply for the weeks
it had its package before the model began, from what the model measured for it in the
weeks so far:

- paid work and strain (``settle_work_and_strain``): the weekly rule of ``strain.carry``
  run forward on the household's mean weekly load beside paid work and its mean recovery;
- hand-backs (``settle_hand_backs``): a two-state process from its measured crisis chance.

The burn-in's second half lets the rest of the model (PA teams, the market, budgets) absorb
the settled state. A run without a burn-in of at least two weeks settles nothing.
"""

from __future__ import annotations

import numpy as np

from sim.model import icb, risks, strain

# Weeks of the work-and-strain rule run for a household of the start: its weeks with the
# package before the start, at most this many. From a household's first week the rule takes
# about three to four years to forget where it began (docs/ODD.md, section 5): beyond five
# years more weeks change nothing but cost time.
WORK_SETTLE_WEEKS_MAX = 260


class Settling:
    """What the model measures for the households of the start until the settling week,
    and the settling itself."""

    def __init__(self, m, prestart_weeks: np.ndarray) -> None:
        n = len(prestart_weeks)
        self.prestart_weeks = prestart_weeks
        self.week = m.burn_in // 2  # 0: nothing to settle
        self.crisis = np.zeros(n)
        self.hours = np.zeros(n)  # the week's load in hours, beside paid work
        self.recovery = np.zeros(n)  # strain shed per week of load below comfort

    def measuring(self, m) -> bool:
        return m.steps_done < self.week

    def add_load(self, hours: np.ndarray, recovery: np.ndarray) -> None:
        """One week's load beside paid work and recovery (from ``strain.carry``)."""
        self.hours += hours
        self.recovery += recovery

    def end_of_week(self, m) -> None:
        """Add the week's crisis chance; in the settling week, settle."""
        self.crisis += risks.crisis_chance(m)
        if m.steps_done + 1 == self.week:
            weeks = self.week
            starting = self.starting(m)
            settle_work_and_strain(
                m, starting, self.hours / weeks, self.recovery / weeks, self.prestart_weeks
            )
            settle_hand_backs(m, starting, self.crisis / weeks, self.prestart_weeks)

    def starting(self, m) -> np.ndarray:
        """Rows still held by a household of the start that had its package before it
        (a row refilled since holds a household with no package before the start)."""
        f = m.fam
        return (f.family_id < len(f)) & (self.prestart_weeks > 0)


def settle_work_and_strain(
    m, starting: np.ndarray, hours: np.ndarray, recovery: np.ndarray, prestart: np.ndarray
) -> None:
    """Paid work and strain as the weekly rule leaves them after the weeks each household of
    the start had its package (at most ``WORK_SETTLE_WEEKS_MAX``), with the load beside paid
    work and the recovery the model measured for it so far. Without this the caseload starts
    with the work cuts of households just referred, returns to work over its first years and
    then cuts again: in the baseline the paid work lost rose 5% across a five-year recorded
    window (docs/ODD.md, section 5; tests/test_population.py::paid_work_drift)."""
    rows = np.flatnonzero(starting)
    if len(rows) == 0:
        return
    f, p = m.fam, m.p
    todo = np.minimum(prestart[rows], WORK_SETTLE_WEEKS_MAX)
    level, work, work0 = f.strain[rows], f.work[rows], f.work0[rows]
    load_hours, inv_comfort, shed = hours[rows], m.inv_comfort[rows], recovery[rows]
    for k in range(int(todo.max())):
        u = m.rng.random(len(rows))
        over = (load_hours + work) * inv_comfort
        new_level, new_work, _ = strain.advance(p, level, work, work0, over, shed, u)
        live = todo > k
        level = np.where(live, new_level, level)
        work = np.where(live, new_work, work)
    f.strain[rows], f.work[rows] = level, work


def settle_hand_backs(m, starting: np.ndarray, crisis: np.ndarray, prestart: np.ndarray) -> None:
    """The starting caseload has given PHBs back as often as the model's own flow implies
    for the weeks each family had its package before the model began, so those families
    are commissioned.

    Without this the caseload starts with no PHB handed back and drifts for years while
    hand-backs accumulate (a two-year burn-in is too short for a flow that runs over a
    family's whole stay): the families most likely to hand back (high strain, the 24-hour
    tier with its large PA teams) leave PA employment year after year, so employing
    families and PAs per employing family fall. The weekly hazard is the family's own:
    ``crisis``, its weekly chance of a crisis as the model measured it over the first half
    of the burn-in (the starting strain has no week-to-week spread, and the chance rises
    steeply with strain), spaced by the crisis length, times its chance of handing back in
    a crisis; taking a PHB up again at review (``arrangement.handback_return_share``)
    runs the other way. Families referred since the start had no package before it; the
    burn-in's end clears the handed-back flags, so only later hand-backs are counted."""
    f, fp = m.fam, m.fp
    rows = np.flatnonzero(starting & (m.handback_prob > 0) & m.employs)
    c = crisis[rows]
    hazard = m.handback_prob[rows] * c / (1.0 + c * m.p["risk.crisis_weeks"])
    back = fp["arrangement.handback_return_share"][rows] / fp["icb.review_weeks"][rows]
    # Two states (holding the PHB, handed back) from the package's start: the chance of
    # being in the second after t weeks is h / (h + r) x (1 - exp(-(h + r) t)).
    rate = hazard + back
    share = np.divide(hazard, rate, out=np.zeros_like(rate), where=rate > 0)
    handed = rows[m.rng.random(len(rows)) < share * -np.expm1(-rate * prestart[rows])]
    icb.hand_back(m, handed)
    f.wait_left[handed] = 0  # their commissioned care was set up long ago
