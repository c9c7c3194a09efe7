"""The annual review as a PDF, with WeasyPrint.

The report is the same HTML the public page shows (templates/reviews/report/),
wrapped in a print document with a cover and a contents page, and laid out by
static/css/report.css: running headers and footers, "Page x of y", contents with page
numbers, tables whose header rows repeat, charts as inline SVG. The PDF is tagged (PDF/UA-1)
with its title and language set, and a draft carries a DRAFT watermark on every page.

WeasyPrint fetches nothing from the network: the stylesheet is read from disk and only
`data:` URLs are allowed, so text the board writes cannot make the renderer fetch anything.
"""

import logging
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import AnnualReview, ReviewRendering
from .report import assemble_report

logger = logging.getLogger(__name__)

STYLESHEET = "css/report.css"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "custom_metadata": True}

# A draft says so across every page: a page background (not part of the tagged content, so a
# screen reader is not told "DRAFT" between paragraphs; the footer and cover say it in words).
WATERMARK_TEXT = "DRAFT"
_WATERMARK_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='210mm' height='297mm' viewBox='0 0 210 297'>"
    "<text x='105' y='165' font-family='Liberation Sans, Arial, sans-serif' font-size='50' font-weight='bold' "
    "fill='#d4351c' fill-opacity='0.14' text-anchor='middle' transform='rotate(-55 105 148)'>"
    f"{WATERMARK_TEXT}</text></svg>"
)
WATERMARK_CSS = (
    f'@page {{ background: url("data:image/svg+xml,{quote(_WATERMARK_SVG)}") no-repeat center / 100% 100%; }}'
)


def stylesheet_text() -> str:
    path = finders.find(STYLESHEET) or Path(settings.STATIC_ROOT) / STYLESHEET
    return Path(path).read_text(encoding="utf-8")


def report_html(review: AnnualReview, *, draft: bool) -> str:
    """The print document. A published review prints the report as it was published."""
    context = assemble_report(review)
    context["draft"], context["portal_name"] = draft, settings.PORTAL_NAME
    if review.is_published and review.published_html:
        # HTML that our own autoescaping template rendered at publication
        context["body"] = mark_safe(review.published_html)  # nosec B308 B703
    else:
        # rendered just now by our own template, which escapes every value
        context["body"] = mark_safe(render_to_string("reviews/report/body.html", context))  # nosec B308 B703
    return render_to_string("reviews/report/pdf.html", context)


def write_pdf(html: str, *, draft: bool, on_laid_out=None) -> tuple[bytes, int]:
    """Lay out and write the PDF; returns its bytes and page count."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    stylesheets = [CSS(string=stylesheet_text(), url_fetcher=fetcher)]
    if draft:
        stylesheets.append(CSS(string=WATERMARK_CSS, url_fetcher=fetcher))
    document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=stylesheets)
    if on_laid_out:
        on_laid_out(len(document.pages))
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def _progress(rendering_id: int, percent: int, **fields) -> None:
    ReviewRendering.objects.filter(pk=rendering_id).update(progress=percent, **fields)


def render_rendering(rendering_id: int) -> ReviewRendering | None:
    """Render one version of the PDF, recording progress as it goes. Running it again for a
    finished version does nothing; a failure is recorded on the version with its reason."""
    rendering = (
        ReviewRendering.objects.select_related("review__compact", "review__edition").filter(pk=rendering_id).first()
    )
    if rendering is None or rendering.status == ReviewRendering.Status.DONE:
        return rendering
    started = time.monotonic()
    _progress(rendering.pk, 5, status=ReviewRendering.Status.RENDERING, started_at=timezone.now(), error="")
    try:
        html = report_html(rendering.review, draft=rendering.draft)
        _progress(rendering.pk, 30)
        pdf, pages = write_pdf(html, draft=rendering.draft, on_laid_out=lambda pages: _progress(rendering.pk, 80))
        with transaction.atomic():
            rendering = ReviewRendering.objects.select_for_update().get(pk=rendering.pk)
            if rendering.pdf:
                rendering.pdf.delete(save=False)
            rendering.pdf.save(rendering.filename, ContentFile(pdf), save=False)
            rendering.status, rendering.progress, rendering.page_count = ReviewRendering.Status.DONE, 100, pages
            rendering.finished_at = timezone.now()
            rendering.save()
    except Exception as error:  # recorded for the board; the task itself must not retry forever
        logger.exception("Annual review PDF %s failed", rendering_id)
        _progress(
            rendering_id,
            0,
            status=ReviewRendering.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        return ReviewRendering.objects.get(pk=rendering_id)
    logger.info("Annual review PDF %s: %s pages in %.1f s", rendering_id, pages, time.monotonic() - started)
    return rendering


def remove_superseded(now=None) -> int:
    """Remove annual review PDFs built more than `ANNUAL_REVIEW_PDF_RETENTION_DAYS` ago that
    a newer version has replaced: for each review the latest finished version is kept, and so
    is the one the public downloads. Files first, then their rows; running it again removes
    nothing more. Returns how many versions were removed."""
    days = settings.ANNUAL_REVIEW_PDF_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    removed = 0
    for review_id in (
        ReviewRendering.objects.filter(finished_at__lt=cutoff).values_list("review_id", flat=True).distinct().order_by()
    ):
        versions = ReviewRendering.objects.filter(review_id=review_id).order_by("-version")
        done = versions.filter(status=ReviewRendering.Status.DONE)
        # The newest version (numbers keep counting from it), the newest PDF, the public's PDF.
        kept = {
            versions.values_list("pk", flat=True).first(),
            done.values_list("pk", flat=True).first(),
            done.filter(draft=False).exclude(pdf="").values_list("pk", flat=True).first(),
        }
        for rendering in versions.filter(finished_at__lt=cutoff).exclude(pk__in=kept - {None}):
            if rendering.pdf:
                rendering.pdf.delete(save=False)
            rendering.delete()
            removed += 1
    if removed:
        logger.info("Removed %s superseded annual review PDFs older than %s days", removed, days)
    return removed
