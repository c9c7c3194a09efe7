"""The service navigation: a menu toggle for small screens and the current item marked."""

import pytest
from django.urls import reverse

from compact_portal.templatetags.portal_navigation import current_url

pytestmark = pytest.mark.django_db


def test_the_longest_matching_item_is_current():
    urls = ["/", "/consultations/", "/consultations/yours/"]
    assert current_url("/consultations/yours/", urls) == "/consultations/yours/"
    assert current_url("/consultations/12/", urls) == "/consultations/"
    assert current_url("/", urls) == "/"
    assert current_url("/signatories/", urls) is None


def test_the_page_marks_its_navigation_item_and_has_a_menu_toggle(client, compact):
    html = client.get(reverse("consultations:list")).content.decode()
    assert "govuk-service-navigation__toggle" in html and 'aria-controls="navigation"' in html
    navigation = html.split('id="navigation"')[1].split("</ul>")[0]
    assert navigation.count('aria-current="page"') == 1
    assert 'href="/consultations/" aria-current="page"' in navigation


def test_wide_tables_scroll_inside_a_labelled_region(client, compact):
    from tests import factories
    from tests.consultations.factories import ConsultationFactory

    council = factories.PublicBodyFactory(compact=compact)
    ConsultationFactory(owner=council, status="open")
    html = client.get(reverse("consultations:list")).content.decode()
    assert '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Consultations">' in html


def test_board_comes_first_in_a_board_members_navigation(client, board_member):
    client.force_login(board_member)
    html = client.get(reverse("consultations:list")).content.decode()
    navigation = html.split('id="navigation"')[1].split("</ul>")[0]
    first_link = navigation.split('href="')[1].split('"')[0]
    assert first_link == reverse("board_dashboard")
    assert navigation.count(f'href="{reverse("board_dashboard")}"') == 1


def test_others_have_no_board_item(client, vcs_admin):
    client.force_login(vcs_admin)
    html = client.get(reverse("consultations:list")).content.decode()
    navigation = html.split('id="navigation"')[1].split("</ul>")[0]
    assert reverse("board_dashboard") not in navigation
    assert navigation.split('href="')[1].split('"')[0] == reverse("home")
