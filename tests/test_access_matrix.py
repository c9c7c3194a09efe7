"""Every URL of the portal's own views against every role. A view that is not in the access
table (tests/access/) fails here until someone states who may use it."""
import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signatories.models import Invitation

from . import access
from .access import ROLES, World

OWN_APPS = ("signatories", "undertakings", "consultations", "disputes", "compact_portal")


def _own_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin site guards its own views (staff and model permissions): test_admin_access.py
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _own_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "")
            if module.split(".")[0] in OWN_APPS:
                names.add(namespace + pattern.name)
    return names


def _table():
    table = {}
    for module in pkgutil.iter_modules(access.__path__):
        table.update(importlib.import_module(f"{access.__name__}.{module.name}").RULES)
    return table


TABLE = _table()


def test_every_view_is_in_the_access_table():
    missing = sorted(_own_url_names() - TABLE.keys())
    assert not missing, f"State who may use these views in tests/access/: {missing}"


def test_the_access_table_names_only_real_views():
    assert not sorted(TABLE.keys() - _own_url_names())


@pytest.fixture
def world(role_users, compact, edition, vcs_organisation, other_vcs_organisation, council, board_member, request):
    world = World()
    world.compact, world.edition, world.council = compact, edition, council
    world.vcs_organisation, world.other_vcs_organisation = vcs_organisation, other_vcs_organisation
    world.users = role_users
    world.invitation = Invitation.objects.create(organisation=council, email="new.officer@example.org")
    for module in pkgutil.iter_modules(access.__path__):
        setup = getattr(importlib.import_module(f"{access.__name__}.{module.name}"), "setup", None)
        if setup:
            setup(world)
    return world


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_role_may_or_may_not_open_view(client, world, name, role):
    rule = TABLE[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = client.get(url)
    if role in rule.allowed:
        assert response.status_code in rule.ok_status, f"{role} should open {url}"
    elif role == "anonymous":
        assert response.status_code in (302, 404), f"anonymous should be sent to sign in from {url}"
        if response.status_code == 302:
            assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code in (403, 404), f"{role} should not open {url}"
