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
