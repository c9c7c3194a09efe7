"""Admin change list pages kept whole (compact_portal.admin_pages): the same page Django makes,
for the same person, rows, filters and query; each request with its own CSRF token; made
afresh whenever anything the page shows has changed."""
import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from compact_portal import admin_pages
from signatories.models import Membership, Organisation, User
from tests import factories

pytestmark = pytest.mark.django_db

MEMBERSHIPS = reverse("admin:signatories_membership_changelist")
ORGANISATIONS = reverse("admin:signatories_organisation_changelist")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def made(monkeypatch):
    """The change list pages Django's own view made (not served from the cache), by URL."""
    pages = []
    djangos = admin.ModelAdmin.changelist_view
    monkeypatch.setattr(admin.ModelAdmin, "changelist_view",
                        lambda self, request, extra_context=None: pages.append(request.get_full_path())
                        or djangos(self, request, extra_context))
    return pages


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def _without_tokens(page):
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', page)


def test_a_page_is_made_once_for_the_same_state(signed_in, memberships, made):
    first = _page(signed_in, MEMBERSHIPS)
    second = _page(signed_in, MEMBERSHIPS)
    assert made == [MEMBERSHIPS]
    assert _without_tokens(first) == _without_tokens(second)
    assert "Member 2" in second
    _page(signed_in, MEMBERSHIPS + "?o=-2")  # another order: another page
    assert made == [MEMBERSHIPS, MEMBERSHIPS + "?o=-2"]


@pytest.mark.parametrize("query", ["", "?q=Member+1", "?role__exact=member", "?o=2.-1", "?p=2",
                                   "?_popup=1&_to_field=id", "?organisation__sector__exact=vcs&q=Member"])
def test_the_kept_page_is_the_one_django_makes(signed_in, memberships, monkeypatch, query, settings):
    factories.MembershipFactory.create_batch(3, organisation=memberships[0].organisation)
    admin.site._registry[Membership].list_per_page = 4  # two pages
    try:
        made = _page(signed_in, MEMBERSHIPS + query)
        kept = _page(signed_in, MEMBERSHIPS + query)
        monkeypatch.setattr(admin_pages, "page_key", lambda *args: None)  # Django's view, nothing kept
        djangos = _page(signed_in, MEMBERSHIPS + query)
    finally:
        admin.site._registry[Membership].list_per_page = 50
    assert _without_tokens(made) == _without_tokens(kept) == _without_tokens(djangos)


def test_each_request_gets_its_own_token_and_it_works(superuser, memberships):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    _page(client, MEMBERSHIPS)
    page = _page(client, MEMBERSHIPS)  # from the cache
    tokens = TOKEN.findall(page)
    assert tokens and admin_pages.csrf_stand_in() not in page
    response = client.post(MEMBERSHIPS, {"action": "delete_selected", "_selected_action": [memberships[0].pk],
                                         "csrfmiddlewaretoken": tokens[-1]})
    assert response.status_code == 200 and "<title>Delete multiple objects" in response.content.decode()


def test_a_row_changed_without_signals_is_shown_at_once(signed_in, memberships):
    assert "Member 1" in _page(signed_in, MEMBERSHIPS)
    User.objects.filter(pk=memberships[1].user_id).update(full_name="Renamed member")  # no signal
    page = _page(signed_in, MEMBERSHIPS)
    assert "Renamed member" in page and "Member 1" not in page
    Organisation.objects.filter(pk=memberships[0].organisation_id).update(name="Renamed group")  # a related row
    assert "Renamed group" in _page(signed_in, MEMBERSHIPS)


def test_a_row_gone_from_another_page_changes_the_count_at_once(signed_in, memberships):
    more = factories.MembershipFactory.create_batch(4, organisation=memberships[0].organisation)
    admin.site._registry[Membership].list_per_page = 4  # newest first: the first page is `more`
    try:
        assert "7 memberships" in _page(signed_in, MEMBERSHIPS)
        Membership.objects.filter(pk=memberships[0].pk).delete()  # from the second page
        page = _page(signed_in, MEMBERSHIPS)
    finally:
        admin.site._registry[Membership].list_per_page = 50
    assert "6 memberships" in page and more[-1].user.full_name in page


def test_the_key_follows_the_persons_permissions(rf, board_member, memberships):
    model_admin = admin.site._registry[Membership]

    def key():
        request = rf.get(MEMBERSHIPS)
        request.user = User.objects.get(pk=board_member.pk)  # permissions read afresh, as on each request
        return admin_pages.page_key(request, model_admin, model_admin.get_changelist_instance(request))

    before = key()
    assert key() == before
    viewing = Permission.objects.get(codename="view_organisation")  # shown nowhere on this page
    for group in board_member.groups.all():
        group.permissions.remove(viewing)
    board_member.user_permissions.remove(viewing)
    assert key() != before


def test_a_new_filter_choice_is_shown_at_once(signed_in, compact, vcs_organisation):
    assert "Second Shire Compact" not in _page(signed_in, ORGANISATIONS)
    factories.CompactFactory(name="Second Shire Compact", area="Second Shire")
    assert "Second Shire Compact" in _page(signed_in, ORGANISATIONS)


def test_each_person_gets_their_own_page(client, superuser, memberships):
    superuser.full_name = "Firstly Admin"
    superuser.save()
    other = factories.UserFactory(is_staff=True, is_superuser=True, full_name="Secondly Admin")
    client.force_login(superuser)
    assert "<strong>Firstly</strong>" in _page(client, MEMBERSHIPS)
    client.force_login(other)
    page = _page(client, MEMBERSHIPS)
    assert "<strong>Secondly</strong>" in page and "Firstly" not in page


def test_a_permission_taken_away_changes_the_page_at_once(client, board_member, memberships):
    deleting = Permission.objects.get(codename="delete_membership")
    board_member.user_permissions.add(deleting)  # the board group itself does not hold it
    client.force_login(board_member)
    assert 'value="delete_selected"' in _page(client, MEMBERSHIPS)
    for group in board_member.groups.all():
        group.permissions.remove(deleting)
    board_member.user_permissions.remove(deleting)
    assert 'value="delete_selected"' not in _page(client, MEMBERSHIPS)


def test_messages_are_shown_once_and_not_kept(signed_in, memberships):
    _page(signed_in, MEMBERSHIPS)
    organisation = memberships[0].organisation
    response = signed_in.post(reverse("admin:signatories_membership_change", args=[memberships[0].pk]),
                              {"user": memberships[0].user_id, "organisation": organisation.pk, "role": "member",
                               "joined_at_0": "2026-01-05", "joined_at_1": "09:00:00"}, follow=True)
    assert "was changed successfully" in response.content.decode()
    assert "was changed successfully" not in _page(signed_in, MEMBERSHIPS)


def test_a_bad_filter_gets_djangos_answer(signed_in, memberships):
    response = signed_in.get(MEMBERSHIPS + "?no_such_field=1")
    assert response.status_code == 400  # an undeclared lookup (compact_portal/admin_access.py)


def test_pages_are_kept_only_where_everything_they_show_is_known():
    registry = admin.site._registry
    assert admin_pages.keeps_pages(registry[Membership])

    class OwnTemplate(admin.ModelAdmin):
        change_list_template = "admin/change_list.html"

    class OwnView(admin.ModelAdmin):
        def changelist_view(self, request, extra_context=None):
            return super().changelist_view(request, extra_context)

    assert not admin_pages.keeps_pages(OwnTemplate(Membership, admin.site))
    assert not admin_pages.keeps_pages(OwnView(Membership, admin.site))


def test_the_key_knows_everything_the_template_is_given(signed_in, memberships, settings):
    """What Django's change list view gives its template, and the context processors: if a new
    Django or a new processor adds to them, `admin_pages.page_key` must be looked at again."""
    response = signed_in.get(MEMBERSHIPS)
    assert set(response.context_data) == {
        "site_title", "site_header", "site_url", "has_permission", "available_apps", "is_popup", "is_nav_sidebar_enabled",
        "log_entries", "module_name", "selection_note", "selection_note_all", "title", "subtitle", "to_field", "cl",
        "media", "has_add_permission", "opts", "action_form", "actions_on_top", "actions_on_bottom",
        "actions_selection_counter", "preserved_filters", "csrf_token"}
    assert settings.TEMPLATES[0]["OPTIONS"]["context_processors"] == [
        "django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages", "compact_portal.context_processors.portal"]
