"""A board member brings an existing Compact document into the portal in the admin: uploads it
as a new edition of a compact chosen explicitly, previews what the importer found (its rules in
words), corrects a title, a party and a split, saves it as a draft edition, confirms the
proposed timeline rule, adopts it after a confirmation page, and the public reads it."""

import re

import pytest
from playwright.sync_api import expect

from signatories.services import grant_board_access
from tests import factories
from tests.browser.steps import PASSWORD, assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENT = """# The Northshire Compact

## Code of Practice: Funding

### Shared undertakings

1. Talk early about funding plans and agree outcomes together.
2. Share monitoring information openly.

### Public sector undertakings

1. Pay grants in advance where possible.
2. Allow a 12 week period of consultation before funding is reduced.

### Voluntary sector undertakings

1. Keep proper accounts.
"""


def test_board_imports_corrects_and_adopts_a_compact_document(open_page, tmp_path):
    compact = factories.CompactFactory(name="The Northshire Compact", area="Northshire")
    seat = factories.BoardMembershipFactory(compact=compact)
    grant_board_access(user=seat.user)
    document = tmp_path / "northshire.md"
    document.write_text(DOCUMENT)

    board = open_page("board")
    sign_in(board, seat.user.email, PASSWORD)
    board.goto("/board/")
    board.get_by_role("link", name="Import a Compact document").click()
    board.get_by_label("A new edition of an existing compact").check()
    board.get_by_label("Existing compact", exact=False).and_(board.locator("select")).select_option(
        label="The Northshire Compact"
    )
    board.get_by_label("Document").set_input_files(str(document))
    board.get_by_role("button", name="Save", exact=True).click()

    expect(board).to_have_url(re.compile(r"/preview/$"))
    expect(board.get_by_text("Consultations run for 12 weeks")).to_be_visible()
    expect(board.get_by_label("Name of the edition")).to_have_value("The Northshire Compact")
    board.get_by_label("Title").first.fill("Funding and grants")
    # "Keep proper accounts" is really given by community groups in this Compact
    row = board.locator("tr", has_text="Keep proper accounts")
    row.get_by_label("Party").select_option(label="Community groups")
    # split the first shared undertaking in two
    first = board.locator("textarea").first
    first.fill("Talk early about funding plans.\n---\nAgree outcomes together.")
    board.get_by_label("Name of the edition").fill("2027 draft")
    board.get_by_role("button", name="Save as a draft edition").click()

    expect(board.get_by_text("Saved as the draft edition")).to_be_visible()
    expect(board.get_by_text("Consultations run for 12 weeks").first).to_be_visible()  # proposed, not yet applied

    board.goto("/admin/undertakings/edition/")
    board.locator("tr", has_text="2027 draft").get_by_role("checkbox").check()
    board.locator("select[name=action]").select_option(
        label="Confirm all proposed timeline rules of the selected editions"
    )
    board.get_by_role("button", name="Go").click()
    expect(board.get_by_text("Confirmed 1 timeline rule")).to_be_visible()
    board.goto("/board/")
    expect(board.locator("#board-queue")).to_contain_text("1 edition to adopt")
    board.get_by_role("link", name="1 edition to adopt").click()
    board.get_by_role("link", name="2027 draft").click()
    board.get_by_role("link", name="Adopt this edition").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Adopt the 2027 draft edition")
    expect(board.get_by_text("has no adopted edition yet, so no text is replaced")).to_be_visible()
    assert_accessible(board)
    board.get_by_role("button", name="Adopt this edition").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
        "Adopted the 2027 draft edition of the Northshire Compact."
    )

    public = open_page("public")
    public.goto(f"/compacts/{compact.slug}/")
    expect(public.get_by_role("heading", name=re.compile("Funding and grants"))).to_be_visible()
    expect(public.get_by_text("Agree outcomes together.")).to_be_visible()
    public.goto(f"/compacts/{compact.slug}/?party=community")
    expect(public.get_by_text("Keep proper accounts.")).to_be_visible()
