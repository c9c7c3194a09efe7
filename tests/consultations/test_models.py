"""Facts the records know about themselves: late payments, agreement terms, what a party may be."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from consultations.models import Consultation, response_upload_to
from tests import factories as base

from .factories import ConsultationFactory, FundingAgreementFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def test_unpaid_payment_past_its_due_date_is_late():
    payment = PaymentFactory(due_on=date(2026, 1, 1))
    assert payment.is_late
    assert payment.days_late(date(2026, 2, 2)) == 32


def test_payment_made_after_its_due_date_was_late():
    payment = PaymentFactory(due_on=date(2026, 1, 1), paid_on=date(2026, 1, 15))
    assert payment.days_late() == 14 and payment.is_late


def test_payment_made_on_time_or_not_yet_due_is_not_late():
    assert not PaymentFactory(due_on=date(2026, 1, 1), paid_on=date(2025, 12, 20)).is_late
    assert not PaymentFactory(due_on=date(2026, 3, 1)).is_late
    assert not PaymentFactory(due_on=date(2026, 2, 2)).is_late


@pytest.mark.parametrize(
    "starts_on, ends_on, months, display, three_year",
    [
        (date(2025, 4, 1), date(2028, 3, 31), 36, "3 years", True),
        (date(2026, 2, 1), date(2026, 2, 27), 0, "0 months", False),
        # One month from 31 January is 28 February (workdays.add_months clamps), so this is a month.
        (date(2026, 1, 31), date(2026, 2, 27), 1, "1 month", False),
        (date(2025, 4, 1), date(2026, 9, 30), 18, "1 year and 6 months", False),
    ],
)
def test_agreement_term(starts_on, ends_on, months, display, three_year):
    agreement = FundingAgreementFactory.build(starts_on=starts_on, ends_on=ends_on)
    assert (agreement.term_months, agreement.term_display, agreement.is_three_year) == (months, display, three_year)


def test_agreement_is_from_a_public_body_to_a_vcs_organisation(compact):
    council = base.PublicBodyFactory(compact=compact)
    group = base.OrganisationFactory(compact=compact)
    with pytest.raises(ValidationError) as refused:
        FundingAgreementFactory.build(funder=group, recipient=council).full_clean()
    assert set(refused.value.message_dict) == {"funder", "recipient"}


def test_agreement_dates_and_amount_are_checked(compact):
    agreement = FundingAgreementFactory.build(starts_on=date(2026, 4, 1), ends_on=date(2026, 3, 1), amount=Decimal("0"))
    with pytest.raises(ValidationError) as refused:
        agreement.clean()
    assert refused.value.message_dict == {
        "ends_on": ["Enter an end date after the start date."],
        "amount": ["Enter an amount greater than £0."],
    }


def test_agreement_parties_share_a_compact(compact):
    elsewhere = base.OrganisationFactory()
    with pytest.raises(ValidationError) as refused:
        FundingAgreementFactory.build(funder=base.PublicBodyFactory(compact=compact), recipient=elsewhere).clean()
    assert "same Compact" in refused.value.message_dict["recipient"][0]


def test_attachments_get_a_random_name_under_the_consultation():
    consultation = ConsultationFactory()
    response = consultation.responses.model(consultation=consultation)
    name = response_upload_to(response, "response.pdf")
    assert name.startswith(f"consultations/{consultation.pk}/") and name.endswith(".pdf")
    assert name != response_upload_to(response, "response.pdf")


def test_requested_close_date_excludes_the_holiday_extension():
    consultation = Consultation(closes_on=date(2027, 2, 9), holiday_extension_days=15)
    assert consultation.requested_closes_on == date(2027, 1, 25)
