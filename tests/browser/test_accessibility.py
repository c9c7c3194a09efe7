"""Every key page meets WCAG 2.2 AA as far as axe-core can tell, looks like GOV.UK (its styles
and fonts load) and loads without script or console errors; the registration form works with
the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from signatories.models import Membership, Organisation
from signatories.services import grant_board_access
from tests import factories
from tests.browser.steps import PASSWORD, assert_accessible, assert_clean_load, axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOVUK_BLACK = "rgb(11, 12, 12)"
GOVUK_FOCUS_YELLOW = "rgb(255, 221, 0)"
# link, visited link, back link, error summary link
GOVUK_LINK_COLOURS = {"rgb(29, 112, 184)", "rgb(76, 44, 146)", GOVUK_BLACK, "rgb(212, 53, 28)"}


@pytest.fixture
def portal(transactional_db):
    """A compact with its text, one signatory, a VCS member and a board member."""
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    edition = factories.EditionFactory(compact=compact, label="2026")
    section = factories.SectionFactory(edition=edition, number="1", title="Funding", slug="funding")
    factories.UndertakingFactory(
        section=section, party="public", reference="public-1", text="Consult for twelve weeks before changing funding."
    )
    factories.UndertakingFactory(section=section, party="vcs", reference="vcs-1", text="Report honestly on outcomes.")
    organisation = factories.OrganisationFactory(
        compact=compact,
        name="Testshire Community Action",
        charity_number="1098765",
        website="https://example.org",
        area_of_benefit="North Testshire",
        description="Supports community groups across the county.",
    )
    factories.SignatureFactory(
        organisation=organisation, edition=edition, signatory_name="Jo Bloggs", signatory_role="Chair of trustees"
    )
    member = factories.MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    seat = factories.BoardMembershipFactory(compact=compact)
    grant_board_access(user=seat.user)
    return {"compact": compact, "organisation": organisation, "member": member, "board_member": seat.user}


def submit_registration_with_errors(page):
    page.goto("/organisations/register/organisation/")
    page.get_by_label("Name of the organisation").fill("Northtown Allotment Society")
    page.get_by_label("Registered charity", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Registered charity number", exact=True).fill("12AB")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def submit_signup_with_errors(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Confirm your password").fill("different")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


# page name: (who is signed in, how to get there: a path or a function of the page)
PAGES = {
    "home": (None, "/"),
    "directory with results": (None, "/signatories/"),
    "directory without results": (None, "/signatories/?q=lighthouse+keepers"),
    "organisation page": (None, "/organisations/testshire-community-action/"),
    "compact page": (None, "/compacts/testshire-compact/"),
    "compact page for one party": (None, "/compacts/testshire-compact/?party=public"),
    "undertaking page": (None, "/compacts/testshire-compact/editions/{edition}/funding/public-1/"),
    "sign-in page": (None, "/accounts/login/"),
    "sign-up page with errors": (None, submit_signup_with_errors),
    "register form": ("member", "/organisations/register/organisation/"),
    "register form with errors": ("member", submit_registration_with_errors),
    "your organisations": ("member", "/account/organisations/"),
    "board dashboard": ("board_member", "/board/"),
    "email addresses": ("member", "/accounts/email/"),
    "change password": ("member", "/accounts/password/change/"),
    "two-factor authentication": ("member", "/accounts/2fa/"),
    "confirm it is you": ("member", "/accounts/reauthenticate/code/"),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_and_looks_like_gov_uk(page, portal, name):
    who, where = PAGES[name]
    if who:
        sign_in(page, portal[who].email, PASSWORD)
        page.problems.clear()
    if callable(where):
        where(page)
    else:
        response = page.goto(where.format(edition=portal["compact"].adopted_edition().pk))
        assert response.status == 200, f"{where} answered {response.status}"
    assert_clean_load(page)

    # GOV.UK Frontend's stylesheet and fonts are served by the portal itself and applied.
    header = page.locator(".govuk-header")
    expect(header).to_have_css("background-color", GOVUK_BLACK)
    expect(page.get_by_role("heading", level=1)).to_have_css("font-family", re.compile(r"GDS Transport"))
    loaded_fonts = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('GDS Transport') && f.status === 'loaded').length }""")
    assert loaded_fonts, "the GDS Transport font did not load"
    # No link is left in the browser's own blue.
    link_colours = page.eval_on_selector_all(
        "main a:not(.govuk-button)", "links => links.map(a => [a.textContent.trim(), getComputedStyle(a).color])"
    )
    assert not [link for link in link_colours if link[1] not in GOVUK_LINK_COLOURS], link_colours
    # GOV.UK Frontend's JavaScript ran (portal.js imports it as a module).
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    expect(page.locator(".govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")

    assert_accessible(page)


def test_the_accessibility_check_finds_a_known_problem(page, portal):
    """So that a clean result above means something: an image without alt text is caught."""
    page.goto("/")
    page.evaluate("""document.querySelector('main').insertAdjacentHTML(
        'beforeend', '<img src="/static/govuk/assets/images/govuk-crest.svg">')""")
    assert "image-alt" in [violation["id"] for violation in axe_violations(page)]


def test_every_registration_field_is_a_gov_uk_component(page, portal):
    sign_in(page, portal["member"].email, PASSWORD)
    page.goto("/organisations/register/organisation/")
    page.get_by_label("Name of the organisation").fill("Northtown Allotment Society")
    page.get_by_label("Community group", exact=True).check()
    fields = []
    for heading in (
        "About the organisation",
        "Charity and company numbers",
        "The organisation’s address",
        "What the organisation does",
        "How to contact the organisation",
    ):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        fields += page.eval_on_selector_all(
            "main form input:not([type=hidden]), main form select, main form textarea",
            "fields => fields.map(f => [f.name, f.className])",
        )
        if heading == "The organisation’s address":
            page.get_by_label("Address line 1").fill("The Allotments")
            page.get_by_label("Town or city").fill("Northtown")
            page.get_by_label("Postcode").fill("SN15 1ER")
        page.get_by_role("button", name="Continue").click()
    assert {"name", "type", "charity_number", "postcode", "income_band", "contact_email"} <= {f[0] for f in fields}
    unstyled = [name for name, classes in fields if not re.search(r"\bgovuk-", classes)]
    assert not unstyled, f"fields without a GOV.UK class: {unstyled}"


def tab_to(page, element_id, most=40):
    """Presses Tab until the element has focus; fails if the focus order never reaches it."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never got focus with the Tab key")


def test_registration_form_works_with_the_keyboard_alone(page, portal):
    applicant = factories.UserFactory(full_name="Kim Lee")
    sign_in(page, applicant.email, PASSWORD)
    page.goto("/organisations/register/organisation/")

    # The first Tab reaches the skip link; it moves the focus to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

    tab_to(page, "id_name")
    expect(page.locator("#id_name")).to_have_css("outline-color", GOVUK_FOCUS_YELLOW)
    page.keyboard.type("Eastbrook Men's Shed")
    page.keyboard.press("Tab")  # into the radios: the first is "Registered charity"
    page.keyboard.press("Space")
    expect(page.get_by_label("Registered charity", exact=True)).to_be_checked()
    tab_to(page, "submit-id-submit")
    page.keyboard.press("Enter")
    # One question page after another, each sent with Enter from its last text field.
    for fields in (
        [("id_charity_number", "1187654")],
        [("id_address_line_1", "The Old Forge"), ("id_town", "Eastbrook"), ("id_postcode", "SN15 2AB")],
        [("id_area_of_benefit", "Eastbrook")],
        [("id_contact_email", "shed@eastbrook.example")],
    ):
        for field, text in fields:
            page.locator(f"#{field}").wait_for()
            tab_to(page, field)
            page.keyboard.type(text)
        page.keyboard.press("Enter")  # submits the form from a text field

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    tab_to(page, "send")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    organisation = Organisation.objects.get(name="Eastbrook Men's Shed")
    assert (organisation.type, organisation.postcode, organisation.status) == ("charity", "SN15 2AB", "applied")
