"""Hours by time of day: the three bands of the week and how hours are spread over them.

A week has a day band (07:00-19:00, 84 h), an evening band (19:00-23:00, 28 h) and a night
band (23:00-07:00, 56 h). A child's need is split over the bands by tier (the 24-hour tier is
waking cover round the clock, so in proportion to the bands' lengths); paid carers' hours are
spread over the bands in proportion to need, with nights weighted down by how fully a rota can
staff them; whatever they leave is a gap the family covers in that band or nobody does.
Arrays are shaped (3, n): one row per band.
"""

from __future__ import annotations

import numpy as np

DAY, EVENING, NIGHT = range(3)
BAND_HOURS = np.array([84.0, 28.0, 56.0])  # 12 h, 4 h and 8 h a day, seven days


def need_shares(p) -> np.ndarray:
    """Share of need in each band, by tier: array (3 tiers, 3 bands)."""
    rows = []
    for tier in ("personal_care", "clinical"):
        evening, night = p[f"shift.evening_share_{tier}"], p[f"shift.night_share_{tier}"]
        rows.append([max(0.0, 1.0 - evening - night), evening, night])
    rows.append(BAND_HOURS / BAND_HOURS.sum())
    shares = np.array(rows)
    return shares / shares.sum(axis=1, keepdims=True)


def split_need(need: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Need hours by band, (3, n): ``need`` times the family's band shares (``shares`` is
    (n, 3)), with any band over its clock hours spilling into the bands with room, so the
    bands always add up to the need."""
    hours = need * shares.T
    if (hours > BAND_HOURS[:, None]).any():
        hours = fit_to_room(hours, np.broadcast_to(BAND_HOURS[:, None], hours.shape))
    return hours


def spread(total: np.ndarray, room: np.ndarray, night_cover) -> np.ndarray:
    """Spread ``total`` paid hours over the bands in proportion to ``room`` (need or gap by
    band, (3, n), not negative), nights weighted by ``night_cover`` (a number or one per
    family), never above the room in any band (hours beyond the whole room, paid care above
    need, go to no band)."""
    weights = room.copy()
    weights[NIGHT] *= night_cover
    wsum = weights.sum(axis=0)
    hours = weights * (total / np.maximum(wsum, 1e-12))
    over = hours > room
    if over.any():
        # Only families with a band over its room move hours (the fit is family by family:
        # for the others it gives back the same hours), so only their columns are refitted.
        cols = over.any(axis=0).nonzero()[0]
        fit_room = room[:, cols]
        hours[:, cols] = np.minimum(fit_to_room(hours[:, cols], fit_room), fit_room)
    return hours


def fit_to_room(hours: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Cap ``hours`` (3, n) at ``room`` and move what is over into the other bands in
    proportion to their remaining room. One pass suffices when the total fits the room: the
    room left is at least the excess."""
    capped = np.minimum(hours, room)
    excess = (hours - capped).sum(axis=0)
    left = room - capped
    lsum = left.sum(axis=0)
    return capped + left * (excess / np.maximum(lsum, 1e-12))
