"""The deadline snapshot: the registry's open deadlines (compact_portal.deadlines) stored in
a table, for the pages that list them (the board's dashboard, the reminder settings page,
the calendar feeds).

Why: every provider walks its whole table, so with a county's data (100,000 open deadlines)
one walk takes seconds; a page cannot do that on each request. The snapshot is refreshed
every minute by a periodic task (`tasks.refresh_deadline_snapshot`), and by the page itself
when it finds none for today or one older than `DEADLINE_SNAPSHOT_MAX_AGE` seconds (the
worker is down, or nobody has asked yet). A refresh writes only what changed since the last.
"""
import hashlib
import logging
import time
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from compact_portal import deadlines as registry
from compact_portal import workdays

from .models import DeadlineSnapshot, Membership, OpenDeadline
from .selectors import board_seats

logger = logging.getLogger(__name__)

BATCH = 1000
Through = OpenDeadline.organisations.through


def max_age() -> timedelta:
    return timedelta(seconds=settings.DEADLINE_SNAPSHOT_MAX_AGE)


def _key(deadline: registry.Deadline) -> str:
    return (deadline.key or f"{deadline.kind}|{deadline.due_on.isoformat()}|{deadline.title}")[:255]


def _fingerprint(deadline: registry.Deadline) -> str:
    text = "\x1f".join((deadline.kind, deadline.due_on.isoformat(), deadline.title[:300], deadline.url[:500],
                        str(deadline.compact_id), ",".join(map(str, sorted(deadline.organisation_ids))),
                        "1" if deadline.notify_board else "0"))
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def is_fresh(snapshot: DeadlineSnapshot | None, today: date) -> bool:
    return snapshot is not None and snapshot.taken_on == today and timezone.now() - snapshot.taken_at <= max_age()


def refresh(today: date | None = None) -> DeadlineSnapshot:
    """Work out every open deadline and store what changed since the last snapshot. Two
    refreshes at once do not clash: the second waits for the first and then only records."""
    today = today or workdays.today()
    started, began = time.monotonic(), timezone.now()
    found = {}
    for deadline in registry.walk(today):
        found.setdefault(_key(deadline), deadline)
    with transaction.atomic():
        # A write first: it holds off another refresh (a row lock on PostgreSQL, the database's
        # write lock on SQLite) until this one is stored.
        if not DeadlineSnapshot.objects.filter(pk=1).update(count=F("count")):
            DeadlineSnapshot.objects.create(pk=1, taken_on=today, taken_at=began)
        snapshot = DeadlineSnapshot.objects.select_for_update().get(pk=1)
        stored = {key: (pk, print_) for pk, key, print_ in OpenDeadline.objects.values_list("pk", "key", "fingerprint")}
        fingerprints = {key: _fingerprint(d) for key, d in found.items()}
        gone = [pk for key, (pk, print_) in stored.items() if fingerprints.get(key) != print_]
        new = [key for key, print_ in fingerprints.items() if stored.get(key, (None, None))[1] != print_]
        for start in range(0, len(gone), BATCH):
            chunk = gone[start:start + BATCH]
            Through.objects.filter(opendeadline_id__in=chunk).delete()
            OpenDeadline.objects.filter(pk__in=chunk).delete()
        rows = OpenDeadline.objects.bulk_create([
            OpenDeadline(key=key, kind=found[key].kind, due_on=found[key].due_on, title=found[key].title[:300],
                         url=found[key].url[:500], compact_id=found[key].compact_id,
                         notify_board=found[key].notify_board, fingerprint=fingerprints[key]) for key in new],
            batch_size=BATCH)
        Through.objects.bulk_create([Through(opendeadline_id=row.pk, organisation_id=organisation_id)
                                     for row in rows for organisation_id in set(found[row.key].organisation_ids)],
                                    batch_size=BATCH)
        snapshot.taken_on, snapshot.taken_at = today, began
        snapshot.seconds, snapshot.count = time.monotonic() - started, len(found)
        snapshot.by_day = dict(Counter(d.due_on.isoformat() for d in found.values()))
        by_compact: dict[str, Counter] = {}
        for d in found.values():
            if d.compact_id is not None:
                by_compact.setdefault(str(d.compact_id), Counter())[d.due_on.isoformat()] += 1
        snapshot.by_compact = {compact_id: dict(days) for compact_id, days in by_compact.items()}
        snapshot.save()
    logger.info("Deadline snapshot for %s: %d open, %d written, %d removed in %.1f s", today, len(found), len(new),
                len(gone), snapshot.seconds)
    return snapshot


def current(today: date | None = None) -> DeadlineSnapshot:
    """The snapshot, refreshed first if it is not today's or is older than the maximum age."""
    today = today or workdays.today()
    # The counts by day are read only when the board's lists are rendered afresh (count_due).
    snapshot = DeadlineSnapshot.objects.defer("by_day", "by_compact").filter(pk=1).first()
    if is_fresh(snapshot, today):
        return snapshot
    return refresh(today)


def board_deadlines(compact_ids=None):
    """The open deadlines of these compacts (None: every compact) in the snapshot, soonest
    first (the board's dashboard; take `current()` first)."""
    found = OpenDeadline.objects.order_by("due_on", "title")
    return found if compact_ids is None else found.filter(compact_id__in=compact_ids)


def board_windows(taken: DeadlineSnapshot, today: date, compact_ids=None) -> dict[str, tuple]:
    """The board's lists: overdue, due this week (today and the next seven days) and later,
    each as (its deadlines soonest first, how many), the sizes from the snapshot's counts by
    day rather than a COUNT(*) over it. Each window is due after its first day and on or before
    its last (None: open)."""
    week_end = today + timedelta(days=7)
    windows = {"overdue": (None, today - timedelta(days=1)), "this_week": (today - timedelta(days=1), week_end),
               "later": (week_end, None)}
    found = board_deadlines(compact_ids)
    lists = {}
    for name, (after, until) in windows.items():
        rows = found.filter(due_on__gt=after) if after else found
        rows = rows.filter(due_on__lte=until) if until else rows
        lists[name] = (rows, taken.count_due(after=after, until=until, compact_ids=compact_ids))
    return lists


def deadlines_for(user, today: date | None = None):
    """Open deadlines of the person's organisations, and of compacts on whose board they sit
    this year, soonest first."""
    today = today or workdays.today()
    current(today)
    organisation_ids = Membership.objects.filter(user=user).values("organisation_id")
    board_compacts = board_seats(user=user, year=today.year).values("compact_id")
    mine = OpenDeadline.objects.filter(pk__in=Through.objects.filter(organisation_id__in=organisation_ids)
                                       .values("opendeadline_id"))
    return (OpenDeadline.objects.filter(Q(pk__in=mine.values("pk")) | Q(notify_board=True, compact_id__in=board_compacts))
            .order_by("due_on", "title"))
