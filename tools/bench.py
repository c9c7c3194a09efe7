"""The benchmark (`manage.py bench`, run by `bin/bench` against PostgreSQL with the data of
`manage.py seed_scale`, a county's or, with `--national`, every local Compact in England's).
Every figure comes from one run and is printed side by side, against the goals below:

- key pages: the first request's server time, and the median and p95 over N requests through
  Django's test Client (the whole middleware stack and template rendering, no network), and
  their queries. Nothing is cached: every request reads what it shows from the database;
- throughput under load: gunicorn with one sync worker per core on 127.0.0.1, driven by wrk
  with a mixed journey of reading and filing (a VCS organisation changing its consultation
  response), stepped up in connections for a bounded time each; requests per second at the
  best step with p95 under 400 ms and no errors, beside a bare view's (one trivial query);
- the deadline machinery: the hourly sweep with nothing due and with 10,000 reminders due,
  a change to one consultation reflected in its open deadlines, and the database's size;
- the annual review PDF at full scale: gathering the data, rendering the HTML and WeasyPrint
  laying it out, and the peak memory of the process;
- the importer on the largest seed document.

The baseline view exists only in this module's URLconf (`urlpatterns` below), which the
benchmark installs for itself: it is not a URL of the portal.
"""

import json
import math
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path, reverse

# Nothing above loads the apps: gunicorn imports this module before Django is set up.

BASELINE_URL = "/__bench__/baseline/"
BASELINE_TEMPLATE = (
    '<!doctype html><html lang="en"><head><title>Baseline</title></head>'
    "<body><p>{{ compacts }} compact{{ compacts|pluralize }}.</p></body></html>"
)


def baseline(request):
    """The bare view every page is compared with: one trivial query, a small template."""
    from django.template import engines

    from undertakings.models import Compact

    template = engines["django"].from_string(BASELINE_TEMPLATE)
    return HttpResponse(template.render({"compacts": Compact.objects.count()}, request))


def __getattr__(name):
    """`urlpatterns`, made when the URL resolver first asks: the portal's, and the baselines."""
    if name == "urlpatterns":
        from compact_portal import urls as portal_urls

        return [path(BASELINE_URL.strip("/") + "/", baseline), *portal_urls.urlpatterns]
    raise AttributeError(name)


URLCONF = __name__


def wsgi_application():
    """For gunicorn: the portal's WSGI application with the benchmark's URLconf (so the
    baseline is served by the same stack). `gunicorn 'tools.bench:wsgi_application()'`"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.ROOT_URLCONF = URLCONF
    return application


# Goals ----------------------------------------------------------------------------------------
PAGE_P95_MS = 100  # every key page, at a county's size and at the national one
LOAD_P95_MS = 400
FIRST_SWEEP_SECONDS = 60  # a new installation's first sweep, every open deadline's reminders
REMINDERS_DUE = 10_000  # the reminders of a busy day
DUE_SWEEP_SECONDS = 5  # the sweep that writes them
NOTHING_DUE_SWEEP_SECONDS = 1  # the hourly sweep that finds nothing new
CHANGE_SECONDS = 0.05  # one consultation changed, its open deadlines rewritten with it
CHANGE_REPEATS = 20
PDF_SECONDS = 10  # a county's annual review, start to finish
PDF_PEAK_MB = 300


def _ms(seconds: float) -> float:
    return seconds * 1000


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


# The people and records the pages are opened with ----------------------------------------------


@dataclass
class Cast:
    compact_slug: str
    board_member: object
    superuser: object
    case_pk: int
    case_party: object
    open_consultation_pk: int
    responder: object  # a VCS member whose organisation is affected by the open consultation
    responder_organisation_pk: int
    largest_admin: list = field(default_factory=list)  # (label, url), most rows first


def cast() -> Cast:
    from compact_portal import workdays
    from consultations.models import Consultation
    from disputes.models import Case, Stage
    from signatories.models import BoardMembership, Membership, Organisation, Sector, User
    from undertakings.models import Compact

    compact = Compact.objects.order_by("pk").first()
    if compact is None:
        raise RuntimeError("No data: run `manage.py seed_scale` first.")
    today = workdays.today()
    seat = (
        BoardMembership.objects.filter(compact=compact, year=today.year).select_related("user").order_by("pk").first()
    )
    superuser, _ = User.objects.get_or_create(
        email="bench-admin@scale.example", defaults={"is_staff": True, "is_superuser": True, "full_name": "Bench admin"}
    )
    case = (
        Case.objects.filter(compact=compact, stage=Stage.STAGE_2, panel__isnull=False).order_by("pk").first()
        or Case.objects.filter(compact=compact).order_by("pk").first()
    )
    party = Membership.objects.filter(organisation=case.complainant).select_related("user").order_by("pk").first()
    consultation = (
        Consultation.objects.filter(
            compact=compact, status=Consultation.Status.OPEN, opens_on__lte=today, closes_on__gte=today
        )
        .order_by("pk")
        .first()
    )
    affected = consultation.affected_organisations.filter(
        sector=Sector.VCS, status=Organisation.Status.SIGNED
    ).order_by("pk")
    member = (
        Membership.objects.filter(organisation__in=affected)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    return Cast(
        compact.slug,
        seat.user,
        superuser,
        case.pk,
        party.user,
        consultation.pk,
        member.user,
        member.organisation_id,
        _largest_admin_changelists(),
    )


def _largest_admin_changelists(count: int = 4) -> list[tuple[str, str, int]]:
    from django.contrib import admin

    sizes = []
    for model in admin.site._registry:
        meta = model._meta
        sizes.append(
            (
                model.objects.count(),
                f"admin: {meta.verbose_name_plural}",
                reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            )
        )
    sizes.sort(reverse=True)
    return [(label, url, rows) for rows, label, url in sizes[:count]]


# Pages -----------------------------------------------------------------------------------------


@dataclass
class PageFigure:
    label: str
    url: str
    who: str
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    first_ms: float = 0.0  # the first request to the page in this process

    @property
    def meets_goal(self) -> bool:
        return self.p95_ms < PAGE_P95_MS


def key_pages(people: Cast) -> list[tuple[str, str, object, str]]:
    """(label, url, user or None, who) for each key page of the benchmark."""
    pages = [
        ("Home page", reverse("home"), None, "anyone"),
        ("Public directory, searched", reverse("signatories:directory") + "?q=youth&sector=vcs", None, "anyone"),
        ("Compact text", reverse("undertakings:compact", args=[people.compact_slug]), None, "anyone"),
        ("Open consultations", reverse("consultations:list"), None, "anyone"),
        (
            "Consultation timeline",
            reverse("consultations:timeline", args=[people.open_consultation_pk]),
            None,
            "anyone",
        ),
        ("Case page", reverse("disputes:case", args=[people.case_pk]), people.case_party, "a party"),
        ("Board dashboard", reverse("board_dashboard"), people.board_member, "board member"),
        ("Admin: cases", reverse("admin:disputes_case_changelist"), people.superuser, "superuser"),
    ]
    pages += [
        (f"{label} ({rows:,} rows)", url, people.superuser, "superuser") for label, url, rows in people.largest_admin
    ]
    return pages


ROUNDS = 5  # each page's requests are spread over this many rounds through every page


class PageTimer:
    """One key page, requested as one visitor through Django's test client, timed a few
    requests at a time (`time`), so that the rounds of every page share the run's ups and downs."""

    def __init__(self, label, url, user, who):
        from django.test import Client

        self.label, self.url, self.who = label, url, who
        self.client = Client()
        if user is not None:
            self.client.force_login(user)
        started = time.perf_counter()
        self.response = self.client.get(url)
        self.first = time.perf_counter() - started
        self.response = self.client.get(url)  # as any later visitor meets it: templates compiled
        self.times = []

    def time(self, requests: int) -> None:
        for _ in range(requests):
            started = time.perf_counter()
            self.response = self.client.get(self.url)
            self.times.append(time.perf_counter() - started)

    def figure(self) -> PageFigure:
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.url)
        return PageFigure(
            self.label,
            self.url,
            self.who,
            _ms(statistics.median(self.times)),
            _ms(percentile(self.times, 0.95)),
            len(queries),
            self.response.status_code,
            _ms(self.first),
        )


def measure_pages(people: Cast, requests: int, log=print) -> list[PageFigure]:
    """Every key page, `requests` times each: in `ROUNDS` rounds through all the pages, so that
    every page is timed across the same stretch of the run (on a shared machine, speed drifts
    from one minute to the next)."""
    with override_settings(ROOT_URLCONF=URLCONF, DEBUG=False):
        timers = [PageTimer(label, url, user, who) for label, url, user, who in key_pages(people)]
        for round_ in range(ROUNDS):
            for timer in timers:
                timer.time(requests // ROUNDS + (1 if round_ < requests % ROUNDS else 0))
        figures = [timer.figure() for timer in timers]
        for figure in figures:
            log(
                f"  {figure.label}: first {figure.first_ms:.1f} ms, median {figure.median_ms:.1f} ms, "
                f"p95 {figure.p95_ms:.1f} ms, {figure.queries} queries"
            )
    return figures


# The reminder sweep ----------------------------------------------------------------------------


@dataclass
class SweepFigure:
    label: str
    seconds: float
    written: int
    queries: int
    deadlines: int
    goal_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


def _empty_outbox() -> None:
    """No reminders written yet, as in a new installation. On PostgreSQL the table is emptied as
    new (not left full of deleted rows for the sweep to write among), unless writes are pending
    in the caller's transaction (the tests'), which TRUNCATE refuses."""
    from signatories.models import Reminder

    table = connection.ops.quote_name(Reminder._meta.db_table)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")  # nosec B608 - the model's table, quoted
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # nosec B608 - the model's table, quoted


def measure_sweep(log=print) -> list[SweepFigure]:
    """The deadline machinery as it runs day to day: the hourly sweep when nothing is due (every
    open deadline already reminded at its lead time), the sweep when REMINDERS_DUE reminders
    are due, a change to one consultation reflected in its open deadlines, and the size of
    the database."""
    from compact_portal import workdays
    from consultations.models import Consultation
    from signatories import reminders
    from signatories.models import OpenDeadline

    today = workdays.today()
    _empty_outbox()
    kept = OpenDeadline.objects.count()
    figures = []
    # A new installation's first sweep: every open deadline at its lead time, none reminded yet.
    OpenDeadline.objects.update(reminded=0)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        written = reminders.sweep(today)
        took = time.perf_counter() - started
    figures.append(
        SweepFigure(
            "first sweep of a new installation (the whole backlog)",
            took,
            written,
            len(queries),
            kept,
            FIRST_SWEEP_SECONDS,
        )
    )
    log(f"  first sweep: {took:.2f} s, {written:,} reminders, {len(queries)} queries")
    _empty_outbox()
    _remind_all_but(today, [])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        written = reminders.sweep(today)
        took = time.perf_counter() - started
    figures.append(SweepFigure("sweep, nothing due", took, written, len(queries), kept, NOTHING_DUE_SWEEP_SECONDS))
    log(f"  sweep, nothing due: {took:.2f} s, {len(queries)} queries")
    due = _make_reminders_due(today, REMINDERS_DUE)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        written = reminders.sweep(today)
        took = time.perf_counter() - started
    figures.append(
        SweepFigure(
            f"sweep, {written:,} reminders due ({due:,} deadlines)",
            took,
            written,
            len(queries),
            kept,
            DUE_SWEEP_SECONDS,
        )
    )
    log(f"  sweep with {written:,} reminders due: {took:.2f} s, {len(queries)} queries")
    consultation = (
        Consultation.objects.filter(status=Consultation.Status.OPEN).order_by("pk").first()
        or Consultation.objects.order_by("pk").first()
    )
    if consultation is not None:
        times, rows = [], 0
        for n in range(CHANGE_REPEATS):
            with transaction.atomic():
                consultation.refresh_from_db()
                consultation.closes_on = (consultation.closes_on or today) + timedelta(days=n + 1)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    consultation.save()
                    times.append(time.perf_counter() - started)
                rows = OpenDeadline.objects.filter(source=f"consultation:{consultation.pk}").count()
                transaction.set_rollback(True)
        figures.append(
            SweepFigure(
                f"one consultation changed, its {rows} open deadlines rewritten (p95 of {CHANGE_REPEATS})",
                percentile(times, 0.95),
                rows,
                len(queries),
                kept,
                CHANGE_SECONDS,
            )
        )
        log(f"  one consultation changed: {_ms(percentile(times, 0.95)):.1f} ms p95, {len(queries)} queries")
    return figures


def _remind_all_but(today, keep: list[int]) -> None:
    """Every open deadline at the reminder stage it has reached today, as after the sweeps of
    earlier days."""
    from signatories.models import OpenDeadline

    rows = OpenDeadline.objects.exclude(pk__in=keep)
    stages = OpenDeadline.STAGES
    rows.filter(due_on__lt=today).update(reminded=stages["overdue"])
    rows.filter(due_on=today).update(reminded=stages["due"])
    rows.filter(due_on__gt=today, due_on__lte=today + timedelta(days=3)).update(reminded=stages["3d"])
    rows.filter(due_on__gt=today + timedelta(days=3), due_on__lte=today + timedelta(days=14)).update(
        reminded=stages["14d"]
    )
    rows.filter(due_on__gt=today + timedelta(days=14)).update(reminded=0)
    rows.filter(shows_until__lt=today).update(reminded=OpenDeadline.DONE)


def _make_reminders_due(today, wanted: int) -> int:
    """Move back a stage the open deadlines that reached a lead time latest, until their
    reminders number `wanted`: what a day's sweep finds. Returns how many deadlines."""
    from signatories import reminders
    from signatories.models import OpenDeadline

    chosen, count = [], 0
    candidates = (
        OpenDeadline.objects.filter(
            due_on__lte=today + timedelta(days=14), shows_from__lte=today, shows_until__gte=today
        )
        .order_by("-due_on", "pk")
        .values_list(*reminders.SWEPT)
    )
    for start in range(0, 10 * wanted, reminders.BATCH):
        rows = list(candidates[start : start + reminders.BATCH])
        if not rows:
            break
        for pk, people in reminders._recipients(rows, today.year).items():
            if people and count < wanted:
                chosen.append(pk)
                count += len(people)
        if count >= wanted:
            break
    for lead, stage in OpenDeadline.STAGES.items():
        if stage:
            ids = [
                pk
                for pk, due_on in OpenDeadline.objects.filter(pk__in=chosen).values_list("pk", "due_on")
                if reminders.lead_for(due_on, today) == lead
            ]
            OpenDeadline.objects.filter(pk__in=ids).update(reminded=stage - 1)
    return len(chosen)


def database_size() -> int:
    """Bytes the database takes: PostgreSQL's own figure, or the SQLite file."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    name = connection.settings_dict["NAME"]
    return Path(name).stat().st_size if name and Path(str(name)).exists() else 0


# The annual review PDF -------------------------------------------------------------------------


@dataclass
class PdfFigure:
    pages: int
    gather_seconds: float  # assemble_report: the queries and the figures
    html_seconds: float  # the report and print templates
    weasyprint_seconds: float  # WeasyPrint laying out and writing that same HTML
    peak_rss_mb: float
    html_kb: float

    @property
    def seconds(self) -> float:
        return self.gather_seconds + self.html_seconds + self.weasyprint_seconds

    @property
    def meets_goal(self) -> bool:
        return self.seconds < PDF_SECONDS and self.peak_rss_mb < PDF_PEAK_MB


def measure_pdf() -> PdfFigure:
    """Run in a process of its own (`bench --only pdf`), so its peak memory is the PDF's."""
    from django.template.loader import render_to_string

    from reviews import pdf
    from reviews import report as review_report
    from reviews.models import AnnualReview

    found = AnnualReview.objects.select_related("compact", "edition").order_by("compact_id", "-year").first()
    started = time.perf_counter()
    context = review_report.assemble_report(found)
    gathered = time.perf_counter()
    context["draft"], context["portal_name"] = True, settings.PORTAL_NAME
    from django.utils.safestring import mark_safe

    # The report's own template, autoescaped: as reviews/pdf.py does.
    context["body"] = mark_safe(render_to_string("reviews/report/body.html", context))  # nosec B308 B703
    html = render_to_string("reviews/report/pdf.html", context)
    rendered = time.perf_counter()
    _, pages = pdf.write_pdf(html, draft=True)
    laid_out = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return PdfFigure(pages, gathered - started, rendered - gathered, laid_out - rendered, peak, len(html) / 1024)


def measure_pdf_in_subprocess(log=print) -> PdfFigure | None:
    command = [sys.executable, "manage.py", "bench", "--only", "pdf", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=settings.BASE_DIR, env=os.environ.copy())
    if done.returncode != 0:
        log(f"  PDF failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
        return None
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return PdfFigure(**data)


# The importer ----------------------------------------------------------------------------------


@dataclass
class ImportFigure:
    filename: str
    kb: float
    parse_seconds: float
    write_seconds: float
    sections: int
    undertakings: int


def largest_seed() -> Path | None:
    folder = Path(os.environ.get("SEEDS_DIR", settings.BASE_DIR.parent / "shared" / "seeds"))
    documents = sorted(folder.glob("*.txt"), key=lambda p: p.stat().st_size, reverse=True)
    return documents[0] if documents else None


def measure_import() -> ImportFigure | None:
    from undertakings import services
    from undertakings.models import Compact

    document = largest_seed()
    if document is None:
        return None
    started = time.perf_counter()
    data = services.parse_document(str(document), document.name)
    parsed = time.perf_counter()
    with transaction.atomic():  # written and rolled back: the benchmark leaves the data as it was
        compact = Compact.objects.create(name="Benchmark import", slug="benchmark-import", area="Benchmark")
        edition = services.create_draft_edition(compact=compact, data=data, label="Benchmark", filename=document.name)
        written = time.perf_counter()
        sections = edition.sections.count()
        undertakings = sum(len(s.get("undertakings", [])) for s in data["sections"])
        transaction.set_rollback(True)
    return ImportFigure(
        document.name, document.stat().st_size / 1024, parsed - started, written - parsed, sections, undertakings
    )


# Throughput under load -------------------------------------------------------------------------

WRK_SCRIPT = r"""
-- A mixed journey: the public reading, a VCS member reading and changing its organisation's
-- response to an open consultation, the board reading its dashboard. Requests go round in order.
local requests = {}
local counter = 0
JOURNEY = nil

function init(args)
  requests = {}
  for i, step in ipairs(JOURNEY) do
    requests[i] = wrk.format(step.method, step.path, step.headers, step.body)
  end
end

function request()
  counter = counter + 1
  return requests[(counter - 1) % #requests + 1]
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, '
    .. '"p95_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors))
end
"""


@dataclass
class LoadStep:
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def acceptable(self) -> bool:
        return self.p95_ms < LOAD_P95_MS and self.errors == 0 and self.requests > 0


@dataclass
class LoadFigure:
    label: str
    steps: list

    @property
    def best(self) -> LoadStep | None:
        good = [s for s in self.steps if s.acceptable]
        return max(good, key=lambda s: s.per_second) if good else None


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string literal for these ASCII values


def _session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["signed_in_at"] = session["last_seen_at"] = int(time.time())
    session.create()
    return session.session_key


def _csrf_pair() -> tuple[str, str]:
    """A CSRF cookie and the matching form token, as a browser would hold after a GET."""
    from django.http import HttpRequest
    from django.middleware.csrf import get_token

    request = HttpRequest()
    token = get_token(request)
    return request.META["CSRF_COOKIE"], token


def journey(people: Cast) -> list[dict]:
    from urllib.parse import urlencode

    member = _session_cookie(people.responder)
    board = _session_cookie(people.board_member)
    cookie, token = _csrf_pair()
    as_member = {"Cookie": f"sessionid={member}; csrftoken={cookie}"}
    as_board = {"Cookie": f"sessionid={board}"}
    respond = reverse("consultations:respond_question", args=[people.open_consultation_pk, "response"])
    document = reverse("consultations:respond_question", args=[people.open_consultation_pk, "document"])
    confirm = reverse("consultations:respond_check", args=[people.open_consultation_pk])
    body = urlencode(
        {"csrfmiddlewaretoken": token, "text": "We use this service every week; we ask for a phased change instead."}
    )
    post = {**as_member, "Content-Type": "application/x-www-form-urlencoded"}
    steps = [
        ("GET", reverse("home"), {}, ""),
        ("GET", reverse("signatories:directory") + "?q=youth&sector=vcs", {}, ""),
        ("GET", reverse("undertakings:compact", args=[people.compact_slug]), {}, ""),
        ("GET", reverse("consultations:list"), {}, ""),
        ("GET", reverse("consultations:detail", args=[people.open_consultation_pk]), as_member, ""),
        ("GET", reverse("consultations:timeline", args=[people.open_consultation_pk]), {}, ""),
        ("GET", respond, as_member, ""),
        ("POST", respond, post, body),  # the response's question pages
        ("POST", document, post, urlencode({"csrfmiddlewaretoken": token})),
        ("POST", confirm, post, urlencode({"csrfmiddlewaretoken": token})),  # filing: the response is changed
        ("GET", reverse("consultations:mine"), as_member, ""),
        ("GET", reverse("board_dashboard"), as_board, ""),
    ]
    return [{"method": m, "path": p, "headers": h, "body": b} for m, p, h, b in steps]


def _lua_journey(steps: list[dict]) -> str:
    items = []
    for step in steps:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in step["headers"].items())
        body = _lua_string(step["body"]) if step["body"] else "nil"
        items.append(
            f"{{method = {_lua_string(step['method'])}, path = {_lua_string(step['path'])}, "
            f"headers = {{{headers}}}, body = {body}}}"
        )
    return "JOURNEY = {\n  " + ",\n  ".join(items) + "\n}\n"


@contextmanager
def gunicorn(port: int, workers: int):
    binary = Path(sys.executable).with_name("gunicorn")
    if not binary.exists():
        raise RuntimeError("gunicorn is not installed: .venv/bin/pip install gunicorn")
    # The same secret key as this process, which signed the sessions the journey uses (in
    # development each process would otherwise make up its own).
    env = {
        **os.environ,
        "DEBUG": "0",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "SECRET_KEY": settings.SECRET_KEY,
    }
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:  # another server would answer for ours
            raise RuntimeError(f"Something is already listening on 127.0.0.1:{port}; stop it first.")
    log = Path(settings.VAR_DIR) / "bench-gunicorn.log"  # what the server said, for a look afterwards
    errors = open(log, "w")  # a file, not a pipe nobody reads: a full pipe would stop the workers
    process = subprocess.Popen(
        [
            str(binary),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
            "tools.bench:wsgi_application()",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=errors,
        stderr=errors,
        text=True,
        start_new_session=True,
    )  # a process group: stopped with its workers
    try:
        for _ in range(100):
            try:
                import urllib.request

                # A fixed http:// address on loopback: the benchmark's own server.
                urllib.request.urlopen(f"http://127.0.0.1:{port}{BASELINE_URL}", timeout=2).read()  # nosec B310
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped: see {log}") from None
                time.sleep(0.2)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # workers too: none may answer the next run
            process.wait()
        errors.close()


def check_journey(port: int, steps: list[dict]) -> None:
    """Each step answers as a signed-in person's would: pages 200, the filing a redirect to
    the response (not to the sign-in page). Otherwise the load would measure the wrong thing."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    for step in steps:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{step['path']}",
            method=step["method"],
            data=step["body"].encode() if step["body"] else None,
            headers=step["headers"],
        )
        try:
            response = opener.open(request, timeout=30)
            status, location = response.status, ""
        except urllib.error.HTTPError as answer:
            status, location = answer.code, answer.headers.get("Location", "")
        expected = 302 if step["method"] == "POST" else 200
        if status != expected or "login" in location:
            raise RuntimeError(f"{step['method']} {step['path']} answered {status} {location}: the journey is broken")


def run_wrk(port: int, script: Path, connections: int, seconds: int) -> LoadStep:
    threads = min(2, connections)
    done = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    match = re.search(r"^WRK (\{.*\})$", done.stdout, re.M)
    if not match:
        raise RuntimeError(f"wrk gave no summary: {done.stdout[-500:]} {done.stderr[-500:]}")
    data = json.loads(match.group(1))
    return LoadStep(
        connections, data["requests"], data["seconds"], data["p50_ms"], data["p95_ms"], data["p99_ms"], data["errors"]
    )


def measure_load(
    people: Cast, *, port: int = 8765, seconds: int = 10, steps=(1, 2, 4, 8), log=print
) -> list[LoadFigure]:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk")
    workers = os.cpu_count() or 1
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        scripts = {
            "Baseline view only": [{"method": "GET", "path": BASELINE_URL, "headers": {}, "body": ""}],
            "Mixed journey (reading and filing)": journey(people),
        }
        with gunicorn(port, workers):
            check_journey(port, scripts["Mixed journey (reading and filing)"])
            for label, steps_of_journey in scripts.items():
                script = Path(folder) / f"{len(figures)}.lua"
                script.write_text(WRK_SCRIPT.replace("JOURNEY = nil", _lua_journey(steps_of_journey)))
                run_wrk(port, script, 1, 2)  # warm every worker
                figure = LoadFigure(label, [])
                for connections in steps:
                    step = run_wrk(port, script, connections, seconds)
                    log(
                        f"  {label}, {connections} connection(s): {step.per_second:.1f} requests/s, "
                        f"p95 {step.p95_ms:.0f} ms, {step.errors} errors"
                    )
                    figure.steps.append(step)
                    if step.p95_ms >= LOAD_P95_MS * 2 or step.errors:
                        break  # past the knee: more connections only queue
                figures.append(figure)
    return figures


# The whole run ---------------------------------------------------------------------------------


@dataclass
class Run:
    started: str
    database: str
    cores: int
    load_average: str
    data: dict
    pages: list = field(default_factory=list)
    sweep: list = field(default_factory=list)
    load: list = field(default_factory=list)
    pdf: PdfFigure | None = None
    importer: ImportFigure | None = None


def data_sizes() -> dict[str, int]:
    from compact_portal import workdays
    from consultations.models import Consultation, FundingAgreement, PaymentSchedule
    from disputes.models import Case
    from reviews.models import AssessmentResponse
    from signatories import open_deadlines
    from signatories.models import OpenDeadline, Organisation, User
    from undertakings.models import Compact

    return {
        "compacts": Compact.objects.count(),
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "self-assessment answers": AssessmentResponse.objects.count(),
        "consultations": Consultation.objects.count(),
        "cases": Case.objects.count(),
        "funding agreements": FundingAgreement.objects.count(),
        "scheduled payments": PaymentSchedule.objects.count(),
        "open deadlines kept": OpenDeadline.objects.count(),
        "open today": open_deadlines.open_on(workdays.today()).count(),
        "database size (MB)": round(database_size() / 2**20),
    }


def run(*, only=None, requests: int = 200, load_seconds: int = 10, log=print) -> Run:
    parts = set(only or ("sweep", "pages", "load", "pdf", "import"))
    outcome = Run(
        time.strftime("%Y-%m-%d %H:%M"),
        connection.vendor,
        os.cpu_count() or 1,
        " ".join(f"{x:.2f}" for x in os.getloadavg()),
        {},
    )
    log("Data:")
    outcome.data = data_sizes()
    log("  " + ", ".join(f"{v:,} {k}" for k, v in outcome.data.items()))
    if "sweep" in parts:
        log("Reminder sweep:")
        outcome.sweep = measure_sweep(log)
    people = cast()
    if "pages" in parts:
        log(f"Key pages ({requests} requests each):")
        outcome.pages = measure_pages(people, requests, log)
    if "load" in parts:
        log(f"Throughput (gunicorn, {outcome.cores} workers, wrk, {load_seconds} s a step):")
        outcome.load = measure_load(people, seconds=load_seconds, log=log)
    if "pdf" in parts:
        log("Annual review PDF (in a process of its own):")
        outcome.pdf = measure_pdf_in_subprocess(log)
    if "import" in parts:
        log("Importer:")
        outcome.importer = measure_import()
    return outcome


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def table(outcome: Run) -> str:
    """The run as Markdown tables."""
    lines = [
        f"Run of {outcome.started} on {outcome.database}, {outcome.cores} cores, load average at start "
        f"{outcome.load_average}.",
        "",
        "Data: " + ", ".join(f"{v:,} {k}" for k, v in outcome.data.items()) + ".",
        "",
    ]
    if outcome.pages:
        lines += [
            f"| page (nothing cached) | who | first ms | median ms | p95 ms | queries | goal (p95 < {PAGE_P95_MS} ms) "
            "|",
            "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for p in outcome.pages:
            lines.append(
                f"| {p.label} | {p.who} | {p.first_ms:.1f} | {p.median_ms:.1f} | {p.p95_ms:.1f} | "
                f"{p.queries} | {_yes(p.meets_goal)} |"
            )
        lines.append("")
    if outcome.load:
        base = outcome.load[0].best
        lines += [
            "| load (p95 < 400 ms, no errors) | connections | requests/s | p50 ms | p95 ms | errors | share of the "
            "bare view's |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for figure in outcome.load:
            best = figure.best
            if best is None:
                worst = figure.steps[0]
                lines.append(
                    f"| {figure.label} | {worst.connections} | {worst.per_second:.1f} | {worst.p50_ms:.0f} | "
                    f"{worst.p95_ms:.0f} | {worst.errors} | **no step met the bound** |"
                )
                continue
            share = best.per_second / base.per_second if base else 0
            lines.append(
                f"| {figure.label} | {best.connections} | {best.per_second:.1f} | {best.p50_ms:.0f} | "
                f"{best.p95_ms:.0f} | {best.errors} | {share:.0%} |"
            )
        lines.append("")
    if outcome.sweep:
        lines += [
            "| deadlines and reminders | open deadlines kept | seconds | rows written | queries | goal |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for s in outcome.sweep:
            lines.append(
                f"| {s.label} | {s.deadlines:,} | {s.seconds:.3f} | {s.written:,} | {s.queries} | "
                f"< {s.goal_seconds:g} s: {_yes(s.seconds < s.goal_seconds)} |"
            )
        lines.append("")
    if outcome.pdf:
        p = outcome.pdf
        lines += [
            f"| annual review PDF | pages | data s | templates s | WeasyPrint s | total s | peak RSS MB "
            f"| goal (< {PDF_SECONDS} s, < {PDF_PEAK_MB} MB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| one compact, {p.html_kb:,.0f} KB of HTML | {p.pages} | {p.gather_seconds:.2f} | {p.html_seconds:.2f} | "
            f"{p.weasyprint_seconds:.2f} | {p.seconds:.2f} | {p.peak_rss_mb:,.0f} | {_yes(p.meets_goal)} |",
            "",
        ]
    if outcome.importer:
        i = outcome.importer
        lines += [
            "| importer | KB | parse s | write draft edition s | sections | undertakings |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            f"| {i.filename} (largest seed) | {i.kb:.0f} | {i.parse_seconds:.3f} | {i.write_seconds:.3f} | "
            f"{i.sections} | {i.undertakings} |",
            "",
        ]
    return "\n".join(lines)


def as_json(outcome: Run) -> str:
    return json.dumps(asdict(outcome), default=str, indent=1)
