"""What every page of the access table, opened by a role that may open it, must do: never
reload itself (WCAG 2.2.1 Timing adjustable, failure F41: no Refresh header, even while an
annual review's PDF is still being built), and link the accessibility statement from its footer."""

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


def every_page(client, world):
    """(URL name, response) for every page of the access table, opened by the first role allowed."""
    for name, rule in sorted(TABLE.items()):
        role = _a_role_allowed(rule)
        if role is None:
            continue
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        yield name, client.get(reverse(name, kwargs=rule.kwargs(world)))


def test_no_page_in_the_access_table_sends_a_refresh_header(client, world):
    # A build still running: the status page once reloaded itself every few seconds.
    ReviewRendering.objects.filter(pk=world.rendering.pk).update(status=ReviewRendering.Status.RENDERING, progress=40)
    refreshing = [name for name, response in every_page(client, world) if "Refresh" in response]
    assert not refreshing, f"These pages reload themselves: {refreshing}"


def test_every_page_links_the_accessibility_statement_from_its_footer(client, world):
    footer_link = f'<a class="govuk-footer__link" href="{reverse("accessibility")}">Accessibility statement</a>'
    pages = [
        (name, response)
        for name, response in every_page(client, world)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html")
    ]
    assert len(pages) > 50
    missing = [name for name, response in pages if footer_link not in response.content.decode().split("<footer")[-1]]
    assert not missing, f"These pages do not link the accessibility statement: {missing}"


@pytest.mark.parametrize("status", [ReviewRendering.Status.PENDING, ReviewRendering.Status.RENDERING])
def test_the_build_status_page_offers_to_check_again_instead(client, world, status):
    ReviewRendering.objects.filter(pk=world.rendering.pk).update(status=status, progress=40)
    client.force_login(world.users["board_member"])
    page = client.get(world.rendering.get_absolute_url()).content.decode()
    assert "Check again" in page and 'role="status"' in page and "data-progress-url" in page
