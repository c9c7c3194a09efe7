"""What a person does in the browser, and what the journeys check on every page they visit."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from tests import factories

PASSWORD = factories.PASSWORD
AXE = Path(__file__).resolve().parents[2] / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__browser-tests__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def sign_in(page, email, password=PASSWORD):
    """Signs in through allauth's page, as a person does."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#navigation a", has_text="Sign out").wait_for(state="attached")
    nav_link(page, "Sign out").wait_for()


def nav_link(page, name):
    """A link in the service navigation; on a small screen the menu is opened first, as a
    person does."""
    # The toggle works once GOV.UK Frontend has started: a click before then does nothing.
    page.wait_for_load_state("load")
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.locator("#navigation").get_by_role("link", name=name, exact=True)


def emails_to(address, subject_contains=""):
    return [m for m in mail.outbox if address in m.to and subject_contains.lower() in m.subject.lower()]


def last_email_to(address, subject_contains=""):
    found = emails_to(address, subject_contains)
    assert found, (
        f"no email to {address} with {subject_contains!r} in the subject; "
        f"outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    )
    return found[-1]


def link_in(message, path_contains):
    """The first link in an email's plain text whose path contains `path_contains`."""
    for url in re.findall(r"https?://\S+", message.body):
        if path_contains in url:
            return url.rstrip(".,)")
    raise AssertionError(f"no link containing {path_contains!r} in:\n{message.body}")


def axe_violations(page, tags=WCAG_TAGS):
    """Runs axe-core's rules with these tags (WCAG 2.2 AA unless told) on the page as it stands;
    returns the violations."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run bin/setup (it installs axe-core from the npm registry)")
    # The portal's Content Security Policy allows scripts from its own origin only, so axe is
    # served at a same-origin address that the browser answers from the file, never the server.
    if not getattr(page, "axe_routed", False):
        page.route(f"**{AXE_URL}", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page.axe_routed = True
    page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", list(tags)
    )
    # A run in which no rule found anything to pass checked nothing (a wrong tag, an empty page).
    assert result["passes"], f"axe checked nothing on {page.url}"
    return result["violations"]


def describe(violations):
    """axe's findings as a person reads them: rule, help, where, and what to fix."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} – {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {json.dumps(node['target'])}: {node['html'][:200]}")
            lines.extend(f"    {line}" for line in node.get("failureSummary", "").splitlines())
    return "\n".join(lines)


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} WCAG problem(s) on {page.url}:\n{describe(violations)}"


def assert_clean_load(page):
    """The page loaded without console errors or script failures (a broken module import shows here)."""
    page.wait_for_load_state("load")
    assert not page.problems, f"problems while loading {page.url}:\n" + "\n".join(page.problems)


def fill_date(page, question, typed):
    """Types a date ("2/2/2026") into the day, month and year boxes of the date input `question`."""
    group = page.get_by_role("group", name=question)
    for box, value in zip(("Day", "Month", "Year"), typed.split("/"), strict=True):
        group.get_by_label(box, exact=True).fill(value)


def date_typed(page, question):
    """What the day, month and year boxes of `question` hold, as "d/m/yyyy"."""
    group = page.get_by_role("group", name=question)
    return "/".join(group.get_by_label(box, exact=True).input_value() for box in ("Day", "Month", "Year"))
