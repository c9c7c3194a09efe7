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
MODELS = [FundingAgreement, PaymentSchedule, Consultation, ConsultationResponse, Decision, Feedback, ImpactAssessment,
          ShortenedPeriodConsent]


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
    assert admin_client.get(reverse(f"admin:consultations_{model._meta.model_name}_change", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"admin:consultations_{model._meta.model_name}_history", args=[obj.pk])).status_code == 200


def test_agreements_with_late_payments_are_counted_and_filtered(records, admin_client, council, vcs_organisation):
    FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Paid up")
    url = reverse("admin:consultations_fundingagreement_changelist")
    response = admin_client.get(url + "?payments=late")
    assert [a.title for a in response.context["cl"].result_list] == ["Transport"]
    assert response.context["cl"].result_list[0].late_count == 1


def test_consultation_change_page_shows_compliance_flags(admin_client, council, vcs_organisation):
    consultation = ConsultationFactory(owner=council, status="open", closes_on=date(2026, 4, 6), affected=[vcs_organisation])
    page = admin_client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk])).content.decode()
    assert "Consultation period shortened without the consent" in page


def test_an_admin_edit_stops_an_officer_overwriting_it(admin_client, draft):
    url = reverse("admin:consultations_consultation_change", args=[draft.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data.update({"title": "Board's title", "affected_organisations": [o.pk for o in draft.affected_organisations.all()],
                 "affected_agreements": [], "opens_on": "2026-02-02", "closes_on": "2026-04-27"})
    for prefix in ["consents", "impact_assessment", "feedback", "responses"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Consultation.objects.get(pk=draft.pk).version == draft.version + 1
