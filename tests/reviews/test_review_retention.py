"""Old annual review PDFs: a version replaced by a newer one is removed, file and row, once it
is older than ANNUAL_REVIEW_PDF_RETENTION_DAYS; the newest version and the public's PDF stay."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from reviews import pdf, tasks
from reviews.models import AnnualReview, ReviewRendering

pytestmark = pytest.mark.django_db

DONE, FAILED = ReviewRendering.Status.DONE, ReviewRendering.Status.FAILED


def _version(review, version, *, days_old, draft=True, status=DONE) -> ReviewRendering:
    rendering = ReviewRendering.objects.create(
        review=review,
        version=version,
        draft=draft,
        status=status,
        finished_at=timezone.now() - timedelta(days=days_old),
    )
    if status == DONE:
        rendering.pdf.save(rendering.filename, ContentFile(b"%PDF-1.7 version " + str(version).encode()))
    return rendering


@pytest.fixture
def published(compact):
    return AnnualReview.objects.create(compact=compact, year=2025, status=AnnualReview.Status.PUBLISHED)


def test_superseded_versions_past_the_retention_are_removed_with_their_files(published, settings):
    settings.ANNUAL_REVIEW_PDF_RETENTION_DAYS = 90
    old_draft = _version(published, 1, days_old=400)
    public = _version(published, 2, days_old=300, draft=False)
    failed = _version(published, 3, days_old=200, status=FAILED)
    recent_draft = _version(published, 4, days_old=10)
    newest = _version(published, 5, days_old=5)

    assert tasks.remove_superseded_review_pdfs() == 2
    assert set(published.renderings.values_list("version", flat=True)) == {2, 4, 5}
    assert not default_storage.exists(old_draft.pdf.name)
    assert default_storage.exists(public.pdf.name) and default_storage.exists(newest.pdf.name)
    assert not ReviewRendering.objects.filter(pk=failed.pk).exists() and recent_draft.pk

    assert tasks.remove_superseded_review_pdfs() == 0


def test_the_only_version_is_kept_however_old(compact, settings):
    settings.ANNUAL_REVIEW_PDF_RETENTION_DAYS = 30
    draft = AnnualReview.objects.create(compact=compact, year=2024)
    only = _version(draft, 1, days_old=1000)
    assert pdf.remove_superseded() == 0
    assert default_storage.exists(only.pdf.name)


def test_a_version_still_being_built_is_never_touched(published, settings):
    settings.ANNUAL_REVIEW_PDF_RETENTION_DAYS = 30
    _version(published, 1, days_old=100)
    building = ReviewRendering.objects.create(review=published, version=2, status=ReviewRendering.Status.RENDERING)
    newest = _version(published, 3, days_old=1)
    assert pdf.remove_superseded() == 1
    assert set(published.renderings.values_list("pk", flat=True)) == {building.pk, newest.pk}


def test_zero_keeps_every_version(published, settings):
    settings.ANNUAL_REVIEW_PDF_RETENTION_DAYS = 0
    _version(published, 1, days_old=4000)
    _version(published, 2, days_old=3000)
    assert pdf.remove_superseded() == 0 and published.renderings.count() == 2


def test_removal_works_on_the_object_store(published, settings, object_store):
    settings.ANNUAL_REVIEW_PDF_RETENTION_DAYS = 90
    old = _version(published, 1, days_old=400)
    _version(published, 2, days_old=1, draft=False)
    assert default_storage.exists(old.pdf.name)
    assert pdf.remove_superseded() == 1
    assert not default_storage.exists(old.pdf.name)


def test_the_removal_runs_daily_from_the_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reviews.tasks.remove_superseded_review_pdfs")
    assert task.enabled and task.crontab.hour == "3"
