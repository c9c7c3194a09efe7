"""Lists shown a page at a time without counting them all.

- `peek`: a page of rows and whether another follows (one row more is read to know). For the
  lists on a person's own pages, which are usually short, where a COUNT(*) per list would
  cost more than the rows.
- `CappedPaginator`: numbered pages of a search that may match a great many rows (the public
  directory of every signatory in the deployment), counted only up to a cap: past it the
  page says "more than" and asks for a narrower search.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.functional import cached_property

LAST_PAGE = 10_000  # a page number beyond this is read as this (no OFFSET of millions)


@dataclass(frozen=True)
class Peek:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def __bool__(self) -> bool:
        return bool(self.object_list) or self.number > 1


def page_number(value) -> int:
    """The page a query string asks for: 1 for anything that is not a whole number from 1."""
    try:
        return min(max(int(value), 1), LAST_PAGE)
    except (TypeError, ValueError, OverflowError):
        return 1


def peek(rows, number, per_page: int) -> Peek:
    """Page `number` (as given in the query string) of `rows` (a queryset or a list)."""
    number = page_number(number)
    start = (number - 1) * per_page
    found = list(rows[start : start + per_page + 1])
    return Peek(found[:per_page], number, len(found) > per_page)


class CappedPaginator(Paginator):
    """A Django paginator whose count stops at `cap` rows (`more` says there were more)."""

    cap = 1000
    more = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.more = found > self.cap
        return min(found, self.cap)
