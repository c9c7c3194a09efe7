"""The annual review in a real browser: a board member opens the year's self-assessment; a VCS
organisation's admin, on their own machine, answers and submits it; the board member sees it
arrive on the progress page, writes the review, builds the PDF (the Celery task runs eagerly in
the live server) and publishes it; a member of the public reads it and downloads the PDF."""

import re
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from compact_portal import workdays
from reviews.models import Assessment, ReviewRendering
from signatories.models import Membership, Sector
from signatories.services import grant_board_access
from tests import factories
from tests.browser.steps import assert_accessible, assert_clean_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = workdays.today().year


@pytest.fixture
def compact(transactional_db):
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    edition = factories.EditionFactory(compact=compact, label="2026")
    funding = factories.SectionFactory(edition=edition, number="1", title="Funding", slug="funding")
    factories.UndertakingFactory(
        section=funding, party="shared", reference="shared-1", number="1", text="Agree outcomes before a grant starts."
    )
    factories.UndertakingFactory(
        section=funding,
        party="public",
        reference="public-1",
        number="2",
        text="Consult for twelve weeks before changing funding.",
    )
    factories.UndertakingFactory(
        section=funding, party="vcs", reference="vcs-1", number="3", text="Report honestly on outcomes."
    )
    volunteering = factories.SectionFactory(edition=edition, number="2", title="Volunteering", slug="volunteering")
    factories.UndertakingFactory(
        section=volunteering,
        party="vcs",
        reference="vcs-1",
        number="1",
        text="Value volunteers and cover their expenses.",
    )
    return compact


@pytest.fixture
def people(compact):
    action = factories.OrganisationFactory(compact=compact, name="Testshire Community Action")
    factories.OrganisationFactory(compact=compact, name="Testshire Council", sector=Sector.PUBLIC, type="council")
    vcs_admin = factories.MembershipFactory(
        organisation=action,
        role=Membership.Role.ADMIN,
        user=factories.UserFactory(email="val@community-action.example"),
    ).user
    seat = factories.BoardMembershipFactory(
        compact=compact, user=factories.UserFactory(email="chair@testshire.example", is_staff=True)
    )
    grant_board_access(user=seat.user)
    return {"board": seat.user, "vcs_admin": vcs_admin, "organisation": action}


def answer_section(page, ratings_and_evidence):
    """Chooses a rating and types evidence for each undertaking on a section page, in order."""
    blocks = page.locator("form > fieldset.govuk-fieldset")
    expect(blocks).to_have_count(len(ratings_and_evidence))
    for index, (rating, evidence) in enumerate(ratings_and_evidence):
        block = blocks.nth(index)
        block.get_by_label(rating, exact=True).check()
        block.get_by_label("Evidence").fill(evidence)
    page.get_by_role("button", name="Save and return to your self-assessment").click()


def test_the_board_opens_a_self_assessment_sees_a_response_arrive_then_builds_and_publishes_the_review(
    open_page, compact, people
):
    # The board member opens this year's self-assessment.
    board = open_page("board")
    sign_in(board, people["board"].email)
    board.goto(f"/review/{compact.slug}/")
    assert_clean_load(board)
    board.get_by_role("link", name=f"Open the {YEAR} self-assessment").click()
    expect(board.get_by_label("Year to assess")).to_have_value(str(YEAR))
    board.get_by_role("button", name="Open the self-assessment").click()
    expect(board.get_by_role("heading", level=1)).to_have_text(f"Self-assessment {YEAR}")
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
        "Signatories' admins have been emailed"
    )
    row = board.get_by_role("row").filter(has=board.get_by_role("link", name="Testshire Community Action"))
    expect(row).to_contain_text("Not started")
    expect(board.locator("#progress-summary")).to_contain_text("0 of 2")

    # The VCS organisation's admin, in their own browser, answers both promises.
    vcs = open_page("vcs_admin")
    sign_in(vcs, people["vcs_admin"].email)
    vcs.goto("/self-assessment/")
    vcs.get_by_role("link", name=re.compile("Testshire Community Action")).click()
    expect(vcs.get_by_role("heading", level=1)).to_have_text(f"Self-assessment {YEAR}")
    expect(vcs.locator("#assessment-status")).to_have_text("You have answered 0 of 3 undertakings.")
    vcs.get_by_role("link", name="Funding").click()
    assert_clean_load(vcs)
    assert_accessible(vcs)
    answer_section(
        vcs,
        [
            ("Met", "Outcomes agreed at the grant meeting in April."),
            ("Partly met", "Quarterly reports sent; one was late."),
        ],
    )
    expect(vcs.locator("#assessment-status")).to_have_text("You have answered 2 of 3 undertakings.")

    # Submitting too early names what is missing.
    vcs.get_by_role("link", name="Check and submit").click()
    expect(vcs.locator(".govuk-error-summary")).to_contain_text("1 undertaking is not answered yet")
    vcs.locator(".govuk-error-summary").get_by_role("link", name=re.compile("Volunteering, VCS undertaking 1")).click()
    expect(vcs.get_by_role("heading", level=1)).to_have_text("Promise 2 – Volunteering")
    answer_section(vcs, [("Not applicable", "We have no volunteers this year.")])
    vcs.get_by_role("link", name="Check and submit").click()
    vcs.get_by_role("button", name="Submit the self-assessment").click()
    expect(vcs.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Submitted the {YEAR} self-assessment for Testshire Community Action"
    )
    assert Assessment.objects.get(organisation=people["organisation"]).status == "submitted"

    # The board member sees it arrive.
    board.reload()
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("3 of 3")
    expect(board.locator("#progress-summary")).to_contain_text("1 of 2")
    board.get_by_role("link", name="See the results").click()
    expect(board.get_by_role("table", name="Ratings by sector of the signatory")).to_contain_text("50%")

    # The board writes the review, builds the PDF and publishes it.
    board.goto(f"/review/{compact.slug}/")
    board.get_by_role("link", name=f"Write the {YEAR} annual review").click()
    board.get_by_label("How the Compact operated during the year").fill(
        "The board met four times and partners used the Compact."
    )
    board.get_by_label("Promise 1 – Funding").fill("Grants were agreed before they started.")
    board.get_by_label("The difference the Compact made").fill("Funding decisions involved the sector earlier.")
    board.get_by_role("button", name="Save the annual review").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(f"Saved the {YEAR} annual review.")
    board.get_by_role("button", name="Build the PDF").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("PDF version 1")
    expect(board.locator("#rendering-status")).to_contain_text("The PDF is ready")
    draft_pdf = board.request.get(board.get_by_role("link", name="Download version 1 of the PDF").get_attribute("href"))
    assert draft_pdf.ok and draft_pdf.body().startswith(b"%PDF")
    assert f'filename="testshire-compact-annual-review-{YEAR}-v1-draft.pdf"' in draft_pdf.headers["content-disposition"]
    board.get_by_role("link", name="Back to the annual review").click()
    board.get_by_role("link", name="Publish the annual review").click()
    # The year it reviews has not ended: the draft is ready, publication waits for 1 January.
    expect(board.get_by_text(f"can be published from 1 January {YEAR + 1}")).to_be_visible()
    expect(board.get_by_role("button", name="Publish the annual review")).to_have_count(0)

    # In the new year (the board of that year) it is published.
    factories.BoardMembershipFactory(compact=compact, user=people["board"], year=YEAR + 1)
    with time_machine.travel(datetime(YEAR + 1, 1, 4, 10, tzinfo=workdays.LONDON), tick=True):
        sign_in(board, people["board"].email)
        board.goto(f"/review/{compact.slug}/annual-review/{YEAR}/publish/")
        expect(board.get_by_text("Once published, the review cannot be changed.")).to_be_visible()
        board.get_by_role("button", name="Publish the annual review").click()
        expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
            f"Published the {YEAR} annual review."
        )
    final = ReviewRendering.objects.get(review__compact=compact, version=2)
    assert (final.draft, final.status) == (False, "done")

    # Anyone can read it.
    visitor = open_page("visitor")
    visitor.goto(f"/compacts/{compact.slug}/annual-reviews/")
    visitor.get_by_role("link", name=f"Annual review {YEAR}").click()
    assert_clean_load(visitor)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"Annual review {YEAR}")
    expect(visitor.get_by_text("Grants were agreed before they started.")).to_be_visible()
    expect(visitor.get_by_role("img", name="Undertakings met, by promise or code")).to_be_visible()
    pdf = visitor.request.get(f"/compacts/{compact.slug}/annual-reviews/{YEAR}/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    assert_accessible(visitor)
