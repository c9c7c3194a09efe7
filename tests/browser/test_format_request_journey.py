"""Anyone can ask for a page in another format or language from the page itself, without
signing in, and gets a receipt by email."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.steps import assert_accessible, assert_clean_load, last_email_to
from undertakings.models import AccessibleFormatRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_asks_for_the_consultations_page_in_another_language(page):
    factories.CompactFactory(name="Testshire Compact", area="Testshire")
    page.goto("/consultations/")
    page.get_by_role("link", name="Ask for this page in another format or language").click()
    assert_clean_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a page in another format or language")
    expect(page.get_by_label("Which page do you want?")).to_have_value("/consultations/")
    assert_accessible(page)

    page.get_by_label("Another language").check()
    page.get_by_label("Your name").fill("Pat Reader")
    page.get_by_label("Your email address").fill("pat@example.org")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("link", name="Enter the language you need")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Which language?").fill("Polish")
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_url(re.compile(r"/accessible-formats/sent/"))
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert_accessible(page)
    assert AccessibleFormatRequest.objects.get().format_asked_for == "Polish"
    assert "answers by" in last_email_to("pat@example.org", "polish").body
