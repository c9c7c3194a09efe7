"""Deadlines the undertakings app makes due: an adopted edition's formal review."""

from compact_portal.deadlines import Deadline, itself, provider, url_maker

from .models import Compact, Edition


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
