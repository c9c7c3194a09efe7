"""The Compact survey in a real browser: a board member opens it; a VCS organisation's admin,
in their own browser, follows the emailed link, meets the error summary when a promise is left
unanswered, answers and cannot answer twice; the board sees the answer counted on the results
page without the organisation's name. Every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from compact_portal import workdays
from reviews.models import SurveyAnswer, SurveyParticipation
from signatories.models import Membership, Sector
from signatories.services import grant_board_access
from tests import factories
from tests.browser.steps import assert_accessible, assert_clean_load, last_email_to, link_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = workdays.today().year


@pytest.fixture
def people(transactional_db):
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    edition = factories.EditionFactory(compact=compact, label="2026")
    factories.SectionFactory(edition=edition, number="1", title="Funding", slug="funding", position=1)
    factories.SectionFactory(edition=edition, number="2", title="Volunteering", slug="volunteering", position=2)
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
    return {"compact": compact, "board": seat.user, "vcs_admin": vcs_admin, "organisation": action}


def test_the_board_opens_the_survey_and_an_admin_answers_it_once_anonymously(open_page, people):
    compact = people["compact"]
    board = open_page("board")
    sign_in(board, people["board"].email)
    board.goto(f"/review/{compact.slug}/")
    board.get_by_role("link", name="Open a Compact survey").click()
    assert_clean_load(board)
    assert_accessible(board)
    expect(board.get_by_label("Year the survey asks about")).to_have_value(str(YEAR))
    board.get_by_role("button", name="Open the survey and email the signatories").click()
    expect(board.get_by_role("heading", level=1)).to_have_text(f"The {YEAR} Compact survey")
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text("have been emailed")
    assert_accessible(board)

    email = last_email_to(people["vcs_admin"].email, "Compact survey")
    assert "What to do" in email.body
    vcs = open_page("vcs_admin")
    sign_in(vcs, people["vcs_admin"].email)
    vcs.goto(link_in(email, "/survey/"))
    expect(vcs.get_by_role("heading", level=1)).to_have_text(f"The {YEAR} Compact survey")
    assert_clean_load(vcs)
    assert_accessible(vcs)
    overall = vcs.get_by_role("group", name=re.compile("Overall, how well does the partnership"))
    overall.get_by_label("Well", exact=True).check()
    vcs.get_by_role("group", name="Promise 1 – Funding").get_by_label("Very well").check()
    vcs.get_by_role("button", name="Send your answer").click()
    expect(vcs.locator(".govuk-error-summary")).to_contain_text("Promise 2 – Volunteering")
    assert_accessible(vcs)
    vcs.get_by_role("group", name="Promise 2 – Volunteering").get_by_label("Don't know").check()
    vcs.get_by_label(re.compile("Anything else you would like the board to know")).fill("Meetings are useful.")
    vcs.get_by_role("button", name="Send your answer").click()
    expect(vcs.locator(".govuk-notification-banner--success")).to_contain_text("answer to the")
    expect(vcs.get_by_text(f"the {YEAR} survey is answered")).to_be_visible()
    assert SurveyParticipation.objects.filter(organisation=people["organisation"]).count() == 1
    assert SurveyAnswer.objects.get().comment == "Meetings are useful."

    vcs.goto(link_in(email, "/survey/"))
    expect(vcs.locator(".govuk-inset-text").first).to_contain_text("has already answered")

    board.reload()
    expect(board.get_by_text("1 of 2 signatories")).to_be_visible()
    expect(board.locator("main")).not_to_contain_text("Testshire Community Action")
    expect(board.locator("main")).not_to_contain_text("Meetings are useful.")  # fewer than five answers
