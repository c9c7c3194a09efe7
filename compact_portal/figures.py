"""Numbers as a published report shows them: periods in weeks and days ("16 weeks", "10 weeks
and 1 day", never "16.0"), and small counts withheld from the public version so that no
organisation or case can be picked out. One function for each, used by the HTML page and
the PDF alike (both render the same report)."""

# Counts from 1 to SMALL_COUNT - 1 are not published: a count of 1 to 4 can point to a single
# organisation or case. Zero says nothing about anyone and is shown.
SMALL_COUNT = 5
WITHHELD = f"fewer than {SMALL_COUNT}"


def shown(count: int | None, public: bool) -> int | None:
    """A count as the report shows it: None (withheld) in the public version when it is from 1
    to SMALL_COUNT - 1; the real count in the board's draft."""
    if count is None:
        return None
    return None if public and 0 < count < SMALL_COUNT else count


def count_text(count: int | None) -> str:
    """A shown count in words for a table cell or a sentence: "1,204", or "fewer than 5"."""
    return WITHHELD if count is None else f"{count:,}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def format_weeks(days: int) -> str:
    """A period of whole days in weeks and days: "16 weeks", "10 weeks and 1 day", "1 week",
    "6 days". A negative period is shown as its length."""
    days = abs(int(days))
    weeks, rest = divmod(days, 7)
    if not weeks:
        return _plural(rest, "day", "days")
    text = _plural(weeks, "week", "weeks")
    return f"{text} and {_plural(rest, 'day', 'days')}" if rest else text


def format_count(n: int, one: str, many: str | None = None) -> str:
    """ "1 consultation", "3 consultations", "1,204 consultations"."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def fold_zeros(rows):
    """Split (label, count) rows into those with something to show and the labels of those at
    zero, so that a table of zeros becomes a sentence ("No consultation ran under the
    minimum"). A withheld count (None) is not zero: it stays in the table."""
    shown_rows = [(label, count) for label, count in rows if count != 0]
    zeros = [label for label, count in rows if count == 0]
    return shown_rows, zeros
