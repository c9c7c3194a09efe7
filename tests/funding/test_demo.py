"""The demo compact shows grant rounds, awards, an improvement plan and the forward plan."""

from consultations import compliance
from consultations.models import Consultation, PlannedConsultation
from funding import demo, open_data, selectors
from funding.models import GrantRound, ImprovementPlan
from tools import demo as portal_demo
from undertakings.models import Compact


def test_the_demo_shows_a_decided_round_an_open_round_and_the_forward_plan_twice_safely(db, clock):
    portal_demo.load("demo-password-123")
    compact = Compact.objects.get(name="The Riverside Compact")
    demo.load(compact)
    assert GrantRound.objects.filter(status="decided").count() == 1
    assert GrantRound.objects.get(status="open").accepts_applications()
    assert len(open_data.package()["grants"]) == 2
    assert ImprovementPlan.objects.count() == 1
    assert PlannedConsultation.objects.count() == 4
    consultation = Consultation.objects.get(title="Reducing the community transport grant")
    assert compliance.NOT_ON_FORWARD_PLAN not in {f.code for f in compliance.flags(consultation)}
    facts = selectors.annual_facts(compact, 2026)  # the awards were decided in January 2026
    assert facts["equality"][0]["count"] == 1
