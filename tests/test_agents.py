"""The Mesa vocabulary: agents by type, views that follow the model's state."""

from __future__ import annotations

from sim.model import PHBModel
from sim.model.agents import Family, ICBBudgetHolder, LabourMarket, PersonalAssistant
from tests.conftest import small


def test_agent_sets_by_type_and_views():
    model = PHBModel(
        small(
            n_families=200,
            weeks=10,
            n_icbs=2,
            arrangement__shares={
                "commissioned": 0.2,
                "notional": 0.2,
                "third_party": 0.1,
                "direct_payment": 0.5,
            },
        ),
        rng=3,
    )
    by_type = model.agents_by_type
    assert len(by_type[Family]) == 200
    assert len(by_type[ICBBudgetHolder]) == 2 and len(by_type[LabourMarket]) == 2
    assert len(by_type[PersonalAssistant]) == int(model.pas.active.sum()) > 0
    model.run(10)
    assert len(model.agents_by_type[Family]) == 200
    assert len(model.agents_by_type[PersonalAssistant]) == int(model.pas.active.sum())
    employers = [f for f in model.agents_by_type[Family] if f.personal_assistants]
    assert employers and all(f.arrangement in ("third_party", "direct_payment") for f in employers)
    family = employers[0]
    assert family.strain == model.fam.strain[family.row]
    pa = family.personal_assistants[0]
    assert pa.employer is family and pa.contract_hours > 0
    assert family in family.icb.families
    assert "Family(" in repr(family) and "PersonalAssistant(" in repr(pa)


def test_kept_agents_describe_the_same_household_and_pa_after_exits_and_turnover():
    """Rows and PA slots are reused; a kept agent must still describe its own household or
    PA (the bug: a kept Family read its row's next occupant after an exit at 25)."""
    model = PHBModel(
        small(
            n_families=150,
            weeks=110,
            arrangement__shares={
                "commissioned": 0.0,
                "notional": 0.0,
                "third_party": 0.5,
                "direct_payment": 0.5,
            },
        ),
        rng=11,
    )
    families = list(model.agents_by_type[Family])
    pas = list(model.agents_by_type[PersonalAssistant])
    ages = {f: f.age for f in families}
    tenures = {pa: pa.tenure_weeks for pa in pas}
    employers = {pa: pa.employer for pa in pas}
    weeks = 104
    model.run(weeks)

    age_max = model.p["population.age_max"]
    gone = [f for f in families if f.left]
    stayed = [f for f in families if not f.left]
    assert gone and stayed  # exits happened within the run
    live = set(model.agents_by_type[Family])
    for f in stayed:
        assert f in live
        assert abs(f.age - (ages[f] + weeks / 52.0)) < 1e-6
    for f in gone:
        assert f not in live and f.personal_assistants == []
        assert f.age >= age_max and 0 < f.left_week <= weeks
        # Households leaving in the same week share one final copy: each reads its own row.
        assert int(f._get("family_id")) == f.family_id
        assert abs(f.age - (ages[f] + f.left_week / 52.0)) < 1e-6
        newcomer = model.family_agents[f.row]
        assert newcomer is not f
        assert newcomer.unique_id != f.unique_id and newcomer.family_id != f.family_id
    assert "left in model week" in repr(gone[0])

    live_pas = set(model.agents_by_type[PersonalAssistant])
    left_pas = [pa for pa in pas if pa.left]
    assert left_pas and len(left_pas) < len(pas)  # turnover, with some PAs still in post
    for pa in pas:
        assert pa.employer is employers[pa]
        if pa.left:
            assert pa not in live_pas and pa.tenure_weeks <= tenures[pa] + weeks
            assert pa not in pa.employer.personal_assistants
        else:
            assert pa in live_pas and pa.tenure_weeks == tenures[pa] + weeks
            assert pa in pa.employer.personal_assistants
    reused = [pa for pa in left_pas if model.pa_agents[pa.slot] is not None]
    assert reused and all(model.pa_agents[pa.slot] is not pa for pa in reused)

    final = [(f.age, f.strain, f.budget_balance, f.arrangement) for f in gone]
    final_pas = [(pa.tenure_weeks, pa.trained, pa.contract_hours) for pa in left_pas]
    model.run(4)
    assert [(f.age, f.strain, f.budget_balance, f.arrangement) for f in gone] == final
    assert [(pa.tenure_weeks, pa.trained, pa.contract_hours) for pa in left_pas] == final_pas
