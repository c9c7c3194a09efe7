"""Deadlines the undertakings app makes due: an adopted edition's formal review."""
from django.urls import reverse

from compact_portal.deadlines import Deadline, provider

from .models import Edition


@provider
def edition_review_due(today):
    """Stafford: a formal review of the Compact after three years (the edition's review date)."""
    adopted = Edition.objects.filter(status=Edition.Status.ADOPTED, next_review_on__isnull=False).select_related("compact")
    for edition in adopted:
        yield Deadline(
            kind="edition_review", due_on=edition.next_review_on,
            title=f"Review of {edition.compact.the_name} ({edition.label} edition) is due",
            url=reverse("admin:undertakings_edition_change", args=[edition.pk]),
            compact_id=edition.compact_id, notify_board=True, key=f"edition:{edition.pk}:review",
        )
