"""Reminders with real components: a Redis broker (stopped and restarted mid-run), a real
Celery worker in its own process, and a local SMTP sink. Every due reminder arrives once.
Also on the embedded default: kombu's filesystem broker, no Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from compact_portal import deadlines
from compact_portal.workdays import add_months
from signatories import reminders
from signatories.models import Membership, Reminder
from tests import factories

from .servers import database_url, forget_connections

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _start_worker(broker_url, smtp_port, var_dir):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "VAR_DIR": str(var_dir),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DJANGO_ENV": "development",
        "SITE_URL": "http://testserver",
        "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
    }
    env.pop("TEST_DATABASE_FILE", None)
    log = open(var_dir / "worker.log", "w")  # noqa: SIM115 - kept open for the worker's life
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "compact_portal",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture(autouse=True)
def _only_these_deadlines(monkeypatch):
    kept = [p for p in deadlines.PROVIDERS if p.__module__.split(".")[0] == "signatories"]
    monkeypatch.setattr(deadlines, "PROVIDERS", kept)


def _organisations_due_in_three_days(count, prefix):
    """Organisations whose Compact champion's training lapses in three days: each gives two
    reminders (its admin and its champion)."""
    compact = factories.CompactFactory()
    trained_on = add_months(timezone.localdate(), -12) + __import__("datetime").timedelta(days=3)
    for n in range(count):
        organisation = factories.OrganisationFactory(compact=compact, name=f"{prefix} {n}")
        admin = factories.MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
        champion = factories.MembershipFactory(organisation=organisation).user
        factories.name_champion(organisation, champion, trained_on)
        assert admin != champion


def _wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _reminders(sink) -> list:
    """The reminders the mail server received (the organisations' admins are also told of
    each new member, by email through the same worker)."""
    return [(to, body) for to, body in sink.messages if "champion training" in body]


def _assert_each_once(sink, expected):
    keys = [
        (to, next(line for line in body.splitlines() if line.startswith("Subject:"))) for to, body in _reminders(sink)
    ]
    assert len(keys) == len(set(keys)), "a reminder was delivered twice"
    assert len(keys) == expected


def test_reminders_survive_redis_going_down_and_arrive_exactly_once(redis_server, smtp_sink, use_broker, tmp_path):
    sink, smtp_port = smtp_sink
    broker = f"redis://127.0.0.1:{redis_server.port}/0"
    use_broker(broker)
    worker = _start_worker(broker, smtp_port, tmp_path)
    try:
        _organisations_due_in_three_days(5, "Before the outage")
        assert reminders.sweep() == 10  # written, then the worker is nudged on commit
        assert _wait_for(lambda: len(_reminders(sink)) == 10, seconds=60), (tmp_path / "worker.log").read_text()[-3000:]

        redis_server.stop()
        _organisations_due_in_three_days(5, "During the outage")
        assert reminders.sweep() == 10  # the nudge fails; the reminders stay pending
        time.sleep(2)
        assert len(_reminders(sink)) == 10
        assert Reminder.objects.filter(status="pending").count() == 10

        redis_server.start()
        assert reminders.sweep() == 0  # a second sweep writes nothing new
        for _ in range(2):  # the periodic delivery, run twice as beat might
            _wait_for(lambda: _published(), seconds=20)
        assert _wait_for(lambda: len(_reminders(sink)) == 20, seconds=60), (tmp_path / "worker.log").read_text()[-3000:]
        time.sleep(1)
        _assert_each_once(sink, 20)
        assert Reminder.objects.filter(status="sent").count() == 20
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def _published():
    from signatories.tasks import deliver_reminders

    try:
        deliver_reminders.delay()
        return True
    except Exception:  # noqa: BLE001 - the broker connection may still be coming back
        forget_connections()
        return False


def test_the_embedded_default_sends_reminders_without_redis(smtp_sink, use_broker, tmp_path):
    sink, smtp_port = smtp_sink
    queue = tmp_path / "celery" / "queue"
    queue.mkdir(parents=True)
    (tmp_path / "celery" / "processed").mkdir()
    use_broker(
        "filesystem://",
        {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "processed_folder": str(tmp_path / "celery" / "processed"),
            "store_processed": False,
            "control_folder": str(tmp_path / "celery" / "control"),
        },
    )
    worker = _start_worker("filesystem://", smtp_port, tmp_path)
    try:
        _organisations_due_in_three_days(3, "Embedded")
        assert reminders.sweep() == 6
        assert _wait_for(lambda: len(_reminders(sink)) == 6, seconds=60), (tmp_path / "worker.log").read_text()[-3000:]
        _assert_each_once(sink, 6)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
