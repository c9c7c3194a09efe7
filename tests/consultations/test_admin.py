"""The board's admin pages for funding and consultations load, search, filter and keep history."""

from datetime import date

import pytest
from django.urls import reverse

from consultations.models import (
    Consultation,
    ConsultationResponse,
    Decision,
    Feedback,
    FundingAgreement,
    ImpactAssessment,
    PaymentSchedule,
    ShortenedPeriodConsent,
)

from .factories import ConsultationFactory, FundingAgreementFactory, PaymentFactory

pytestmark = pytest.mark.django_db
MODELS = [
    FundingAgreement,
    PaymentSchedule,
    Consultation,
    ConsultationResponse,
    Decision,
    Feedback,
    ImpactAssessment,
    ShortenedPeriodConsent,
]


@pytest.fixture
def admin_client(client, board_member):
    client.force_login(board_member)
    return client


@pytest.fixture
def records(draft, journey, council, vcs_organisation):
    journey.to_decided(draft)
    agreement = FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Transport")
    PaymentFactory(agreement=agreement, due_on=date(2026, 1, 1))
    return draft


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_board_member_opens_every_list_and_search(records, admin_client, model):
    url = reverse(f"admin:consultations_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url + "?q=transport").status_code == 200


@pytest.mark.parametrize("model", [FundingAgreement, Consultation, Decision], ids=lambda m: m.__name__)
def test_board_member_opens_change_and_history_pages(records, admin_client, model):
    obj = model.objects.first()
    assert (
        admin_client.get(reverse(f"admin:consultations_{model._meta.model_name}_change", args=[obj.pk])).status_code
        == 200
    )
    assert (
        admin_client.get(reverse(f"admin:consultations_{model._meta.model_name}_history", args=[obj.pk])).status_code
        == 200
    )


def test_agreements_with_late_payments_are_counted_and_filtered(records, admin_client, council, vcs_organisation):
    FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Paid up")
    url = reverse("admin:consultations_fundingagreement_changelist")
    response = admin_client.get(url + "?payments=late")
    assert [a.title for a in response.context["cl"].result_list] == ["Transport"]
    assert response.context["cl"].result_list[0].late_count == 1


def test_consultation_change_page_shows_compliance_flags(admin_client, council, vcs_organisation):
    consultation = ConsultationFactory(
        owner=council, status="open", closes_on=date(2026, 4, 6), affected=[vcs_organisation]
    )
    page = admin_client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk])).content.decode()
    assert "Consultation period shortened without the consent" in page


def test_the_admin_cannot_change_a_consultation_outside_its_lifecycle(admin_client, draft):
    """Dates, status and decisions are the lifecycle's: the admin shows them, even to a superuser."""
    url = reverse("admin:consultations_consultation_change", args=[draft.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="closes_on"' not in page.content.decode()
    response = admin_client.post(url, {"title": "Board's title", "closes_on": "2026-02-09"})
    assert response.status_code == 403
    assert Consultation.objects.get(pk=draft.pk).title == draft.title


@pytest.mark.parametrize("model", ["decision", "feedback", "impactassessment"])
def test_the_admin_cannot_add_what_the_lifecycle_records(admin_client, model):
    assert admin_client.get(reverse(f"admin:consultations_{model}_add")).status_code == 403
