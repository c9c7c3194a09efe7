"""Every page of the portal's own views through axe-core, for each role that may open it, in
each state the data allows: empty, filled and with a form's errors showing.

The pages and roles come from the access table (tests/access/): a URL name added there is
visited here with no further work, and `own_url_names` lets a test fail when a view is in
neither. A page whose response is a file (a PDF, a CSV, a calendar feed, the favicon) is
recognised by its content type and counted as such. A role that sees exactly the page another
role saw in the same state (the same HTML, CSRF tokens aside) is counted as covered by that
check rather than checked twice: the superuser mostly sees the board member's pages.

`TALLY` gathers what was checked over the whole browser session; tests/browser/conftest.py
writes it to var/trust/accessibility.json when the session ends.
"""

import importlib
import pkgutil
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.sessions.backends.db import SessionStore
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tests import access
from tests.browser.steps import axe_violations

OWN_APPS = ("signatories", "undertakings", "consultations", "disputes", "reviews", "compact_portal")
STATES = ("empty", "filled", "error")
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"|(<meta name="csrf-token" content=")[^"]*"')

# Panel pages are open to the members of that case's panel. While no rule of the access table
# names the panel member, the first member of `world.case`'s panel opens the dispute pages no
# role may open (the table's NOBODY) and the case page itself.
PANEL_MEMBER = "panel_member"
PANEL_PAGES_BEYOND_NOBODY = ("disputes:case",)


def table():
    """The access table: URL name -> Rule, from every module in tests/access/."""
    rules = {}
    for module in pkgutil.iter_modules(access.__path__):
        rules.update(importlib.import_module(f"{access.__name__}.{module.name}").RULES)
    return rules


def setups():
    """The per-module functions that put the filled state's records on the world."""
    found = []
    for module in pkgutil.iter_modules(access.__path__):
        setup = getattr(importlib.import_module(f"{access.__name__}.{module.name}"), "setup", None)
        if setup:
            found.append(setup)
    return found


def own_url_names(patterns=None, namespace=""):
    """Every named URL of the portal's own views (the admin site is checked on its own)."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= own_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if getattr(pattern.callback, "__module__", "").split(".")[0] in OWN_APPS:
                names.add(namespace + pattern.name)
    return names


def _table_names_panel_members():
    return any(PANEL_MEMBER in rule.allowed for rule in table().values())


# The access table's roles from organisations that are party to nothing in the world see the
# same templates as their counterparts with other records: they are visited only on pages their
# counterpart may not open.
SAME_KIND = {
    "other_vcs_member": "vcs_member",
    "other_vcs_admin": "vcs_admin",
    "other_council_officer": "council_officer",
}


def viewers(name, rule, world):
    """The roles that may open the page, each with the user who plays it in this world."""
    roles = {role for role in rule.allowed if SAME_KIND.get(role) not in rule.allowed}
    if not _table_names_panel_members() and (
        not rule.allowed and name.startswith("disputes:") or name in PANEL_PAGES_BEYOND_NOBODY
    ):
        roles.add(PANEL_MEMBER)
    order = list(dict.fromkeys([*access.ROLES, PANEL_MEMBER]))
    return [(role, world.users.get(role)) for role in sorted(roles, key=order.index)]


def add_missing_roles(world):
    """Users for the roles the access table names beyond those of the role_users fixture: a
    member and an admin of the other VCS organisation, an officer of another public body."""
    from signatories.models import Membership
    from tests import factories

    makers = {
        "other_vcs_member": lambda: factories.MembershipFactory(organisation=world.other_vcs_organisation).user,
        "other_vcs_admin": lambda: (
            factories.MembershipFactory(organisation=world.other_vcs_organisation, role=Membership.Role.ADMIN).user
        ),
        "other_council_officer": lambda: (
            factories.MembershipFactory(
                organisation=factories.PublicBodyFactory(compact=world.compact, name="Otherton Fire Service"),
                role=Membership.Role.ADMIN,
            ).user
        ),
    }
    for role in access.ROLES:
        if world.users.get(role) is None and role in makers:
            world.users[role] = makers[role]()


def panel_member(world):
    case = getattr(world, "case", None)
    panel = getattr(case, "panel", None) if case else None
    member = panel.members.select_related("user").first() if panel else None
    return member.user if member else None


def session_cookie(user, base_url):
    """A signed-in session for `user`, made as django.contrib.auth.login makes one."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["signed_in_at"] = store["last_seen_at"] = int(timezone.now().timestamp())
    store.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base_url}


def fingerprint(html):
    return CSRF_VALUE.sub("", html)


@dataclass
class Check:
    state: str
    name: str
    role: str
    url: str
    outcome: str  # checked, same-as:<role>, file, absent:<why>, no-error-state:<why>
    violations: list = field(default_factory=list)


@dataclass
class Tally:
    """What the browser session checked. Only axe runs that happened count as pages checked."""

    checks: list = field(default_factory=list)
    keyboard_journeys: list = field(default_factory=list)
    axe_seconds: float = 0.0
    load_seconds: float = 0.0

    def add(self, check):
        self.checks.append(check)
        return check

    def summary(self):
        checked = [c for c in self.checks if c.outcome == "checked"]
        by_state = {}
        for state in sorted({c.state for c in self.checks}):
            mine = [c for c in self.checks if c.state == state]
            by_state[state] = {
                "pages_checked": sum(c.outcome == "checked" for c in mine),
                "same_as_another_role": sum(c.outcome.startswith("same-as") for c in mine),
                "file_responses": sum(c.outcome == "file" for c in mine),
                "violations": sum(len(c.violations) for c in mine),
            }
        return {
            "pages_checked": len(checked),
            "violations": sum(len(c.violations) for c in self.checks),
            "violation_nodes": sum(len(v["nodes"]) for c in self.checks for v in c.violations),
            "url_names": len({c.name for c in checked}),
            "roles": sorted({c.role for c in checked}),
            "states": by_state,
            "page_role_state_combinations_covered": sum(
                c.outcome == "checked" or c.outcome.startswith("same-as") for c in self.checks
            ),
            "rules": "axe-core tags " + ", ".join(WCAG),
            "exclusions": [],
            "keyboard_journeys": self.keyboard_journeys,
            "axe_seconds": round(self.axe_seconds, 1),
            "load_seconds": round(self.load_seconds, 1),
            "checks": [
                f"{c.state} {c.name} {c.role}: {c.outcome}"
                for c in self.checks
                if c.outcome != "checked" or c.state == "error"
            ],
            "failures": [
                {
                    "state": c.state,
                    "page": c.name,
                    "role": c.role,
                    "url": c.url,
                    "rules": [v["id"] for v in c.violations],
                }
                for c in self.checks
                if c.violations
            ],
        }

    def line(self):
        s = self.summary()
        states = ", ".join(f"{state} {v['pages_checked']}" for state, v in s["states"].items())
        return (
            f"accessibility: {s['pages_checked']} pages checked with axe ({states}) over {s['url_names']} URL names "
            f"and {len(s['roles'])} roles; {s['violations']} violations; "
            f"{len(s['keyboard_journeys'])} keyboard-only journeys"
        )


TALLY = Tally()
# WCAG 2.2 A and AA, and axe's best practices (landmarks, headings, names) as a monitoring body checks.
WCAG = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")


def run_axe(page):
    """axe's violations on the page, every rule of WCAG's tags and best practice: none excluded."""
    started = time.monotonic()
    violations = axe_violations(page, WCAG)
    TALLY.axe_seconds += time.monotonic() - started
    return violations


class Visitor:
    """One page, signed in as one role after another by swapping the session cookie."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.cookies = {}
        self.current = object()

    def become(self, user):
        if user == self.current:
            return
        self.page.context.clear_cookies()
        if user is not None:
            if user.pk not in self.cookies:
                self.cookies[user.pk] = session_cookie(user, self.base_url)
            self.page.context.add_cookies([self.cookies[user.pk]])
        self.current = user

    def open(self, url):
        """The response to going to `url`, or "file" when the answer is not a page: a download
        (PDF, CSV, calendar) or anything else not served as HTML (the favicon)."""
        try:
            response = self.page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error) or "net::ERR_ABORTED" in str(error):
                return "file"
            raise
        if response is not None and not response.headers.get("content-type", "").startswith("text/html"):
            return "file"
        return response


def visit(visitor, world, state, rules, *, only_ok=False):
    """axe on every page in `rules` for each role allowed on it, as the world stands.

    In the empty state a page whose URL needs a record the world does not have is absent, and
    one that answers other than 200 is noted as absent; in the filled state every allowed role
    must get its page (the access matrix says they do), so anything else is a failure."""
    page = visitor.page
    failures = []
    for name, rule in rules.items():
        try:
            url = reverse(name, kwargs=rule.kwargs(world))
        except AttributeError as error:
            TALLY.add(Check(state, name, "-", "", f"absent:{error}"))
            continue
        seen = {}
        for role, user in viewers(name, rule, world):
            if user is None and role != "anonymous":
                if state == "filled":
                    failures.append(f"{name}: no user plays {role} in the filled world")
                continue
            visitor.become(user)
            started = time.monotonic()
            response = visitor.open(url)
            TALLY.load_seconds += time.monotonic() - started
            if response == "file":
                TALLY.add(Check(state, name, role, url, "file"))
                continue
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                if only_ok:
                    failures.append(f"{name} as {role}: {url} answered {status}")
                TALLY.add(Check(state, name, role, url, f"absent:{status}"))
                continue
            print_ = fingerprint(page.content())
            if print_ in seen:
                TALLY.add(Check(state, name, role, url, f"same-as:{seen[print_]}"))
                continue
            seen[print_] = role
            check = TALLY.add(Check(state, name, role, page.url, "checked", run_axe(page)))
            if check.violations:
                failures.append(describe_check(check))
    return failures


def describe_check(check):
    from tests.browser.steps import describe

    return f"{check.name} as {check.role} ({check.state}) at {check.url}:\n{describe(check.violations)}"


# Puts the form into its error state: every field emptied (text, choices, boxes), and values no
# field accepts typed into numbers, dates, emails and addresses. Returns how many it changed.
SPOIL_FORM = """form => {
  const fields = [...form.elements].filter(el => !['hidden', 'submit', 'button', 'file', 'reset'].includes(el.type)
                                               && el.tagName !== 'BUTTON' && !el.disabled);
  for (const el of fields) {
    const numeric = el.type === 'number' || el.inputMode === 'numeric'
      || el.classList.contains('govuk-date-input__input');
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = Math.max(0, [...el.options].findIndex(o => o.value === ''));
    else if (numeric) el.value = 'x';
    else if (['email', 'url'].includes(el.type)) el.value = 'not valid';
    else el.value = '';
  }
  return fields.length;
}"""


def post_forms(page):
    return page.locator("main form[method=post i]")


def main_fingerprint(page):
    return fingerprint(page.locator("main").inner_html())


def visit_errors(visitor, world, rules, known_silent=None):
    """Each POST form with fields on each page, submitted with its fields emptied or wrong, then
    axe on the page showing the errors. Roles that see the same form (the same main content) are
    submitted once. A form that comes back on its own address must show the error summary; one
    that accepts empty input and moves on is counted as having no error state."""
    page = visitor.page
    failures = []
    for name, rule in rules.items():
        try:
            url = reverse(name, kwargs=rule.kwargs(world))
        except AttributeError:
            continue
        seen = set()
        for role, user in viewers(name, rule, world):
            if user is None and role != "anonymous":
                continue
            visitor.become(user)
            response = visitor.open(url)
            if response == "file":
                continue
            if response is None or response.status != 200:
                failures.append(f"{name} as {role}: {url} answered {response.status if response else 'nothing'}")
                continue
            main = main_fingerprint(page)
            if main in seen:
                continue
            seen.add(main)
            for index in range(post_forms(page).count()):
                if index:
                    page.goto(url)
                form = post_forms(page).nth(index)
                label = f"{name}#form{index + 1}"
                if not form.evaluate(SPOIL_FORM):
                    TALLY.add(Check("error", label, role, url, "no-error-state:a button without fields"))
                    continue
                with page.expect_navigation():
                    form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()
                if not page.locator(".govuk-error-summary").count():
                    accepted = (
                        page.locator(".govuk-notification-banner--success").count() or urlsplit(page.url).path != url
                    )
                    if not accepted and label in (known_silent or {}):
                        TALLY.add(Check("error", label, role, url, f"no-error-state:known: {known_silent[label]}"))
                        continue
                    if not accepted:
                        failures.append(
                            f"{label} as {role}: submitted empty at {url}, came back without an error summary"
                        )
                    TALLY.add(
                        Check("error", label, role, url, f"no-error-state:accepted empty input (now at {page.url})")
                    )
                    continue
                if label in (known_silent or {}):
                    failures.append(f"{label} now shows its errors: take it out of the known silent forms")
                check = TALLY.add(Check("error", label, role, page.url, "checked", run_axe(page)))
                if check.violations:
                    failures.append(describe_check(check))
    return failures
