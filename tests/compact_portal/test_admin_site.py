"""The portal's admin site and its change lists (compact_portal.admin_site, admin_lists,
admin_tags): the same pages as Django's own admin, made with less work."""
import datetime as dt
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from compact_portal import admin_lists, admin_pages, published
from compact_portal.admin_site import PortalAdminSite
from signatories.models import Membership, Organisation, User
from tests import factories

pytestmark = pytest.mark.django_db

MEMBERSHIPS = reverse("admin:signatories_membership_changelist")
ORGANISATIONS = reverse("admin:signatories_organisation_changelist")


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def _changelist(model, superuser, query=None):
    """The change list of the model as the admin's view makes it, with its rows read."""
    request = RequestFactory().get("/admin/", query or {})
    request.user = superuser
    cl = admin.site._registry[model].get_changelist_instance(request)
    cl.formset = None
    len(cl.result_list)
    return cl


# The site --------------------------------------------------------------------------------------

def test_the_admin_site_is_the_portals():
    assert isinstance(admin.site, PortalAdminSite)
    assert admin.site.site_header == "Compact Portal board administration"


def test_every_admin_page_has_what_djangos_gives_it(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    ours = admin.site.each_context(request)
    djangos = admin.AdminSite.each_context(admin.site, request)
    assert set(ours) == set(djangos)
    assert list(ours["available_apps"]) == djangos["available_apps"]
    assert {k: v for k, v in ours.items() if k not in ("available_apps", "log_entries")} == \
        {k: v for k, v in djangos.items() if k not in ("available_apps", "log_entries")}


def test_a_change_list_does_not_work_out_every_app_and_model(signed_in, monkeypatch, memberships):
    asked = []
    real = PortalAdminSite.get_app_list
    monkeypatch.setattr(PortalAdminSite, "get_app_list", lambda site, request, app_label=None: asked.append(1) or real(site, request, app_label))
    assert "Member 1" in _page(signed_in, MEMBERSHIPS)
    assert asked == []
    home = _page(signed_in, reverse("admin:index"))  # the admin's home page lists them
    assert asked and "Memberships" in home


def test_the_row_checkbox_is_djangos_to_the_character(vcs_organisation):
    vcs_organisation.name = 'Friends of "The Green" & <Co>'
    model_admin = admin.site._registry[Organisation]
    assert model_admin.action_checkbox(vcs_organisation) == admin.ModelAdmin.action_checkbox(model_admin, vcs_organisation)
    assert "&quot;The Green&quot; &amp; &lt;Co&gt;" in model_admin.action_checkbox(vcs_organisation)


# The table of results --------------------------------------------------------------------------

def test_a_table_of_results_is_made_once_for_the_same_rows(signed_in, memberships, monkeypatch):
    monkeypatch.setattr(admin_pages, "page_key", lambda *args: None)  # pages not kept whole: the table alone
    made = []
    real = admin_list.items_for_result
    monkeypatch.setattr(admin_list, "items_for_result", lambda *args: made.append(1) or real(*args))
    first = _table(_page(signed_in, MEMBERSHIPS))
    rows = len(made)
    assert rows == 3
    assert _table(_page(signed_in, MEMBERSHIPS)) == first  # from the cache: no row made again
    assert len(made) == rows
    _page(signed_in, MEMBERSHIPS + "?o=-2")  # another order: another table
    assert len(made) == 2 * rows


def test_a_row_changed_without_signals_is_shown_at_once(signed_in, memberships):
    assert "Member 1" in _page(signed_in, MEMBERSHIPS)
    User.objects.filter(pk=memberships[1].user_id).update(full_name="Renamed member")  # no signal
    page = _page(signed_in, MEMBERSHIPS)
    assert "Renamed member" in page and "Member 1" not in page
    Membership.objects.filter(pk=memberships[2].pk).delete()
    assert "Member 2" not in _page(signed_in, MEMBERSHIPS)


def _table(page):
    start = page.index('<table id="result_list">')
    return page[start:page.index("</table>", start)]


def test_the_kept_table_is_the_one_django_makes(signed_in, memberships, monkeypatch):
    made = _table(_page(signed_in, MEMBERSHIPS))
    kept = _table(_page(signed_in, MEMBERSHIPS))
    monkeypatch.setattr(admin_lists, "results_key", lambda cl: None)  # Django's own tag, nothing kept
    assert made == kept == _table(_page(signed_in, MEMBERSHIPS))
    assert "Member 0" in kept and 'class="action-select"' in kept


def test_the_key_follows_the_rows_the_columns_and_the_day(memberships, superuser, monkeypatch):
    key = admin_lists.results_key(_changelist(Membership, superuser))
    assert admin_lists.results_key(_changelist(Membership, superuser)) == key
    assert admin_lists.results_key(_changelist(Membership, superuser, {"o": "-3"})) != key
    Organisation.objects.filter(pk=memberships[0].organisation_id).update(name="A new name")
    assert admin_lists.results_key(_changelist(Membership, superuser)) != key
    moved = admin_lists.results_key(_changelist(Membership, superuser))
    monkeypatch.setattr(admin_lists.workdays, "today", lambda: dt.date(2031, 1, 2))
    assert admin_lists.results_key(_changelist(Membership, superuser)) != moved


def test_a_list_edited_in_place_is_not_kept(memberships, superuser):
    cl = _changelist(Membership, superuser)
    cl.formset = object()
    assert admin_lists.results_key(cl) is None


def test_a_cache_outage_slows_the_list_but_does_not_break_it(signed_in, memberships, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(published, "cache", Down())
    assert "Member 2" in _page(signed_in, MEMBERSHIPS)


# The date drill-down ---------------------------------------------------------------------------

def _applied(*moments):
    for n, moment in enumerate(moments):
        organisation = factories.OrganisationFactory(name=f"Applicant {n}")
        Organisation.objects.filter(pk=organisation.pk).update(applied_at=moment)


def _both(superuser, query=None):
    cl = _changelist(Organisation, superuser, query)
    return admin_lists.date_hierarchy(cl), admin_list.date_hierarchy(cl)


def _at(year, month=6, day=15, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


@pytest.mark.parametrize("moments", [
    [_at(2019), _at(2021), _at(2024, 12, 31, 23)],       # years apart, one missing between
    [_at(2025, 3), _at(2025, 11)],                          # one year: its months
    [_at(2025, 3, 2), _at(2025, 3, 28)],                    # one month: its days
    [_at(2024, 12, 31, 23), _at(2025, 1, 1, 1)],           # a year's end, in London time
])
def test_the_date_drill_down_is_djangos(superuser, compact, moments):
    Organisation.objects.all().delete()
    _applied(*moments)
    ours, djangos = _both(superuser)
    assert ours == djangos
    assert ours["choices"]


def test_the_date_drill_down_of_no_rows_and_of_a_chosen_year_and_a_search(superuser, compact):
    Organisation.objects.all().delete()
    ours, djangos = _both(superuser)
    assert ours["choices"] == djangos["choices"] == []
    _applied(_at(2019), _at(2022), _at(2023))
    assert _both(superuser, {"applied_at__year": "2022"})[0] == _both(superuser, {"applied_at__year": "2022"})[1]
    ours, djangos = _both(superuser, {"q": "Applicant 1"})  # narrowed to 2022 alone: its months
    assert ours == djangos
    ours, djangos = _both(superuser, {"q": "Applicant"})
    assert [c["title"] for c in ours["choices"]] == ["2019", "2022", "2023"]
    assert ours == djangos


def test_the_date_drill_down_asks_one_query_for_the_years(superuser, compact, django_assert_num_queries):
    _applied(_at(2015), _at(2020), _at(2025))
    cl = _changelist(Organisation, superuser)
    # PostgreSQL: the first and last dates and one EXISTS a year in one query; elsewhere two.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        years = admin_lists.date_hierarchy(cl)
    assert [c["title"] for c in years["choices"]][:1] == ["2015"]


def test_the_change_list_shows_the_years(signed_in, compact):
    Organisation.objects.all().delete()
    _applied(_at(2019), _at(2023))
    page = _page(signed_in, ORGANISATIONS)
    assert "?applied_at__year=2019" in page and "?applied_at__year=2023" in page
    assert "?applied_at__year=2021" not in page


def test_a_column_made_by_a_function_is_named_the_same_in_every_process():
    def town(organisation):
        return organisation.town

    assert admin_lists._name(town) == f"{__name__}.test_a_column_made_by_a_function_is_named_the_same_in_every_process.<locals>.town"
    assert admin_lists._name("town") == "town"
    assert "0x" not in admin_lists._name(admin.ModelAdmin)
