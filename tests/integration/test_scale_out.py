"""Two machines' worth of the portal: two gunicorn instances on different ports, each with a
Celery worker and a folder of its own (VAR_DIR), sharing only the database, Redis (broker,
cache) and the S3-compatible store, as the README's "Scaling out" describes. A document filed
through one web server is served by the other; the reminder sweep and delivery queued from
both machines send each reminder once."""

import email
import os
import sys
import time
from pathlib import Path

import pytest

from compact_portal import emails
from signatories.models import Reminder
from tools import faults
from tools.prodcheck import PDF, Browser, fetch_document, file_concern

from .servers import database_url, free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    # Machines share a PostgreSQL database; SQLite, the embedded default, is for one machine and
    # cannot lock a reminder row against a second machine's worker.
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="several machines share PostgreSQL"
    ),
]
ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


class Machine:
    """One machine: a gunicorn and a Celery worker with their own folder."""

    def __init__(self, name: str, env: dict, folder: Path):
        self.name, self.port, self.folder = name, free_port(), folder
        self.env = {**env, "VAR_DIR": str(folder / "var")}
        self.processes = faults.Processes(folder, self.env)
        (folder / "var").mkdir(parents=True)

    def start(self) -> None:
        self.processes.start(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "compact_portal.wsgi",
            ],
        )
        self.processes.start(
            "worker",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "compact_portal",
                "worker",
                "--pool=solo",
                "-n",
                f"{self.name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
        )

    def log(self) -> str:
        return "".join((self.folder / f"{name}.log").read_text()[-2000:] for name in ("gunicorn", "worker"))


@pytest.fixture
def machines(redis_server, smtp_sink, object_store, use_broker, tmp_path):
    if not (VENV_BIN / "gunicorn").exists():
        pytest.skip("gunicorn is not installed (bin/setup)")
    broker = f"redis://127.0.0.1:{redis_server.port}/0"
    use_broker(broker)
    env = {key: value for key, value in os.environ.items() if key not in ("TEST_DATABASE_FILE", "EMAIL_FILE_PATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "SECRET_KEY": "scale-out-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker,
            "CACHE_URL": f"redis://127.0.0.1:{redis_server.port}/1",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink[1]}",
            "AWS_STORAGE_BUCKET_NAME": object_store["bucket"],
            "AWS_S3_ENDPOINT_URL": object_store["endpoint"],
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    started = [Machine("one", env, tmp_path / "one"), Machine("two", env, tmp_path / "two")]
    try:
        for machine in started:
            machine.start()
        for machine in started:
            faults.wait_for_port(machine.port, 60)
        yield started
    finally:
        for machine in started:
            machine.processes.stop_all()


def _wait_for(predicate, seconds):
    give_up_at = time.monotonic() + seconds
    while time.monotonic() < give_up_at:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def _signs_in_with_production_hashing(account, settings):
    """The tests hash passwords quickly (tests/conftest.py); the web servers know only Django's
    own hashers, so the person who signs in gets a password they can check."""
    from django.conf import global_settings

    from signatories.models import User

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    user = User.objects.get(email=account["email"])
    user.set_password(account["password"])
    user.save(update_fields=["password"])


def test_a_document_filed_on_one_web_server_is_served_by_the_other(machines, settings):
    one, two = machines
    account = faults.seed(1)[0]
    _signs_in_with_production_hashing(account, settings)
    first = Browser(f"http://127.0.0.1:{one.port}", https=False)
    first.sign_in(account["email"], account["password"])
    case_id = file_concern(first, account, "scale-out")

    # The same person's next request lands on the other machine: no sticky sessions needed.
    second = Browser(f"http://127.0.0.1:{two.port}", https=False)
    second.session.cookies = first.session.cookies
    response, status, content = fetch_document(second, case_id)
    assert response.status_code == 302, two.log()
    assert status == 200 and content == PDF
    # Neither machine kept the document in its own folder.
    assert not list((one.folder / "var").rglob("*.pdf")) and not list((two.folder / "var").rglob("*.pdf"))


def test_a_reminder_is_sent_once_whichever_machine_sweeps(machines, smtp_sink):
    from signatories.tasks import deliver_reminders, sweep_deadlines

    sink, _ = smtp_sink
    faults.seed(1)
    faults.make_due("Scale-out", 3)
    for _ in range(2):  # each machine's beat would queue these; both workers consume
        sweep_deadlines.delay()
        deliver_reminders.delay()
    assert _wait_for(lambda: Reminder.objects.filter(digest=False).count() >= 6, 60), machines[0].log()
    assert _wait_for(lambda: not Reminder.objects.filter(status="pending").exists(), 90), machines[0].log()
    time.sleep(2)  # a second copy, if there were one, would be on its way
    received = [email.message_from_string(body).get("Message-ID", "") for _, body in sink.messages]
    expected = {emails.message_id(key) for key in Reminder.objects.filter(digest=False).values_list("key", flat=True)}
    assert len(expected) >= 6
    reminder_messages = [message_id for message_id in received if message_id in expected]
    assert sorted(reminder_messages) == sorted(expected), "each reminder arrives once"
