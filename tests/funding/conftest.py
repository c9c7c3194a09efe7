"""Fixtures for funding: a fixed clock, a council officer, two signed VCS organisations."""

from datetime import date, datetime

import pytest
import time_machine

from compact_portal.workdays import LONDON
from signatories.models import Membership
from tests import factories

# Monday 2 February 2026; 12 weeks' lead-in ends on Monday 27 April.
OPENS_ON = date(2026, 2, 2)
LEAD_IN_CLOSES_ON = date(2026, 4, 27)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def clock():
    with time_machine.travel(at(OPENS_ON), tick=False) as traveller:
        yield traveller


@pytest.fixture
def applicant(compact):
    return factories.OrganisationFactory(compact=compact, name="Riverside Food Bank", charity_number="1123456")


@pytest.fixture
def applicant_admin(applicant):
    return factories.MembershipFactory(organisation=applicant, role=Membership.Role.ADMIN).user


@pytest.fixture
def second_applicant(compact):
    return factories.OrganisationFactory(
        compact=compact, name="Asian Women's Network", company_number="09876543", led_by_bme_communities=True
    )


@pytest.fixture
def second_admin(second_applicant):
    return factories.MembershipFactory(organisation=second_applicant, role=Membership.Role.ADMIN).user
