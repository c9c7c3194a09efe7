"""The demo: an open funding-reduction consultation and a funding agreement with a late payment."""

import pytest

from consultations import demo
from consultations.models import Consultation, FundingAgreement
from tools import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_an_open_consultation_and_a_late_payment_twice_safely(clock):
    portal_demo.load("demo-password-123")
    from undertakings.models import Compact

    compact = Compact.objects.get(name="The Riverside Compact")
    first = demo.load(compact)
    again = demo.load(compact)
    assert first.pk == again.pk and Consultation.objects.count() == 1
    assert (first.status, first.kind, first.owner.name) == ("open", "funding_reduction", "Riverside Borough Council")
    assert [o.name for o in first.affected_organisations.all()] == ["Riverside Community Action"]
    agreement = FundingAgreement.objects.get(title=demo.AGREEMENT_TITLE)
    assert agreement.is_three_year
    assert sum(1 for payment in agreement.payments.all() if payment.is_late) == 1
    assert first.affected_agreements.get() == agreement
