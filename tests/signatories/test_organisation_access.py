"""Who is told that an organisation's own pages exist: its members and the board of its
compact. Anyone else, a board member of another compact included, gets 404."""

import pytest
from django.urls import reverse

from signatories.models import Organisation
from signatories.services import grant_board_access
from tests import factories


@pytest.fixture
def board_member_of_another_compact(db):
    seat = factories.BoardMembershipFactory(compact=factories.CompactFactory(name="Elsewhere Compact"))
    grant_board_access(user=seat.user)
    return seat.user


@pytest.mark.parametrize("name", ["signatories:edit", "signatories:sign", "signatories:champion"])
def test_another_compacts_board_is_not_told_an_applicant_exists(client, compact, board_member_of_another_compact, name):
    applicant = factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPLIED)
    client.force_login(board_member_of_another_compact)
    assert client.get(reverse("signatories:organisation", args=[applicant.slug])).status_code == 404
    assert client.get(reverse(name, args=[applicant.slug])).status_code == 404
    assert client.post(reverse(name, args=[applicant.slug]), {"name": "Taken over"}).status_code == 404
    applicant.refresh_from_db()
    assert applicant.name != "Taken over"


def test_the_compacts_own_board_may_edit_an_applicant(client, compact, board_member):
    applicant = factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPLIED)
    client.force_login(board_member)
    assert client.get(reverse("signatories:edit", args=[applicant.slug])).status_code == 200
