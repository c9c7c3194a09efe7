"""A reminder whose email went out just before the database was lost is recorded as sent once
the database is back, and is not sent again; its Message-ID is fixed by its key."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError

from compact_portal import deadlines, emails
from signatories import reminders
from signatories.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _only_signatories_deadlines(monkeypatch):
    kept = [p for p in deadlines.PROVIDERS if p.__module__.split(".")[0] == "signatories"]
    monkeypatch.setattr(deadlines, "PROVIDERS", kept)


@pytest.fixture
def two_reminders(vcs_organisation, vcs_admin, vcs_member, monkeypatch):
    """The champion's training (1 March 2026) lapses on 1 March 2027: 3 days before, its admin
    and its champion are reminded. Written, not yet delivered."""
    monkeypatch.setattr(reminders, "nudge_delivery", lambda: None)
    factories.name_champion(vcs_organisation, vcs_member, dt.date(2026, 3, 1))
    with time_machine.travel(dt.datetime(2027, 2, 26, 9, tzinfo=dt.UTC), tick=False):
        assert reminders.sweep() == 2
    mail.outbox.clear()  # the organisation's admins told of its new members


def test_a_reminder_sent_as_the_database_goes_away_is_recorded_when_it_is_back(two_reminders, monkeypatch):
    saving = Reminder.save
    lost = []

    def database_lost_once(self, *args, **kwargs):
        if not lost:
            lost.append(self.pk)
            raise OperationalError("server closed the connection unexpectedly")
        return saving(self, *args, **kwargs)

    monkeypatch.setattr(Reminder, "save", database_lost_once)
    with time_machine.travel(dt.datetime(2027, 2, 26, 9, 5, tzinfo=dt.UTC), tick=False):
        assert reminders.deliver_pending() == 2
        assert reminders.deliver_pending() == 0
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    assert Reminder.objects.get(pk=lost[0]).attempts == 1


def test_reminder_emails_carry_a_message_id_fixed_by_their_key(two_reminders):
    with time_machine.travel(dt.datetime(2027, 2, 26, 9, 5, tzinfo=dt.UTC), tick=False):
        reminders.deliver_pending()
    expected = {emails.message_id(key) for key in Reminder.objects.values_list("key", flat=True)}
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == expected and len(expected) == 2
