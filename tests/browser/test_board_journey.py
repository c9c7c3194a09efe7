"""The board works from what is waiting: a board member signs in and lands on the work queue,
decides an application on its own page after a confirmation, and convenes a panel for a
referred case starting from an empty resolution group (invite by email, the invited set their
passwords and accept, the panel is convened)."""

import re

import pytest
from playwright.sync_api import expect

from disputes.models import Case
from signatories.models import Organisation
from tests import factories
from tests.browser.steps import PASSWORD, assert_accessible, last_email_to, link_in, sign_in
from tests.disputes import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_lands_on_the_queue_and_decides_an_application(open_page, compact, edition, board_member):
    factories.OrganisationFactory(
        compact=compact,
        name="Riverside Youth Club",
        status=Organisation.Status.APPLIED,
        contact_email="hello@youthclub.example.org",
    )
    board = open_page("board")
    board.set_viewport_size({"width": 1280, "height": 900})
    sign_in(board, board_member.email, PASSWORD)

    expect(board).to_have_url(re.compile(r"/board/$"))
    queue = board.locator("#board-queue")
    expect(queue).to_contain_text("1 application to decide")
    # "Board" comes first and every item of the navigation sits on one row at 1280 pixels.
    navigation = board.locator("#navigation")
    links = navigation.get_by_role("link")
    expect(links.first).to_have_text("Board")
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert links.count() == 8 and len(tops) == 1, tops
    assert_accessible(board)

    board.get_by_role("link", name="1 application to decide").click()
    board.get_by_role("link", name="Approve Riverside Youth Club").click()
    expect(board.get_by_role("heading", level=1)).to_have_text("Approve the application from Riverside Youth Club")
    expect(board.get_by_text("hello@youthclub.example.org")).to_be_visible()
    assert_accessible(board)
    board.get_by_role("button", name="Approve the application").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
        "Approved the application from Riverside Youth Club. The applicant has been emailed."
    )
    assert Organisation.objects.get(name="Riverside Youth Club").status == Organisation.Status.APPROVED
    assert last_email_to("hello@youthclub.example.org")
    board.goto("/board/")
    expect(board.locator("#board-queue")).not_to_contain_text("application to decide")


def test_a_panel_is_convened_from_an_empty_resolution_group(
    open_page, compact, edition, vcs_organisation, council, vcs_admin, council_officer, board_member
):
    case = helpers.to_stage_2(
        helpers.file_case(complainant=vcs_organisation, respondent=council, by=vcs_admin, stage="stage_1"),
        council_officer,
    )
    year = case.referral_received_on.year
    board = open_page("board")
    sign_in(board, board_member.email, PASSWORD)
    expect(board.locator("#board-queue")).to_contain_text("1 panel to convene")
    board.goto(f"/disputes/cases/{case.pk}/panel/convene/")
    expect(board.get_by_text(f"Invite more members to the {year} resolution group.").first).to_be_visible()
    board.get_by_role("link", name=f"Invite members to the {year} resolution group by email").click()
    expect(board.get_by_label("Year of the resolution group")).to_have_value(str(year))
    assert_accessible(board)
    public = ["ann@council.example.org", "bob@police.example.org"]
    vcs = ["cat@group.example.org", "dan@charity.example.org"]
    board.get_by_label("Public sector members").fill("\n".join(public))
    board.get_by_label("Voluntary and community sector members").fill("\n".join(vcs))
    board.get_by_role("button", name="Send the invitations").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Invited 4 people to the {year} resolution group."
    )
    expect(board).to_have_url(re.compile(rf"/disputes/cases/{case.pk}/panel/convene/$"))

    for number, address in enumerate(public + vcs):
        invited = open_page(f"invited-{number}")
        invited.goto(link_in(last_email_to(address, "resolution group"), "/resolution-group/invitations/"))
        invited.get_by_label("Your full name").fill(f"Member {number}")
        invited.get_by_label("Choose a password").fill("a river runs through it 42")
        if number == 0:
            assert_accessible(invited)
        invited.get_by_role("button", name="Create the account and accept").click()
        expect(invited.locator(".govuk-notification-banner--success")).to_contain_text(
            f"You are a member of the {year} resolution group"
        )
        invited.context.close()

    board.reload()
    expect(board.get_by_role("checkbox")).to_have_count(4)
    board.get_by_role("button", name="Convene the panel").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(f"Panel convened for case {case.pk}.")
    assert Case.objects.get(pk=case.pk).panel.members.count() == 4


def test_on_a_phone_the_board_members_navigation_is_behind_the_menu_toggle(open_page, compact, board_member):
    board = open_page("board")
    board.set_viewport_size({"width": 390, "height": 844})
    sign_in(board, board_member.email, PASSWORD)
    board.goto("/board/")
    board.wait_for_load_state("load")
    toggle = board.locator(".govuk-service-navigation__toggle")
    expect(toggle).to_be_visible()
    expect(board.locator("#navigation")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    links = board.locator("#navigation").get_by_role("link")
    expect(links.first).to_have_text("Board")
    expect(links.first).to_be_visible()
    assert_accessible(board)
