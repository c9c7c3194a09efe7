"""The slow tier's fault run (`bin/faults`): the portal on real servers on loopback,
a steady load of filings, and the faults a small deployment meets, one after another.

Everything runs in a scratch folder, var/faults/run/, on free ports: its own PostgreSQL cluster
(initdb and pg_ctl; as the `postgres` OS user when run as root), its own redis-server, an
aiosmtpd mail server in a separate process (`python -m tools.faults smtp`), gunicorn,
two Celery workers and beat with the sweep and delivery every ten seconds. The machine's
shared PostgreSQL and Redis are never used.

While a few signed-in people keep sending consultation responses and breach concerns, each
with a unique marker, the run kills Redis (-9) and starts it again, restarts PostgreSQL in
immediate mode, kills a Celery worker (-9) while it is sending a reminder (the mail server
slows its answer to catch it) and starts another, and stops the mail server for
`--mail-outage` seconds. Deadlines fall due before each fault, so the sweep writes reminders
while things are down. Afterwards it waits for the outbox to drain and checks: every filing
that got its success page is in the database; every reminder written went out exactly once
(messages counted by Message-ID, which is fixed by the reminder's key); every page during the
faults was either what was asked for or the portal's friendly error page. The figures are
printed and written to var/trust/faults.json; the exit status is 1 if any zero-goal is missed.
"""

import argparse
import asyncio
import email
import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DATABASE_NAME = "compact_portal_faults"
SORRY = "Sorry, there is a problem with the service"
# What a person must never see: a traceback, Django's debug page, gunicorn's bare error page.
RAW_ERRORS = (
    "Traceback (most recent call last)",
    "You’re seeing this error because you have",
    "DEBUG = True",
    "<h1><p>Internal Server Error</p></h1>",
    "<h1>Server Error (500)</h1>",
)
SUCCESS = {"response": re.compile(r"/consultations/responses/\d+/$"), "concern": re.compile(r"/disputes/cases/\d+/$")}
MARKER = re.compile(r"fault-\w+-\d+-\d+")
SUCCESS_MESSAGE = {"response": "Response sent for", "concern": "Breach concern raised as case"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    give_up_at = time.monotonic() + seconds
    while time.monotonic() < give_up_at:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing is listening on port {port} after {seconds} s")


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# The mail server ------------------------------------------------------------------------------


class Recorder:
    """An SMTP server that appends one JSON line per message received to a file. While the file
        `slow` exists in the control folder it waits before accepting each recipient, and says so in
        the same file, so that a sender can be caught in the middle of a message. The file holds
    the part of an address that is slowed: other messages go through at once."""

    def __init__(self, record: Path, control: Path, delay: float):
        self.record, self.control, self.delay = record, control, delay

    def _write(self, entry: dict) -> None:
        with self.record.open("a") as out:
            out.write(json.dumps(entry) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        slow = self.control / "slow"
        if slow.exists() and slow.read_text().strip() in address:
            self._write({"event": "slow", "peer_port": session.peer[1], "at": time.time()})
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content)
        self._write(
            {
                "message_id": message.get("Message-ID", ""),
                "to": list(envelope.rcpt_tos),
                "subject": str(message.get("Subject", "")),
                "at": time.time(),
            }
        )
        return "250 OK"


def serve_smtp(port: int, record: Path, control: Path, delay: float) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(Recorder(record, control, delay), hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


def read_records(record: Path) -> list[dict]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines() if line.strip().endswith("}")]


# Processes ------------------------------------------------------------------------------------


class Processes:
    """The run's long-lived processes, each in its own session (Ctrl-C reaches only the driver,
    which stops them all) with its output in a log file."""

    def __init__(self, folder: Path, env: dict):
        self.folder, self.env = folder, env
        self.running: dict[str, subprocess.Popen] = {}
        self.argv: dict[str, list[str]] = {}
        self.supervised: set[str] = set()
        self.unexpected_exits: Counter = Counter()

    def start(self, name: str, argv: list[str], supervise: bool = True) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.running[name], self.argv[name] = process, argv
        if supervise:
            self.supervised.add(name)
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Stop one process on purpose (a fault): it is not restarted behind the run's back."""
        self.supervised.discard(name)
        process = self.running.pop(name)
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)

    def check(self) -> None:
        """Start again, as a service manager would, anything that stopped without being asked."""
        for name in sorted(self.supervised):
            process = self.running.get(name)
            if process is not None and process.poll() is not None:
                self.unexpected_exits[name] += 1
                say(f"! {name} exited with {process.returncode}; starting it again (see {name}.log)")
                self.start(name, self.argv[name])

    def stop_all(self) -> None:
        self.supervised.clear()
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        give_up_at = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, give_up_at - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait()
        self.running.clear()


class Postgres:
    """A PostgreSQL cluster of the run's own, trust authentication, on loopback only."""

    def __init__(self, folder: Path, port: int):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
        if not found:
            raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")
        self.bin = Path(found[-1]).parent
        self.folder, self.port = folder, port
        self.data, self.sockets, self.log = folder / "data", folder / "sockets", folder / "postgres.log"
        self.as_root = os.geteuid() == 0

    def _run(self, program: str, *args: str) -> None:
        argv = [str(self.bin / program), *args]
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")

    def init(self) -> None:
        self.sockets.mkdir(parents=True)
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"
        )

    def _options(self) -> str:
        return f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.sockets} -c max_connections=60"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w", "start")

    def restart_immediately(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self._options(),
            "-m",
            "immediate",
            "-w",
            "restart",
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except subprocess.CalledProcessError:
                pass

    def create_database(self) -> None:
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        connection.close()


def pid_with_local_port(port: int, pids: list[int]) -> int | None:
    """Which of these processes holds the TCP socket whose local port is `port` (the client end
    of an SMTP session), from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return pid
        except OSError:
            continue
    return None


# The load -------------------------------------------------------------------------------------


def sequence(marker: str) -> int:
    return int(marker.rsplit("-", 1)[1])


@dataclass
class Filing:
    kind: str  # "response" or "concern"
    marker: str  # unique text in the filing: fault-<run>-<person>-<sequence>
    pair: tuple  # (organisation, consultation) of a response
    status: int  # the POST's status, 0 for no response
    confirmed: bool  # redirected to the record, which showed the success message


class Tally:
    """Every request the load made and what came back, shared by the load threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pages = Counter()  # ok, friendly_error, raw_error, no_response, other
        self.by_fault = {}  # fault -> Counter of the same
        self.filings: list[Filing] = []
        self.raw_samples = []
        self.fault = ""

    def page(self, outcome: str, detail: str = "") -> None:
        with self.lock:
            self.pages[outcome] += 1
            self.by_fault.setdefault(self.fault or "none", Counter())[outcome] += 1
            if outcome in ("raw_error", "no_response") and len(self.raw_samples) < 5:
                self.raw_samples.append(detail[:2000])


def classify(response) -> str:
    if response is None:
        return "no_response"
    body = response.text
    if any(marker in body for marker in RAW_ERRORS):
        return "raw_error"
    if response.status_code >= 500:
        return "friendly_error" if SORRY in body else "raw_error"
    if response.status_code >= 400:
        return "other"
    return "ok"


class Person(threading.Thread):
    """One signed-in person sending consultation responses and breach concerns in turn."""

    def __init__(
        self, number: int, base: str, account: dict, tally: Tally, stop: threading.Event, pause: float, run_id: str
    ):
        super().__init__(name=f"person-{number}", daemon=True)
        import requests

        self.number, self.base, self.account, self.tally, self.stop, self.pause = (
            number,
            base,
            account,
            tally,
            stop,
            pause,
        )
        self.run_id, self.session, self.sent = run_id, requests.Session(), 0

    def _request(self, method: str, path: str, **kwargs):
        import requests

        try:
            response = self.session.request(method, self.base + path, timeout=60, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.tally.page("no_response", f"{method} {path}: {error!r}")
            return None
        outcome = classify(response)
        self.tally.page(outcome, f"{method} {path} -> {response.status_code}\n{response.text}")
        return response

    def _token(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def sign_in(self) -> bool:
        self.session.cookies.clear()
        if self._request("GET", "/accounts/login/") is None:
            return False
        response = self._request(
            "POST",
            "/accounts/login/",
            data={
                "login": self.account["email"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": self._token(),
            },
        )
        return response is not None and response.status_code == 302

    def run(self) -> None:
        while not self.stop.is_set() and not self.sign_in():
            time.sleep(1)
        while not self.stop.is_set():
            kind = "response" if self.sent % 2 == 0 else "concern"
            self.sent += 1
            marker = f"fault-{self.run_id}-{self.number}-{self.sent}"
            self.file(kind, marker)
            self.stop.wait(self.pause)

    def file(self, kind: str, marker: str) -> None:
        account = self.account
        if kind == "response":
            consultation = account["consultations"][self.sent % len(account["consultations"])]
            path = f"/consultations/{consultation}/respond/"
            data = {"organisation": account["organisation"], "text": f"Our response, reference {marker}."}
            pair = (account["organisation"], consultation)
        else:
            path, pair = "/disputes/raise/", ()
            data = {
                "complainant": account["organisation"],
                "respondent": account["respondent"],
                f"undertakings_{account['section']}": [account["undertaking"]],
                "what_happened": f"The grant was cut without notice, reference {marker}.",
                "what_has_been_tried": "A meeting with the officer.",
                "outcome_hoped_for": "Twelve weeks' consultation.",
                "starting_stage": "informal",
            }
        form = self._request("GET", path)
        if form is not None and form.status_code == 302 and "/accounts/login/" in form.headers.get("Location", ""):
            self.sign_in()
        response = self._request("POST", path, data={**data, "csrfmiddlewaretoken": self._token()})
        location = response.headers.get("Location", "") if response is not None else ""
        confirmed = False
        if response is not None and response.status_code == 302 and SUCCESS[kind].search(location):
            page = self._request("GET", location)
            confirmed = page is not None and page.status_code == 200 and SUCCESS_MESSAGE[kind] in page.text
        with self.tally.lock:
            self.tally.filings.append(
                Filing(kind, marker, pair, response.status_code if response is not None else 0, confirmed)
            )


# The world ------------------------------------------------------------------------------------


def seed(people: int) -> list[dict]:
    """A compact with an adopted edition, a council, one VCS organisation per person (its admin
    signs in), open consultations; the sweep and delivery every ten seconds."""
    from datetime import timedelta

    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from consultations.models import Consultation
    from signatories.models import Membership
    from tests import factories
    from tests.consultations.factories import ConsultationFactory

    today = timezone.localdate()
    compact = factories.CompactFactory(name="Faultshire Compact", area="Faultshire")
    edition = factories.EditionFactory(compact=compact, label="2026")
    section = factories.SectionFactory(edition=edition, title="Funding", slug="funding")
    undertaking = factories.UndertakingFactory(section=section, party="shared", text="Consult before changing funding.")
    council = factories.PublicBodyFactory(compact=compact, name="Faultshire Council")
    officer = factories.MembershipFactory(organisation=council, role=Membership.Role.ADMIN).user
    organisations = [
        factories.OrganisationFactory(compact=compact, name=f"Faultshire Community Group {n + 1}")
        for n in range(people)
    ]
    consultations = [
        ConsultationFactory(
            owner=council,
            created_by=officer,
            status=Consultation.Status.OPEN,
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=70),
            affected=organisations,
        )
        for _ in range(3)
    ]
    accounts = []
    for organisation in organisations:
        admin = factories.MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
        accounts.append(
            {
                "email": admin.email,
                "password": factories.PASSWORD,
                "organisation": organisation.pk,
                "respondent": council.pk,
                "section": section.pk,
                "undertaking": undertaking.pk,
                "consultations": [c.pk for c in consultations],
            }
        )
    every_ten_seconds, _ = IntervalSchedule.objects.get_or_create(every=10, period=IntervalSchedule.SECONDS)
    for task in ("signatories.tasks.sweep_deadlines", "signatories.tasks.deliver_reminders"):
        PeriodicTask.objects.filter(task=task).update(crontab=None, interval=every_ten_seconds, enabled=True)
    return accounts


def make_due(label: str, count: int, address: str = "") -> int:
    """Organisations whose Compact champion's training lapses in three days: each gives two
    reminders (its admin and its champion), to addresses starting with `address` if given.
    Returns how many organisations were added."""
    from datetime import timedelta

    from django.utils import timezone

    from compact_portal.workdays import add_months
    from signatories.models import Membership
    from tests import factories
    from undertakings.models import Compact

    compact = Compact.objects.get(name="Faultshire Compact")
    trained_on = add_months(timezone.localdate(), -12) + timedelta(days=3)
    for n in range(count):
        organisation = factories.OrganisationFactory(compact=compact, name=f"{label} group {n + 1}")
        named = {"user__email": f"{address}{organisation.pk}-admin@example.org"} if address else {}
        factories.MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN, **named)
        named = {"user__email": f"{address}{organisation.pk}-champion@example.org"} if address else {}
        champion = factories.MembershipFactory(organisation=organisation, **named).user
        factories.name_champion(organisation, champion, trained_on)
    return count


def with_database(work, seconds: float = 120):
    """Run `work` against the database, waiting through a restart."""
    from django.db import DatabaseError, close_old_connections, connection

    give_up_at = time.monotonic() + seconds
    while True:
        close_old_connections()
        try:
            return work()
        except DatabaseError:
            if time.monotonic() > give_up_at:
                raise
            connection.close()
            time.sleep(1)


def sweep_now() -> int:
    from signatories import reminders

    return reminders.sweep()


def outbox_counts() -> dict:
    from signatories.models import Reminder

    rows = Reminder.objects.filter(digest=False)
    return {status: rows.filter(status=status).count() for status in ("pending", "sent", "failed")}


def check(tally: Tally, record: Path) -> dict:
    """What the database and the mail server hold, against what people were told.

    A breach concern is a new case each time: each confirmed one must be there. A consultation
    response is changed in place while the consultation is open (one per organisation), so for
    each organisation and consultation the response held must be the last confirmed one or a
    later one (each person files in turn, so later means a higher sequence number)."""
    from compact_portal import emails
    from consultations.models import ConsultationResponse
    from disputes.models import Case
    from signatories.models import Reminder

    def stored():
        cases = set()
        for text in Case.objects.filter(what_happened__contains="fault-").values_list("what_happened", flat=True):
            cases.update(MARKER.findall(text))
        responses = {}
        for organisation, consultation, text in ConsultationResponse.objects.filter(
            text__contains="fault-"
        ).values_list("organisation_id", "consultation_id", "text"):
            found = MARKER.findall(text)
            if found:
                responses[(organisation, consultation)] = found[0]
        return cases, responses

    cases, responses = with_database(stored)
    told = [f for f in tally.filings if f.confirmed or f.status == 302]  # the portal said it was saved
    lost, present = [], 0
    for filing in told:
        if filing.kind == "concern":
            kept = filing.marker in cases
        else:
            held = responses.get(filing.pair)
            kept = held is not None and sequence(held) >= sequence(filing.marker)
        present += kept
        if not kept:
            lost.append(filing.marker)
    confirmed = {f.marker for f in told}
    unconfirmed_cases = cases - confirmed
    keys = with_database(lambda: list(Reminder.objects.filter(digest=False).values_list("key", "status")))
    received = Counter(entry["message_id"] for entry in read_records(record) if "message_id" in entry)
    by_id = {emails.message_id(key): key for key, _ in keys}
    sent = sum(1 for key, _ in keys if received[emails.message_id(key)] >= 1)
    return {
        "filings_attempted": len(tally.filings),
        "filings_confirmed": len(told),
        "filings_confirmed_in_database": present,
        "writes_lost": len(lost),
        "lost_markers": lost[:20],
        "concerns_saved_without_confirmation": len(unconfirmed_cases),
        "reminders_due": len(keys),
        "reminders_sent": sent,
        "reminders_lost": sum(1 for key, _ in keys if received[emails.message_id(key)] == 0),
        "reminders_duplicated": sum(
            received[emails.message_id(key)] - 1 for key, _ in keys if received[emails.message_id(key)] > 1
        ),
        "reminders_failed_in_outbox": sum(1 for _, status in keys if status == "failed"),
        "other_emails_received": sum(count for message_id, count in received.items() if message_id not in by_id),
    }


# The run --------------------------------------------------------------------------------------


class Run:
    def __init__(self, options):
        self.options = options
        self.folder = ROOT / "var" / "faults" / "run"
        self.ports = {name: free_port() for name in ("postgres", "redis", "smtp", "web")}
        self.record, self.control = self.folder / "smtp-received.jsonl", self.folder / "smtp-control"
        self.faults: Counter = Counter()
        self.tally = Tally()
        self.stop_load = threading.Event()
        self.people: list[Person] = []
        self.started_at = time.monotonic()
        self.postgres = None
        self.processes = None

    # --- set-up
    def environment(self) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("TEST_DATABASE_FILE", "CACHE_URL", "EMAIL_FILE_PATH")
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
                "DJANGO_ENV": "development",
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/{DATABASE_NAME}",
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
                "EMAIL_URL": f"smtp://127.0.0.1:{self.ports['smtp']}",
                "EMAIL_TIMEOUT": "20",
                "SITE_URL": f"http://127.0.0.1:{self.ports['web']}",
                "VAR_DIR": str(self.folder / "var"),
                "CONN_MAX_AGE": "60",
                "LOG_LEVEL": "WARNING",
                "AXES_FAILURE_LIMIT": "1000",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def set_up(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        (self.folder / "var").mkdir(parents=True)
        self.control.mkdir()
        env = self.environment()
        os.environ.update(env)
        self.processes = Processes(self.folder, env)
        say(f"Scratch folder {self.folder.relative_to(ROOT)}; ports {self.ports}")
        self.postgres = Postgres(self.folder / "postgres", self.ports["postgres"])
        self.postgres.init()
        self.postgres.start()
        self.postgres.create_database()
        self.start_redis()
        self.start_smtp()
        say("Migrating and seeding")
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        self.accounts = seed(self.options.people)
        for number in (1, 2):
            self.start_worker(number)
        self.processes.start(
            "beat",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "compact_portal",
                "beat",
                "--loglevel=WARNING",
                "-S",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ],
        )
        self.processes.start(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "compact_portal.wsgi",
                "-b",
                f"127.0.0.1:{self.ports['web']}",
                "-w",
                "3",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
        )
        wait_for_port(self.ports["web"], 60)

    def start_redis(self) -> None:
        self.processes.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
        )
        wait_for_port(self.ports["redis"])

    def start_smtp(self) -> None:
        self.processes.start(
            "smtp",
            [
                sys.executable,
                "-m",
                "tools.faults",
                "smtp",
                "--port",
                str(self.ports["smtp"]),
                "--record",
                str(self.record),
                "--control",
                str(self.control),
                "--delay",
                str(self.options.slow_mail),
            ],
        )
        wait_for_port(self.ports["smtp"])

    def start_worker(self, number: int) -> None:
        self.processes.start(
            f"worker-{number}",
            [
                str(VENV_BIN / "celery"),
                "-A",
                "compact_portal",
                "worker",
                "--pool=solo",
                "-n",
                f"faults{number}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
        )

    # --- the run
    def wait(self, seconds: float) -> None:
        give_up_at = time.monotonic() + seconds
        while time.monotonic() < give_up_at:
            self.processes.check()
            time.sleep(min(1.0, max(0.0, give_up_at - time.monotonic())))

    def fault(self, name: str) -> None:
        self.faults[name] += 1
        self.tally.fault = name
        say(f"Fault: {name}")

    def run(self) -> dict:
        self.set_up()
        with_database(lambda: make_due("Before the faults", 3))
        say(f"Load: {self.options.people} people sending responses and breach concerns")
        self.people = [
            Person(
                n,
                f"http://127.0.0.1:{self.ports['web']}",
                account,
                self.tally,
                self.stop_load,
                self.options.pause,
                secrets.token_hex(3),
            )
            for n, account in enumerate(self.accounts)
        ]
        for person in self.people:
            person.start()
        self.wait(self.options.settle)

        self.fault("redis killed")
        with_database(lambda: make_due("Redis outage", 4))
        self.processes.kill("redis")
        self.wait(2)
        say(f"  sweep while Redis is down: {with_database(sweep_now)} new reminders")
        self.wait(self.options.redis_outage)
        self.start_redis()
        self.tally.fault = ""
        self.wait(self.options.settle)

        self.fault("postgres restarted (immediate)")
        with_database(lambda: make_due("Database restart", 4))
        self.postgres.restart_immediately()
        self.tally.fault = ""
        self.wait(self.options.settle)

        self.fault("worker killed mid-task")
        self.kill_worker_mid_task()
        self.tally.fault = ""
        self.wait(self.options.settle)

        self.fault("mail server stopped")
        self.processes.kill("smtp", signal.SIGTERM)
        with_database(lambda: make_due("Mail outage", 4))
        say(f"  mail server stopped for {self.options.mail_outage} s")
        self.wait(self.options.mail_outage)
        self.start_smtp()
        self.tally.fault = ""
        self.wait(self.options.settle)

        say("Stopping the load; waiting for the outbox to drain")
        self.stop_load.set()
        for person in self.people:
            person.join(timeout=90)
        drained = self.drain()
        figures = self.figures(drained)
        return figures

    def kill_worker_mid_task(self) -> None:
        """Slow the mail server, let reminders fall due, and kill -9 the worker that is in the
        middle of sending one; start another in its place."""
        (self.control / "slow").write_text("crash-")
        seen = len(read_records(self.record))
        with_database(lambda: make_due("Worker crash", 4, address="crash-"))
        give_up_at = time.monotonic() + 180
        killed = None
        while killed is None and time.monotonic() < give_up_at:
            self.processes.check()
            for entry in read_records(self.record)[seen:]:
                if entry.get("event") != "slow":
                    continue
                workers = {
                    self.processes.running[name].pid: name
                    for name in self.processes.running
                    if name.startswith("worker-")
                }
                pid = pid_with_local_port(entry["peer_port"], list(workers))
                if pid is not None:
                    killed = workers[pid]
                    break
            time.sleep(0.2)
        if killed is None:
            (self.control / "slow").unlink()
            raise RuntimeError("no worker was caught sending a reminder within three minutes")
        self.processes.kill(killed)
        say(f"  killed {killed} (pid {pid}) while it was sending a reminder")
        (self.control / "slow").unlink()
        self.start_worker(int(killed.split("-")[1]) + 10)

    def drain(self) -> bool:
        give_up_at = time.monotonic() + self.options.drain
        while time.monotonic() < give_up_at:
            self.processes.check()
            counts = with_database(outbox_counts)
            if counts["pending"] == 0:
                self.wait(5)  # a last message may be on its way
                return True
            say(f"  outbox: {counts['pending']} pending, {counts['sent']} sent, {counts['failed']} failed")
            self.wait(15)
        return False

    def figures(self, drained: bool) -> dict:
        results = check(self.tally, self.record)
        pages = self.tally.pages
        figures = {
            "requests_made": sum(pages.values()),
            "successful_pages": pages["ok"],
            "friendly_error_pages": pages["friendly_error"],
            "tracebacks_or_raw_errors": pages["raw_error"],
            "no_response": pages["no_response"],
            "other_4xx": pages["other"],
            "faults_injected": sum(self.faults.values()),
            "faults_by_kind": dict(self.faults),
            **results,
            "outbox_drained": drained,
            "unexpected_process_exits": dict(self.processes.unexpected_exits),
            "pages_by_fault": {fault: dict(counts) for fault, counts in self.tally.by_fault.items()},
            "mail_outage_seconds": self.options.mail_outage,
            "people": self.options.people,
            "wall_time_seconds": round(time.monotonic() - self.started_at),
        }
        figures["zero_goals_met"] = not self.broken(figures)
        return figures

    @staticmethod
    def broken(figures: dict) -> list[str]:
        goals = ("tracebacks_or_raw_errors", "no_response", "writes_lost", "reminders_lost", "reminders_duplicated")
        missed = [goal for goal in goals if figures.get(goal)]
        if not figures.get("outbox_drained"):
            missed.append("outbox_drained")
        return missed

    def clean_up(self) -> None:
        self.stop_load.set()
        if self.processes is not None:
            self.processes.stop_all()
        if self.postgres is not None:
            self.postgres.stop()


def table(figures: dict) -> str:
    rows = [
        ("requests made", figures["requests_made"]),
        ("  pages as asked", figures["successful_pages"]),
        ("  friendly error pages", figures["friendly_error_pages"]),
        ("  tracebacks or raw error pages (goal 0)", figures["tracebacks_or_raw_errors"]),
        ("  no response (goal 0)", figures["no_response"]),
        ("  other 4xx", figures["other_4xx"]),
        ("faults injected", figures["faults_injected"]),
        *((f"  {kind}", count) for kind, count in figures["faults_by_kind"].items()),
        ("filings sent", figures["filings_attempted"]),
        ("filings confirmed (redirected to the record)", figures["filings_confirmed"]),
        ("  of which in the database", figures["filings_confirmed_in_database"]),
        ("writes lost (goal 0)", figures["writes_lost"]),
        ("concerns saved but not confirmed", figures["concerns_saved_without_confirmation"]),
        ("reminders due", figures["reminders_due"]),
        ("reminders sent", figures["reminders_sent"]),
        ("reminders lost (goal 0)", figures["reminders_lost"]),
        ("reminders duplicated (goal 0)", figures["reminders_duplicated"]),
        ("other emails received", figures["other_emails_received"]),
        ("mail outage (s)", figures["mail_outage_seconds"]),
        ("processes that stopped unasked", sum(figures["unexpected_process_exits"].values())),
        ("wall time (s)", figures["wall_time_seconds"]),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"| {'figure'.ljust(width)} | value |", f"| {'-' * width} | ----- |"]
    lines += [f"| {name.ljust(width)} | {value} |" for name, value in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bin/faults", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    smtp = sub.add_parser("smtp", help="the run's mail server (started by the run itself)")
    smtp.add_argument("--port", type=int, required=True)
    smtp.add_argument("--record", type=Path, required=True)
    smtp.add_argument("--control", type=Path, required=True)
    smtp.add_argument("--delay", type=float, default=5.0)
    parser.add_argument("--mail-outage", type=int, default=600, help="seconds the mail server is stopped (default 600)")
    parser.add_argument("--redis-outage", type=int, default=20, help="seconds Redis stays down (default 20)")
    parser.add_argument("--settle", type=int, default=20, help="seconds of plain load before and after each fault")
    parser.add_argument("--people", type=int, default=4, help="signed-in people sending filings (default 4)")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds each person waits between filings")
    parser.add_argument(
        "--slow-mail", type=float, default=5.0, help="seconds the slowed mail server waits per recipient"
    )
    parser.add_argument("--drain", type=int, default=1800, help="seconds to wait for the outbox to drain")
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "trust" / "faults.json")
    options = parser.parse_args(argv)
    if options.command == "smtp":
        serve_smtp(options.port, options.record, options.control, options.delay)
        return 0

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    run = Run(options)
    try:
        figures = run.run()
    except KeyboardInterrupt:
        say("Interrupted; stopping everything")
        return 130
    finally:
        run.clean_up()
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(figures, indent=2) + "\n")
    print()
    print(table(figures))
    print(f"\nWritten to {options.output}")
    missed = Run.broken(figures)
    if missed:
        print(f"Zero-goals missed: {', '.join(missed)}")
        for sample in run.tally.raw_samples:
            print("---\n" + sample[:1500])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
