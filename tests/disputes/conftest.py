"""Fixtures for breach concerns: cases at each stage between the VCS organisation (complainant;
vcs_member and vcs_admin belong to it) and the council (respondent; council_officer)."""
import pytest

from signatories.models import Membership
from tests import factories

from . import helpers


@pytest.fixture
def undertaking(edition):
    return edition.sections.first().undertakings.order_by("position").first()


@pytest.fixture
def case(edition, vcs_organisation, council, vcs_admin, vcs_member, council_officer):
    return helpers.file_case(complainant=vcs_organisation, respondent=council, by=vcs_admin)


@pytest.fixture
def stage_1_case(case, vcs_admin):
    return helpers.to_stage_1(case, vcs_admin)


@pytest.fixture
def referred_case(stage_1_case, council_officer):
    return helpers.to_stage_2(stage_1_case, council_officer)


@pytest.fixture
def seats(referred_case):
    return helpers.resolution_group(referred_case.compact, referred_case.referral_received_on.year)


@pytest.fixture
def convened_case(referred_case, seats, board_member):
    return helpers.convene(referred_case, board_member, seats)


@pytest.fixture
def panel_member(convened_case, seats):
    return seats[0].user


@pytest.fixture
def other_member(other_vcs_organisation):
    """A signed-in member of an organisation that is not a party to the case."""
    return factories.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
