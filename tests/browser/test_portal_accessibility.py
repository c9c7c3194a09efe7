"""The portal's own accessibility fixes, in the browser: each error summary link takes the
focus to its field (radios, checkboxes and date boxes included); the warning before a session
ends is a modal dialog that keeps the focus, stays signed in with Escape and keeps what was
typed when the time is up. The clock is Playwright's: nothing waits for real minutes."""

from urllib.parse import urlparse

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from compact_portal import workdays
from consultations.models import Consultation
from tests.browser.steps import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow_every_error_summary_link(page) -> list[str]:
    """Activates each link of the error summary with the keyboard and checks where the focus lands."""
    links = page.locator(".govuk-error-summary__list a")
    expect(links.first).to_be_visible()
    targets = []
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        link.focus()
        page.keyboard.press("Enter")
        focused = page.evaluate("() => document.activeElement.id")
        assert focused == target, f"{link.inner_text()!r} sent the focus to {focused!r}, not {target!r}"
        assert page.evaluate("() => document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA")
        targets.append(target)
    return targets


@pytest.fixture
def consultation(compact, edition, council, vcs_organisation):
    today = workdays.today()
    consultation = Consultation.objects.create(
        compact=compact,
        owner=council,
        kind="funding_reduction",
        title="Community transport grant",
        status="open",
        proposal="Reduce the grant.",
        criteria="Cost per journey.",
        revised_outcomes="4,000 journeys.",
        opens_on=today,
        closes_on=workdays.add_weeks(today, 12),
    )
    consultation.affected_organisations.set([vcs_organisation])
    return consultation


def test_error_summary_links_reach_the_consultation_forms_radios_and_date_boxes(page, compact, council_officer):
    sign_in(page, council_officer.email)
    page.goto("/consultations/new/")
    page.locator("main form [type=submit]").click()
    assert "id_kind_1" in follow_every_error_summary_link(page)

    draft = Consultation.objects.create(
        compact=compact, owner=council_officer.memberships.get().organisation, kind="funding_policy", title="Draft"
    )
    page.goto(f"/consultations/{draft.pk}/edit/dates/")
    page.get_by_role("group", name="Opening date").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Opening date").get_by_label("Month").fill("2")
    page.get_by_role("group", name="Opening date").get_by_label("Year").fill("2030")
    page.get_by_role("group", name="Closing date").get_by_label("Day").fill("2")
    page.get_by_role("group", name="Closing date").get_by_label("Year").fill("2030")
    page.locator("main form [type=submit]").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The opening date must be a real date")
    expect(summary).to_contain_text("The closing date must include a month")
    assert follow_every_error_summary_link(page) == ["id_opens_on_day", "id_closes_on_month"]


def test_error_summary_links_reach_the_breach_concerns_select_and_checkboxes(page, edition, council, vcs_admin):
    sign_in(page, vcs_admin.email)
    page.goto("/disputes/raise/organisation/")
    page.locator("main form [type=submit]").click()
    assert "id_respondent" in follow_every_error_summary_link(page)
    page.locator("#id_respondent").select_option(str(council.pk))
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/disputes/raise/undertakings/**")
    page.locator("main form [type=submit]").click()
    targets = follow_every_error_summary_link(page)
    assert any(target.startswith("id_undertakings_") for target in targets), targets


def test_error_summary_links_reach_the_registration_forms_radios(page, compact, edition, vcs_member):
    sign_in(page, vcs_member.email)
    page.goto("/organisations/register/organisation/")
    page.locator("main form [type=submit]").click()
    targets = follow_every_error_summary_link(page)
    assert any(target.startswith("id_type") for target in targets), targets


def test_the_timeout_warning_keeps_the_focus_and_escape_stays_signed_in(page, consultation, vcs_member, settings):
    page.clock.install()
    sign_in(page, vcs_member.email)
    page.goto(f"/consultations/{consultation.pk}/respond/")
    page.locator("#id_text").fill("Half a response")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()

    page.clock.fast_forward((settings.SESSION_IDLE_SECONDS - 121) * 1000)
    expect(dialog).to_be_visible()
    assert dialog.get_attribute("aria-modal") == "true"
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "dialog"
    expect(page.locator("[data-timeout-announcement]")).to_contain_text("We will sign you out in 2 minutes")
    for _ in range(4):  # the focus goes round the dialog's button and link, never to the page behind
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('[role=dialog]')")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => !!document.activeElement.closest('[role=dialog]')")

    with page.expect_response("**/session/keep-alive/") as kept:
        page.keyboard.press("Escape")
    assert kept.value.ok and kept.value.json()["seconds_left"] == settings.SESSION_IDLE_SECONDS
    expect(dialog).to_be_hidden()
    assert page.evaluate("() => document.activeElement.id") == "id_text"
    expect(page.locator("#id_text")).to_have_value("Half a response")


def test_what_was_typed_is_put_back_after_signing_in_again(page, consultation, vcs_member, settings):
    page.clock.install()
    sign_in(page, vcs_member.email)
    page.goto(f"/consultations/{consultation.pk}/respond/")
    respond = urlparse(page.url).path  # the first question of responding
    page.locator("#id_text").fill("Fewer journeys would leave the villages without a bus to the surgery.")
    Session.objects.all().delete()  # the server has ended the session
    page.clock.fast_forward((settings.SESSION_IDLE_SECONDS + 1) * 1000)

    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email").fill(vcs_member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{respond}")
    expect(page.locator("#id_text")).to_have_value(
        "Fewer journeys would leave the villages without a bus to the surgery."
    )
    expect(page.get_by_role("region", name="Important")).to_contain_text("We have put back what you typed")
    assert page.evaluate("() => window.sessionStorage.length") == 0
