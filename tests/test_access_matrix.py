"""Every URL of the portal's own views against every role, by GET and by POST. A view that is
not in the access table (tests/access/) fails here until someone states who may use it."""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signatories.models import Invitation, Membership, OpenDeadline, Organisation
from signatories.services import grant_board_access

from . import access, factories
from .access import ROLES, World

OWN_APPS = ("signatories", "undertakings", "consultations", "disputes", "funding", "reviews", "compact_portal")

# The open deadlines table follows writes to the record; it is not a record of its own.
CACHES = (OpenDeadline,)


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


def fingerprint() -> dict:
    """Every row of the portal's own tables (the caches aside): a refused POST must leave it as it was."""
    models = [
        model
        for app in OWN_APPS
        if app != "compact_portal"
        for model in apps.get_app_config(app).get_models()
        if model not in CACHES
    ]
    return {model._meta.label: list(model._base_manager.order_by("pk").values_list()) for model in models}


def test_the_fingerprint_sees_a_change(world):
    before = fingerprint()
    Organisation.objects.filter(pk=world.other_vcs_organisation.pk).update(name="Renamed")
    assert fingerprint() != before


def build_world() -> World:
    """The compact, edition, organisations and people that tests/conftest.py's fixtures make,
    a second public body, one person per role, and what each access module's `setup` adds."""
    world = World()
    world.compact = compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    world.edition = factories.EditionFactory(compact=compact, label="2026")
    section = factories.SectionFactory(edition=world.edition, title="Funding", slug="funding")
    factories.UndertakingFactory(
        section=section, party="public", reference="public-1", text="Consult for twelve weeks before changing funding."
    )
    factories.UndertakingFactory(section=section, party="vcs", reference="vcs-1", text="Report honestly on outcomes.")
    world.vcs_organisation = factories.OrganisationFactory(compact=compact, name="Testshire Community Action")
    world.other_vcs_organisation = factories.OrganisationFactory(compact=compact, name="Other Voluntary Group")
    world.council = factories.PublicBodyFactory(compact=compact, name="Testshire Council")
    other_public_body = factories.PublicBodyFactory(
        compact=compact, name="Testshire Fire and Rescue Service", type="fire"
    )

    def person(organisation, role):
        return factories.MembershipFactory(organisation=organisation, role=role).user

    board_member = factories.BoardMembershipFactory(compact=compact).user
    grant_board_access(user=board_member)
    world.users = {
        "anonymous": None,
        "vcs_member": person(world.vcs_organisation, Membership.Role.MEMBER),
        "vcs_admin": person(world.vcs_organisation, Membership.Role.ADMIN),
        "other_vcs_member": person(world.other_vcs_organisation, Membership.Role.MEMBER),
        "other_vcs_admin": person(world.other_vcs_organisation, Membership.Role.ADMIN),
        "council_officer": person(world.council, Membership.Role.ADMIN),
        "other_council_officer": person(other_public_body, Membership.Role.ADMIN),
        "board_member": board_member,
        "superuser": factories.UserFactory(is_staff=True, is_superuser=True),
    }
    world.invitation = Invitation.objects.create(organisation=world.council, email="new.officer@example.org")
    for module in pkgutil.iter_modules(access.__path__):
        setup = getattr(importlib.import_module(f"{access.__name__}.{module.name}"), "setup", None)
        if setup:
            setup(world)
    assert set(world.users) == set(ROLES), "every role has its person in the world"
    return world


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction that is rolled back at its end.
    Each test runs inside a savepoint of that transaction (pytest-django's `db`) rolled back
    when the test ends, so every test starts from this same world and none sees another's writes.
    The settings are those tests/conftest.py gives each test."""
    from compact_portal.celery import app as celery_app

    media_root = tmp_path_factory.mktemp("access-uploads")
    celery_app.conf.task_always_eager = True
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                CELERY_TASK_ALWAYS_EAGER=True,
                MEDIA_ROOT=media_root,
                SITE_URL="http://testserver",
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ),
        ):
            world = build_world()
        world.media_root = media_root
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(built_world, db, settings):
    settings.MEDIA_ROOT = built_world.media_root  # where the world's documents were stored
    return built_world


@pytest.mark.parametrize("turn", ("first", "second"))
def test_each_test_starts_from_the_world_as_built(world, turn):
    """Whichever runs second would see the first one's write if the savepoint were not rolled back."""
    organisation = Organisation.objects.get(pk=world.other_vcs_organisation.pk)
    assert organisation.name == "Other Voluntary Group"
    organisation.name = f"Renamed in the {turn} test"
    organisation.save()


def _assert_refused(rule, role, url, response, method):
    if role == "anonymous":
        assert response.status_code in (302, 404), f"anonymous should be sent to sign in from {method} {url}"
        if response.status_code == 302:
            assert reverse("account_login") in response["Location"]
    else:
        expected = rule.refusal_for(role)
        assert response.status_code in expected, f"{role} should be refused {method} {url} with {expected}"


@pytest.mark.parametrize("method", ("GET", "POST"))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_role_may_or_may_not_use_view(client, world, name, role, method):
    rule = TABLE[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    if world.users[role] is not None:
        client.force_login(world.users[role])
    if method == "GET":
        response = client.get(url)
        if role in rule.allowed:
            assert response.status_code in rule.ok_status, f"{role} should open {url}"
        else:
            _assert_refused(rule, role, url, response, method)
        return
    before = fingerprint()
    response = client.post(url, {})
    unchanged = fingerprint() == before
    if role in rule.allowed:
        # Views that take a form name their methods (require_http_methods); read-only views do not.
        assert (client.put(url).status_code == 405) == rule.post, f"the table says {url} takes POST: {rule.post}"
    if role in rule.allowed and rule.post:
        assert response.status_code in {*rule.ok_status, 200, 302}, f"{role} should be able to POST to {url}"
    elif role in rule.allowed:
        assert response.status_code in {*rule.ok_status, 405}, f"{url} does not take POST: {role} gets it as a GET"
        assert unchanged, f"{url} does not take POST, yet a POST by {role} changed the record"
    else:
        assert unchanged, f"a refused POST by {role} to {url} changed the record"
        assert not mail.outbox, f"a refused POST by {role} to {url} sent email"
        _assert_refused(rule, role, url, response, method)
        assert response.status_code == client.get(url).status_code, f"{role} is refused POST and GET alike"
