"""The vectorised week agrees with the rules written out family by family.

The weekly arithmetic runs over arrays for speed; here the same documented rules are
recomputed in plain Python, one family and one PA at a time through the Mesa agent views, and
must give the same hours and money. A speed-up that changed behaviour would fail here.
"""

from __future__ import annotations

import numpy as np

from sim.model import PHBModel
from sim.model.agents import Family
from tests.conftest import small

MIXED = {"commissioned": 0.3, "notional": 0.2, "third_party": 0.2, "direct_payment": 0.3}


def test_rostering_matches_pa_by_pa_rule():
    """A family's PA hours: present PAs work their contracts; untrained ones only the
    non-clinical share of the plan; never more than the plan."""
    m = PHBModel(
        small(
            n_families=150,
            weeks=12,
            n_icbs=2,
            arrangement__shares=MIXED,
            pa__sickness_prob=0.1,
            pa__untrained_start_share=0.8,
        ),
        rng=9,
    )
    for _ in range(12):
        m.step()
        w = m.last_week
        for family in m.agents_by_type[Family]:
            r = family.row
            slots = np.flatnonzero(w.slot_family == r)
            trained = untrained = 0.0
            for s in slots:
                if w.slot_absent[s]:
                    assert w.rostered[s] == 0.0
                    continue
                # Training is updated before rostering and slots are reused only by hires
                # (before rostering too), so the slot's state now is its state then.
                if m.pas.trained[s]:
                    trained += m.pa_contract[r]
                else:
                    untrained += m.pa_contract[r]
            plan = m.pa_plan[r]
            expected = min(plan, trained + min(untrained, (1.0 - m.fam.clinical_share[r]) * plan))
            assert abs(w.pa[r] - expected) < 1e-9, (family, expected, w.pa[r])


def _fit(hours: list[float], room: list[float]) -> list[float]:
    """Cap each band at its room and move the excess to the bands with room left, in
    proportion to it."""
    capped = [min(h, r) for h, r in zip(hours, room, strict=True)]
    excess = sum(hours) - sum(capped)
    left = [r - c for r, c in zip(room, capped, strict=True)]
    lsum = sum(left)
    return [c + (excess * x / lsum if lsum > 0 else 0.0) for c, x in zip(capped, left, strict=True)]


def _spread(total: float, room: list[float], night_cover: float) -> list[float]:
    """Paid hours over the bands (day, evening, night) in proportion to the room left in
    each, nights weighted down, none above its room."""
    weights = [room[0], room[1], room[2] * night_cover]
    wsum = sum(weights)
    hours = _fit([total * x / wsum if wsum > 0 else 0.0 for x in weights], room)
    return [min(h, r) for h, r in zip(hours, room, strict=True)]


def test_cover_cascade_family_by_family():
    """Band by band, after paid care: in the day the network helps first; the rest of the day
    and the evening fall to the parents' waking hours net of work (plus flexible work hours);
    at night to the parents up to the nights they can stay up; only the rest is unmet."""
    m = PHBModel(
        small(
            n_families=200,
            weeks=10,
            n_icbs=3,
            arrangement__shares=MIXED,
            support__contingency_cover=True,
            market__agency_capacity=3.0,
        ),
        rng=4,
    )
    bands = [84.0, 28.0, 56.0]
    checked_night = 0
    for _ in range(10):
        ids, work, crisis = m.fam.family_id.copy(), m.fam.work.copy(), m.fam.crisis_left.copy()
        m.step()
        w, f, p = m.last_week, m.fam, m.p
        for family in m.agents_by_type[Family]:
            r = family.row
            if f.family_id[r] != ids[r]:
                continue  # a new referral took this slot at this week's panel
            tier = int(f.tier[r])
            if tier == 2:
                shares = [b / 168.0 for b in bands]
            else:
                name = ("personal_care", "clinical")[tier]
                eve, night = p[f"shift.evening_share_{name}"], p[f"shift.night_share_{name}"]
                shares = [1.0 - eve - night, eve, night]
            room = _fit([f.need[r] * s for s in shares], bands)
            for hours, cover in (
                (w.pa[r], p["shift.pa_night_cover"]),
                (w.provider[r], p["shift.provider_night_cover"]),
                (w.agency[r], p["shift.agency_night_cover"]),
            ):
                got = _spread(hours, room, cover)
                room = [x - g for x, g in zip(room, got, strict=True)]
            able = 1.0 - m.crisis_loss * (crisis[r] > 0)
            waking = max(0.0, m.carer_hours[r] * able - work[r])
            network = min(max(room[0], 0.0), f.network_hours[r])
            rest = max(room[0], 0.0) + max(room[1], 0.0) - network
            missed = min(max(rest - waking, 0.0), p["family.work_flex_share"] * work[r])
            parents_day = min(rest, waking + missed)
            night_need = max(room[2], 0.0)
            parents_night = min(night_need, f.carers[r] * p["shift.parent_night_hours"] * able)
            assert abs(w.network[r] - network) < 1e-6, family
            assert abs(w.parent_night[r] - parents_night) < 1e-6, family
            assert abs(w.family[r] - (network + parents_day + parents_night)) < 1e-6, family
            assert abs(w.unmet_night[r] - (night_need - parents_night)) < 1e-6, family
            assert abs(w.unmet[r] - (rest - parents_day + night_need - parents_night)) < 1e-6
            checked_night += parents_night > 0
    assert checked_night > 0
