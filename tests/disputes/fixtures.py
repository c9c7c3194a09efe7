"""Cases at each stage between the VCS organisation (complainant; vcs_member and vcs_admin
belong to it) and the council (respondent; council_officer): the fixtures of tests/disputes/,
imported by other test modules that need a case."""

import pytest

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
