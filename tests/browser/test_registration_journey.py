"""The registration journey in a real browser: a VCS organisation registers, confirms its email, a board
member approves it in the admin, the organisation signs, and the public directory shows it."""

import re

import pytest
from playwright.sync_api import expect

from signatories.models import Organisation
from signatories.services import grant_board_access
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import (
    PASSWORD,
    assert_accessible,
    assert_clean_load,
    last_email_to,
    link_in,
    nav_link,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"]),
]

APPLICANT = "amira.khan@riverside-food.org.uk"
NAME = "Riverside Food Bank"


def answer(page, heading):
    """A question page: its heading, no WCAG problems, then the answers are filled in."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_clean_load(page)
    assert_accessible(page)


def carry_on(page):
    page.get_by_role("button", name="Continue").click()


def test_vcs_organisation_registers_is_approved_signs_and_appears_in_the_directory(open_page, transactional_db):
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    factories.EditionFactory(compact=compact, label="2026")
    seat = factories.BoardMembershipFactory(compact=compact, user__full_name="Bola Adeyemi")
    grant_board_access(user=seat.user)

    # An anonymous visitor starts on the home page and asks to register.
    applicant = open_page("applicant")
    applicant.goto("/")
    assert_clean_load(applicant)
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Testshire Compact")
    applicant.get_by_role("button", name="Register your organisation").click()

    # The start page says the steps and what to have ready; starting creates an account first.
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Register your organisation")
    expect(applicant.locator("main")).to_contain_text("What to have ready")
    assert_clean_load(applicant)
    applicant.get_by_role("button", name="Start now").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Create an account")
    applicant.get_by_label("Your full name").fill("Amira Khan")
    applicant.get_by_label("Email address").fill(APPLICANT)
    applicant.get_by_label("Password", exact=True).fill("riverside-larder-2026")
    applicant.get_by_label("Confirm your password").fill("riverside-larder-2026")
    applicant.get_by_role("button", name="Create account").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your email")

    # The verification email's link opens a page that asks to confirm.
    confirmation = last_email_to(APPLICANT, "confirm")
    assert confirmation.subject == "Confirm your email address for Compact Portal"
    confirm_url = link_in(confirmation, "/accounts/confirm-email/")
    applicant.goto(confirm_url)
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    applicant.get_by_role("button", name="Confirm").click()

    # Confirmed and signed in, the applicant lands on the first question they asked for.
    expect(nav_link(applicant, "Sign out")).to_be_visible()
    expect(applicant).to_have_url(re.compile(r"/organisations/register/organisation/$"))
    answer(applicant, "About the organisation")
    applicant.get_by_label("Name of the organisation").fill(NAME)
    applicant.get_by_label("Registered charity", exact=True).check()
    carry_on(applicant)

    # A registered charity must give its number, in the right format.
    answer(applicant, "Charity and company numbers")
    carry_on(applicant)
    expect(applicant).to_have_title(re.compile(r"^Error: "))
    summary = applicant.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the registered charity number: this type of organisation has one")
    applicant.get_by_label("Registered charity number", exact=True).fill("12AB")
    carry_on(applicant)
    expect(summary).to_contain_text("Enter a registered charity number in the right format")
    expect(
        applicant.locator(".govuk-error-message").filter(
            has_text="Enter a registered charity number in the right format"
        )
    ).to_be_visible()
    expect(applicant.get_by_label("Registered charity number", exact=True)).to_have_value("12AB")
    assert_accessible(applicant)
    applicant.get_by_label("Registered charity number", exact=True).fill("1123456")
    expect(applicant.get_by_label("Companies House number (optional)")).to_be_visible()
    carry_on(applicant)

    # A malformed postcode is refused with nothing typed lost; the summary links to the field.
    answer(applicant, "The organisation’s address")
    applicant.get_by_label("Address line 1").fill("12 Mill Lane")
    applicant.get_by_label("Town or city").fill("Testtown")
    applicant.get_by_label("Postcode").fill("12345")
    carry_on(applicant)
    expect(summary).to_contain_text("Enter a real UK postcode, like SN15 1ER")
    expect(applicant.get_by_label("Address line 1")).to_have_value("12 Mill Lane")
    expect(applicant.get_by_label("Postcode")).to_have_value("12345")
    summary.get_by_role("link", name=re.compile("Enter a real UK postcode")).click()
    expect(applicant.get_by_label("Postcode")).to_be_focused()
    applicant.get_by_label("Postcode").fill("sn15 1er")
    carry_on(applicant)

    # The area hint is the compact's own area.
    answer(applicant, "What the organisation does")
    expect(applicant.locator("main")).to_contain_text("all of Testshire")
    applicant.get_by_label("Area the organisation serves (optional)").fill("Riverside ward")
    carry_on(applicant)
    answer(applicant, "How to contact the organisation")
    applicant.get_by_label("Contact email").fill("hello@riverside-food.org.uk")
    carry_on(applicant)

    # Check your answers; a Change link goes to its question and back here.
    answer(applicant, "Check your answers")
    main = applicant.locator("main")
    for given in (NAME, "Registered charity", "1123456", "SN15 1ER", "Riverside ward", "hello@riverside-food.org.uk"):
        expect(main).to_contain_text(given)
    assert not Organisation.objects.filter(name=NAME).exists()
    applicant.get_by_role("link", name="Change town or city").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("The organisation’s address")
    expect(applicant.get_by_label("Town or city")).to_have_value("Testtown")
    applicant.get_by_label("Town or city").fill("Testtown Mills")
    carry_on(applicant)
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(main).to_contain_text("Testtown Mills")
    applicant.get_by_role("button", name="Send application").click()

    # The confirmation says what happens next.
    answer(applicant, "Application sent")
    expect(main).to_contain_text("What happens next")
    expect(main).to_contain_text("We have sent you an email")
    applicant.get_by_role("link", name="See the organisation’s application").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(applicant.get_by_text("Waiting for the Compact board to approve this organisation")).to_be_visible()
    organisation = Organisation.objects.get(name=NAME)
    assert (organisation.status, organisation.postcode, organisation.charity_number) == (
        "applied",
        "SN15 1ER",
        "1123456",
    )
    last_email_to(APPLICANT, NAME)  # the applicant is told the application arrived
    board_email = last_email_to(seat.user.email, NAME)
    assert f"/admin/signatories/organisation/{organisation.pk}/change/" in board_email.body

    # A board member signs in, follows the email's link to the application and approves it
    # there, after a page saying who will be told.
    board = open_page("board")
    sign_in(board, seat.user.email, PASSWORD)
    board.goto(link_in(board_email, f"/admin/signatories/organisation/{organisation.pk}/change/"))
    board.get_by_role("link", name="Approve the application").click()
    expect(board.get_by_text(APPLICANT).first).to_be_visible()
    board.get_by_role("button", name="Approve the application").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Approved the application from {NAME}. The applicant has been emailed."
    )
    organisation.refresh_from_db()
    assert organisation.status == "approved" and organisation.decided_by == seat.user

    # The applicant follows the sign link in the approval email.
    approval = last_email_to(APPLICANT, "approved")
    applicant.goto(link_in(approval, f"/organisations/{organisation.slug}/sign/"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Sign the Compact")
    expect(applicant.get_by_label("Name of the person signing")).to_have_value("Amira Khan")
    applicant.get_by_label("Their role in the organisation").fill("Chair of trustees")
    applicant.get_by_label("I confirm the organisation agrees to keep the undertakings of the Compact").check()
    applicant.get_by_role("button", name="Sign the Compact").click()
    expect(applicant.locator(".govuk-notification-banner--success")).to_contain_text(f"{NAME} signed the Compact on")
    expect(applicant.get_by_text("by Amira Khan, Chair of trustees (2026 edition)")).to_be_visible()

    # Anyone can now find the organisation in the public directory.
    public = open_page("public")
    public.goto("/")
    nav_link(public, "Signatories").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Signatories")
    expect(public.get_by_role("status")).to_have_text("1 signatory found")
    expect(public.get_by_role("link", name=NAME)).to_be_visible()
    public.get_by_label("Search by name or what they do").fill("riverside food")
    public.get_by_role("button", name="Search").click()
    expect(public).to_have_url(re.compile(r"q=riverside\+food"))
    expect(public.get_by_role("status")).to_have_text("1 signatory found")
    public.get_by_role("link", name=NAME).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(public.locator(".govuk-summary-list")).to_contain_text("Signed")
    assert_clean_load(public)
