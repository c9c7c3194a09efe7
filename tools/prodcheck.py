"""The production check (`bin/prodcheck`, run by CI): the portal started as the README's
"Production" section says, with `DJANGO_ENV=production`, and used as a person would.

On the machine's PostgreSQL (a database of its own, made afresh and dropped afterwards) and
Redis (one database number, emptied before and after), with a local S3-compatible store
(moto's server) for uploads and a local mail server (the fault run's, `tools.faults`),
all on free loopback ports, it: runs the release step (`bin/release`: migrate, collectstatic);
starts gunicorn with `deploy/gunicorn.conf.py`, a Celery worker and beat; signs in as a VCS
organisation's admin through a pretend TLS proxy (X-Forwarded-Proto); opens the key pages and
every stylesheet and script they name; files a breach concern with a document and fetches the
document back through its signed address; waits for a reminder to arrive by email; and runs
`manage.py check --deploy`. Everything it started is stopped, also when a step fails. The exit
status is 0 only if every step passed.
"""

import argparse
import base64
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .faults import Processes, free_port, read_records, say, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ASSETS = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+\.(?:css|js))"')


class Failed(Exception):
    """A step of the check did not pass; the message says which and what was seen."""


def expect(condition, message: str) -> None:
    if not condition:
        raise Failed(message)


class Browser:
    """A requests session that behaves as a browser would behind a TLS-terminating proxy:
    it says the request came over HTTPS (X-Forwarded-Proto), sends the Origin a browser sends
    with a form, and keeps the portal's Secure cookies, which requests keeps only for https://
    addresses."""

    def __init__(self, base: str, https: bool = True):
        import requests

        self.base, self.https = base.rstrip("/"), https
        self.session = requests.Session()
        if https:
            self.session.headers["X-Forwarded-Proto"] = "https"

    def request(self, method: str, path: str, **kwargs):
        headers = kwargs.pop("headers", {})
        if method == "POST":
            host = urlsplit(self.base).netloc
            headers["Origin"] = f"{'https' if self.https else 'http'}://{host}"
            headers["Referer"] = f"{headers['Origin']}{path}"
        url = path if path.startswith("http") else self.base + path
        response = self.session.request(method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs)
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        return self.request(
            "POST", path, data={**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}, **kwargs
        )

    def sign_in(self, email: str, password: str) -> None:
        expect(self.get("/accounts/login/").status_code == 200, "the sign-in page did not open")
        response = self.post("/accounts/login/", {"login": email, "password": password})
        expect(response.status_code == 302, f"signing in answered {response.status_code}, not a redirect")


def file_concern(browser: Browser, account: dict, marker: str, document: bytes = PDF) -> int:
    """A breach concern with one document, as its question pages send it, then confirmed on the
    check page; returns the new case's id."""
    questions = [
        ("organisation", {"complainant": account["organisation"], "respondent": account["respondent"]}, None),
        ("undertakings", {f"undertakings_{account['section']}": [account["undertaking"]]}, None),
        (
            "what-happened",
            {
                "what_happened": f"The grant was cut without notice, reference {marker}.",
                "what_has_been_tried": "A meeting with the officer.",
                "outcome_hoped_for": "Twelve weeks' consultation.",
            },
            None,
        ),
        ("documents", {}, {"attachments": ("minutes.pdf", document, "application/pdf")}),
        ("stage", {"starting_stage": "informal"}, None),
    ]
    expect(browser.get("/disputes/raise/").status_code == 200, "the breach concern's start page did not open")
    for slug, data, files in questions:
        page = f"/disputes/raise/{slug}/"
        expect(browser.get(page).status_code == 200, f"the question {slug!r} did not open")
        response = browser.post(page, data, files=files) if files else browser.post(page, data)
        expect(
            response.status_code == 302,
            f"the question {slug!r} answered {response.status_code}: "
            f"{response.text[:2000] if response.status_code == 200 else ''}",
        )
    response = browser.post("/disputes/raise/check/", {})
    expect(
        response.status_code == 302,
        f"filing the concern answered {response.status_code}: "
        f"{response.text[:2000] if response.status_code == 200 else ''}",
    )
    done = browser.get(response.headers["Location"])
    found = re.search(r"/disputes/cases/(\d+)/", done.text)
    expect(done.status_code == 200 and found, f"the confirmation page answered {done.status_code}")
    return int(found.group(1))


def fetch_document(browser: Browser, case_id: int) -> tuple:
    """The first document on a case page, through the portal's permission-checked link: the
    response and the bytes finally received (after a redirect to a signed address, if any)."""
    import requests

    page = browser.get(f"/disputes/cases/{case_id}/")
    expect(page.status_code == 200, f"the case page answered {page.status_code}")
    link = re.search(rf'href="(/disputes/cases/{case_id}/documents/\d+/)"', page.text)
    expect(link, "the case page has no link to its document")
    response = browser.get(link.group(1))
    if response.status_code == 302:
        fetched = requests.get(response.headers["Location"], timeout=30)
        return response, fetched.status_code, fetched.content
    return response, response.status_code, response.content


class Check:
    def __init__(self, options):
        self.options = options
        self.folder = ROOT / "var" / "prodcheck"
        self.ports = {name: free_port() for name in ("web", "smtp", "s3")}
        self.record = self.folder / "smtp-received.jsonl"
        self.database = f"{options.database_prefix}_{secrets.token_hex(3)}"
        self.processes = None
        self.database_made = False
        self.started_at = time.monotonic()

    # --- the world
    def environment(self) -> dict:
        server = self.options.postgres.rstrip("/")
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("TEST_DATABASE_FILE", "EMAIL_FILE_PATH", "DEBUG") and not key.startswith("AWS_")
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
                "DJANGO_ENV": "production",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "MFA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
                "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.ports['web']}",
                "DATABASE_URL": f"{server}/{self.database}",
                "CONN_MAX_AGE": "60",
                "CELERY_BROKER_URL": self.options.redis,
                "CACHE_URL": self.options.redis,
                "EMAIL_URL": f"smtp://127.0.0.1:{self.ports['smtp']}",
                "SITE_URL": f"https://127.0.0.1:{self.ports['web']}",
                "VAR_DIR": str(self.folder / "var"),
                "STATIC_ROOT": str(self.folder / "static"),
                "AWS_STORAGE_BUCKET_NAME": "compact-portal",
                "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
                "AWS_S3_REGION_NAME": "eu-west-2",
                "AWS_ACCESS_KEY_ID": "prodcheck",
                "AWS_SECRET_ACCESS_KEY": secrets.token_hex(16),
                "LOG_FORMAT": "json",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
                "WEB_CONCURRENCY": "2",
                "FORWARDED_ALLOW_IPS": "127.0.0.1",
            }
        )
        return env

    def postgres(self, statement: str) -> None:
        import psycopg2

        connection = psycopg2.connect(f"{self.options.postgres.rstrip('/')}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
        connection.close()

    def empty_redis(self) -> None:
        import redis

        redis.Redis.from_url(self.options.redis).flushdb()

    def set_up(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        (self.folder / "var").mkdir(parents=True)
        (self.folder / "smtp-control").mkdir()
        self.env = self.environment()
        self.processes = Processes(self.folder, self.env)
        say(f"Scratch folder {self.folder.relative_to(ROOT)}; database {self.database}; ports {self.ports}")
        self.postgres(f'CREATE DATABASE "{self.database}"')
        self.database_made = True
        self.empty_redis()
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
                str(self.folder / "smtp-control"),
            ],
        )
        self.processes.start("s3", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports["s3"])])
        wait_for_port(self.ports["smtp"])
        wait_for_port(self.ports["s3"])
        self.create_bucket()

    def create_bucket(self) -> None:
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.env["AWS_S3_ENDPOINT_URL"],
            region_name=self.env["AWS_S3_REGION_NAME"],
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        ).create_bucket(
            Bucket=self.env["AWS_STORAGE_BUCKET_NAME"],
            CreateBucketConfiguration={"LocationConstraint": self.env["AWS_S3_REGION_NAME"]},
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )

    # --- the steps
    def release(self) -> None:
        result = subprocess.run(
            ["bin/release"],
            cwd=ROOT,
            env={**self.env, "PYTHON": sys.executable},
            capture_output=True,
            text=True,
            timeout=300,
        )
        expect(result.returncode == 0, f"bin/release failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
        expect((self.folder / "static" / "staticfiles.json").is_file(), "collectstatic wrote no manifest")

    def seed(self) -> dict:
        os.environ.update(self.env)
        import django

        django.setup()
        from . import faults

        return faults.seed(1)[0]

    def start(self) -> None:
        celery = str(VENV_BIN / "celery")
        self.processes.start(
            "gunicorn",
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "-b",
                f"127.0.0.1:{self.ports['web']}",
                "compact_portal.wsgi",
            ],
        )
        self.processes.start(
            "worker",
            [
                celery,
                "-A",
                "compact_portal",
                "worker",
                "--loglevel=WARNING",
                "--concurrency=2",
                "-n",
                f"prodcheck-{self.ports['web']}@%h",
            ],
        )
        self.processes.start(
            "beat",
            [
                celery,
                "-A",
                "compact_portal",
                "beat",
                "--loglevel=WARNING",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ],
        )
        wait_for_port(self.ports["web"], 60)

    def pages(self, browser: Browser, account: dict) -> int:
        from django.urls import reverse

        from undertakings.models import Compact

        health = browser.get("/healthz")
        expect(
            health.status_code == 200 and health.text == "ok", f"/healthz answered {health.status_code} {health.text!r}"
        )
        insecure = browser.session.get(
            browser.base + "/", headers={"X-Forwarded-Proto": "http"}, allow_redirects=False, timeout=30
        )
        expect(
            insecure.status_code == 301 and insecure.headers["Location"].startswith("https://"),
            "a plain HTTP request was not redirected to HTTPS",
        )
        compact = Compact.objects.get(name="Faultshire Compact")
        paths = [
            "/",
            reverse("signatories:directory"),
            reverse("undertakings:compact", args=[compact.slug]),
            reverse("consultations:list"),
            f"/consultations/{account['consultations'][0]}/",
            reverse("signatories:dashboard"),
            reverse("consultations:mine"),
            reverse("disputes:my_cases"),
            reverse("disputes:file"),
        ]
        assets = set()
        for path in paths:
            response = browser.get(path)
            expect(response.status_code == 200, f"{path} answered {response.status_code}")
            expect("Strict-Transport-Security" in response.headers, f"{path} has no HSTS header")
            found = ASSETS.findall(response.text)
            expect(
                any(a.endswith(".css") for a in found) and any(a.endswith(".js") for a in found),
                f"{path} names no stylesheet or no script",
            )
            assets.update(found)
        for asset in sorted(assets):
            expect(re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), f"{asset} is not a hashed (manifest) name")
            response = browser.get(asset, headers={"Accept-Encoding": "gzip"})
            kind = "text/css" if asset.endswith(".css") else "javascript"
            expect(
                response.status_code == 200 and kind in response.headers.get("Content-Type", ""),
                f"{asset} answered {response.status_code} {response.headers.get('Content-Type')}",
            )
            expect("max-age=315360000" in response.headers.get("Cache-Control", ""), f"{asset} is not cached for ever")
        return len(assets)

    def wait_for_reminders(self, addresses: set, seconds: float) -> list:
        give_up_at = time.monotonic() + seconds
        while time.monotonic() < give_up_at:
            self.processes.check()
            arrived = [
                entry for entry in read_records(self.record) if "message_id" in entry and addresses & set(entry["to"])
            ]
            if len({address for entry in arrived for address in entry["to"]} & addresses) == len(addresses):
                return arrived
            time.sleep(1)
        raise Failed(
            f"no reminder reached the mail server within {seconds} s; see {self.folder.relative_to(ROOT)}/worker.log"
        )

    def run(self) -> None:
        self.set_up()
        say("Release step (bin/release: migrate, collectstatic)")
        self.release()
        account = self.seed()
        say("Starting gunicorn, a Celery worker and beat")
        self.start()
        browser = Browser(f"http://127.0.0.1:{self.ports['web']}")
        browser.sign_in(account["email"], account["password"])
        say("Signed in; opening the key pages and their stylesheets and scripts")
        say(f"  {self.pages(browser, account)} stylesheets and scripts, all served")

        case_id = file_concern(browser, account, "prodcheck")
        response, status, content = fetch_document(browser, case_id)
        expect(
            response.status_code == 302 and response.headers["Location"].startswith(self.env["AWS_S3_ENDPOINT_URL"]),
            f"the document was not offered through a signed address ({response.status_code})",
        )
        expect(status == 200 and content == PDF, f"the document came back as {status}, {len(content)} bytes")
        say(f"  breach concern {case_id} filed with a document, fetched back from the object store")

        from signatories.models import Organisation

        from .faults import make_due, with_database

        with_database(lambda: make_due("Prodcheck", 1))
        organisation = Organisation.objects.get(name="Prodcheck group 1")
        addresses = {champion.user.email for champion in organisation.champions.select_related("user")}
        arrived = self.wait_for_reminders(addresses, self.options.mail_wait)
        say(f"  reminder received by the mail server ({arrived[0]['subject']!r})")

        result = self.manage("check", "--deploy", "--fail-level", "WARNING")
        expect(result.returncode == 0, f"check --deploy failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
        say("  manage.py check --deploy: no issues")
        for name in ("gunicorn", "worker", "beat"):
            expect(not self.processes.unexpected_exits[name], f"{name} stopped on its own; see its log")

    def clean_up(self) -> None:
        if self.processes is not None:
            self.processes.stop_all()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may never have been set up
            pass
        if self.database_made and not self.options.keep:
            self.postgres(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.empty_redis()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bin/prodcheck", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PRODCHECK_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="a PostgreSQL server on which the check may create and drop a database",
    )
    parser.add_argument(
        "--database-prefix", default=os.environ.get("PRODCHECK_DATABASE_PREFIX", "compact_portal_prodcheck")
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("PRODCHECK_REDIS_URL", "redis://127.0.0.1:6379/5"),
        help="a Redis database the check may empty (broker and cache)",
    )
    parser.add_argument("--mail-wait", type=int, default=90, help="seconds to wait for the reminder email")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards, to look into a failure")
    options = parser.parse_args(argv)

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    check = Check(options)
    try:
        check.run()
    except Failed as failure:
        say(f"FAILED: {failure}")
        return 1
    except KeyboardInterrupt:
        say("Interrupted; stopping everything")
        return 130
    finally:
        check.clean_up()
    say(f"Production check passed in {time.monotonic() - check.started_at:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
