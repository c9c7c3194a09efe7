"""Phones and narrow windows: targets of at least 24 by 24 CSS pixels (WCAG 2.5.8, axe's
target-size rule among the WCAG 2.2 AA rules) on the home page and an annual review with its
contents at 390 px, and nothing scrolls sideways at 320 px (WCAG 1.4.10): wide tables scroll
in their own named, focusable box."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import AnnualReview
from tests.browser.steps import assert_accessible, assert_clean_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}

WIDE_TABLE = (
    '<h2 class="govuk-heading-l" id="consultations">Consultations</h2>'
    '<table class="govuk-table report-table">'
    '<caption class="govuk-table__caption">Consultations by public body</caption>'
    '<thead class="govuk-table__head"><tr class="govuk-table__row">'
    + "".join(f'<th scope="col" class="govuk-table__header">Column heading number {n}</th>' for n in range(8))
    + '</tr></thead><tbody class="govuk-table__body"><tr class="govuk-table__row">'
    + "".join(f'<td class="govuk-table__cell">Averyveryverylongwordthatdoesnotwrap{n}</td>' for n in range(8))
    + "</tr></tbody></table>"
)


@pytest.fixture
def published_review(compact, edition):
    return AnnualReview.objects.create(
        compact=compact,
        year=2025,
        status=AnnualReview.Status.PUBLISHED,
        published_at=timezone.now(),
        published_html=WIDE_TABLE,
    )


def pages(published_review):
    return ["/", f"/compacts/{published_review.compact.slug}/annual-reviews/{published_review.year}/"]


@pytest.mark.parametrize("viewport", [PHONE])
def test_targets_are_big_enough_at_phone_width(page, published_review):
    for url in pages(published_review):
        page.goto(url)
        assert_clean_load(page)
        assert_accessible(page)


@pytest.mark.parametrize("viewport", [NARROW])
def test_nothing_scrolls_sideways_at_320_pixels(page, published_review):
    for url in pages(published_review):
        page.goto(url)
        assert_clean_load(page)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), url
    region = page.get_by_role("region", name="Consultations by public body")
    expect(region).to_have_attribute("tabindex", "0")
    assert page.evaluate(
        "() => { const box = document.querySelector('.app-table-wrapper'); return box.scrollWidth > box.clientWidth }"
    ), "the wide table scrolls inside its box"
    assert_accessible(page)
