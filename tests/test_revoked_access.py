"""Access taken away counts on the very next request, whatever took it away: the admin, a
service, a queryset update or delete that sends no signal, or raw SQL. Who someone is is read
from the database on each request and never kept in the cache, so clearing or culling the
cache can bring nothing back."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from disputes.models import PanelMember
from signatories.models import BoardMembership, Membership
from tests import factories

pytestmark = pytest.mark.django_db


def _admin_delete(client, superuser, obj):
    client.force_login(superuser)
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def _raw_delete(obj):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {obj._meta.db_table} WHERE id = %s", [obj.pk])  # noqa: S608 - a model's table


def _moved_elsewhere(obj) -> dict:
    """An update that takes the seat or membership away from the person without deleting it."""
    if isinstance(obj, Membership):
        return {"organisation": factories.OrganisationFactory(compact=obj.organisation.compact)}
    if isinstance(obj, BoardMembership):
        return {"year": 1999}
    return {"user": factories.UserFactory()}


def _revoke(how, obj, client, superuser):
    model = type(obj)
    if how == "admin":
        _admin_delete(client, superuser, obj)
    elif how == "queryset delete":
        model.objects.filter(pk=obj.pk).delete()
    elif how == "queryset update":
        model.objects.filter(pk=obj.pk).update(**_moved_elsewhere(obj))
    else:
        assert how == "raw SQL"
        _raw_delete(obj)


WRITE_PATHS = ["admin", "queryset delete", "queryset update", "raw SQL"]


@pytest.mark.parametrize("how", WRITE_PATHS)
def test_a_removed_member_of_a_party_cannot_read_the_case_on_the_next_request(client, case, vcs_member, superuser, how):
    client.force_login(vcs_member)
    assert case.what_happened in client.get(case.get_absolute_url()).content.decode()
    _revoke(how, Membership.objects.get(user=vcs_member, organisation=case.complainant), client, superuser)
    client.force_login(vcs_member)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 404
    assert case.what_happened not in response.content.decode()


@pytest.mark.parametrize("how", WRITE_PATHS)
def test_a_removed_board_seat_closes_the_board_pages_on_the_next_request(client, board_member, superuser, how):
    client.force_login(board_member)
    assert client.get(reverse("board_dashboard")).status_code == 200
    _revoke(how, BoardMembership.objects.get(user=board_member), client, superuser)
    client.force_login(board_member)
    assert client.get(reverse("board_dashboard")).status_code == 404


@pytest.mark.parametrize("how", ["queryset delete", "queryset update", "raw SQL"])
def test_a_removed_panel_seat_closes_the_case_on_the_next_request(client, convened_case, seats, superuser, how):
    panel_member = seats[0].user
    client.force_login(panel_member)
    assert convened_case.what_happened in client.get(convened_case.get_absolute_url()).content.decode()
    _revoke(how, PanelMember.objects.get(panel__case=convened_case, user=panel_member), client, superuser)
    response = client.get(convened_case.get_absolute_url())
    assert response.status_code == 404
    assert convened_case.what_happened not in response.content.decode()


def test_a_flushed_cache_changes_nobodys_access(client, case, vcs_member, other_vcs_organisation):
    other_member = factories.MembershipFactory(organisation=other_vcs_organisation).user
    client.force_login(vcs_member)
    assert client.get(case.get_absolute_url()).status_code == 200
    cache.clear()
    assert client.get(case.get_absolute_url()).status_code == 200  # a current member keeps their case
    client.force_login(other_member)
    assert client.get(case.get_absolute_url()).status_code == 404
    cache.clear()
    assert client.get(case.get_absolute_url()).status_code == 404


def test_no_page_keeps_anything_in_the_cache(client, case, vcs_member, board_member, compact):
    """Pages, records and standings are read afresh: after a round of the portal's pages by a
    visitor, a party and the board, the cache holds nothing."""
    cache.clear()
    pages = [
        reverse("home"),
        reverse("signatories:directory"),
        reverse("consultations:list"),
        reverse("undertakings:compact", args=[compact.slug]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200
    client.force_login(vcs_member)
    for url in [*pages, case.get_absolute_url()]:
        assert client.get(url).status_code == 200
    client.force_login(board_member)
    assert client.get(reverse("board_dashboard")).status_code == 200
    assert client.get(reverse("admin:disputes_case_changelist")).status_code == 200
    assert list(cache._cache) == []
