"""Stored files on an S3-compatible store (moto's server, through django-storages): attachments
and annual review PDFs are written there, and a person who may have one is sent to a signed
address that lasts a minute; anyone else gets 404 and no address. From a folder, and from a
store browsers cannot reach, the file is streamed through the portal."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from disputes import services
from reviews.models import AnnualReview, ReviewRendering
from tests.disputes import helpers

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% an annual review\n"


def _signed(response, object_store) -> str:
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(f"{object_store['endpoint']}/{object_store['bucket']}/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert "no-store" in response["Cache-Control"]
    return url


def test_a_case_document_is_stored_in_the_bucket_and_fetched_through_a_signed_address(
    client, case, vcs_admin, council_officer, object_store
):
    saved = services.add_attachments(case=case, by=vcs_admin, files=[helpers.pdf("minutes.pdf")])[0]
    assert default_storage.exists(saved.file.name) and saved.file.name.startswith(f"disputes/{case.pk}/")

    client.force_login(council_officer)
    url = _signed(client.get(reverse("disputes:attachment", args=[case.pk, saved.pk])), object_store)
    fetched = requests.get(url, timeout=10)
    assert fetched.status_code == 200 and fetched.content == helpers.PDF
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert fetched.headers["Content-Type"] == "application/pdf"
    # Without the signature the store refuses.
    assert requests.get(url.split("?")[0], timeout=10).status_code == 403


def test_someone_outside_the_case_gets_no_address(client, case, vcs_admin, object_store):
    from tests import factories

    saved = services.add_attachments(case=case, by=vcs_admin, files=[helpers.pdf()])[0]
    client.force_login(factories.UserFactory())
    response = client.get(reverse("disputes:attachment", args=[case.pk, saved.pk]))
    assert response.status_code == 404 and object_store["endpoint"] not in response.content.decode()


def test_with_signed_addresses_off_the_document_is_streamed_from_the_store(
    client, case, vcs_admin, object_store, settings
):
    settings.MEDIA_SIGNED_URLS = False
    saved = services.add_attachments(case=case, by=vcs_admin, files=[helpers.pdf("minutes.pdf")])[0]
    client.force_login(vcs_admin)
    response = client.get(reverse("disputes:attachment", args=[case.pk, saved.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == helpers.PDF
    assert 'attachment; filename="minutes.pdf"' in response["Content-Disposition"]


def test_a_document_gone_from_the_folder_is_not_found(client, case, vcs_admin):
    saved = services.add_attachments(case=case, by=vcs_admin, files=[helpers.pdf()])[0]
    default_storage.delete(saved.file.name)
    client.force_login(vcs_admin)
    assert client.get(reverse("disputes:attachment", args=[case.pk, saved.pk])).status_code == 404


def _published_pdf(compact) -> ReviewRendering:
    published = AnnualReview.objects.create(compact=compact, year=2026, status=AnnualReview.Status.PUBLISHED)
    rendering = ReviewRendering.objects.create(
        review=published, version=1, draft=False, status=ReviewRendering.Status.DONE
    )
    rendering.pdf.save(rendering.filename, ContentFile(PDF))
    return rendering


def test_the_published_annual_review_pdf_is_kept_in_the_bucket_and_opened_in_the_browser(client, compact, object_store):
    rendering = _published_pdf(compact)
    assert rendering.pdf.name == "annual-reviews/testshire-compact/2026/annual-review-2026-v1.pdf"
    url = _signed(client.get(reverse("reviews:annual_review_pdf", args=[compact.slug, 2026])), object_store)
    fetched = requests.get(url, timeout=10)
    assert fetched.content == PDF and fetched.headers["Content-Disposition"].startswith("inline;")


def test_the_published_annual_review_pdf_is_streamed_from_a_folder(client, compact):
    _published_pdf(compact)
    response = client.get(reverse("reviews:annual_review_pdf", args=[compact.slug, 2026]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
