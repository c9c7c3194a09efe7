"""axe-core on every page of the portal's own views, for every role that may open it, in the
empty, filled and error states; and on the board's admin pages. Zero WCAG 2.2 A/AA violations.

The pages come from the access table (see tests/browser/a11y.py): a new view is covered as
soon as the access table names it, and fails here until it does.
"""

import pytest
from django.urls import reverse

from compact_portal import workdays
from consultations.models import Consultation
from signatories.models import Invitation, Organisation, Signature
from tests import factories
from tests.access import World
from tests.browser import a11y, admin_pages
from tests.browser.conftest import DESKTOP, NARROW, PHONE
from tests.browser.steps import assert_clean_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULES = a11y.table()
# Every page a person can open: not the endpoints that only answer a POST (the keep-alive of the
# warning before the session ends answers a GET with 405 and no page).
HTML_PAGES = {name: rule for name, rule in sorted(RULES.items()) if any(status < 400 for status in rule.ok_status)}

# Forms that, submitted with nothing chosen, come back unchanged and without an error, with why.
# Each entry fails the run once the form shows its errors, so that it is taken out.
KNOWN_SILENT_FORMS: dict[str, str] = {}  # "url_name#formN": why that form shows no error when sent empty


@pytest.fixture
def _fresh_cache(settings):
    # Public pages are cached between requests; each state starts from its own records.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a11y"}}


@pytest.fixture
def base_world(role_users, compact, edition, vcs_organisation, other_vcs_organisation, council, _fresh_cache):
    """The people of every role and their organisations, as the access matrix has them."""
    world = World()
    world.compact, world.edition, world.council = compact, edition, council
    world.vcs_organisation, world.other_vcs_organisation = vcs_organisation, other_vcs_organisation
    world.users = dict(role_users)
    world.invitation = Invitation.objects.create(organisation=council, email="new.officer@example.org")
    a11y.add_missing_roles(world)
    return world


def fill(world):
    """The access table's records (a consultation, a case at stage 2 with its panel, reviews),
    and enough signatories and consultations for the public lists to paginate."""
    for setup in a11y.setups():
        setup(world)
    if world.users.get(a11y.PANEL_MEMBER) is None:
        world.users[a11y.PANEL_MEMBER] = a11y.panel_member(world)
    today = workdays.today()
    # A Compact champion with a training record: the champions' table and its remove buttons.
    factories.name_champion(
        world.vcs_organisation, world.users["vcs_member"], today, department="Youth work", course="Compact essentials"
    )
    organisations = Organisation.objects.bulk_create(
        factories.OrganisationFactory.build(
            compact=world.compact, name=f"Paged Group {n:02d}", slug=f"paged-group-{n:02d}"
        )
        for n in range(30)
    )
    Signature.objects.bulk_create(
        Signature(
            organisation=organisation,
            edition=world.edition,
            signatory_name="A Person",
            signatory_role="Chair",
            signed_on=today,
        )
        for organisation in organisations
    )
    Consultation.objects.bulk_create(
        Consultation(
            compact=world.compact,
            owner=world.council,
            kind="funding_reduction",
            title=f"Paged consultation {n:02d}",
            proposal="Reduce the grant.",
            criteria="Cost.",
            revised_outcomes="Fewer journeys.",
            status="open",
            opens_on=today,
            closes_on=workdays.add_weeks(today, 12),
        )
        for n in range(25)
    )
    return world


@pytest.fixture
def visitor(page, live_server):
    return a11y.Visitor(page, live_server.url)


def test_every_view_is_in_the_accessibility_run():
    """The run goes through the access table; a view missing from it would be missed here too."""
    assert not sorted(a11y.own_url_names() - RULES.keys()), "name these views in tests/access/ so axe visits them"


# Every page of the portal at the desktop size in every run; on a phone and at 320 px (WCAG 1.4.10
# reflow) in the slow tier (bin/trust), which CI's hour leaves out.
SIZES = pytest.mark.parametrize(
    "viewport",
    [DESKTOP, pytest.param(PHONE, marks=pytest.mark.slow), pytest.param(NARROW, marks=pytest.mark.slow)],
    ids=["1280", "390", "320"],
)


@SIZES
def test_every_page_is_accessible_when_empty(visitor, base_world, viewport):
    """No consultations, cases, reviews or signatories yet: the role organisations are approved, not signed."""
    Organisation.objects.update(status=Organisation.Status.APPROVED)
    Signature.objects.all().delete()
    failures = a11y.visit(visitor, base_world, "empty", HTML_PAGES)
    assert not failures, "\n\n".join(failures)
    assert_clean_load(visitor.page)


@SIZES
def test_every_page_is_accessible_when_filled(visitor, base_world, viewport):
    world = fill(base_world)
    failures = a11y.visit(visitor, world, "filled", HTML_PAGES, only_ok=True)
    # The second page of each paginated public list.
    for name in ("signatories:directory", "consultations:list"):
        visitor.become(None)
        url = reverse(name) + "?page=2"
        assert visitor.page.goto(url).status == 200
        check = a11y.TALLY.add(
            a11y.Check("filled", f"{name} page 2", "anonymous", url, "checked", a11y.run_axe(visitor.page))
        )
        if check.violations:
            failures.append(a11y.describe_check(check))
    covered = {
        (c.name, c.role) for c in a11y.TALLY.checks if c.state == "filled" and not c.outcome.startswith("absent")
    }
    wanted = {(name, role) for name, rule in HTML_PAGES.items() for role, _ in a11y.viewers(name, rule, world)}
    assert not sorted(wanted - covered), "pages the filled run did not reach"
    assert not failures, "\n\n".join(failures)


@SIZES
def test_every_form_is_accessible_with_its_errors(visitor, base_world, viewport):
    world = fill(base_world)
    failures = a11y.visit_errors(visitor, world, HTML_PAGES, KNOWN_SILENT_FORMS)
    assert not failures, "\n\n".join(failures)


def _check_admin_page(visitor, admin_page, size):
    skipped = admin_pages.open_admin_page(visitor.page, admin_page)
    state = "error" if admin_page.kind == "add-errors" else "filled"
    name = f"admin: {admin_page.label} at {size}"
    if skipped:
        a11y.TALLY.add(a11y.Check(state, name, "board_member", admin_page.url, f"absent:{skipped}"))
        return None
    check = a11y.TALLY.add(
        a11y.Check(state, name, "board_member", visitor.page.url, "checked", a11y.run_axe(visitor.page))
    )
    return a11y.describe_check(check) if check.violations else None


def _admin_sweep(visitor, world, viewport, wanted=None):
    admin_pages.add_records(world)
    missing = admin_pages.without_records()
    assert not missing, f"every model the board opens has a record whose form is checked: {missing}"
    visitor.become(world.users["board_member"])
    size = f"{viewport['width']}x{viewport['height']}"
    failures = []
    for admin_page in admin_pages.board_pages():
        if wanted is None or admin_page.label in wanted:
            failures.append(_check_admin_page(visitor, admin_page, size))
    return [failure for failure in failures if failure]


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["1280"])
def test_every_admin_page_the_board_opens_is_accessible(visitor, base_world, viewport):
    """The index, each list, add form (empty and sent empty), change form and action page."""
    failures = _admin_sweep(visitor, fill(base_world), viewport)
    assert not failures, "\n\n".join(failures)
    acted_on = {c.name for c in a11y.TALLY.checks if " action " in c.name and c.name.endswith(" at 1280x900")}
    acted_on = {name for name in acted_on if any(c.name == name and c.outcome == "checked" for c in a11y.TALLY.checks)}
    assert len(acted_on) == sum(page.kind == "action" for page in admin_pages.board_pages()), "every action's page"


# At the narrowest width in the normal run: the pages whose layout differs most on a small screen
# (inlines that scroll, the date drill-down, the filters, a form with its errors).
NARROW_SAMPLE = (
    "admin index",
    "signatories.Organisation list",
    "consultations.Consultation list",
    "signatories.Organisation change",
    "signatories.Organisation add sent empty",
    "undertakings.Edition change",
    "signatories.Organisation action decline",
)


@pytest.mark.parametrize("viewport", [NARROW], ids=["320"])
def test_a_sample_of_admin_pages_is_accessible_at_320_px(visitor, base_world, viewport):
    failures = _admin_sweep(visitor, fill(base_world), viewport, NARROW_SAMPLE)
    checked = {c.name.removeprefix("admin: ").removesuffix(" at 320x800") for c in a11y.TALLY.checks}
    assert set(NARROW_SAMPLE) <= checked, "the sample names pages the board can open"
    assert not failures, "\n\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390", "320"])
def test_every_admin_page_the_board_opens_is_accessible_on_small_screens(visitor, base_world, viewport):
    failures = _admin_sweep(visitor, fill(base_world), viewport)
    assert not failures, "\n\n".join(failures)
