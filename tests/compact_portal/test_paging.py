"""Pages of a list without counting it (compact_portal.paging)."""

import pytest

from compact_portal import paging


@pytest.mark.parametrize(
    ("asked", "number"),
    [(None, 1), ("", 1), ("2", 2), ("0", 1), ("-3", 1), ("abc", 1), ("1e9", 1), ("99999999999", paging.LAST_PAGE)],
)
def test_the_page_asked_for_is_read_safely(asked, number):
    assert paging.page_number(asked) == number


def test_a_page_knows_whether_another_follows():
    rows = list(range(45))
    first, third = paging.peek(rows, "1", 20), paging.peek(rows, "3", 20)
    assert first.object_list == list(range(20)) and first.has_next and not first.has_previous
    assert third.object_list == list(range(40, 45)) and not third.has_next and third.previous_page_number == 2
    assert not paging.peek(list(range(20)), "1", 20).has_next


def test_an_empty_list_is_falsy_but_a_page_past_the_end_is_not():
    assert not paging.peek([], None, 20)
    beyond = paging.peek(list(range(5)), "4", 20)
    assert beyond and beyond.object_list == [] and beyond.has_previous


def test_a_search_matching_more_than_the_cap_says_more_than_and_asks_for_a_narrower_one(client, compact, monkeypatch):
    from django.urls import reverse

    from tests import factories

    monkeypatch.setattr(paging.CappedPaginator, "cap", 2)
    for name in ("Alder Trust", "Birch Group", "Cedar Club"):
        factories.OrganisationFactory(compact=compact, name=name, status="signed")
    page = client.get(reverse("signatories:directory")).content.decode()
    assert "More than 2 signatories found" in page and "Alder Trust" in page
    narrow = client.get(reverse("signatories:directory"), {"q": "Birch"}).content.decode()
    assert "1 signatory found" in narrow and "More than" not in narrow


def test_the_capped_count_reads_no_more_rows_than_the_cap(db):
    from signatories.models import Organisation

    paginator = paging.CappedPaginator(Organisation.objects.order_by("name"), 25)
    assert paginator.count == 0 and not paginator.more
