"""Fixtures of the admin's change list tests (test_admin_site.py, test_admin_lists.py)."""

import pytest

from tests import factories


@pytest.fixture
def signed_in(client, superuser):
    """The test client, signed in as a superuser."""
    client.force_login(superuser)
    return client


@pytest.fixture
def memberships(vcs_organisation):
    """Three members of one organisation, named Member 0, 1 and 2."""
    return [
        factories.MembershipFactory(organisation=vcs_organisation, user=factories.UserFactory(full_name=f"Member {n}"))
        for n in range(3)
    ]
