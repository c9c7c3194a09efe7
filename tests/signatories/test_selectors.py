"""An organisation's admins' addresses and the board's seats: one function each."""

import pytest

from signatories.models import Membership
from signatories.selectors import admin_emails, board_seats
from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_emails_are_the_active_admins_or_else_the_contact_address():
    with_admins = factories.OrganisationFactory(contact_email="office@example.org")
    factories.MembershipFactory(organisation=with_admins, role=Membership.Role.ADMIN, user__email="b@example.org")
    factories.MembershipFactory(organisation=with_admins, role=Membership.Role.ADMIN, user__email="a@example.org")
    factories.MembershipFactory(organisation=with_admins, role=Membership.Role.MEMBER, user__email="m@example.org")
    factories.MembershipFactory(
        organisation=with_admins, role=Membership.Role.ADMIN, user__email="gone@example.org", user__is_active=False
    )
    without = factories.OrganisationFactory(contact_email="contact@example.org")
    assert admin_emails([with_admins, without]) == {
        with_admins.pk: ["a@example.org", "b@example.org"],
        without.pk: ["contact@example.org"],
    }


def test_board_seats_are_of_the_year_asked():
    seat = factories.BoardMembershipFactory(year=2026)
    factories.BoardMembershipFactory(compact=seat.compact, year=2025)
    assert list(board_seats(year=2026, compact=seat.compact)) == [seat]
    assert list(board_seats(year=2026, user=seat.user)) == [seat]
    assert board_seats(year=2024).count() == 0
