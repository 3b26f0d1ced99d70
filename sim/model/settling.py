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
- hand-backs (``settle_hand_backs``): a two-state process from its measured crisis chance;
- PA teams (``settle_pa_teams``): each area's PA stock moved to the market's stationary
  state (sim.model.market_start) with the leaving and hiring the model measured in the
  area. The start draws teams from that state as the weekly rules alone imply it, but PAs
  also go when their family leaves or hands its PHB back and a family fills at most one
  post a week; where candidates are scarce the stock would take years to find its level.

The burn-in's second half lets the rest of the model (the market, budgets) absorb the
settled state. A run without a burn-in of at least two weeks settles nothing.
"""

from __future__ import annotations

import numpy as np

from sim.model import icb, risks, strain
from sim.model.care import team_counts
from sim.model.market_start import stationary
from sim.model.workforce import expected_hazard, hire, release

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
        # PA teams are settled first, halfway to the settling week, so that the households'
        # loads are then measured with teams at their level.
        self.pa_week = self.week // 2
        self.measured_from = 0
        self.crisis = np.zeros(n)
        self.hours = np.zeros(n)  # the week's load in hours, beside paid work
        self.recovery = np.zeros(n)  # strain shed per week of load below comfort
        # Over all areas: PAs in post at the end of last week and their leaving hazards
        # summed; the weeks' losses (all causes), those the hazards imply, hires and the
        # hires the weekly chances imply.
        self.pas_before = pas_in_post(m)[0]
        self.hazard_before = expected_hazard(m, m.pas.fam[m.pas.active]).sum()
        self.pa_losses = self.pa_expected_losses = 0.0
        self.pa_hires = self.pa_expected_hires = 0.0

    def measuring(self, m) -> bool:
        return m.steps_done < self.week

    def add_load(self, hours: np.ndarray, recovery: np.ndarray) -> None:
        """One week's load beside paid work and recovery (from ``strain.carry``)."""
        self.hours += hours
        self.recovery += recovery

    def end_of_week(self, m) -> None:
        """Add the week's crisis chance and PA flows; in the settling week, settle."""
        self.crisis += risks.crisis_chance(m)
        week = m.steps_done + 1
        if week <= self.pa_week:
            self.measure_pa_flows(m)
        if week == self.pa_week:
            settle_pa_teams(m, *self.pa_rates())
            self.measured_from = week
            for measured in (self.crisis, self.hours, self.recovery):
                measured[:] = 0.0
        if week == self.week:
            weeks = self.week - self.measured_from
            starting = self.starting(m)
            settle_work_and_strain(
                m, starting, self.hours / weeks, self.recovery / weeks, self.prestart_weeks
            )
            settle_hand_backs(m, starting, self.crisis / weeks, self.prestart_weeks)

    def measure_pa_flows(self, m) -> None:
        """The week's PA losses and hires, and those the PAs' hazards and the hiring chances
        imply (each open post hired for at the family's chance times the area's tightness)."""
        now, new = pas_in_post(m)
        self.pa_expected_losses += self.hazard_before
        self.hazard_before = expected_hazard(m, m.pas.fam[m.pas.active]).sum()
        self.pa_losses += self.pas_before + new - now
        self.pa_hires += new
        self.pas_before = now
        chance = np.minimum(1.0, m.hire_factor * m.markets.tightness[m.fam.icb])
        self.pa_expected_hires += (m.vacancies * chance).sum()

    def pa_rates(self) -> tuple[float, float]:
        """Measured PA losses against those the PAs' leaving hazards imply, and measured
        hires against those the weekly chances imply, pooled over the areas (1 where nothing
        was measured): the ratios are the model's structure (families leaving and handing
        back, one hire a week), not the area's, and pooled they are measured from several
        times the events."""
        at_risk, expected = self.pa_expected_losses, self.pa_expected_hires
        loss = self.pa_losses / at_risk if at_risk > 0 else 1.0
        efficiency = self.pa_hires / expected if expected > 0 else 1.0
        return loss, efficiency

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


def pas_in_post(m) -> tuple[int, int]:
    """PAs in post, and those among them hired this week."""
    act = np.flatnonzero(m.pas.active)
    return len(act), int(np.count_nonzero(m.pas.tenure[act] == 0))


def weighted_chance(
    gap: np.ndarray, units: np.ndarray, area: np.ndarray, weight: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Per unit (a PA, or an open post) in ``area``: the chance that spreads each area's
    ``gap`` over its ``units`` in proportion to the unit's ``weight`` (``weights``: their sum
    per area), at most 1."""
    mean = weights / np.maximum(1.0, units)
    chance = gap[area] / np.maximum(1.0, units[area]) * weight
    return np.minimum(1.0, chance / np.maximum(mean[area], 1e-9))


def settle_pa_teams(m, loss: float, efficiency: float) -> None:
    """Each area's PA stock moved to the market's stationary state with the measured
    leaving (``loss``) and hiring (``efficiency``) ratios (sim.model.market_start).

    Where the market keeps fewer posts filled than are, PAs leave, more often in the
    families whose posts stay vacant longest (low stationary fill); where it keeps more,
    open posts are filled, more often in the families who fill fastest. Without this a
    dense market with every family on a direct payment starts its recorded years with PA
    vacancy rising by about a third over five years
    (tests/test_population.py::test_pa_vacancy_does_not_drift_in_a_dense_all_direct_payment_market).
    """
    mk = m.markets
    steady = stationary(m, mk._const, mk.required(m), mk.agency_target(m), loss, efficiency)
    fill, k, rng = steady.pa_fill, m.n_areas, m.rng
    team = team_counts(m)[0]
    employs = m.team_target > 0
    team = np.minimum(team, m.team_target) * employs
    area = m.fam.icb
    target = np.bincount(area, weights=m.team_target * fill, minlength=k)
    held = np.bincount(area, weights=team, minlength=k).astype(float)
    act = np.flatnonzero(m.pas.active)
    fam = m.pas.fam[act]
    # Too full: PAs leave with a chance weighted by how often their post stands vacant.
    weight = 1.0 - fill[fam]
    weights = np.bincount(area[fam], weights=weight, minlength=k)
    chance = weighted_chance(np.maximum(0.0, held - target), held, area[fam], weight, weights)
    release(m, act[rng.random(len(act)) < chance])
    # Too empty: open posts are filled with a chance weighted by how often they are filled.
    vacant = (m.team_target - team) * employs
    open_posts = np.bincount(area, weights=vacant, minlength=k)
    weight = fill * (vacant > 0)
    weights = np.bincount(area, weights=vacant * weight, minlength=k)
    chance = weighted_chance(np.maximum(0.0, target - held), open_posts, area, weight, weights)
    extra = rng.binomial(vacant.astype(np.int64), chance)
    for j in range(int(extra.max(initial=0))):
        m.as_long_serving(hire(m, np.flatnonzero(extra > j)))
    # The pool of candidates at its stationary level too: a pool left as it was, facing the
    # vacancies just opened, would fill them at once and leave the stock as far above its
    # level as before, to fall only at the pace PAs leave.
    mk.candidates = rng.poisson(steady.candidates)
    mk.tightness = steady.tightness
