"""Reminders of deadlines: the sweep that decides who is told what, and the delivery that
sends it. The database is the source of truth (the `Reminder` outbox); the broker only carries
"go and deliver" nudges, so nothing is lost while Redis or the mail server is down and a
re-run never sends twice (each reminder has a unique key: deadline, recipient, kind, lead time).
"""
import csv
import io
import json
import logging
import time
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import islice

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from compact_portal import deadlines as registry
from compact_portal import emails, workdays

from .models import BoardMembership, Membership, Reminder, User

logger = logging.getLogger(__name__)

# Lead times, most urgent last: a deadline is reminded once in each window it reaches. A sweep
# that missed a day still sends the window the deadline is in now, never a stale earlier one.
LEADS = (("14d", 14), ("3d", 3), ("due", 0))
MAX_ATTEMPTS = 10


def lead_for(due_on: date, today: date) -> str | None:
    days_left = (due_on - today).days
    if days_left < 0:
        return "overdue"
    current = None
    for lead, days in LEADS:
        if days_left <= days:
            current = lead
    return current


def _recipients(due: list[registry.Deadline], year: int) -> dict[str, list[tuple[int, bool]]]:
    """Who is told about each deadline, as (person's id, wants a digest): the admins and
    Compact champions of its organisations, and the compact's board where the deadline says
    so. Two queries in all, of plain values: a county has tens of thousands of these people."""
    by_organisation: dict[int, set[tuple[int, bool]]] = {}
    told = (Membership.objects.filter(Q(role=Membership.Role.ADMIN) | Q(user_id=F("organisation__champion_id")),
                                      user__is_active=True)
            .values_list("organisation_id", "user_id", "user__reminder_delivery"))
    for organisation_id, user_id, delivery in told:
        by_organisation.setdefault(organisation_id, set()).add((user_id, delivery == User.Delivery.DIGEST))
    compact_ids = {d.compact_id for d in due if d.notify_board}
    board: dict[int, set[tuple[int, bool]]] = {}
    seats = (BoardMembership.objects.filter(compact_id__in=compact_ids, year=year, user__is_active=True)
             .values_list("compact_id", "user_id", "user__reminder_delivery"))
    for compact_id, user_id, delivery in seats:
        board.setdefault(compact_id, set()).add((user_id, delivery == User.Delivery.DIGEST))
    recipients = {}
    for deadline in due:
        people = set().union(*(by_organisation.get(oid, ()) for oid in deadline.organisation_ids))
        if deadline.notify_board:
            people |= board.get(deadline.compact_id, set())
        recipients[deadline.key] = sorted(people)
    return recipients


def sweep(today: date | None = None) -> int:
    """Write the reminders that are due today and not yet written; returns how many are new.
    Deciding and writing happen in one transaction; delivery is nudged after commit. Keys
    are worked out first and only the missing rows are built and written, so a sweep that
    finds nothing new writes nothing; on PostgreSQL the number of queries does not depend on
    how many deadlines or reminders there are."""
    today = today or workdays.today()
    due = [(d, lead) for d in registry.walk(today) if (lead := lead_for(d.due_on, today))]
    with transaction.atomic():
        _lock_out_other_sweeps()
        recipients = _recipients([d for d, _ in due], today.year)
        rows = {}
        for deadline, lead in due:
            for person, digest in recipients.get(deadline.key, ()):
                rows[f"{deadline.key}|{person}|{deadline.kind}|{lead}"[:255]] = (deadline, lead, person, digest)
        existing = _existing_keys(list(rows))
        new = {key: row for key, row in rows.items() if key not in existing}
        _write(new)
        if new:
            transaction.on_commit(nudge_delivery)
    logger.info("Reminder sweep for %s: %d deadlines in a reminder window, %d new reminders", today, len(due), len(new))
    return len(new)


# Sweeps run one at a time (the hourly task, an admin's "run now", a retry after a crash):
# the second waits for the first to commit, then finds its rows among the keys already there.
SWEEP_LOCK = 7_320_001


def _lock_out_other_sweeps() -> None:
    """PostgreSQL: a transaction-level advisory lock. Elsewhere the unique key decides: the
    writes below skip a row another sweep wrote meanwhile (INSERT OR IGNORE, ignore_conflicts)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])


def _existing_keys(keys: list[str]) -> set[str]:
    """The keys already in the outbox: one query, the keys passed as one array (PostgreSQL) or
    one JSON list (SQLite) parameter; other databases in chunks."""
    if not keys:
        return set()
    table = connection.ops.quote_name(Reminder._meta.db_table)
    if connection.vendor in ("postgresql", "sqlite"):
        condition = "= ANY(%s)" if connection.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"
        with connection.cursor() as cursor:
            # Table name from the model, quoted; the keys are a query parameter.
            cursor.execute(f"SELECT key FROM {table} WHERE key {condition}",  # nosec B608
                           [keys if connection.vendor == "postgresql" else json.dumps(keys)])
            return {key for (key,) in cursor.fetchall()}
    existing = set()
    for start in range(0, len(keys), 900):
        existing |= set(Reminder.objects.filter(key__in=keys[start:start + 900]).values_list("key", flat=True))
    return existing


INSERTED = ("key", "deadline_key", "kind", "lead", "due_on", "title", "url", "recipient_id", "compact_id", "digest", "status",
            "attempts", "next_attempt_at", "last_error", "created_at")


def _write(new: dict[str, tuple]) -> None:
    """Write new outbox rows in bulk: on PostgreSQL one COPY, on SQLite one executemany
    (bulk_create spends about a tenth of a millisecond a row preparing values, seconds for a
    first sweep's backlog)."""
    if not new:
        return
    now = timezone.now()
    rows = ((key, d.key[:200], d.kind[:50], lead, d.due_on, d.title[:300], d.url[:500], person, d.compact_id, digest)
            for key, (d, lead, person, digest) in new.items())
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in INSERTED)
    if connection.vendor == "postgresql":
        _copy_in(rows, now, table, columns)
    elif connection.vendor == "sqlite":
        ops, stamp = connection.ops, connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.executemany(  # nosec B608 - names from the model, quoted; values are parameters
                f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(INSERTED))})",
                [(*row[:4], ops.adapt_datefield_value(row[4]), *row[5:], Reminder.Status.PENDING.value, 0, stamp, "", stamp)
                 for row in rows])
    else:
        Reminder.objects.bulk_create([
            Reminder(key=key, deadline_key=dk, kind=kind, lead=lead, due_on=due_on, title=title, url=url,
                     recipient_id=person, compact_id=compact_id, digest=digest)
            for key, dk, kind, lead, due_on, title, url, person, compact_id, digest in rows],
            batch_size=2000, ignore_conflicts=True)


def _copy_in(rows: Iterable[tuple], now, table: str, columns: str) -> None:
    """PostgreSQL: COPY the rows straight into the outbox, a fraction of the cost of any INSERT
    (the sweep holds SWEEP_LOCK, and took the keys already there, so none is written twice).
    The CSV is made a chunk at a time as the COPY asks for it, so that the database stores
    one chunk while the next is made."""
    stamp = now.isoformat()
    # Every text quoted, so an empty title stays empty; a deadline of no compact is NULL.
    stream = CsvStream((*row, Reminder.Status.PENDING.value, 0, stamp, "", stamp) for row in rows)
    with connection.cursor() as cursor:
        # Table and column names from the model, quoted; the values are the COPY's data.
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NULL (compact_id))",
                                  stream, size=CsvStream.CHUNK)


class CsvStream:
    """A file to read from, whose text is rows written as CSV (every text quoted) when asked for."""

    CHUNK = 256 * 1024
    ROWS_A_STEP = 500

    def __init__(self, rows: Iterable[tuple]):
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, quoting=csv.QUOTE_NONNUMERIC)
        self._pending = ""

    def read(self, size: int = -1) -> str:
        while (size < 0 or len(self._pending) < size) and self._fill():
            pass
        if size < 0:
            size = len(self._pending)
        text, self._pending = self._pending[:size], self._pending[size:]
        return text

    def _fill(self) -> bool:
        step = list(islice(self._rows, self.ROWS_A_STEP))
        if not step:
            return False
        self._writer.writerows(step)
        self._pending += self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return True


def for_board(compact_ids=None):
    """The reminders a board sees: those about the deadlines of these compacts (None: every
    reminder)."""
    if compact_ids is None:
        return Reminder.objects.all()
    # Each reminder carries its deadline's compact: the latest of a compact come off one index.
    return Reminder.objects.filter(compact_id__in=compact_ids)


def nudge_delivery() -> None:
    """Ask a worker to deliver now. If the broker is down the reminders stay pending and the
    periodic delivery picks them up once it is back."""
    from .tasks import deliver_reminders

    try:
        deliver_reminders.delay()
    except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps the work
        logger.warning("Broker unavailable; reminders stay pending until the next delivery run")


def deliver_pending(limit: int = 500) -> int:
    """Send pending immediate reminders whose time has come; returns how many were sent."""
    sent = 0
    now = timezone.now()
    ids = list(Reminder.objects.filter(status=Reminder.Status.PENDING, digest=False, next_attempt_at__lte=now)
               .order_by("id").values_list("pk", flat=True)[:limit])
    for pk in ids:
        sent += _deliver_one(pk)
    return sent


def _deliver_one(pk: int) -> int:
    sent_at = None
    try:
        with transaction.atomic():
            reminder = (Reminder.objects.select_for_update(skip_locked=True).select_related("recipient")
                        .filter(pk=pk, status=Reminder.Status.PENDING).first())
            if reminder is None:  # sent by another worker meanwhile
                return 0
            try:
                emails.deliver("signatories/emails/reminder", reminder.recipient.email, _context([reminder]), key=reminder.key)
            except Exception as error:  # noqa: BLE001 - mail server down or refusing: back off and retry
                _record_failure(reminder, error)
                return 0
            sent_at = timezone.now()
            reminder.status, reminder.sent_at, reminder.last_error = Reminder.Status.SENT, sent_at, ""
            reminder.attempts += 1
            reminder.save(update_fields=["status", "sent_at", "last_error", "attempts"])
        return 1
    except DatabaseError:
        if sent_at is None:
            raise
        _remember_sent(pk, sent_at)
        return 1


def _remember_sent(pk: int, sent_at, wait_seconds: int = 300) -> None:
    """The email went but the database was lost before the outbox said so (a restart between
    sending and committing): say so as soon as the database is back, or the reminder would be
    sent again."""
    logger.warning("Reminder %s sent but not recorded; recording it when the database is back", pk)
    give_up_at = time.monotonic() + wait_seconds
    while True:
        connection.close_if_unusable_or_obsolete()
        try:
            Reminder.objects.filter(pk=pk, status=Reminder.Status.PENDING).update(
                status=Reminder.Status.SENT, sent_at=sent_at, last_error="", attempts=F("attempts") + 1)
            return
        except DatabaseError:
            if time.monotonic() > give_up_at:
                raise
            time.sleep(1)


def _record_failure(reminder: Reminder, error: Exception) -> None:
    reminder.attempts += 1
    reminder.last_error = f"{type(error).__name__}: {error}"[:500]
    if reminder.attempts >= MAX_ATTEMPTS:
        reminder.status = Reminder.Status.FAILED
    reminder.next_attempt_at = timezone.now() + timedelta(seconds=min(30 * 2 ** reminder.attempts, 3600))
    reminder.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("Reminder %s not sent (attempt %d): %s", reminder.pk, reminder.attempts, type(error).__name__)


def send_digests() -> int:
    """One email a day per person who chose the digest, listing their pending reminders."""
    sent = 0
    people = User.objects.filter(reminders__status=Reminder.Status.PENDING, reminders__digest=True).distinct()
    for person in people:
        with transaction.atomic():
            batch = list(Reminder.objects.select_for_update(skip_locked=True)
                         .filter(recipient=person, status=Reminder.Status.PENDING, digest=True).order_by("due_on"))
            if not batch:
                continue
            try:
                emails.deliver("signatories/emails/reminder_digest", person.email, _context(batch),
                               key="|".join(r.key for r in batch))
            except Exception as error:  # noqa: BLE001
                for reminder in batch:
                    _record_failure(reminder, error)
                continue
            Reminder.objects.filter(pk__in=[r.pk for r in batch]).update(status=Reminder.Status.SENT, sent_at=timezone.now())
            sent += 1
    return sent


def _context(batch: list[Reminder]) -> dict:
    today = workdays.today()
    items = [{"title": r.title, "due_on": r.due_on, "due": workdays.format_date(r.due_on), "lead": r.lead,
              "overdue": r.due_on < today, "days_left": (r.due_on - today).days, "url": emails.absolute_url(r.url)}
             for r in batch]
    return {"person": batch[0].recipient, "items": items, "item": items[0],
            "preferences_url": emails.absolute_url("/account/reminders/")}
