"""The open deadlines as the kept table holds them, checked against the providers' own answer:
the apps' deadline tests read through this, so every write they make is checked to have
reached the table."""

from compact_portal import deadlines, workdays
from signatories.models import OpenDeadline


def _row(key, kind, due_on, title, url, compact_id, organisation_ids, notify_board):
    return key, kind, due_on, title, url, compact_id, tuple(sorted(set(organisation_ids))), notify_board


def kept(today=None) -> set[tuple]:
    today = today or workdays.today()
    rows = OpenDeadline.objects.filter(shows_from__lte=today, shows_until__gte=today).prefetch_related("organisations")
    found = set()
    for r in rows:
        late = r.due_on < today
        found.add(
            _row(
                r.key,
                (late and r.late_kind) or r.kind,
                r.due_on,
                (late and r.late_title) or r.title,
                r.url,
                r.compact_id,
                [o.pk for o in r.organisations.all()],
                r.notify_board,
            )
        )
    return found


def open_deadlines(today=None, compact_id=None) -> list[deadlines.Deadline]:
    """deadlines.open_deadlines, after checking that the kept table holds exactly those."""
    today = today or workdays.today()
    walked = deadlines.open_deadlines(today)
    assert kept(today) == {
        _row(d.key, d.kind, d.due_on, d.title, d.url, d.compact_id, d.organisation_ids, d.notify_board) for d in walked
    }
    return [d for d in walked if compact_id is None or d.compact_id in (None, compact_id)]
