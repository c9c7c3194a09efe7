"""Each compact's holiday periods: seeding a compact with the portal's defaults, and finding
the years for which the board has yet to enter them.

West Cheshire s.2 (3) asks consultations to avoid extended holiday periods. The Compacts give
no dates and the local school holidays move each year, so the board keeps the list; a new
compact starts with the portal's reading (workdays.default_holiday_periods: Christmas, Easter
and the summer holidays), marked as the portal's default until the board edits it.
"""

from compact_portal import workdays

from .models import Compact, HolidayPeriod

# A new compact is given default periods from last year (a consultation open now may have
# started then) to this many years ahead.
YEARS_AHEAD = 2


def seed_default_holiday_periods(compact: Compact, years=None) -> int:
    """Give `compact` the portal's default periods of `years` (last year to YEARS_AHEAD ahead
    when None) that it does not have already: a period of the same name starting in that year.
    Returns how many were added; safe to run again."""
    if years is None:
        this_year = workdays.today().year
        years = range(this_year - 1, this_year + YEARS_AHEAD + 1)
    have = {(name, starts_on.year) for name, starts_on in compact.holiday_periods.values_list("name", "starts_on")}
    new = [
        HolidayPeriod(compact=compact, name=p.name, starts_on=p.starts_on, ends_on=p.ends_on, is_portal_default=True)
        for year in years
        for p in workdays.default_holiday_periods(year)
        if (p.name, p.starts_on.year) not in have
    ]
    HolidayPeriod.objects.bulk_create(new)
    return len(new)


def compacts_without_periods_for(year: int, compact_ids=None):
    """Compacts whose consultations avoid holiday periods but that have none entered for
    `year`: the board has next year's dates to enter."""
    compacts = Compact.objects.exclude(timeline_rules__avoid_holiday_periods=False).exclude(
        holiday_periods__starts_on__year=year
    )
    return compacts if compact_ids is None else compacts.filter(pk__in=compact_ids)
