"""Emails that follow a change are queued for a worker; a broker or mail server that is down
never fails the change, and reminders carry a Message-ID fixed by their key."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from compact_portal import emails
from compact_portal.celery import app as celery_app
from disputes.models import Case
from tests.disputes.helpers import raise_concern
from undertakings.models import Undertaking

TEMPLATE = "disputes/emails/board_update"


@pytest.fixture
def broker_down(settings, monkeypatch):
    """Tasks go to a Redis broker on a port where nothing listens."""
    url = "redis://127.0.0.1:9/0"
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    saved = {
        name: celery_app.conf.get(name) for name in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    celery_app.conf.update(
        broker_url=url, task_always_eager=False, broker_transport_options={"socket_connect_timeout": 1}
    )
    _forget_connections()
    yield
    celery_app.conf.update(saved)
    _forget_connections()


def _forget_connections():
    """Drop the connections and producers made for an earlier broker (the real Redis in CI)."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def mail_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)


def _context():
    return {"case": None, "summary": "A summary", "next_steps": "", "case_url": "http://testserver/"}


def test_an_email_is_queued_and_sent_by_a_worker():
    emails.send(TEMPLATE, ["board@example.org"], _context())  # tasks run eagerly in the tests
    assert [m.to for m in mail.outbox] == [["board@example.org"]]


def test_with_the_broker_down_the_email_goes_straight_to_the_mail_server(broker_down):
    emails.send(TEMPLATE, ["board@example.org"], _context())
    assert [m.to for m in mail.outbox] == [["board@example.org"]]


def test_with_the_broker_and_the_mail_server_down_sending_logs_and_does_not_raise(broker_down, mail_down, caplog):
    emails.send(TEMPLATE, ["board@example.org"], _context())
    assert "not sent" in caplog.text and "board@example.org" not in caplog.text


def test_deliver_raises_and_fixes_the_message_id_by_key(mail_down):
    with pytest.raises(smtplib.SMTPException):
        emails.deliver(TEMPLATE, "board@example.org", _context(), key="reminder-1")


def test_the_same_key_gives_the_same_message_id():
    emails.deliver(TEMPLATE, "a@example.org", _context(), key="reminder-1")
    emails.deliver(TEMPLATE, "a@example.org", _context(), key="reminder-1")
    emails.deliver(TEMPLATE, "a@example.org", _context(), key="reminder-2")
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert ids[0] == ids[1] != ids[2] and ids[0] == emails.message_id("reminder-1")


@pytest.mark.django_db
def test_a_breach_concern_is_saved_and_confirmed_with_the_broker_and_mail_server_down(
    client, vcs_admin, council, council_officer, edition, broker_down, mail_down, django_capture_on_commit_callbacks
):
    undertaking = Undertaking.objects.filter(section__edition=edition).first()
    client.force_login(vcs_admin)
    raise_concern(
        client,
        {
            "complainant": vcs_admin.memberships.get().organisation_id,
            "respondent": council.pk,
            f"undertakings_{undertaking.section_id}": [undertaking.pk],
            "what_happened": "Grant cut during an outage",
            "what_has_been_tried": "A meeting",
            "outcome_hoped_for": "Consultation",
            "starting_stage": "informal",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("disputes:file_check"))
    assert Case.objects.get().what_happened == "Grant cut during an outage"
    assert response.status_code == 302 and response["Location"] == reverse("disputes:file_done")
