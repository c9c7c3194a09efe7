"""Deadlines the undertakings app makes due: an adopted edition's formal review, and the
answer to a request for a page in another format or language."""

from compact_portal.deadlines import Deadline, itself, provider, url_maker

from .models import AccessibleFormatRequest, Compact, Edition


def _editions_of_compact(compact) -> list[int]:
    return list(Edition.objects.filter(compact_id=compact.pk).values_list("pk", flat=True))


@provider("edition", feeds={Edition: itself, Compact: _editions_of_compact})
def edition_review_due(ids):
    """Stafford: a formal review of the Compact after three years (the edition's review date)."""
    adopted = Edition.objects.filter(status=Edition.Status.ADOPTED, next_review_on__isnull=False).select_related(
        "compact"
    )
    if ids is not None:
        adopted = adopted.filter(pk__in=list(ids))
    change_url = url_maker("admin:undertakings_edition_change")
    for edition in adopted:
        yield Deadline(
            kind="edition_review",
            due_on=edition.next_review_on,
            title=f"Review of {edition.compact.the_name} ({edition.label} edition) is due",
            url=change_url(edition.pk),
            compact_id=edition.compact_id,
            notify_board=True,
            key=f"edition:{edition.pk}:review",
            source=f"edition:{edition.pk}",
        )


@provider("format_request", feeds={AccessibleFormatRequest: itself})
def format_request_answer_due(ids):
    """Wiltshire and Herefordshire: documents in accessible formats and languages on request.
    The board answers within the compact's rule (10 working days unless it says otherwise)."""
    waiting = AccessibleFormatRequest.objects.filter(status=AccessibleFormatRequest.Status.WAITING)
    if ids is not None:
        waiting = waiting.filter(pk__in=list(ids))
    change_url = url_maker("admin:undertakings_accessibleformatrequest_change")
    for format_request in waiting.only("pk", "compact_id", "format", "language", "format_details", "answer_due_on"):
        yield Deadline(
            kind="format_request_answer",
            due_on=format_request.answer_due_on,
            title=f"Answer a request for a page in {format_request.format_asked_for.lower()}",
            url=change_url(format_request.pk),
            compact_id=format_request.compact_id,
            notify_board=True,
            key=f"format_request:{format_request.pk}:answer",
            source=f"format_request:{format_request.pk}",
        )
