"""The portal's admin site and its change lists (compact_portal.admin_site, admin_lists):
the same pages as Django's own admin, made with less work, and never stale."""

from html import unescape

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from compact_portal.admin_site import PortalAdminSite
from signatories.models import Membership, User

pytestmark = pytest.mark.django_db

MEMBERSHIPS = reverse("admin:signatories_membership_changelist")


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
    assert {k: v for k, v in ours.items() if k not in ("available_apps", "log_entries")} == {
        k: v for k, v in djangos.items() if k not in ("available_apps", "log_entries")
    }


def test_a_change_list_does_not_work_out_every_app_and_model(signed_in, monkeypatch, memberships):
    asked = []
    real = PortalAdminSite.get_app_list
    monkeypatch.setattr(
        PortalAdminSite,
        "get_app_list",
        lambda site, request, app_label=None: asked.append(1) or real(site, request, app_label),
    )
    assert "Member 1" in _page(signed_in, MEMBERSHIPS)
    assert asked == []
    home = _page(signed_in, reverse("admin:index"))  # the admin's home page lists them
    assert asked and "Memberships" in home


def test_a_row_changed_without_signals_is_shown_at_once(signed_in, memberships):
    assert "Member 1" in _page(signed_in, MEMBERSHIPS)
    User.objects.filter(pk=memberships[1].user_id).update(full_name="Renamed member")  # no signal
    page = _page(signed_in, MEMBERSHIPS)
    assert "Renamed member" in page and "Member 1" not in page
    Membership.objects.filter(pk=memberships[2].pk).delete()
    assert "Member 2" not in _page(signed_in, MEMBERSHIPS)
