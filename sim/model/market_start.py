"""The labour market a running caseload starts in: each area at the staffing it can keep.

A caseload start draws households who have had their packages for years, so their PA
teams, the providers' and agencies' staff and the pool of candidates should be where the
area's flows leave them, not at one fill for every market. Where candidates are plentiful
a vacancy fills in weeks and any starting fill is forgotten within the burn-in; where they
are scarce (a dense market with every family on a direct payment) hires are limited by
arrivals, the stock of PAs can only fall as fast as PAs leave (about a fifth a year), and a
starting fill above what the market can keep drifts down for years after recording starts.

So the start is the market's stationary state, worked out per area from the weekly rules
themselves (``LabourMarkets.step``, ``workforce.pa_week``, ``market.recruit``): each post is
a two-state chain (filled, vacant) that loses its worker at the post's leaving hazard and,
when vacant, hires at the employer's hire chance times the area's tightness; the pool of
candidates gains arrivals and loses those who leave for other work and those hired; and the
tightness is the pool's share of pool plus appeal-weighted vacancies. One number per area,
the tightness, closes the loop; it is found by bisection. What this leaves out (the spread
of hazards within a team, the at-most-one-hire-a-week rule of a family) the burn-in absorbs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.workforce import expected_hazard

BISECTION_STEPS = 40  # tightness to about 1e-12: far below the draws' noise


@dataclass
class StationaryMarket:
    """Each area's stationary staffing: what the caseload start draws its teams from."""

    pa_fill: np.ndarray  # (families,) chance each PA post is filled (0 without posts)
    workers: np.ndarray  # (areas, 3) homecare, complex care (trained or not) and agency staff
    trainees: np.ndarray  # (areas,) complex-care workers among them still in training
    candidates: np.ndarray  # (areas,) candidates waiting at the end of a week
    tightness: np.ndarray  # (areas,)


def filled_share(hire: np.ndarray, hazard: np.ndarray) -> np.ndarray:
    """Stationary chance a post is filled after a week's leaving and hiring, leaving first:
    f = f (1 - h) + (1 - f (1 - h)) p, so f = p / (h + p - h p)."""
    rate = hazard + hire - hazard * hire
    return np.divide(hire, rate, out=np.ones_like(rate), where=rate > 0)


def stationary(
    m,
    c: dict,
    required: np.ndarray,
    agency_target: np.ndarray,
    loss: float = 1.0,
    efficiency: float = 1.0,
) -> StationaryMarket:
    """The stationary market of ``m``. ``c`` holds the market's constants
    (``LabourMarkets.constants``); ``required`` the provider workers the planned hours need
    (areas, 2); ``agency_target`` the agency workers agencies aim to hold. ``loss`` and
    ``efficiency`` scale each PA post's leaving hazard and hire chance to what the model
    measured (sim.model.settling): PAs also go when their family leaves or hands its PHB
    back, and a family fills at most one post a week."""
    k = m.n_areas
    area = m.fam.icb
    posts = m.team_target
    employers = np.flatnonzero(posts > 0)
    pa_area = area[employers]
    pa_posts = posts[employers]
    pa_hazard = np.minimum(1.0, expected_hazard(m, employers) * loss)
    pa_hire = m.hire_factor[employers] * efficiency
    appeal = c["appeal"]
    hazard = c["employer_hazard"]
    target = np.column_stack((required, agency_target))
    stay, arrivals = c["stay"], c["arrivals"]

    def flows(t: np.ndarray) -> tuple:
        p_pa = np.minimum(1.0, pa_hire * t[pa_area])
        fill = filled_share(p_pa, pa_hazard)
        p_prov = np.minimum(1.0, c["hire_rate"] * t[:, None])
        prov_fill = filled_share(p_prov, hazard)
        workers = target * prov_fill
        hires = np.bincount(pa_area, weights=pa_posts * fill * pa_hazard, minlength=k)
        hires = hires + (workers * hazard).sum(axis=1)
        # Vacancies as the market reads them: after the week's leaving, before its hiring
        # (PAs': last week's).
        pa_vacant = np.bincount(
            pa_area, weights=pa_posts * (1.0 - fill * (1.0 - pa_hazard)), minlength=k
        )
        prov_vacant = target - workers * (1.0 - hazard)
        weighted = pa_vacant * appeal[:, 0] + (prov_vacant * appeal[:, 1:]).sum(axis=1)
        # The pool after arrivals: pool = stay x (pool - hires) + arrivals.
        pool = np.maximum(0.0, (arrivals - stay * hires) / (1.0 - stay))
        return fill, workers, hires, pool, weighted

    low, high = np.zeros(k), np.ones(k)
    for _ in range(BISECTION_STEPS):
        t = 0.5 * (low + high)
        *_, pool, weighted = flows(t)
        # At t = 0 the tightness these flows imply is above t (no hires, a full pool), at
        # t = 1 it is not: halving keeps a root between low and high.
        above = pool / (pool + weighted + 1e-9) > t
        low = np.where(above, t, low)
        high = np.where(above, high, t)
    t = 0.5 * (low + high)
    fill, workers, hires, pool, _ = flows(t)
    pa_fill = np.zeros(len(posts))
    pa_fill[employers] = fill
    # Complex-care trainees: hired into training, leaving or finishing each week.
    h, done = hazard[:, 1], c["done"]
    p_complex = np.minimum(1.0, c["hire_rate"][:, 1] * t)
    in_training = (target[:, 1] - workers[:, 1] * (1.0 - h)) * p_complex / (h + done * (1.0 - h))
    return StationaryMarket(
        pa_fill=pa_fill,
        workers=workers,
        trainees=np.minimum(in_training, workers[:, 1]),
        candidates=np.maximum(0.0, pool - hires),
        tightness=t,
    )
