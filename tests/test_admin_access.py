"""The board admin is for staff: everyone else is sent to the admin sign-in, whatever the page."""

import pytest
from django.urls import reverse

from tests import factories

ADMIN_PAGES = [
    ("admin:index", {}),
    ("admin:signatories_organisation_changelist", {}),
    ("admin:undertakings_importeddocument_add", {}),
    ("admin:signatories_reminder_changelist", {}),
]


@pytest.mark.parametrize("name, kwargs", ADMIN_PAGES)
@pytest.mark.parametrize("role", ["anonymous", "vcs_member", "vcs_admin", "council_officer"])
def test_only_staff_reach_the_admin(client, role_users, role, name, kwargs):
    if role_users[role]:
        client.force_login(role_users[role])
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("name, kwargs", ADMIN_PAGES)
def test_board_members_reach_the_admin(client, board_member, name, kwargs):
    client.force_login(board_member)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_import_preview_is_for_the_board_only(client, compact, vcs_admin, board_member):
    from undertakings.models import ImportedDocument

    document = ImportedDocument.objects.create(
        compact=compact, filename="x.md", text="x", parsed={"sections": [], "principles": [], "timeline_rules": []}
    )
    url = reverse("admin:undertakings_importeddocument_preview", args=[document.pk])
    client.force_login(vcs_admin)
    assert client.get(url).status_code == 302
    client.force_login(board_member)
    assert client.get(url).status_code == 200


def test_staff_without_board_permissions_see_no_signatories(client, db):
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:signatories_organisation_changelist")).status_code == 403
