"""Anyone can read the Compact: its sections, what each party undertakes, a stable link to one
undertaking, and a search over the text."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.steps import assert_clean_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def compact(transactional_db):
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    edition = factories.EditionFactory(compact=compact, label="2026")
    funding = factories.SectionFactory(edition=edition, number="1", title="Funding", slug="funding")
    factories.UndertakingFactory(
        section=funding, party="public", reference="public-1", text="Consult for twelve weeks before changing funding."
    )
    factories.UndertakingFactory(section=funding, party="vcs", reference="vcs-1", text="Report honestly on outcomes.")
    volunteering = factories.SectionFactory(edition=edition, number="2", title="Volunteering", slug="volunteering")
    factories.UndertakingFactory(
        section=volunteering, party="vcs", reference="vcs-2", text="Value volunteers and cover their expenses."
    )
    return compact


def test_public_reads_the_compact_by_party_and_follows_a_stable_link(page, compact):
    page.goto("/")
    page.get_by_role("link", name="Read the Compact").click()
    assert_clean_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Testshire Compact")
    expect(page.get_by_role("heading", name="Promise 1: Funding")).to_be_visible()
    expect(page.get_by_role("heading", name="Promise 2: Volunteering")).to_be_visible()
    expect(page.get_by_text("Report honestly on outcomes.")).to_be_visible()

    page.get_by_role("navigation", name="Who gives the undertaking").get_by_role(
        "link", name="Public sector partners"
    ).click()
    expect(page).to_have_url(re.compile(r"\?party=public$"))
    expect(page.get_by_role("heading", name="What public sector partners undertake")).to_be_visible()
    expect(page.get_by_text("Consult for twelve weeks before changing funding.")).to_be_visible()
    expect(page.get_by_text("Report honestly on outcomes.")).to_have_count(0)
    expect(page.get_by_role("heading", name="Promise 2: Volunteering")).to_have_count(0)  # no public undertakings there

    page.get_by_role("link", name=re.compile(r"^Link to this undertaking")).click()
    expect(page).to_have_url(re.compile(r"/compacts/testshire-compact/editions/\d+/funding/public-1/$"))
    stable_link = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Public sector partners")
    expect(page.get_by_text("Consult for twelve weeks before changing funding.")).to_be_visible()

    # The link works for anyone who is sent it, and leads back to its place in the Compact.
    other = page.context.new_page()
    other.goto(stable_link)
    expect(other.get_by_text("Consult for twelve weeks before changing funding.")).to_be_visible()
    other.get_by_role("link", name="Back to Testshire Compact").click()
    expect(other).to_have_url(re.compile(r"#u-funding-public-1$"))
    expect(other.locator("#u-funding-public-1")).to_be_in_viewport()


def test_public_searches_the_undertakings(page, compact):
    page.goto(compact.get_absolute_url())
    page.get_by_role("searchbox", name="Search the undertakings").fill("volunteers expenses")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Undertakings matching “volunteers expenses”")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("1 found")
    page.get_by_role("link", name="Value volunteers and cover their expenses.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("VCS (third sector) partners")

    page.go_back()
    page.get_by_role("searchbox", name="Search the undertakings").fill("lighthouse")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("0 found")
    expect(page.get_by_text("No undertakings match. Try another word.")).to_be_visible()
