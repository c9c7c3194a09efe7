"""Documents filed with a case: checked for size and for their real type from their first bytes
(never their name), stored under MEDIA_ROOT with a random name, served only through the
permission-checked view."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disputes import services
from disputes.validators import validate_attachment

from . import helpers

pytestmark = pytest.mark.django_db


def test_real_pdfs_and_images_are_accepted():
    assert validate_attachment(helpers.pdf()) == ("application/pdf", "pdf")
    assert validate_attachment(helpers.png()) == ("image/png", "png")


def test_the_type_comes_from_the_content_not_the_name():
    disguised = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a file type the portal accepts"):
        validate_attachment(disguised)
    plain = SimpleUploadedFile("notes.pdf", b"just some words", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Upload a PDF, Word"):
        validate_attachment(plain)
    # A PNG with a .pdf name is stored as what it is.
    assert validate_attachment(SimpleUploadedFile("scan.pdf", helpers.PNG)) == ("image/png", "png")


def test_files_over_the_size_limit_are_refused(settings):
    settings.MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("big.pdf", helpers.PDF + b"0" * 200)
    with pytest.raises(ValidationError, match="larger than"):
        validate_attachment(big)


def test_empty_files_are_refused():
    with pytest.raises(ValidationError, match="empty"):
        validate_attachment(SimpleUploadedFile("empty.pdf", b""))


def test_documents_are_stored_under_media_root_with_a_random_name(case, vcs_admin, settings):
    saved = services.add_attachments(case=case, by=vcs_admin, files=[helpers.png("Our secret plan.png")])[0]
    path = Path(saved.file.path)
    assert path.is_file() and Path(settings.MEDIA_ROOT) in path.parents
    assert "secret" not in path.name and path.suffix == ".png"
    assert saved.original_name == "Our secret plan.png" and saved.content_type == "image/png"


def test_only_the_parties_add_documents(case, board_member):
    with pytest.raises(ValidationError, match="Only the organisations in the case"):
        services.add_attachments(case=case, by=board_member, files=[helpers.png()])


def test_the_form_refuses_a_disguised_file_and_says_why(client, case, vcs_admin):
    client.force_login(vcs_admin)
    response = client.post(
        reverse("disputes:attachment_add", args=[case.pk]), {"files": [SimpleUploadedFile("report.pdf", b"plain text")]}
    )
    assert "report.pdf is not a file type the portal accepts" in response.content.decode()
    assert not case.attachments.exists()


def test_documents_are_downloaded_as_attachments_and_not_cached(client, case, vcs_admin, council_officer):
    saved = services.add_attachments(case=case, by=vcs_admin, files=[helpers.pdf("minutes.pdf")])[0]
    client.force_login(council_officer)
    response = client.get(reverse("disputes:attachment", args=[case.pk, saved.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="minutes.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_a_document_is_only_served_with_its_own_case(client, case, vcs_admin, edition, other_vcs_organisation, council):
    from tests import factories

    other_admin = factories.MembershipFactory(organisation=other_vcs_organisation).user
    other_case = helpers.file_case(
        complainant=other_vcs_organisation, respondent=council, by=other_admin, attachments=[helpers.pdf()]
    )
    client.force_login(vcs_admin)
    document = other_case.attachments.get()
    assert client.get(reverse("disputes:attachment", args=[case.pk, document.pk])).status_code == 404
    assert client.get(reverse("disputes:attachment", args=[other_case.pk, document.pk])).status_code == 404
