"""Celery tasks for the undertakings app: thin, take ids, call the code that does the work."""

from celery import shared_task
from django.db import OperationalError

from . import pdf


@shared_task(
    acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, retry_backoff_max=300, max_retries=5
)
def render_annual_review(rendering_id: int) -> str | None:
    """Render one version of an annual review's PDF (idempotent: a finished version is left alone)."""
    rendering = pdf.render_rendering(rendering_id)
    return rendering.status if rendering else None


@shared_task(acks_late=True)
def remove_superseded_review_pdfs() -> int:
    """Daily: remove annual review PDFs replaced by newer versions and past their retention."""
    return pdf.remove_superseded()
