"""The accessibility statement at /accessibility/, in the GOV.UK model form: the sections a
monitoring body looks for, the dates from settings, and a way to ask for another format (the
portal's form when it has one, the Compact's contact address otherwise)."""

from datetime import date

import pytest
from django.urls import NoReverseMatch, reverse

from compact_portal import views


@pytest.fixture
def statement(client, db, settings):
    settings.COMPACT_CONTACT_EMAIL = "secretariat@testshire-compact.org.uk"
    settings.ACCESSIBILITY_STATEMENT_PREPARED_ON = date(2026, 12, 6)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED_ON = date(2027, 1, 15)
    return lambda: client.get(reverse("accessibility")).content.decode()


def test_the_statement_has_the_sections_of_the_model_statement(statement):
    page = statement()
    for heading in (
        "Accessibility statement for",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in page
    # The admin's unlabelled inline fields, unnamed autocomplete, colour-only breadcrumbs and
    # unannounced messages are fixed (tests/compact_portal/test_admin_accessibility.py and the
    # axe sweep with nothing excluded), so the statement lists no failure of the portal's own pages.
    assert "fully compliant" in page and "partially compliant" not in page
    assert "Equality and Human Rights Commission" in page and "Equality Commission for Northern Ireland" in page
    assert "not within the scope" in page and "upload" in page


def test_the_statement_says_how_it_was_tested_and_when(statement):
    page = statement()
    assert "prepared on 6 December 2026" in page and "last reviewed on 15 January 2027" in page
    assert "axe-core" in page and "1280 by 900" in page and "390 by 844" in page and "320 pixels" in page
    assert "keyboard" in page


def test_without_a_format_request_form_people_write_to_the_compact(statement, monkeypatch):
    def no_form(name, *args, **kwargs):
        if name == "accessible_format_request":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", no_form)
    page = statement()
    assert 'href="mailto:secretariat@testshire-compact.org.uk"' in page
    assert "ask for a page in another format" not in page


def test_with_a_format_request_form_the_statement_links_it(statement, monkeypatch):
    monkeypatch.setattr(
        views,
        "reverse",
        lambda name, *a, **k: "/ask/" if name == "accessible_format_request" else reverse(name, *a, **k),
    )
    page = statement()
    assert 'href="/ask/?page=%2Faccessibility%2F"' in page
    assert 'href="mailto:secretariat@testshire-compact.org.uk"' in page
