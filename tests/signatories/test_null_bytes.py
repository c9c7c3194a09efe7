"""Null bytes in addresses and searches: PostgreSQL refuses them in a query, so they must never
reach one. Not found, or no results; never a server error."""

import pytest


@pytest.mark.parametrize(
    "address", ["/calendar/%00.ics", "/invitations/%00/", "/board/disputes/annual-summary/?compact=%00"]
)
def test_a_null_byte_in_an_address_is_not_found(client, board_member, address):
    client.force_login(board_member)
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("address", ["/consultations/?q=grant%00cut", "/compacts/{compact}/?q=fund%00ing"])
def test_a_null_byte_in_a_search_finds_nothing_instead_of_failing(client, edition, address):
    assert client.get(address.format(compact=edition.compact.slug)).status_code == 200
