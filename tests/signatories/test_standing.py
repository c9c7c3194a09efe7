"""The person's memberships and board seats, read once a request (signatories.permissions.
standing) and read again after any change to them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from signatories import permissions
from signatories.models import Membership, Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def test_many_questions_about_one_person_read_their_standing_once(vcs_member, vcs_organisation, council, compact):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert permissions.is_member(vcs_member, vcs_organisation)
            assert not permissions.is_member(vcs_member, council)
            assert not permissions.is_board_member(vcs_member, compact)
            assert not permissions.is_council_officer(vcs_member)
            assert permissions.organisation_ids_for(vcs_member) == [vcs_organisation.pk]
    assert len(queries) == 3  # memberships, board seats, resolution group seats


def test_a_new_membership_counts_at_once(vcs_member, council):
    assert not permissions.is_member(vcs_member, council)
    assert not permissions.is_council_officer(vcs_member)
    Membership.objects.create(user=vcs_member, organisation=council, role=Membership.Role.ADMIN)
    assert permissions.is_member(vcs_member, council)
    assert permissions.is_organisation_admin(vcs_member, council)
    assert permissions.is_council_officer(vcs_member)


def test_a_removed_membership_or_board_seat_stops_counting_at_once(vcs_member, vcs_organisation, board_member, compact):
    assert permissions.is_member(vcs_member, vcs_organisation)
    Membership.objects.get(user=vcs_member, organisation=vcs_organisation).delete()
    assert not permissions.is_member(vcs_member, vcs_organisation)
    assert list(permissions.organisations_for(vcs_member)) == []

    assert permissions.is_board_member(board_member, compact)
    board_member.board_memberships.get().delete()
    assert not permissions.is_board_member(board_member, compact)
    assert permissions.board_compact_ids(board_member) == set()


def test_an_organisation_changing_status_changes_what_its_members_may_do(council_officer, council):
    assert permissions.is_council_officer(council_officer)
    organisation = Organisation.objects.get(pk=council.pk)
    organisation.status = Organisation.Status.WITHDRAWN
    organisation.save()
    assert not permissions.is_council_officer(council_officer)


def test_board_seats_count_for_their_year_and_compact_only(compact):
    year = timezone.localdate().year
    other = factories.CompactFactory()
    seat = factories.BoardMembershipFactory(compact=compact, year=year - 1)
    assert not permissions.is_board_member(seat.user)
    factories.BoardMembershipFactory(user=seat.user, compact=compact, year=year)
    assert permissions.is_board_member(seat.user, compact) and permissions.is_board_member(seat.user, compact.pk)
    assert not permissions.is_board_member(seat.user, other)
    assert permissions.board_compact_ids(seat.user) == {compact.pk}


def test_nobody_signed_in_has_no_standing(client, vcs_organisation):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert permissions.standing(anonymous) == permissions.Standing()
    assert not permissions.is_member(anonymous, vcs_organisation)
    assert permissions.organisation_ids_for(anonymous) == []


def test_each_request_reads_the_standing_from_the_database(vcs_member, vcs_organisation):
    from signatories.models import User

    assert permissions.is_member(vcs_member, vcs_organisation)
    later = User.objects.get(pk=vcs_member.pk)  # the person as the next request reads them
    with CaptureQueriesContext(connection) as queries:
        assert permissions.is_member(later, vcs_organisation)
        assert not permissions.is_board_member(later, vcs_organisation.compact)
    assert len(queries) == 3  # memberships, board seats, resolution group seats; once
    Membership.objects.filter(user=vcs_member).update(role=Membership.Role.ADMIN)  # no signal
    assert permissions.is_organisation_admin(User.objects.get(pk=vcs_member.pk), vcs_organisation)
    Membership.objects.filter(user=vcs_member).delete()
    assert not permissions.is_member(User.objects.get(pk=vcs_member.pk), vcs_organisation)
    factories.BoardMembershipFactory(user=vcs_member, compact=vcs_organisation.compact)
    assert permissions.is_board_member(User.objects.get(pk=vcs_member.pk), vcs_organisation.compact)


def test_a_resolution_group_seat_counts_for_its_compact_and_year(vcs_member, compact):
    from signatories.models import ResolutionGroupMembership

    assert not permissions.standing(vcs_member).resolution_seats
    seat = ResolutionGroupMembership.objects.create(user=vcs_member, compact=compact, year=2027, sector="vcs")
    assert permissions.standing(vcs_member).resolution_seats == {(compact.pk, 2027)}
    seat.delete()
    assert not permissions.standing(vcs_member).resolution_seats
