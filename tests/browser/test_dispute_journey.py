"""In a real browser: a VCS organisation raises a breach concern at stage 1, the council
responds and refers it to the board (stage 2), the board convenes the proposed panel from the
resolution group, and the panel holds the hearing and records the outcome. The board never
sees the details."""

import re

import pytest
from playwright.sync_api import expect

from compact_portal import workdays
from disputes.models import Case, Outcome, Stage
from signatories.models import Membership, Sector
from signatories.services import grant_board_access
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import PASSWORD, assert_accessible, assert_clean_load, fill_date, last_email_to, sign_in
from tests.disputes.helpers import resolution_group

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"]),
]

SECRET = "The grant letter arrived on a Friday with six weeks' notice"


def question(page, heading):
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_clean_load(page)
    assert_accessible(page)


def test_a_concern_goes_from_stage_1_to_a_panel_and_an_outcome(open_page, transactional_db, tmp_path):
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    edition = factories.EditionFactory(compact=compact, label="2026")
    section = factories.SectionFactory(edition=edition, title="Fair funding", slug="funding", number="1")
    factories.UndertakingFactory(
        section=section, party="public", number="3", text="Consult for twelve weeks before reducing funding."
    )
    factories.UndertakingFactory(section=section, party="vcs", number="4", text="Report honestly on outcomes.")
    food_bank = factories.OrganisationFactory(compact=compact, name="Testshire Food Bank")
    factories.OrganisationFactory(compact=compact, name="Not Yet Signed Trust", status="approved")
    council = factories.PublicBodyFactory(compact=compact, name="Testshire County Council")
    vcs_admin = factories.MembershipFactory(organisation=food_bank, role=Membership.Role.ADMIN).user
    officer = factories.MembershipFactory(organisation=council, role=Membership.Role.ADMIN).user
    seat = factories.BoardMembershipFactory(compact=compact)
    grant_board_access(user=seat.user)
    seats = resolution_group(compact, workdays.today().year)
    panel_user = next(s.user for s in seats if s.sector == Sector.PUBLIC)

    # The food bank raises the concern, starting at stage 1 because talking has not worked.
    vcs = open_page("vcs")
    sign_in(vcs, vcs_admin.email, PASSWORD)
    vcs.goto("/disputes/raise/")
    expect(vcs.get_by_role("heading", level=1)).to_have_text("Raise a breach concern")
    assert_clean_load(vcs)
    assert_accessible(vcs)
    vcs.get_by_role("button", name="Start now").click()

    # Only signatories are offered; the undertakings are those the council's party gives.
    question(vcs, "Who the concern is about")
    about = vcs.get_by_label("Which organisation is the concern about?")
    expect(about.locator("option", has_text="Not Yet Signed Trust")).to_have_count(0)
    about.select_option(label="Testshire County Council")
    vcs.get_by_role("button", name="Continue").click()
    question(vcs, "Which undertakings were not kept")
    expect(vcs.locator("main")).not_to_contain_text("Report honestly on outcomes.")
    vcs.get_by_role("button", name="Continue").click()
    expect(vcs.locator(".govuk-error-summary")).to_contain_text("Choose at least one undertaking")
    assert_accessible(vcs)
    vcs.get_by_label(re.compile("Consult for twelve weeks")).check()
    vcs.get_by_role("button", name="Continue").click()
    question(vcs, "What happened")
    vcs.get_by_label("What happened?").fill(SECRET)
    vcs.get_by_label("What has been tried to resolve it?").fill("A meeting with the commissioner.")
    vcs.get_by_label("What outcome do you hope for?").fill("Twelve weeks' consultation.")
    vcs.get_by_role("button", name="Continue").click()

    # Documents through the GOV.UK file upload component; a script in disguise is refused.
    question(vcs, "Documents")
    fake = tmp_path / "minutes.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    vcs.get_by_label("Upload documents (optional)").set_input_files(str(fake))
    vcs.get_by_role("button", name="Continue").click()
    expect(vcs.locator(".govuk-error-summary")).to_contain_text("is not a file type the portal accepts")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    vcs.get_by_label("Upload documents (optional)").set_input_files(str(letter))
    vcs.get_by_role("button", name="Continue").click()
    question(vcs, "Where the concern starts")
    vcs.get_by_label("At stage 1: a formal written concern").check()
    vcs.get_by_role("button", name="Continue").click()

    # Check your answers, change one, and raise it.
    question(vcs, "Check your answers")
    for given in ("Testshire County Council", "Consult for twelve weeks", SECRET, "letter.pdf", "At stage 1"):
        expect(vcs.locator("main")).to_contain_text(given)
    assert not Case.objects.exists()
    vcs.get_by_role("link", name="Change what outcome do you hope for?").click()
    expect(vcs.get_by_label("What outcome do you hope for?")).to_have_value("Twelve weeks' consultation.")
    vcs.get_by_label("What outcome do you hope for?").fill("Twelve weeks' consultation next time.")
    vcs.get_by_role("button", name="Continue").click()
    question(vcs, "Check your answers")
    expect(vcs.locator("main")).to_contain_text("Twelve weeks' consultation next time.")
    vcs.get_by_role("button", name="Raise the breach concern").click()
    case = Case.objects.get()
    question(vcs, "Breach concern raised")
    expect(vcs.locator("main")).to_contain_text("We have sent you a receipt by email")
    expect(vcs.locator("main")).to_contain_text("What happens next")
    assert last_email_to(vcs_admin.email, "We have received your breach concern")
    vcs.get_by_role("link", name=f"Go to case {case.pk}").click()
    expect(vcs.get_by_role("heading", level=1)).to_have_text(f"Case {case.pk}")
    expect(vcs.locator("main")).to_contain_text(SECRET)
    assert case.attachments.get().original_name == "letter.pdf"

    # The council records its complaints response, does not accept the outcome, and refers.
    council_page = open_page("council")
    sign_in(council_page, officer.email, PASSWORD)
    council_page.goto(f"/disputes/cases/{case.pk}/")
    council_page.get_by_role("link", name="Record your complaints procedure response").click()
    council_page.get_by_label("Your organisation's response").fill("We looked again and the decision stands.")
    council_page.get_by_role("button", name="Save the response").click()
    council_page.get_by_role("link", name="Say whether your organisation accepts the outcome").click()
    council_page.get_by_label("No, we do not accept it").check()
    council_page.get_by_role("button", name="Save answer").click()
    council_page.get_by_role("link", name="Refer the case to the board (stage 2)").click()
    council_page.get_by_label("The nature of the difference").fill("Whether the notice period was enough.")
    council_page.get_by_label("Why refer the case now?").fill("We would like the panel's view.")
    council_page.get_by_role("button", name="Send the referral to the board").click()
    expect(council_page.locator("main")).to_contain_text("Stage 2: resolution panel")

    # The board sees the deadline on its dashboard and convenes the proposed panel.
    board = open_page("board")
    sign_in(board, seat.user.email, PASSWORD)
    board.goto("/board/")
    board.get_by_role("link", name=f"Case {case.pk}: convene the panel").click()
    assert_clean_load(board)
    expect(board.locator("input[name=seats]:checked")).to_have_count(4)
    board.get_by_role("button", name="Convene the panel").click()
    expect(board.locator("main")).to_contain_text("Panel convened")
    expect(board.locator("main")).not_to_contain_text(SECRET)
    expect(board.locator("main")).not_to_contain_text("Testshire Food Bank")

    # The panel chooses its chair, finds it is a Compact matter, holds the hearing today and
    # records the outcome.
    panel = open_page("panel")
    sign_in(panel, panel_user.email, PASSWORD)
    panel.goto(f"/disputes/cases/{case.pk}/")
    expect(panel.locator("main")).to_contain_text(SECRET)
    panel.get_by_role("link", name="Record the panel's chair").click()
    panel.get_by_label(str(panel_user)).check()
    panel.get_by_role("button", name="Save the chair").click()
    panel.get_by_role("link", name="Decide whether this is a Compact matter").click()
    panel.get_by_label("Yes").check()
    panel.get_by_label("The panel's reasons").fill("The concern is about the funding promise.")
    panel.get_by_role("button", name="Record the decision").click()
    panel.get_by_role("link", name="Set the hearing or a further meeting").click()
    panel.get_by_label("Hearing", exact=True).check()
    fill_date(panel, "Date", f"{workdays.today():%d/%m/%Y}")
    panel.get_by_role("button", name="Save the meeting").click()
    panel.get_by_role("link", name="Record the outcome").click()
    panel.get_by_label("Not upheld").check()
    panel.get_by_label("Summary for the annual report").fill("A question of notice periods; not upheld.")
    panel.get_by_label("Why the case is closing").fill("The council followed its published process.")
    panel.get_by_role("button", name="Close the case").click()
    expect(panel.locator(".govuk-notification-banner")).to_contain_text(f"Case {case.pk} is closed.")

    case.refresh_from_db()
    assert (case.stage, case.outcome) == (Stage.CLOSED, Outcome.NOT_UPHELD)
    board.goto(f"/disputes/cases/{case.pk}/")
    expect(board.locator("main")).to_contain_text("Not upheld")
    expect(board.locator("main")).to_contain_text("A question of notice periods; not upheld.")
    expect(board.locator("main")).not_to_contain_text(SECRET)
