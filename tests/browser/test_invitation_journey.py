"""The board invites a council officer in the admin; the officer joins through the emailed link."""

import re

import pytest
from playwright.sync_api import expect

from signatories.models import Membership
from signatories.services import grant_board_access
from tests import factories
from tests.browser.steps import PASSWORD, assert_clean_load, last_email_to, link_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "sam.okafor@testshire.gov.uk"


def choose_organisation(page, name):
    """The admin's autocomplete (select2) for the organisation: open, type, pick."""
    page.locator("#id_organisation + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).click()
    expect(page.locator("#id_organisation + .select2 .select2-selection__rendered")).to_contain_text(name)


def test_board_invites_a_council_officer_who_creates_an_account_and_joins_the_council(open_page, transactional_db):
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    factories.EditionFactory(compact=compact, label="2026")
    council = factories.PublicBodyFactory(compact=compact, name="Testshire County Council")
    factories.OrganisationFactory(compact=compact, name="Testshire Youth Club")
    seat = factories.BoardMembershipFactory(compact=compact)
    grant_board_access(user=seat.user)

    # The board member adds an invitation in the admin.
    board = open_page("board")
    sign_in(board, seat.user.email, PASSWORD)
    board.goto("/admin/")
    board.get_by_role("link", name="Invitations", exact=True).click()
    board.get_by_role("link", name=re.compile("Add invitation", re.I)).click()
    # A VCS organisation is refused: its people register themselves.
    choose_organisation(board, "Testshire Youth Club")
    board.get_by_label("Email").fill(OFFICER)
    board.get_by_role("button", name="Save", exact=True).click()
    expect(board.locator(".errorlist")).to_contain_text(
        "Officers are invited to public-sector organisations only; VCS organisations register themselves."
    )
    expect(board.get_by_label("Email")).to_have_value(OFFICER)
    choose_organisation(board, "Testshire County Council")
    board.get_by_role("button", name="Save", exact=True).click()
    expect(board.locator(".messagelist")).to_contain_text(f"Invitation emailed to {OFFICER}.")

    # The officer opens the link from the email in their own browser.
    invitation_url = link_in(last_email_to(OFFICER, "Testshire County Council"), "/invitations/")
    officer = open_page("officer")
    officer.goto(invitation_url)
    assert_clean_load(officer)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Join Testshire County Council")
    officer.get_by_role("link", name="Create an account").click()

    officer.get_by_label("Your full name").fill("Sam Okafor")
    officer.get_by_label("Email").fill(OFFICER)
    officer.get_by_label("Password", exact=True).fill("county-hall-officer-7")
    officer.get_by_label("Confirm your password").fill("county-hall-officer-7")
    officer.get_by_role("button", name="Create account").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Check your email")

    officer.goto(link_in(last_email_to(OFFICER, "confirm"), "/accounts/confirm-email/"))
    officer.get_by_role("button", name="Confirm").click()
    expect(officer.get_by_role("link", name="Sign out")).to_be_visible()

    # Signed in, the officer is brought back to the invitation page and accepts.
    expect(officer).to_have_url(invitation_url)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Join Testshire County Council")
    expect(
        officer.get_by_text(f"The Compact board has invited {OFFICER} to join Testshire County Council")
    ).to_be_visible()
    officer.get_by_role("button", name="Accept the invitation").click()

    expect(officer.get_by_role("heading", level=1)).to_have_text("Your organisations")
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have joined Testshire County Council."
    )
    row = officer.get_by_role("row").filter(has=officer.get_by_role("link", name="Testshire County Council"))
    expect(row).to_contain_text("Member")
    assert Membership.objects.filter(user__email=OFFICER, organisation=council, role="member").exists()

    # The link cannot be used twice.
    officer.goto(invitation_url)
    expect(officer.get_by_text("This invitation has expired or has already been used.")).to_be_visible()
