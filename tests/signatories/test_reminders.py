"""Reminders: exactly which exist as the clock moves, never twice, never lost."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from signatories import reminders
from signatories.models import Membership, Reminder, User
from tests import factories

LONDON = dt.timezone(dt.timedelta(0))


@pytest.fixture(autouse=True)
def _only_these_deadlines(monkeypatch):
    """The mechanics of reminders are tested on the signatories' and undertakings' deadlines
    alone, so that other apps' data cannot change the counts."""
    from compact_portal import deadlines

    kept = [p for p in deadlines.PROVIDERS if p.__module__.split(".")[0] in ("signatories", "undertakings")]
    monkeypatch.setattr(deadlines, "PROVIDERS", kept)


@pytest.fixture
def champion_deadline(vcs_organisation, vcs_admin, vcs_member):
    """The champion's training (1 March 2026) lapses on 1 March 2027."""
    factories.name_champion(vcs_organisation, vcs_member, dt.date(2026, 3, 1))
    return vcs_organisation


def _at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T09:00:00+00:00"), tick=False)


@pytest.mark.parametrize(
    "today, lead",
    [
        ("2027-02-14", None),
        ("2027-02-15", "14d"),
        ("2027-02-25", "14d"),
        ("2027-02-26", "3d"),
        ("2027-03-01", "due"),
        ("2027-03-02", "overdue"),
    ],
)
def test_the_lead_time_window_a_deadline_is_in(today, lead):
    assert reminders.lead_for(dt.date(2027, 3, 1), dt.date.fromisoformat(today)) == lead


def test_sweeps_write_one_reminder_per_person_per_window_as_the_clock_moves(champion_deadline, vcs_admin, vcs_member):
    with _at("2027-02-14"):
        assert reminders.sweep() == 0
    with _at("2027-02-15"):
        assert reminders.sweep() == 2  # the organisation's admin and its champion
        assert reminders.sweep() == 0  # a second sweep the same day writes nothing
    with _at("2027-02-20"):
        assert reminders.sweep() == 0  # still in the 14-day window
    with _at("2027-02-27"):
        assert reminders.sweep() == 2
    with _at("2027-03-01"):
        assert reminders.sweep() == 2
    with _at("2027-03-05"):
        assert reminders.sweep() == 2
        assert reminders.sweep() == 0
    rows = Reminder.objects.filter(kind="champion_training")
    assert sorted(rows.filter(recipient=vcs_admin).values_list("lead", flat=True)) == ["14d", "3d", "due", "overdue"]
    assert rows.filter(recipient=vcs_member).count() == 4


def test_a_missed_sweep_sends_the_current_window_not_a_stale_one(champion_deadline, vcs_admin):
    with _at("2027-02-28"):
        reminders.sweep()
    assert set(Reminder.objects.values_list("lead", flat=True)) == {"3d"}


def test_sweep_across_the_clock_change_uses_london_dates(champion_deadline):
    # 00:30 on Sunday 28 March 2027 in London is still 27 March in UTC... and the other way
    # round in summer: 23:30 UTC on 28 February is 28 February in London (GMT).
    with time_machine.travel(dt.datetime(2027, 2, 25, 23, 30, tzinfo=LONDON), tick=False):
        assert reminders.sweep() == 2
        assert set(Reminder.objects.values_list("lead", flat=True)) == {"14d"}
    with time_machine.travel(dt.datetime(2027, 2, 26, 0, 30, tzinfo=LONDON), tick=False):
        reminders.sweep()
        assert "3d" in set(Reminder.objects.values_list("lead", flat=True))


def test_delivery_sends_each_pending_reminder_once_with_what_to_do(champion_deadline, vcs_admin):
    with _at("2027-02-26"):
        reminders.sweep()
        assert reminders.deliver_pending() == 2
        assert reminders.deliver_pending() == 0
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == [vcs_admin.email])
    assert "Compact champion training" in message.subject and "1 March 2027" in message.subject
    assert (
        "What to do" in message.body and reverse("signatories:champion", args=[champion_deadline.slug]) in message.body
    )
    assert message.alternatives and "What to do" in message.alternatives[0][0]
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_mail_failure_keeps_the_reminder_pending_with_backoff(champion_deadline, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with _at("2027-02-26"):
        reminders.sweep()
        assert reminders.deliver_pending() == 0
        reminder = Reminder.objects.first()
        assert reminder.status == "pending" and reminder.attempts == 1 and "mail server down" in reminder.last_error
        assert reminders.deliver_pending() == 0  # backing off: not tried again yet
    monkeypatch.undo()
    with time_machine.travel(dt.datetime(2027, 2, 26, 9, 5, tzinfo=LONDON), tick=False):
        assert reminders.deliver_pending() == 2
    assert Reminder.objects.filter(status="sent").count() == 2


def test_after_many_failures_a_reminder_is_marked_failed_with_its_reason(champion_deadline, monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send",
        lambda *a, **k: (_ for _ in ()).throw(smtplib.SMTPRecipientsRefused({})),
    )
    with _at("2027-02-26"):
        reminders.sweep()
    for hour in range(reminders.MAX_ATTEMPTS):
        with time_machine.travel(dt.datetime(2027, 2, 26, 10 + hour, tzinfo=LONDON), tick=False):
            reminders.deliver_pending()
    assert set(Reminder.objects.values_list("status", flat=True)) == {"failed"}


def test_digest_people_get_one_email_a_day(champion_deadline, vcs_admin, vcs_member, compact):
    vcs_admin.reminder_delivery = User.Delivery.DIGEST
    vcs_admin.save()
    second = factories.OrganisationFactory(compact=compact)
    Membership.objects.create(user=vcs_admin, organisation=second, role=Membership.Role.ADMIN)
    factories.name_champion(second, vcs_admin, dt.date(2026, 3, 2))
    with _at("2027-02-26"):
        reminders.sweep()
        reminders.deliver_pending()
        assert [m.to for m in mail.outbox] == [[vcs_member.email]]
        assert reminders.send_digests() == 1
        assert reminders.send_digests() == 0
    digest = mail.outbox[-1]
    assert digest.to == [vcs_admin.email] and "2 reminders" in digest.subject


def test_the_board_is_told_of_board_deadlines(compact, edition, board_member):
    board_member.board_memberships.update(year=2027)
    edition.next_review_on = dt.date(2027, 1, 15)
    edition.save()
    with _at("2027-01-15"):
        reminders.sweep()
    assert list(Reminder.objects.values_list("recipient__email", "lead")) == [(board_member.email, "due")]


def test_the_private_calendar_lists_my_deadlines_and_can_be_revoked(client, champion_deadline, vcs_admin):
    client.force_login(vcs_admin)
    client.get(reverse("signatories:reminders"))
    vcs_admin.refresh_from_db()
    feed = reverse("signatories:calendar", args=[vcs_admin.calendar_token])
    client.logout()
    body = client.get(feed).content.decode()
    assert "BEGIN:VCALENDAR" in body and "Compact champion training" in body and "DTSTART;VALUE=DATE:20270301" in body
    client.force_login(vcs_admin)
    client.post(reverse("signatories:reminders"), {"reset_calendar": "1"})
    client.logout()
    assert client.get(feed).status_code == 404


def test_someone_else_does_not_see_my_deadlines_in_their_calendar(client, champion_deadline, other_vcs_organisation):
    outsider = factories.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
    from signatories.calendar import ics_for

    assert b"Compact champion training for Testshire" not in ics_for(outsider)


def test_choosing_the_daily_digest(client, vcs_admin):
    client.force_login(vcs_admin)
    response = client.post(reverse("signatories:reminders"), {"reminder_delivery": "digest"}, follow=True)
    assert "Reminder settings saved" in response.content.decode()
    vcs_admin.refresh_from_db()
    assert vcs_admin.reminder_delivery == "digest"


def test_saving_reminder_settings_with_nothing_chosen_says_what_is_wrong(client, vcs_admin):
    client.force_login(vcs_admin)
    response = client.post(reverse("signatories:reminders"), {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_board_dashboard_lists_overdue_and_sent(client, champion_deadline, board_member):
    board_member.board_memberships.update(year=2027)
    with _at("2027-03-05"):
        reminders.sweep()
        client.force_login(board_member)
        html = client.get(reverse("board_dashboard")).content.decode()
    overdue = html.split("Overdue", 1)[1].split("Due this week", 1)[0]
    assert "Compact champion training for Testshire Community Action lapses" in overdue
    assert "2 pending" in html


def test_the_boards_view_of_the_outbox_follows_every_write_to_it(client, champion_deadline, board_member, superuser):
    board_member.board_memberships.update(year=2027)
    with _at("2027-03-05"):
        client.force_login(board_member)
        assert "No reminders have been written yet." in client.get(reverse("board_dashboard")).content.decode()
        reminders.sweep()  # written in bulk, no save()
        html = client.get(reverse("board_dashboard")).content.decode()
        assert "2 pending, 0 failed" in html
        reminders.deliver_pending()  # each sent reminder saved
        assert "0 pending, 0 failed" in client.get(reverse("board_dashboard")).content.decode()
        Reminder.objects.update(status=Reminder.Status.FAILED)  # as if every attempt had failed
        assert "0 pending, 2 failed" in client.get(reverse("board_dashboard")).content.decode()
        admin = Client()
        admin.force_login(superuser)
        admin.post(
            reverse("admin:signatories_reminder_changelist"),
            {"action": "retry", "_selected_action": list(Reminder.objects.values_list("pk", flat=True))},
        )
        assert "2 pending, 0 failed" in client.get(reverse("board_dashboard")).content.decode()


def test_a_board_member_of_another_compact_sees_only_that_compacts_deadlines(client, champion_deadline):
    other_board = factories.BoardMembershipFactory(compact=factories.CompactFactory(), year=2027).user
    with _at("2027-03-05"):
        reminders.sweep()
        client.force_login(other_board)
        html = client.get(reverse("board_dashboard")).content.decode()
    assert "Compact champion training for Testshire Community Action" not in html
    assert "0 pending" in html


def test_after_the_clocks_go_forward_the_london_date_decides_the_window(vcs_organisation, vcs_member):
    factories.name_champion(vcs_organisation, vcs_member, dt.date(2026, 4, 1))
    # 23:30 UTC on Sunday 28 March 2027 is 00:30 BST on Monday 29 March: 3 days before 1 April.
    with time_machine.travel(dt.datetime(2027, 3, 28, 23, 30, tzinfo=dt.UTC), tick=False):
        reminders.sweep()
    assert set(Reminder.objects.values_list("lead", flat=True)) == {"3d"}


def test_each_reminder_carries_its_deadlines_compact(champion_deadline, vcs_organisation):
    with _at("2027-03-05"):
        assert reminders.sweep() > 0
    assert set(Reminder.objects.values_list("compact_id", flat=True)) == {vcs_organisation.compact_id}
    assert reminders.for_board([vcs_organisation.compact_id]).count() == Reminder.objects.count()
    assert not reminders.for_board([vcs_organisation.compact_id + 1000]).exists()


def test_the_bulk_write_keeps_awkward_text_and_a_deadline_of_no_compact(vcs_member):
    from compact_portal.deadlines import Deadline

    awkward = 'Plan "B", for the hall\nand the café\tC:\\halls\\main\r\\N'
    deadline = Deadline(
        kind="review_due", due_on=dt.date(2027, 1, 4), title=awkward, url="/x/?a=1,2", key="review:1:due"
    )
    quiet = Deadline(
        kind="review_due",
        due_on=dt.date(2027, 1, 5),
        title="",
        url="/y/",
        key="review:2:due",
        compact_id=vcs_member.memberships.first().organisation.compact_id,
    )
    reminders._write({"k1": (deadline, "3d", vcs_member.pk, False), "k2": (quiet, "due", vcs_member.pk, True)})
    first, second = Reminder.objects.get(key="k1"), Reminder.objects.get(key="k2")
    assert (first.title, first.url, first.compact_id, first.digest) == (awkward, "/x/?a=1,2", None, False)
    assert (second.title, second.compact_id, second.digest, second.status) == ("", quiet.compact_id, True, "pending")


def test_the_bulk_write_skips_keys_already_written_and_says_how_many_were_new(vcs_member):
    from compact_portal.deadlines import Deadline

    backlog = {
        f"review:{n}:due|{vcs_member.pk}|review_due|due": (
            Deadline(
                kind="review_due",
                due_on=dt.date(2027, 1, 4) + dt.timedelta(days=n % 300),
                title=f'Review {n}, "due"',
                url=f"/reviews/{n}/",
                key=f"review:{n}:due",
            ),
            "due",
            vcs_member.pk,
            n % 3 == 0,
        )
        for n in range(2500)
    }
    assert reminders._write(dict(list(backlog.items())[:1000])) == 1000
    assert reminders._write(backlog) == 1500  # in pages; the first thousand are there already
    stored = {
        key: (title, due_on, digest)
        for key, title, due_on, digest in Reminder.objects.values_list("key", "title", "due_on", "digest")
    }
    assert stored == {key: (d.title, d.due_on, digest) for key, (d, _, _, digest) in backlog.items()}
