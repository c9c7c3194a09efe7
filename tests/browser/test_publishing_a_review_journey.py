"""The board publishes the annual review of a year that has ended, starting from its work queue:
it writes the review, previews it, publishes it after a confirmation, and a member of the public
reads it. The review of the year still running can be written and previewed but not published."""

import re

import pytest
from playwright.sync_api import expect

from compact_portal import workdays
from reviews.models import AnnualReview
from tests.browser.steps import PASSWORD, assert_accessible, assert_clean_load, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_review(page, year, operation, difference):
    page.get_by_role("link", name=f"Write the {year} annual review").click()
    page.get_by_label("How the Compact operated during the year").fill(operation)
    page.get_by_label("The difference the Compact made").fill(difference)
    page.get_by_role("button", name="Save the annual review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"Saved the {year} annual review.")


def build_the_pdf(page):
    page.get_by_role("button", name="Build the PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PDF version 1")
    expect(page.locator("#rendering-status")).to_contain_text("The PDF is ready")
    page.get_by_role("link", name="Back to the annual review").click()


def test_the_board_publishes_last_years_review_from_its_queue_and_the_public_reads_it(
    open_page, compact, edition, board_member
):
    ended = workdays.today().year - 1
    board = open_page("board")
    sign_in(board, board_member.email, PASSWORD)
    expect(board).to_have_url(re.compile(r"/board/$"))
    board.locator("#board-queue").get_by_role("link", name=f"1 annual review of {ended} to build or publish").click()
    assert_clean_load(board)
    expect(board.get_by_role("heading", level=1)).to_have_text("Annual review")
    write_review(
        board,
        ended,
        "The board met four times; partners used the Compact when funding changed.",
        "Consultations on funding gave the sector the full twelve weeks.",
    )

    board.get_by_role("link", name="Preview the report").click()
    expect(board.locator(".govuk-notification-banner")).to_contain_text("The public cannot see it.")
    expect(
        board.get_by_text("The board met four times; partners used the Compact when funding changed.")
    ).to_be_visible()
    assert_accessible(board)
    board.get_by_role("link", name="Back to the annual review").click()
    build_the_pdf(board)

    board.get_by_role("link", name="Publish the annual review").click()
    expect(board.get_by_text("Once published, the review cannot be changed.")).to_be_visible()
    assert_accessible(board)
    assert not AnnualReview.objects.get(compact=compact, year=ended).is_published  # asked first
    board.get_by_role("button", name="Publish the annual review").click()
    expect(board.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Published the {ended} annual review."
    )
    assert AnnualReview.objects.get(compact=compact, year=ended).is_published
    board.goto("/board/")
    expect(board.locator("#board-queue")).not_to_contain_text(f"annual review of {ended}")

    visitor = open_page("visitor")
    visitor.goto(f"/compacts/{compact.slug}/annual-reviews/")
    visitor.get_by_role("link", name=f"Annual review {ended}").click()
    assert_clean_load(visitor)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"Annual review {ended}")
    expect(visitor.get_by_text("Consultations on funding gave the sector the full twelve weeks.")).to_be_visible()
    assert_accessible(visitor)


def test_the_review_of_the_year_still_running_cannot_be_published(open_page, compact, edition, board_member):
    running = workdays.today().year
    board = open_page("board")
    sign_in(board, board_member.email, PASSWORD)
    board.goto(f"/review/{compact.slug}/")
    write_review(board, running, "Half the year so far.", "Too early to say.")
    board.get_by_role("link", name="Preview the report").click()
    expect(board.get_by_text("Half the year so far.")).to_be_visible()
    board.get_by_role("link", name="Back to the annual review").click()
    build_the_pdf(board)
    board.goto(f"/review/{compact.slug}/annual-review/{running}/publish/")
    expect(board.get_by_text(f"can be published from 1 January {running + 1}")).to_be_visible()
    expect(board.get_by_role("button", name="Publish the annual review")).to_have_count(0)
    assert_accessible(board)
    # Sent anyway, the publication is refused on the server.
    token = board.context.cookies()
    csrf = next(c["value"] for c in token if c["name"] == "csrftoken")
    response = board.request.post(
        f"/review/{compact.slug}/annual-review/{running}/publish/",
        form={"csrfmiddlewaretoken": csrf},
        headers={"Referer": board.url, "X-CSRFToken": csrf},
    )
    assert response.ok and f"can be published from 1 January {running + 1}" in response.text()
    assert not AnnualReview.objects.get(compact=compact, year=running).is_published
    visitor = open_page("visitor")
    visitor.goto(f"/compacts/{compact.slug}/annual-reviews/")
    expect(visitor.get_by_role("link", name=f"Annual review {running}")).to_have_count(0)
