"""Fixtures for breach concerns: cases at each stage between the VCS organisation (complainant;
vcs_member and vcs_admin belong to it) and the council (respondent; council_officer)."""

import pytest

from signatories.models import Membership
from tests import factories


@pytest.fixture
def panel_member(convened_case, seats):
    return seats[0].user


@pytest.fixture
def other_member(other_vcs_organisation):
    """A signed-in member of an organisation that is not a party to the case."""
    return factories.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
