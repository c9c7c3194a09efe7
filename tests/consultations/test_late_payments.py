"""A late payment is decided in one place (consultations.models.late_payment): the model, the
admin's filter and count, and the annual review's count give the same answer on the edge cases."""

from datetime import date

import pytest
import time_machine

from consultations.models import FundingAgreement, PaymentSchedule, late_payment

from .factories import FundingAgreementFactory, PaymentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def payments():
    agreement = FundingAgreementFactory()
    return {
        "paid late": PaymentFactory(agreement=agreement, due_on=date(2026, 1, 1), paid_on=date(2026, 1, 15)),
        "unpaid, overdue": PaymentFactory(agreement=agreement, due_on=date(2026, 3, 1)),
        "due today": PaymentFactory(agreement=agreement, due_on=TODAY),
        "paid on the day": PaymentFactory(agreement=agreement, due_on=date(2026, 2, 1), paid_on=date(2026, 2, 1)),
        "not yet due": PaymentFactory(agreement=agreement, due_on=date(2026, 4, 1)),
    }


def test_a_payment_paid_late_is_late_and_one_due_today_is_not_yet(payments):
    with time_machine.travel(TODAY, tick=False):
        by_model = {name for name, payment in payments.items() if payment.is_late}
        by_query = {
            name
            for name, payment in payments.items()
            if PaymentSchedule.objects.filter(late_payment(TODAY), pk=payment.pk).exists()
        }
    assert by_model == by_query == {"paid late", "unpaid, overdue"}
    assert PaymentSchedule.objects.late(TODAY).count() == 2


def test_the_admin_counts_and_filters_late_payments_by_the_same_rule(payments, client, superuser):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(superuser)
        response = client.get("/admin/consultations/fundingagreement/?payments=late")
    assert [a.late_count for a in response.context["cl"].result_list] == [2]
    assert FundingAgreement.objects.filter(late_payment(TODAY, prefix="payments__")).distinct().count() == 1
