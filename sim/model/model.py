"""PHBModel: the Mesa model. Its ``step`` is the week of the model brief, in order.

State is held in arrays (sim.model.families.FamilyState, sim.model.workforce.PAPool,
per-area arrays);
the Mesa agents (sim.model.agents) read them, one agent per household or PA for its life in
the model, kept in AgentSets by type.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.model import derived, icb, shifts
from sim.model.agents import (
    Family,
    ICBBudgetHolder,
    LabourMarket,
    PersonalAssistant,
    leave_together,
)
from sim.model.care import family_week, team_counts
from sim.model.families import (
    FamilyState,
    draw_families,
    funded_share,
    tier_constants,
)
from sim.model.market import LabourMarkets
from sim.model.recorder import Recorder
from sim.model.settling import Settling
from sim.model.streams import Streams
from sim.model.workforce import PAPool, hire, pa_week
from sim.scenario import Scenario
from sim.scenario.areas import area_values

# Per-family arrays: those copied from the (area, arrangement, tier) table
# (sim.model.derived.COPIED; the flags among them are boolean), those derived from the
# household (see refresh_derived), and the week's plan (see sim.model.icb.allocate).
PER_FAMILY = (
    *derived.COPIED_FLOAT,
    "funded_full",
    "inv_need",
    "non_clinical",
    "capability",
    "access",
    "hire_factor",
    "admin_mult",
    "carer_hours",
    "night_hours",
    "inv_night_need",
    "inv_comfort",
    "recovery",
    "unmet_admission_effect",
    "funded",
    "plan",
    "pa_plan",
    "team_target",
    "pa_contract",
    "vacancies",
    "provider_plan",
    "interim_want",
    "active_control",
)


class PHBModel(mesa.Model):
    """Families of children with complex needs, their PAs, local labour markets and ICBs.

    ``PHBModel(scenario, rng=seed)`` builds the population; ``step()`` runs one week;
    ``run()`` runs ``population.weeks`` weeks. Keyword arguments override parameters by
    their dotted name with dots as double underscores, e.g. ``population__n_families=200``.
    """

    def __init__(
        self, scenario: Scenario | None = None, *, rng: Any = None, **overrides: Any
    ) -> None:
        super().__init__(rng=rng)
        self.streams = Streams.spawn(self.rng)
        scenario = scenario or Scenario()
        if overrides:
            scenario = scenario.with_params({k.replace("__", "."): v for k, v in overrides.items()})
        self.config = scenario  # (Mesa reserves `scenario` for its own experimental Scenario)
        self.p = p = scenario.params
        n, self.n_areas = int(p["population.n_families"]), int(p["population.n_icbs"])
        self.area = area_values(p, self.n_areas, scenario.areas, scenario.area_sampling, self.rng)
        area_of = np.arange(n) % self.n_areas
        self.fp = {name: values[area_of] for name, values in self.area.items()}
        self.steps_done = 0
        self.plan_stale, self.gaps_open = True, False  # see sim.model.icb.allocate
        self.family_version = 0  # bumped when households are redrawn (quintile caches)
        # Bumped whenever a family is drawn or changes arrangement (sim.model.derived.refresh),
        # so what follows the arrangement can be kept between those events.
        self.derived_version = 0
        self._next_id = 0
        self.hires_total = self.leavers_total = 0
        self.approved_waits: list[np.ndarray] = []
        self.icb_spend_year = np.zeros(self.n_areas)
        self.icb_envelope_year = np.zeros(self.n_areas)
        self.week_icb_extra = np.zeros(n)
        self.week_budget_extra = np.zeros(n)
        self.leavers_by_family = np.zeros(n)
        self._init_per_family(n)

        self.fam = FamilyState.empty(n)
        self.fam.icb[:] = area_of
        self.pas = PAPool.empty(max(16, n // 2))
        self.family_agents: list[Family | None] = [None] * n
        self.pa_agents: list[PersonalAssistant | None] = [None] * len(self.pas.active)
        self.icbs = [ICBBudgetHolder(self, a) for a in range(self.n_areas)]
        self.labour_markets = [LabourMarket(self, a) for a in range(self.n_areas)]

        rows = np.arange(n)
        caseload = p["population.initial_state"] == "caseload"
        draw_families(self, rows, self.rng, initial=caseload)
        adults = np.flatnonzero(self.fam.age >= icb.TRANSITION_AGE)
        weeks_adult = ((self.fam.age[adults] - icb.TRANSITION_AGE) * 52.0).astype(np.int64)
        icb.transition(self, adults, weeks_adult)
        self.refresh_derived(rows)
        self.attach_family_agents(rows)
        if caseload:
            icb.allocate(self)  # the caseload's plans and PA team targets
        self.markets = LabourMarkets.start(self)
        self.recorder = Recorder(self)
        if not caseload:
            self.fam.wait_left[:] = icb.approval_weeks(self, rows)
            self.burn_in = 0  # a referral cohort is observed from its first week
        else:
            self._start_teams()
            self.burn_in = int(p["population.burn_in_weeks"])
        # The starting caseload's years before the model began (sim.model.settling): paid
        # work, strain and hand-backs, settled halfway through the burn-in from what the
        # model measured until then. Only a burn-in settles: a run without one (a referral
        # cohort, or a caseload observed from its first week) starts as drawn.
        self.settling = Settling(
            self, self._package_weeks(rows) if caseload else np.zeros(n, np.int64)
        )
        self.datacollector = mesa.DataCollector(
            model_reporters={
                # (count_nonzero: the same counts as summing the flags, at a fraction of
                # a reduction's overhead; these run every recorded week)
                "families_waiting": lambda m: int(np.count_nonzero(m.fam.wait_left > 0)),
                "pas_employed": lambda m: int(np.count_nonzero(m.pas.active)),
                "pa_candidates": lambda m: int(m.markets.candidates.sum()),
                "mean_strain": lambda m: float(m.fam.strain.mean()),
            }
        )

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week, in the order of the model brief."""
        self.week_icb_extra[:] = 0.0
        self.week_budget_extra[:] = 0.0
        # 1. ICBs: referrals (and the transition at 18), approvals, reviews, budgets.
        icb.age_and_transition(self)
        icb.approve(self)
        icb.review(self)
        icb.allocate(self)
        # 2. Labour market: candidates arrive and leave; providers and agencies staff up.
        self.markets.step(self)
        # 3. PAs: sickness and holidays, leaving, training.
        pa_week(self)
        # 4. Families: recruit, roster, cover gaps, paperwork, strain and work, risks, spending.
        week = self.last_week = family_week(self)
        if self.settling.measuring(self):
            self.settling.end_of_week(self)
        # 5. Data collection (after the burn-in).
        if self.recording:
            self.recorder.collect(self, week)
            self.datacollector.collect(self)
        self.steps_done += 1
        if self.steps_done == self.burn_in:
            self._start_recording()

    def run(self, weeks: int | None = None) -> PHBModel:
        """Run the burn-in (if not yet done) and then ``weeks`` recorded weeks (default
        ``population.weeks``)."""
        todo = int(self.p["population.weeks"] if weeks is None else weeks)
        for _ in range(max(0, self.burn_in - self.steps_done) + todo):
            self.step()
        return self

    @property
    def recording(self) -> bool:
        """Whether this week's outputs are recorded (the burn-in is over)."""
        return self.steps_done >= self.burn_in

    @property
    def weeks_recorded(self) -> int:
        return max(0, self.steps_done - self.burn_in)

    def _start_recording(self) -> None:
        """End of the burn-in: what happened before is not reported. Counters restart, the
        budget ledger restarts from the balance held (so allocated + topped up = spent +
        unspent still holds), and 'cut work' / 'handed back' describe the state families are
        in now."""
        f = self.fam
        self.recorder = Recorder(self)
        self.family_version += 1
        self.hires_total = self.leavers_total = 0
        self.approved_waits = []
        self.leavers_by_family[:] = 0
        f.allocated[:] = f.balance
        f.spent[:] = 0.0
        f.clawed[:] = 0.0
        f.topped_up[:] = 0.0
        f.cut_work[:] = f.work < f.work0
        f.handed_back[:] = False

    # ------------------------------------------------------------------ derived per-family values
    def _init_per_family(self, n: int) -> None:
        # The constants copied from the (area, arrangement, tier) table are views of the
        # rows of one block, which sim.model.derived.refresh fills in one operation.
        self.copied_block = np.zeros((len(derived.COPIED_FLOAT), n))
        for name, row in zip(derived.COPIED_FLOAT, self.copied_block, strict=True):
            setattr(self, name, row)
        for name in PER_FAMILY[len(derived.COPIED_FLOAT) :]:
            setattr(self, name, np.zeros(n))
        self.need_band = np.zeros((3, n))
        self.need_shares = shifts.need_shares(self.p)
        for name in derived.FLAGS:
            setattr(self, name, np.zeros(n, dtype=bool))
        self.active = np.zeros(n, dtype=bool)
        self.cover_access = np.zeros(n)
        self.provider_cell = np.zeros(n, dtype=np.int64)
        self.review_due = np.zeros(n, dtype=bool)
        self.assessed_now = np.zeros(n, dtype=bool)
        fp, p = self.fp, self.p
        # Constants of an area's families that do not depend on the household.
        self.interim_share = fp["icb.interim_cover_share"]
        self.needs_based = fp["icb.budget_method"] > 0
        self.agency_rate = fp["icb.agency_rate"]
        self.any_contingency = bool(np.any(fp["support.contingency_cover"] > 0))
        self.crisis_loss = p["risk.crisis_capacity_loss"]
        self.agency_familiarity = fp["market.agency_familiarity"]
        self.fill_spread = fp["market.provider_fill_spread"]
        heavy = fp["icb.approval_regime"] > 0
        self.admin_review = p["admin.review_hours"] * np.where(
            heavy, fp["icb.heavy_review_admin_factor"], 1.0
        )
        self.review_disruption = heavy * fp["icb.review_disruption_share"]
        self.any_disruption = bool(self.review_disruption.any())
        self.admin_base = p["admin.coordination_hours"]
        self.inv_contract_hours = 1.0 / fp["pa.contract_hours"]
        self.envelope_factor = 1.0 + self.area["icb.envelope_headroom"]
        self.tier_means = tier_constants(self)[1]

    def refresh_derived(self, rows: np.ndarray) -> None:
        """Recompute the per-family constants of ``rows`` (sim.model.derived)."""
        derived.refresh(self, rows)

    def set_funded(self, rows: np.ndarray) -> None:
        """Funded hours (before the post-18 and overspend factors) from the last assessment.

        A needs-based budget is set from the family's own assessed need; an hours-times-rate
        budget from the band of its tier (the tier's mean need at the assessed age: a
        resource allocation system scores the tier, not the family's own hours), so within a
        tier families with more need than the band are under-funded and others over-funded.
        """
        f, fp = self.fam, self.fp
        band = self.tier_means[f.tier[rows]] * f.assessed_need[rows] / f.base_need[rows]
        basis = np.where(self.needs_based[rows], f.assessed_need[rows], band)
        self.funded_full[rows] = np.minimum(basis, 168.0) * funded_share(fp, f.tier[rows], rows)

    def need_derived(self, rows: np.ndarray | slice) -> None:
        """Values that follow the need (its inverse, need by time of day and the inverse of
        night need): call whenever the need of ``rows`` changes (``slice(None)``: everyone,
        without building an index)."""
        f = self.fam
        need = f.need[rows]
        self.inv_need[rows] = 1.0 / need
        self.need_band[:, rows] = shifts.split_need(need, self.need_shares[f.tier[rows]])
        night = self.need_band[shifts.NIGHT, rows]
        # 1 / night need, 0 without night need (a flag over the floored need: the same
        # numbers as a masked division, without one).
        self.inv_night_need[rows] = (night > 1e-9) / np.maximum(night, 1e-9)

    def _start_teams(self) -> None:
        """The starting caseload has been running: each PA post is filled with the chance
        its area's market can keep it filled (sim.model.market_start), with tenures drawn
        from the leaving hazard. No PA has worked for a family longer than the family has
        had its package (its time in the model since referral, less the approval wait)."""
        employers = np.flatnonzero(self.team_target > 0)
        if len(employers) == 0:
            return
        counts = self.rng.binomial(
            self.team_target[employers].astype(np.int64),
            self.markets.stationary.pa_fill[employers],
        )
        for k in range(int(counts.max())):
            hire(self, employers[counts > k])
        self.as_long_serving(np.flatnonzero(self.pas.active))
        # The open posts the first week's market reads (recruitment sets them from then on).
        self.vacancies = team_counts(self)[2]
        self.hires_total = 0
        self.plan_stale = True
        self.week_icb_extra[:] = 0.0
        self.week_budget_extra[:] = 0.0

    def as_long_serving(self, slots: np.ndarray) -> None:
        """PAs in ``slots`` have worked for their family a while (a start, or its settling):
        tenures drawn from the leaving hazard, no longer than the family has had its
        package, and trained where the care is clinical."""
        fam = self.pas.fam[slots]
        hazard = np.clip(self.pa_base_hazard[fam], 1e-6, 1.0)
        self.pas.tenure[slots] = np.minimum(
            self.rng.geometric(hazard) - 1, self._package_weeks(fam)
        )
        self.pas.trained[slots] = self.fam.clinical_share[fam] > 0
        self.pas.train_left[slots] = 0.0

    def _package_weeks(self, rows: np.ndarray) -> np.ndarray:
        """Weeks a starting family has had its package: its time since referral, less the
        approval wait."""
        f = self.fam
        weeks = ((f.age[rows] - f.entry_age[rows]) * 52.0).astype(np.int64)
        return np.maximum(0, weeks - icb.approval_weeks(self, rows))

    # ------------------------------------------------------------- agents of households and PAs
    def next_family_ids(self, k: int) -> np.ndarray:
        ids = np.arange(self._next_id, self._next_id + k)
        self._next_id += k
        return ids

    def attach_family_agents(self, rows: np.ndarray) -> None:
        _attach(self, self.family_agents, Family, rows)

    def detach_family_agents(self, rows: np.ndarray) -> None:
        _detach(self.family_agents, rows)

    def attach_pa_agents(self, slots: np.ndarray) -> None:
        if len(self.pa_agents) < len(self.pas.active):
            self.pa_agents.extend([None] * (len(self.pas.active) - len(self.pa_agents)))
        _attach(self, self.pa_agents, PersonalAssistant, slots)

    def detach_pa_agents(self, slots: np.ndarray) -> None:
        _detach(self.pa_agents, slots)


def _attach(model: PHBModel, views: list, kind: type, indices: np.ndarray) -> None:
    """Create a new Mesa agent, with a new id, for each newcomer's row or slot (rare events:
    hires, referrals)."""
    for i in indices:
        views[i] = kind(model, int(i))


def _detach(views: list, indices: np.ndarray) -> None:
    """The agents of rows or slots whose household or PA is leaving keep their final state
    and leave the model (sim.model.agents); the row or slot is then free for a newcomer."""
    leaving = []
    for i in indices:
        if views[i] is not None:
            leaving.append(views[i])
            views[i] = None
    leave_together(leaving)
