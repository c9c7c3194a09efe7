"""The open deadlines table: every provider's deadlines (compact_portal.deadlines) stored, kept
current in the same transaction as each write to a record that makes them, for the pages that
list them (the board's dashboard, the reminder settings page, the calendar feeds) and the
reminder sweep.

Why: a provider that walks its whole table takes seconds at a county's size and minutes at a
nation's; a write changes the deadlines of one record. Each provider says which models feed
it and which of its records a changed instance touches; `connect()` listens to their writes
and works out those records' deadlines again, writing only what differs (so a deadline that
did not change keeps its reminder stage). Writes that send no signals (bulk updates, the
scale builder) call `changed()` or `rebuild()`. `rebuild(check=True)` compares the whole
table with what the providers give and says what differs (manage.py rebuild_deadlines).
"""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from compact_portal import deadlines as registry
from compact_portal import workdays

from .models import Membership, OpenDeadline
from .selectors import board_seats

logger = logging.getLogger(__name__)

BATCH = 1000
Through = OpenDeadline.organisations.through


def _fingerprint(deadline: registry.Deadline) -> str:
    text = "\x1f".join(
        (
            deadline.kind,
            deadline.due_on.isoformat(),
            deadline.title[:300],
            deadline.url[:500],
            str(deadline.compact_id),
            ",".join(map(str, sorted(set(deadline.organisation_ids)))),
            "1" if deadline.notify_board else "0",
            deadline.source[:100],
            deadline.shows_from.isoformat(),
            deadline.shows_until.isoformat(),
            deadline.late_kind[:50],
            deadline.late_title[:300],
        )
    )
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class Difference:
    written: int = 0
    removed: int = 0

    def __bool__(self):
        return bool(self.written or self.removed)


def _store(found: Iterable[registry.Deadline], stored, check: bool = False) -> Difference:
    """Make the rows of `stored` (a queryset of the table) what `found` says: remove the rows
    that differ or are gone, write the new ones. With `check`, only count."""
    wanted = {}
    for deadline in found:
        wanted.setdefault(deadline.key[:255], deadline)
    prints = {key: _fingerprint(d) for key, d in wanted.items()}
    have = {key: (pk, print_) for pk, key, print_ in stored.values_list("pk", "key", "fingerprint")}
    gone = [pk for key, (pk, print_) in have.items() if prints.get(key) != print_]
    new = [key for key, print_ in prints.items() if have.get(key, (None, None))[1] != print_]
    if check:
        return Difference(len(new), len(gone))
    for start in range(0, len(gone), BATCH):
        chunk = gone[start : start + BATCH]
        Through.objects.filter(opendeadline_id__in=chunk).delete()
        OpenDeadline.objects.filter(pk__in=chunk).delete()
    for start in range(0, len(new), BATCH):
        chunk = [wanted[key] for key in new[start : start + BATCH]]
        rows = OpenDeadline.objects.bulk_create(
            [
                OpenDeadline(
                    key=d.key[:255],
                    source=d.source[:100],
                    kind=d.kind,
                    due_on=d.due_on,
                    title=d.title[:300],
                    url=d.url[:500],
                    compact_id=d.compact_id,
                    notify_board=d.notify_board,
                    shows_from=d.shows_from,
                    shows_until=d.shows_until,
                    late_kind=d.late_kind,
                    late_title=d.late_title[:300],
                    fingerprint=prints[d.key[:255]],
                )
                for d in chunk
            ]
        )
        Through.objects.bulk_create(
            [
                Through(opendeadline_id=row.pk, organisation_id=organisation_id)
                for row, d in zip(rows, chunk)
                for organisation_id in set(d.organisation_ids)
            ],
            batch_size=BATCH,
        )
    return Difference(len(new), len(gone))


def refresh(provide, ids: Iterable[int]) -> Difference:
    """Work out the deadlines of these source records of one provider again, and store what
    changed."""
    ids = sorted({pk for pk in ids if pk is not None})
    if not ids:
        return Difference()
    with transaction.atomic():
        stored = OpenDeadline.objects.filter(source__in=[registry.source_key(provide, pk) for pk in ids])
        return _store(provide(ids), stored)


def changed(instances: Iterable) -> None:
    """The records these instances feed have changed: work out their deadlines again. For
    writes that send no signals (QuerySet.update, bulk_create)."""
    touched: dict = {}
    for instance in instances:
        for provide in registry.PROVIDERS:
            feed = provide.feeds.get(type(instance))
            if callable(feed):
                touched.setdefault(provide, set()).update(feed(instance))
    for provide, ids in touched.items():
        refresh(provide, ids)


def rebuild(check: bool = False) -> dict[str, Difference]:
    """Every provider's deadlines worked out from the record and compared with the table; the
    table is repaired unless `check`. Returns what differed (or would have), by provider, and
    under "" the rows no provider makes."""
    found: dict[str, Difference] = {}
    with transaction.atomic():
        known = Q()
        for provide in registry.PROVIDERS:
            prefix = f"{provide.source}:"
            known |= Q(source__startswith=prefix)
            found[provide.source] = _store(provide(None), OpenDeadline.objects.filter(source__startswith=prefix), check)
        strays = OpenDeadline.objects.exclude(known) if registry.PROVIDERS else OpenDeadline.objects.all()
        found[""] = _store((), strays, check)
    return found


# Listening to the writes ------------------------------------------------------------------


def _saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures: rebuild afterwards
    changed([instance])


def _m2m_changed(sender, instance, action, reverse, pk_set, **kwargs):
    for provide in registry.PROVIDERS:
        column = provide.feeds.get(sender)
        if not isinstance(column, str):
            continue
        if not reverse:
            if action.startswith("post_"):
                refresh(provide, [instance.pk])
            continue
        # From the other side: pk_set holds the source records, or on clear the rows do.
        other = next(f.attname for f in sender._meta.concrete_fields if f.attname not in ("id", column))
        if action == "pre_clear":
            instance._deadline_sources = list(
                sender.objects.filter(**{other: instance.pk}).values_list(column, flat=True)
            )
        elif action == "post_clear":
            refresh(provide, getattr(instance, "_deadline_sources", []))
        elif action.startswith("post_"):
            refresh(provide, pk_set or [])


def connect() -> None:
    """Listen to the writes of every model that feeds a provider (from the apps' ready())."""
    for provide in registry.PROVIDERS:
        for model, feed in provide.feeds.items():
            if isinstance(feed, str):
                m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=f"open-deadlines-m2m-{model._meta.label}")
                continue
            for signal in (post_save, post_delete):
                signal.connect(
                    _saved,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"open-deadlines-{model._meta.label}-{signal is post_save}",
                )


# Reading ---------------------------------------------------------------------------------


def open_on(today: date, compact_ids=None):
    """The deadlines open on `today` (of these compacts; None: every compact's)."""
    found = OpenDeadline.objects.filter(shows_from__lte=today, shows_until__gte=today)
    return found if compact_ids is None else found.filter(compact_id__in=compact_ids)


def board_windows(today: date, compact_ids=None) -> dict[str, tuple]:
    """The board's lists: overdue, due this week (today and the next seven days) and later,
    each as (its deadlines soonest first, how many), counted in one query over the index of
    each compact's deadlines by due date. Each window is due after its first day and on or
    before its last (None: open)."""
    week_end = today + timedelta(days=7)
    windows = {
        "overdue": (None, today - timedelta(days=1)),
        "this_week": (today - timedelta(days=1), week_end),
        "later": (week_end, None),
    }
    found = open_on(today, compact_ids).order_by("due_on", "title")
    conditions = {}
    for name, (after, until) in windows.items():
        conditions[name] = Q(due_on__gt=after) if after else Q()
        if until:
            conditions[name] &= Q(due_on__lte=until)
    counts = found.order_by().aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    return {name: (found.filter(condition), counts[name]) for name, condition in conditions.items()}


def deadlines_for(user, today: date | None = None):
    """Open deadlines of the person's organisations, and of compacts on whose board they sit
    this year, soonest first."""
    today = today or workdays.today()
    organisation_ids = Membership.objects.filter(user=user).values("organisation_id")
    board_compacts = board_seats(user=user, year=today.year).values("compact_id")
    mine = Through.objects.filter(organisation_id__in=organisation_ids).values("opendeadline_id")
    return (
        open_on(today)
        .filter(Q(pk__in=mine) | Q(notify_board=True, compact_id__in=board_compacts))
        .order_by("due_on", "title")
    )
