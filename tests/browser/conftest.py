"""Browser journeys: Debian's chromium driven by Playwright against pytest-django's live server.

Each person in a journey gets their own browser context (their own cookies), as two people on
two machines would. Emails are read from Django's locmem outbox, which the live server thread
shares with the test. Every page must load without console errors or uncaught script errors
(a broken module import of portal.js shows up there), checked when the test ends. A failing
test leaves a screenshot of every open page in /tmp/browser-shots/; with BROWSER_SHOTS=all in
the environment every test does, for a look.
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.browser.steps import AXE_URL

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp/browser-shots")
TIMEOUT_MS = 10_000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium); browser journeys not run")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django's async-safety check
    # would refuse the ORM calls the tests make between browser steps. Nothing here is async;
    # the switch is on only while the browser is.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(autouse=True)
def _live_settings(settings, live_server):
    # Links in the portal's own emails point at the live server, like SITE_URL in production.
    settings.SITE_URL = live_server.url


def _note_console_error(page, message):
    url = message.location.get("url", "")
    # The browser asks for /favicon.ico by itself on pages that name no icon (the Django admin);
    # that 404 is not the page's doing.
    # axe-core sets inline styles while it measures; the admin's stricter CSP reports that, and
    # it is the checker's doing, not the page's.
    if message.type == "error" and not url.endswith("/favicon.ico") and AXE_URL not in url:
        page.problems.append(f"console: {message.text} ({url})")


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 800}  # WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS px


@pytest.fixture
def viewport():
    """The screen size of every page opened; a journey parametrises it to run on a phone too."""
    return DESKTOP


@pytest.fixture
def open_page(browser, live_server, request, viewport):
    """Opens a page in a fresh browser context: one per person in the journey."""
    pages = []

    def open_page(name="visitor"):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.problems = []  # console errors and uncaught exceptions: see assert_clean_load and below
        page.on("console", lambda message: _note_console_error(page, message))
        page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
        pages.append((name, page))
        return page

    yield open_page

    failed = any(getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call"))
    for name, page in pages:
        if failed or os.environ.get("BROWSER_SHOTS") == "all":
            SHOTS.mkdir(parents=True, exist_ok=True)
            test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
            path = SHOTS / f"{test_name}-{name}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                print(f"screenshot of {name}'s page ({page.url}): {path}")
            except Exception as error:  # a crashed page must not hide the real failure
                print(f"no screenshot of {name}'s page: {error}")
        page.context.close()
    problems = [f"{name}: {problem}" for name, page in pages for problem in page.problems]
    if problems and not failed:
        pytest.fail("console or script errors in the browser:\n" + "\n".join(problems))


@pytest.fixture
def page(open_page):
    return open_page()


ACCESSIBILITY_REPORT = Path(__file__).resolve().parents[2] / "var" / "trust" / "accessibility.json"


def pytest_sessionfinish(session, exitstatus):
    """Writes what the accessibility checks covered, for reports that read var/trust/."""
    from tests.browser.a11y import TALLY

    if TALLY.checks or TALLY.keyboard_journeys:
        ACCESSIBILITY_REPORT.parent.mkdir(parents=True, exist_ok=True)
        ACCESSIBILITY_REPORT.write_text(json.dumps(TALLY.summary(), indent=2) + "\n")


def pytest_terminal_summary(terminalreporter):
    from tests.browser.a11y import TALLY

    if TALLY.checks or TALLY.keyboard_journeys:
        terminalreporter.write_line(f"{TALLY.line()} ({ACCESSIBILITY_REPORT})")
