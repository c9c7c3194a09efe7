"""No page of the portal reloads itself (WCAG 2.2.1 Timing adjustable, failure F41): every URL
in the access table, opened by a role that may open it, answers without a Refresh header, even
while an annual review's PDF is still being built."""

import pytest
from django.urls import reverse

from reviews.models import ReviewRendering

from . import test_access_matrix as matrix
from .access import ROLES

TABLE = matrix.TABLE
# The access matrix's world, built once for the module.
built_world, world = matrix.built_world, matrix.world


def _a_role_allowed(rule):
    return next(role for role in ROLES if role in rule.allowed) if rule.allowed else None


def test_no_page_in_the_access_table_sends_a_refresh_header(client, world):
    # A build still running: the status page once reloaded itself every few seconds.
    ReviewRendering.objects.filter(pk=world.rendering.pk).update(status=ReviewRendering.Status.RENDERING, progress=40)
    refreshing = []
    for name, rule in sorted(TABLE.items()):
        role = _a_role_allowed(rule)
        if role is None:
            continue
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(reverse(name, kwargs=rule.kwargs(world)))
        if "Refresh" in response:
            refreshing.append(name)
    assert not refreshing, f"These pages reload themselves: {refreshing}"


@pytest.mark.parametrize("status", [ReviewRendering.Status.PENDING, ReviewRendering.Status.RENDERING])
def test_the_build_status_page_offers_to_check_again_instead(client, world, status):
    ReviewRendering.objects.filter(pk=world.rendering.pk).update(status=status, progress=40)
    client.force_login(world.users["board_member"])
    page = client.get(world.rendering.get_absolute_url()).content.decode()
    assert "Check again" in page and 'role="status"' in page and "data-progress-url" in page
