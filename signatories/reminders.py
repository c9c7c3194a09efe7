"""Reminders of deadlines: the sweep that decides who is told what, and the delivery that
sends it. The database is the source of truth (the `Reminder` outbox); the broker only carries
"go and deliver" nudges, so nothing is lost while Redis or the mail server is down and a
re-run never sends twice (each reminder has a unique key: deadline, recipient, kind, lead time).
"""

import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from compact_portal import deadlines as registry
from compact_portal import emails, workdays

from .models import BoardMembership, Champion, Membership, OpenDeadline, Reminder, User

logger = logging.getLogger(__name__)

Through = OpenDeadline.organisations.through

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


def _recipients(rows: list[tuple], year: int, known: dict | None = None) -> dict[int, list[tuple[int, bool]]]:
    """Who is told about each of these open deadlines (rows of the sweep's query), as
    (person's id, wants a digest): the admins and Compact champions of its organisations, and
    the compact's board where the deadline says so. At most three queries a batch, of plain
    values, however many deadlines; `known` keeps, for one sweep, who is told for the
    organisations and compacts already read, so a long sweep reads each once."""
    known = {"organisations": {}, "compacts": {}} if known is None else known
    ids = [row[0] for row in rows]
    organisations: dict[int, list[int]] = {}
    for deadline_id, organisation_id in Through.objects.filter(opendeadline_id__in=ids).values_list(
        "opendeadline_id", "organisation_id"
    ):
        organisations.setdefault(deadline_id, []).append(organisation_id)
    by_organisation: dict[int, set[tuple[int, bool]]] = known["organisations"]
    wanted = {oid for found in organisations.values() for oid in found} - by_organisation.keys()
    if wanted:
        by_organisation.update((oid, set()) for oid in wanted)
        told = Membership.objects.filter(
            Q(role=Membership.Role.ADMIN)
            | Exists(Champion.objects.filter(organisation_id=OuterRef("organisation_id"), user_id=OuterRef("user_id"))),
            organisation_id__in=wanted,
            user__is_active=True,
        ).values_list("organisation_id", "user_id", "user__reminder_delivery")
        for organisation_id, user_id, delivery in told:
            by_organisation[organisation_id].add((user_id, delivery == User.Delivery.DIGEST))
    board: dict[int, set[tuple[int, bool]]] = known["compacts"]
    compact_ids = {row[COMPACT] for row in rows if row[NOTIFY_BOARD]} - board.keys()
    if compact_ids:
        board.update((compact_id, set()) for compact_id in compact_ids)
        seats = BoardMembership.objects.filter(compact_id__in=compact_ids, year=year, user__is_active=True).values_list(
            "compact_id", "user_id", "user__reminder_delivery"
        )
        for compact_id, user_id, delivery in seats:
            board[compact_id].add((user_id, delivery == User.Delivery.DIGEST))
    recipients = {}
    for row in rows:
        people = set().union(*(by_organisation.get(oid, ()) for oid in organisations.get(row[0], ())))
        if row[NOTIFY_BOARD]:
            people |= board.get(row[COMPACT], set())
        recipients[row[0]] = sorted(people)
    return recipients


# What the sweep reads of each open deadline, and where.
SWEPT = (
    "pk",
    "key",
    "kind",
    "late_kind",
    "title",
    "late_title",
    "url",
    "due_on",
    "compact_id",
    "notify_board",
    "shows_until",
)
KEY, KIND, LATE_KIND, TITLE, LATE_TITLE, URL, DUE_ON, COMPACT, NOTIFY_BOARD, SHOWS_UNTIL = range(1, 11)
BATCH = 2000


def stage_ranges(today: date) -> list[tuple[int, date]]:
    """For each reminder stage, the latest due date whose next lead time has been reached."""
    return [(stage, today + timedelta(days=days)) for stage, (_, days) in enumerate((*LEADS, ("overdue", -1)))]


def to_remind(today: date, stage: int | None = None):
    """The open deadlines that have reached a lead time whose reminders are not yet written:
    at each stage (or the one given), those due on or before the next stage's lead time."""
    condition = Q()
    for at, last_due_on in stage_ranges(today):
        if stage is None or stage == at:
            condition |= Q(reminded=at, due_on__lte=last_due_on)
    return OpenDeadline.objects.filter(condition, shows_from__lte=today)


def sweep(today: date | None = None) -> int:
    """Write the reminders that are due today and not yet written; returns how many are new.
    Reads only the open deadlines at a lead time they have not been reminded at (to_remind),
    a batch at a time: who is told, the outbox rows written (a key already there is skipped),
    the deadlines' stage moved on. One transaction; delivery is nudged after commit."""
    today = today or workdays.today()
    written = seen = 0
    with transaction.atomic():
        _lock_out_other_sweeps()
        # Stage by stage, a batch at a time along the (reminded, due_on) index: a batch's
        # deadlines move to the stage they reached, out of the range, so the next batch is the
        # range's next rows. (All stages in one query, the database cannot tell how few rows
        # match, and reads every open deadline to find them.)
        known: dict = {"organisations": {}, "compacts": {}}
        for stage, _ in stage_ranges(today):
            while rows := list(
                to_remind(today, stage).order_by("reminded", "due_on", "pk").values_list(*SWEPT)[:BATCH]
            ):
                seen += len(rows)
                written += _remind(rows, today, known)
        if written:
            transaction.on_commit(nudge_delivery)
    logger.info("Reminder sweep for %s: %d deadlines reached a lead time, %d new reminders", today, seen, written)
    return written


def _remind(rows: list[tuple], today: date, known: dict | None = None) -> int:
    """Write the reminders of one batch and move each deadline to the stage it has reached;
    one that is no longer shown (an agreement that has ended, a hearing held) has nothing
    more to remind."""
    shown = [row for row in rows if row[SHOWS_UNTIL] >= today]
    stages: dict[int, list[int]] = {OpenDeadline.DONE: [row[0] for row in rows if row[SHOWS_UNTIL] < today]}
    recipients = _recipients(shown, today.year, known)
    new = {}
    for row in shown:
        lead = lead_for(row[DUE_ON], today)
        late = lead == "overdue"
        deadline = registry.Deadline(
            kind=(late and row[LATE_KIND]) or row[KIND],
            due_on=row[DUE_ON],
            title=(late and row[LATE_TITLE]) or row[TITLE],
            url=row[URL],
            compact_id=row[COMPACT],
            key=row[KEY],
        )
        stages.setdefault(OpenDeadline.STAGES[lead], []).append(row[0])
        for person, digest in recipients.get(row[0], ()):
            new[f"{deadline.key}|{person}|{deadline.kind}|{lead}"[:255]] = (deadline, lead, person, digest)
    written = _write(new)
    for stage, ids in stages.items():
        if ids:
            OpenDeadline.objects.filter(pk__in=ids).update(reminded=stage)
    return written


# Sweeps run one at a time (the hourly task, an admin's "run now", a retry after a crash):
# the second waits for the first to commit, then finds the deadlines' stages moved on.
SWEEP_LOCK = 7_320_001


def _lock_out_other_sweeps() -> None:
    """PostgreSQL: a transaction-level advisory lock. Elsewhere the unique key decides: the
    writes below skip a row another sweep wrote meanwhile (INSERT OR IGNORE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])


INSERTED = (
    "key",
    "deadline_key",
    "kind",
    "lead",
    "due_on",
    "title",
    "url",
    "recipient_id",
    "compact_id",
    "digest",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "created_at",
)


def _write(new: dict[str, tuple]) -> int:
    """Write new outbox rows in bulk, skipping any whose key is there already (a reminder
    written by an earlier sweep: the key is the idempotency key); returns how many were
    written. PostgreSQL: INSERT ... ON CONFLICT DO NOTHING, a page of rows a statement;
    SQLite: INSERT OR IGNORE."""
    if not new:
        return 0
    now = timezone.now()
    rows = [
        (
            key,
            d.key[:200],
            d.kind[:50],
            lead,
            d.due_on,
            d.title[:300],
            d.url[:500],
            person,
            d.compact_id,
            digest,
            Reminder.Status.PENDING.value,
            0,
            now,
            "",
            now,
        )
        for key, (d, lead, person, digest) in new.items()
    ]
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in INSERTED)
    if connection.vendor == "postgresql":
        from psycopg2.extras import execute_values

        with connection.cursor() as cursor:
            # Table and column names from the model, quoted; the values are parameters.
            inserted = execute_values(
                cursor.cursor,
                f"INSERT INTO {table} ({columns}) VALUES %s ON CONFLICT (key) DO NOTHING RETURNING 1",  # nosec B608
                rows,
                page_size=1000,
                fetch=True,
            )
        return len(inserted)
    if connection.vendor == "sqlite":
        ops = connection.ops
        with connection.cursor() as cursor:
            before = connection.connection.total_changes
            cursor.executemany(  # nosec B608 - names from the model, quoted; values are parameters
                f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(INSERTED))})",
                [
                    (
                        *row[:4],
                        ops.adapt_datefield_value(row[4]),
                        *row[5:12],
                        ops.adapt_datetimefield_value(now),
                        "",
                        ops.adapt_datetimefield_value(now),
                    )
                    for row in rows
                ],
            )
            return connection.connection.total_changes - before
    created = Reminder.objects.bulk_create(
        [
            Reminder(
                key=key,
                deadline_key=dk,
                kind=kind,
                lead=lead,
                due_on=due_on,
                title=title,
                url=url,
                recipient_id=person,
                compact_id=compact_id,
                digest=digest,
            )
            for key, dk, kind, lead, due_on, title, url, person, compact_id, digest, *_ in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(created)


def delete_old(today: date | None = None, batch: int = 5000) -> int:
    """Delete sent reminders older than REMINDER_RETENTION_DAYS, a batch at a time, oldest
    first; returns how many. Their keys go with them: by then their deadlines are long past
    every lead time, so no sweep writes them again."""
    cutoff = timezone.now() - timedelta(days=settings.REMINDER_RETENTION_DAYS)
    deleted = 0
    while True:
        ids = list(
            Reminder.objects.filter(status=Reminder.Status.SENT, sent_at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return deleted
        with transaction.atomic():
            deleted += Reminder.objects.filter(pk__in=ids).delete()[0]


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
    ids = list(
        Reminder.objects.filter(status=Reminder.Status.PENDING, digest=False, next_attempt_at__lte=now)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        sent += _deliver_one(pk)
    return sent


def _deliver_one(pk: int) -> int:
    sent_at = None
    try:
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=pk, status=Reminder.Status.PENDING)
                .first()
            )
            if reminder is None:  # sent by another worker meanwhile
                return 0
            try:
                emails.deliver(
                    "signatories/emails/reminder", reminder.recipient.email, _context([reminder]), key=reminder.key
                )
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
                status=Reminder.Status.SENT, sent_at=sent_at, last_error="", attempts=F("attempts") + 1
            )
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
    reminder.next_attempt_at = timezone.now() + timedelta(seconds=min(30 * 2**reminder.attempts, 3600))
    reminder.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning("Reminder %s not sent (attempt %d): %s", reminder.pk, reminder.attempts, type(error).__name__)


def send_digests() -> int:
    """One email a day per person who chose the digest, listing their pending reminders."""
    sent = 0
    people = User.objects.filter(reminders__status=Reminder.Status.PENDING, reminders__digest=True).distinct()
    for person in people:
        with transaction.atomic():
            batch = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(recipient=person, status=Reminder.Status.PENDING, digest=True)
                .order_by("due_on")
            )
            if not batch:
                continue
            try:
                emails.deliver(
                    "signatories/emails/reminder_digest",
                    person.email,
                    _context(batch),
                    key="|".join(r.key for r in batch),
                )
            except Exception as error:  # noqa: BLE001
                for reminder in batch:
                    _record_failure(reminder, error)
                continue
            Reminder.objects.filter(pk__in=[r.pk for r in batch]).update(
                status=Reminder.Status.SENT, sent_at=timezone.now()
            )
            sent += 1
    return sent


def _context(batch: list[Reminder]) -> dict:
    today = workdays.today()
    items = [
        {
            "title": r.title,
            "due_on": r.due_on,
            "due": workdays.format_date(r.due_on),
            "due_in_full": workdays.format_deadline(r.due_on),  # "…, a bank holiday"
            "lead": r.lead,
            "overdue": r.due_on < today,
            "days_left": (r.due_on - today).days,
            "url": emails.absolute_url(r.url),
        }
        for r in batch
    ]
    return {
        "person": batch[0].recipient,
        "items": items,
        "item": items[0],
        "preferences_url": emails.absolute_url("/account/reminders/"),
    }
