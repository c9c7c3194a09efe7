"""VCS organisations respond with attachments, see their own responses, read their funding
agreements; attachments are served only after a permission check."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.models import ConsultationResponse
from tests import factories as base

from . import files
from .conftest import at
from .factories import FundingAgreementFactory, PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_consultation(draft, journey):
    journey.launch(draft)
    return draft


def question(consultation, name):
    return reverse("consultations:respond_question", args=[consultation.pk, name])


def respond(client, consultation, **data):
    """Answer the question pages as the browser does and send the response from the check page:
    the page that refuses an answer, or the check page's answer. The one organisation someone
    belongs to is not asked."""
    data.pop("organisation", None)
    response = client.post(question(consultation, "response"), {"text": data.get("text", "We object.")})
    if response.status_code != 302:
        return response
    sent = {"attachment": data["attachment"]} if "attachment" in data else {}
    response = client.post(question(consultation, "document"), sent)
    if response.status_code != 302:
        return response
    return client.post(reverse("consultations:respond_check", args=[consultation.pk]))


def test_member_responds_with_an_attachment_and_sees_their_response(
    client, open_consultation, vcs_member, vcs_organisation, settings
):
    client.force_login(vcs_member)
    assert client.get(reverse("consultations:respond", args=[open_consultation.pk]))["Location"] == question(
        open_consultation, "response"
    )
    assert client.get(question(open_consultation, "document"))["Location"] == question(open_consultation, "response")
    client.post(question(open_consultation, "response"), {"text": "We object."})
    page = client.get(question(open_consultation, "document")).content.decode()
    assert 'enctype="multipart/form-data"' in page and "smaller than 10MB" in page
    assert "govuk-file-upload" in page and "Upload a document (optional)" in page
    response = respond(
        client,
        open_consultation,
        organisation=vcs_organisation.pk,
        attachment=SimpleUploadedFile("our views.pdf", files.PDF, "application/pdf"),
    )
    saved = ConsultationResponse.objects.get()
    assert response.url == reverse("consultations:respond_done", args=[open_consultation.pk])
    assert saved.attachment.name.endswith(".pdf") and "our views" not in saved.attachment.name
    assert (settings.MEDIA_ROOT / saved.attachment.name).exists()
    assert str(settings.MEDIA_ROOT) not in str(settings.STATIC_ROOT)
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "We object." in page and "our views.pdf" in page

    download = client.get(reverse("consultations:attachment", args=[saved.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == files.PDF


def test_a_pdf_named_html_file_is_refused_and_the_text_is_kept(client, open_consultation, vcs_member):
    client.force_login(vcs_member)
    response = respond(
        client,
        open_consultation,
        text="Our careful response",
        attachment=SimpleUploadedFile("report.pdf", files.HTML, "application/pdf"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The selected file must be a PDF, Word document (DOCX)" in page
    assert "Our careful response" in client.get(question(open_consultation, "response")).content.decode()
    assert not ConsultationResponse.objects.exists()


def test_an_oversized_attachment_is_refused(client, open_consultation, vcs_member, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    client.force_login(vcs_member)
    response = respond(client, open_consultation, attachment=SimpleUploadedFile("big.pdf", files.PDF + b" " * 2000))
    assert "The selected file must be smaller than 1KB" in response.content.decode()
    assert not ConsultationResponse.objects.exists()


def test_an_empty_response_is_refused(client, open_consultation, vcs_member):
    client.force_login(vcs_member)
    response = respond(client, open_consultation, text="")
    assert "Enter your organisation’s response" in response.content.decode()


def test_changing_a_response_keeps_the_attachment_unless_replaced(client, open_consultation, vcs_member):
    client.force_login(vcs_member)
    respond(client, open_consultation, attachment=SimpleUploadedFile("a.txt", files.TEXT, "text/plain"))
    page = client.get(question(open_consultation, "response")).content.decode()
    assert "We object." in page
    client.post(question(open_consultation, "response"), {"text": "We object."})
    assert "Leave empty to keep a.txt" in client.get(question(open_consultation, "document")).content.decode()
    respond(client, open_consultation, text="Changed our minds.")
    saved = ConsultationResponse.objects.get()
    assert (saved.text, saved.attachment_name) == ("Changed our minds.", "a.txt")


def test_responses_are_refused_after_the_consultation_closes(client, open_consultation, vcs_member, clock):
    clock.move_to(at(date(2026, 4, 28)))
    client.force_login(vcs_member)
    page = client.get(reverse("consultations:respond", args=[open_consultation.pk]), follow=True).content.decode()
    assert "This consultation is not open for responses." in page
    respond(client, open_consultation)
    assert not ConsultationResponse.objects.exists()


def test_officers_and_the_public_cannot_respond(client, open_consultation, officer):
    assert respond(client, open_consultation).status_code == 302  # to sign in
    client.force_login(officer)
    assert client.get(reverse("consultations:respond", args=[open_consultation.pk])).status_code == 404


def test_other_organisations_cannot_see_a_response_or_its_attachment(
    client, open_consultation, vcs_member, other_vcs_organisation, officer, other_officer
):
    client.force_login(vcs_member)
    respond(client, open_consultation, attachment=SimpleUploadedFile("a.txt", files.TEXT, "text/plain"))
    saved = ConsultationResponse.objects.get()
    outsider = base.MembershipFactory(organisation=other_vcs_organisation).user
    for user, status in [(outsider, 404), (other_officer, 404), (officer, 200)]:
        client.force_login(user)
        assert client.get(saved.get_absolute_url()).status_code == status
        assert client.get(reverse("consultations:attachment", args=[saved.pk])).status_code == status
    client.logout()
    assert client.get(reverse("consultations:attachment", args=[saved.pk])).status_code == 302


def test_uploads_are_not_served_from_a_public_url(client, open_consultation, vcs_member):
    client.force_login(vcs_member)
    respond(client, open_consultation, attachment=SimpleUploadedFile("a.txt", files.TEXT, "text/plain"))
    saved = ConsultationResponse.objects.get()
    client.logout()
    assert client.get("/" + saved.attachment.name).status_code == 404
    assert client.get("/media/" + saved.attachment.name).status_code == 404


def test_my_consultations_for_a_vcs_member(client, open_consultation, vcs_member, agreement):
    client.force_login(vcs_member)
    respond(client, open_consultation)
    page = client.get(reverse("consultations:mine")).content.decode()
    assert "Consultations affecting your organisations" in page and open_consultation.title in page
    assert "Your organisations’ responses" in page
    assert agreement.title in page
    assert "Start a consultation" not in page


def test_funding_agreement_page_shows_late_payments_to_the_two_parties(
    client, council, vcs_organisation, vcs_member, officer, other_vcs_organisation
):
    agreement = FundingAgreementFactory(
        funder=council, recipient=vcs_organisation, title="Transport", payment_timing="arrears"
    )
    PaymentFactory(agreement=agreement, due_on=date(2026, 1, 1), paid_on=date(2026, 1, 1))
    PaymentFactory(agreement=agreement, due_on=date(2026, 1, 15))
    client.force_login(vcs_member)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "1 payment was late" in page and "18 days late" in page
    assert "3 years" in page and "The Compact prefers payment in advance where possible." in page
    client.force_login(officer)
    assert client.get(agreement.get_absolute_url()).status_code == 200
    client.force_login(base.MembershipFactory(organisation=other_vcs_organisation).user)
    assert client.get(agreement.get_absolute_url()).status_code == 404


def test_an_attachment_on_the_object_store_is_fetched_through_a_signed_address(
    client, open_consultation, vcs_member, vcs_organisation, object_store
):
    import requests
    from django.core.files.storage import default_storage

    client.force_login(vcs_member)
    respond(
        client,
        open_consultation,
        organisation=vcs_organisation.pk,
        attachment=SimpleUploadedFile("our views.pdf", files.PDF, "application/pdf"),
    )
    saved = ConsultationResponse.objects.get()
    assert default_storage.exists(saved.attachment.name)
    download = client.get(reverse("consultations:attachment", args=[saved.pk]))
    assert download.status_code == 302 and download["Location"].startswith(object_store["endpoint"])
    fetched = requests.get(download["Location"], timeout=10)
    assert fetched.content == files.PDF
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="our views.pdf"'


def test_every_response_and_every_change_gets_a_receipt(
    client, open_consultation, vcs_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(vcs_member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        respond(client, open_consultation)
    with django_capture_on_commit_callbacks(execute=True):
        respond(client, open_consultation, text="Changed our minds.")
    receipts = [m for m in mailoutbox if "has been received" in m.subject]
    assert [m.subject for m in receipts] == [
        f"Your response has been received: {open_consultation.title}",
        f"Your changed response has been received: {open_consultation.title}",
    ]
    assert all(m.to == [vcs_member.email] for m in receipts)
    assert "What happens next" in receipts[0].body and "27 April 2026" in receipts[0].body
    assert "127.0.0.1" not in receipts[0].subject


def test_the_check_page_shows_the_response_and_changes_return_to_it(
    client, open_consultation, vcs_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(vcs_member)
    client.post(question(open_consultation, "response"), {"text": "We object."})
    client.post(question(open_consultation, "document"), {"attachment": SimpleUploadedFile("a.txt", files.TEXT)})
    check = reverse("consultations:respond_check", args=[open_consultation.pk])
    html = client.get(check).content.decode()
    assert "Check your answers" in html and "We object." in html and "a.txt" in html
    assert f'href="{question(open_consultation, "response")}?next=check#' in html
    assert not ConsultationResponse.objects.exists()
    response = client.post(question(open_consultation, "response") + "?next=check", {"text": "We object strongly."})
    assert response["Location"] == check
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(check)["Location"] == reverse("consultations:respond_done", args=[open_consultation.pk])
    saved = ConsultationResponse.objects.get()
    assert (saved.text, saved.attachment_name) == ("We object strongly.", "a.txt")
    done = client.get(reverse("consultations:respond_done", args=[open_consultation.pk])).content.decode()
    assert "Response sent" in done and "We have sent you a receipt by email" in done and "What happens next" in done
    assert [m.to for m in mailoutbox if "has been received" in m.subject] == [[vcs_member.email]]
    client.post(check)
    assert ConsultationResponse.objects.count() == 1 and len(mailoutbox) == 1


def test_someone_in_two_organisations_is_asked_which_they_respond_for(
    client, open_consultation, vcs_member, vcs_organisation, compact
):
    second = base.OrganisationFactory(compact=compact, name="Second Signatory", status="signed", sector="vcs")
    base.MembershipFactory(organisation=second, user=vcs_member)
    client.force_login(vcs_member)
    first = client.get(reverse("consultations:respond", args=[open_consultation.pk]))["Location"]
    assert first == question(open_consultation, "organisation")
    assert "Second Signatory" in client.get(first).content.decode()
    client.post(first, {"organisation": second.pk})
    assert respond(client, open_consultation).status_code == 302
    assert ConsultationResponse.objects.get().organisation == second


def test_a_closed_consultation_refuses_every_page(client, open_consultation, vcs_member, clock):
    client.force_login(vcs_member)
    client.post(question(open_consultation, "response"), {"text": "We object."})
    client.post(question(open_consultation, "document"), {})
    clock.move_to(at(date(2026, 4, 28)))
    client.force_login(vcs_member)  # weeks later: a new session
    check = reverse("consultations:respond_check", args=[open_consultation.pk])
    for url in (check, question(open_consultation, "response"), question(open_consultation, "document")):
        assert "This consultation is not open for responses." in client.post(url, {"text": "Late"}).content.decode()
    assert not ConsultationResponse.objects.exists()
