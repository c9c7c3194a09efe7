"""Shared fixtures: a compact with an adopted edition and one ready-made user per role
(anonymous, VCS member, VCS admin, council officer, board member, superuser)."""

import pytest
from django.core.cache import cache

from signatories.models import Membership
from signatories.services import grant_board_access

from . import factories

# Cases at each stage of a dispute, for tests/disputes/ and the bad-input tests alike.
pytest_plugins = ["tests.disputes.fixtures", "tests.object_store"]


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    from compact_portal.celery import app as celery_app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run in the test's own process; tests/integration starts real workers instead.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.SITE_URL = "http://testserver"
    # Fast hashing for tests only; production keeps Django's default PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache of its own (it holds only sign-in rate limits).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()


@pytest.fixture
def compact(db):
    return factories.CompactFactory(name="Testshire Compact", area="Testshire")


@pytest.fixture
def edition(compact):
    edition = factories.EditionFactory(compact=compact, label="2026")
    section = factories.SectionFactory(edition=edition, title="Funding", slug="funding")
    factories.UndertakingFactory(
        section=section, party="public", reference="public-1", text="Consult for twelve weeks before changing funding."
    )
    factories.UndertakingFactory(section=section, party="vcs", reference="vcs-1", text="Report honestly on outcomes.")
    return edition


@pytest.fixture
def vcs_organisation(compact):
    return factories.OrganisationFactory(compact=compact, name="Testshire Community Action")


@pytest.fixture
def other_vcs_organisation(compact):
    return factories.OrganisationFactory(compact=compact, name="Other Voluntary Group")


@pytest.fixture
def council(compact):
    return factories.PublicBodyFactory(compact=compact, name="Testshire Council")


@pytest.fixture
def vcs_member(vcs_organisation):
    return factories.MembershipFactory(organisation=vcs_organisation, role=Membership.Role.MEMBER).user


@pytest.fixture
def vcs_admin(vcs_organisation):
    return factories.MembershipFactory(organisation=vcs_organisation, role=Membership.Role.ADMIN).user


@pytest.fixture
def council_officer(council):
    return factories.MembershipFactory(organisation=council, role=Membership.Role.ADMIN).user


@pytest.fixture
def board_member(compact):
    seat = factories.BoardMembershipFactory(compact=compact)
    grant_board_access(user=seat.user)
    return seat.user


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def role_users(db, edition, vcs_member, vcs_admin, council_officer, board_member, superuser):
    """Every role by name; None is the anonymous visitor."""
    return {
        "anonymous": None,
        "vcs_member": vcs_member,
        "vcs_admin": vcs_admin,
        "council_officer": council_officer,
        "board_member": board_member,
        "superuser": superuser,
    }


def pytest_addoption(parser):
    parser.addoption(
        "--slow", action="store_true", help="also run the slow tier (tests marked slow): bin/trust passes it"
    )


def pytest_collection_modifyitems(config, items):
    """The slow tier (the accessibility sweep at every screen size) runs in bin/trust only, so
    that CI stays within its hour."""
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow tier: run with --slow (bin/trust)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
