"""Deadline date arithmetic: the one home for weeks, months, bank holidays and holiday periods.

Every deadline the Compacts fix (DOMAIN.md, "Timelines") is computed from these helpers, so
that views, admin, emails and the annual review PDF all agree on what "12 weeks" means.
Bank holidays come from the maintained `holidays` package, never from a hand-kept list.
Only `today()` needs Django; everything else is plain Python and can be tested without it.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter

LONDON = ZoneInfo("Europe/London")

# The portal's names for the UK bank holiday calendars (as on gov.uk/bank-holidays), mapped to
# the `holidays` package's subdivisions of GB. Wales shares England's bank holidays.
REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}
DEFAULT_REGION = "england-and-wales"

# West Cheshire s.2 shared undertaking 3: consultations "should avoid running over extended
# holiday periods (e.g Christmas and summer holiday periods)". Each compact keeps its own list
# of holiday periods, entered per year by its board (undertakings.HolidayPeriod), because Easter
# and the school holidays move. The Compacts give no dates, so a new compact is seeded with the
# portal's reading of English school holidays, marked as such: these, as (month, day), both
# ends inclusive. Christmas starts in one year and ends in the next; Easter is computed.
DEFAULT_CHRISTMAS_HOLIDAYS_STARTS = (12, 20)
DEFAULT_CHRISTMAS_HOLIDAYS_ENDS = (1, 3)
DEFAULT_SUMMER_HOLIDAYS_STARTS = (7, 22)
DEFAULT_SUMMER_HOLIDAYS_ENDS = (8, 31)
# The Easter holidays: from the Monday of Holy Week to the Friday after Easter Monday.
DEFAULT_EASTER_HOLIDAYS_FROM_EASTER_SUNDAY = (-6, 5)

# Spelled out rather than strftime("%B"), which follows the process locale.
MONTH_NAMES = (
    None,
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def today() -> date:
    """Today's date in Europe/London (timezone.localdate()), whatever the server clock zone."""
    from django.utils import timezone

    return timezone.localdate(timezone=LONDON)


def add_weeks(start: date, weeks: int) -> date:
    """`weeks` weeks after `start`: the consultation periods (Wiltshire consulting promise,
    West Cheshire s.2 (3): 12 weeks, 8 at the very least), 12 weeks' notice of funding policy
    changes (West Cheshire s.1 public undertaking 1) and the Stafford conflict resolution
    timings (panel within 2 weeks, hearing within 8 weeks of receipt)."""
    return start + timedelta(weeks=weeks)


def add_months(start: date, months: int) -> date:
    """`months` calendar months after `start`, clamped to the end of a shorter month.

    Used for formal notice after a decision to reduce or end funding: 3 months at least,
    6 ideally (Wiltshire funding promise; West Cheshire s.1 Best Value and s.6 (3);
    Stafford funding code). 31 January + 1 month is the last day of February.
    """
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month_index + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def first_day_within_weeks(end: date, weeks: int) -> date:
    """The first day from which `end` is no more than `weeks` weeks ahead (add_weeks(day,
    weeks) >= end): when a deadline shown that far ahead starts to show."""
    return end - timedelta(weeks=weeks)


def first_day_within_months(end: date, months: int) -> date:
    """The first day from which `end` is no more than `months` calendar months ahead
    (add_months(day, months) >= end). add_months clamps to a month's end, so going back the
    same months can land a day or more early: 31 August is within six months from 1 March,
    not from 28 February."""
    day = add_months(end, -months)
    while add_months(day, months) < end:
        day += timedelta(days=1)
    return day


def _subdivision(region: str) -> str:
    try:
        return REGIONS[region]
    except KeyError:
        choices = ", ".join(REGIONS)
        raise ValueError(f"Unknown bank holiday region {region!r}: use one of {choices}") from None


@cache
def _bank_holidays(region: str, year: int) -> MappingProxyType:
    gb = holidays.country_holidays("GB", subdiv=_subdivision(region), years=year)
    return MappingProxyType({day: name for day, name in gb.items() if day.year == year})


def bank_holidays(year: int, region: str = DEFAULT_REGION) -> dict[date, str]:
    """Bank holidays (including substitute days) of `year` in `region`, from `holidays`.

    Cached per (region, year); the caller gets its own copy to change freely.
    """
    return dict(_bank_holidays(region, year))


def is_working_day(day: date, region: str = DEFAULT_REGION) -> bool:
    """Monday to Friday and not a bank holiday in `region`."""
    return day.weekday() < 5 and day not in _bank_holidays(region, day.year)


def next_working_day(day: date, region: str = DEFAULT_REGION) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, region):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int, region: str = DEFAULT_REGION) -> date:
    """The `days`-th working day after `start` (before it, if `days` is negative).

    `start` itself is not counted, so 0 returns `start` unchanged.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    while remaining:
        start += step
        if is_working_day(start, region):
            remaining -= 1
    return start


@dataclass(frozen=True)
class HolidayPeriod:
    """A holiday period consultations should avoid (West Cheshire s.2 (3)); both ends inclusive."""

    name: str
    starts_on: date
    ends_on: date

    def overlap_days(self, start: date, end: date) -> int:
        """How many days of [start, end] (inclusive) fall in this period."""
        first, last = max(start, self.starts_on), min(end, self.ends_on)
        return max(0, (last - first).days + 1)


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` (Western), from dateutil."""
    return easter(year)


def default_holiday_periods(year: int) -> list[HolidayPeriod]:
    """The portal's default holiday periods of `year`, in date order: the Easter holidays, the
    summer holidays and the Christmas holidays starting in December of `year`. A compact is
    seeded with these until its board enters its own."""
    before, after = DEFAULT_EASTER_HOLIDAYS_FROM_EASTER_SUNDAY
    sunday = easter_sunday(year)
    return [
        HolidayPeriod("Easter holidays", sunday + timedelta(days=before), sunday + timedelta(days=after)),
        HolidayPeriod(
            "Summer holidays", date(year, *DEFAULT_SUMMER_HOLIDAYS_STARTS), date(year, *DEFAULT_SUMMER_HOLIDAYS_ENDS)
        ),
        HolidayPeriod(
            "Christmas holidays",
            date(year, *DEFAULT_CHRISTMAS_HOLIDAYS_STARTS),
            date(year + 1, *DEFAULT_CHRISTMAS_HOLIDAYS_ENDS),
        ),
    ]


def holiday_periods_between(start: date, end: date, periods) -> list[HolidayPeriod]:
    """Those of `periods` (a compact's holiday periods) overlapping [start, end], in date order."""
    return sorted((p for p in periods if p.overlap_days(start, end)), key=lambda p: (p.starts_on, p.ends_on))


def consultation_closes_on(opens_on: date, weeks: int, region: str = DEFAULT_REGION) -> date:
    """Close date of a consultation of `weeks` weeks opening on `opens_on`.

    The period is the Compacts' (12 weeks standard: Wiltshire consulting and funding promises,
    West Cheshire s.2 (3) and s.6 (5); 8 weeks the absolute minimum: West Cheshire s.2 (3)).
    A close date on a weekend or bank holiday moves to the next working day, so consultees
    never lose the last day.
    """
    return next_working_day(add_weeks(opens_on, weeks), region)


def holiday_adjusted_closes_on(opens_on: date, weeks: int, periods, region: str = DEFAULT_REGION) -> date:
    """The close date offered to an officer whose consultation runs over holiday periods.

    West Cheshire s.2 (3): consultations should avoid extended holiday periods; `periods` are
    the compact's. The period is extended by the days it overlaps them; the extension may
    itself run into a holiday period, so repeat until the date is stable. Then move to the next
    working day, as in `consultation_closes_on`, which this equals when there is no overlap.
    """
    unadjusted = add_weeks(opens_on, weeks)
    closes_on = unadjusted
    while True:
        overlap = sum(
            p.overlap_days(opens_on, closes_on) for p in holiday_periods_between(opens_on, closes_on, periods)
        )
        extended = unadjusted + timedelta(days=overlap)
        if extended == closes_on:
            return next_working_day(closes_on, region)
        closes_on = extended


def days_between(start: date, end: date) -> int:
    """Whole days from `start` to `end` (negative if `end` is earlier)."""
    return (end - start).days


def weeks_between(start: date, end: date) -> float:
    """Weeks from `start` to `end`, as days / 7: checks a period against 12 or 8 weeks."""
    return days_between(start, end) / 7


def start_of_day(day: date) -> datetime:
    """00:00 on `day` in Europe/London, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def end_of_day(day: date) -> datetime:
    """23:59:59.999999 on `day` in Europe/London: a deadline "on" a day lasts all that day.

    Aware, with the offset of that day (BST or GMT), also on clock-change Sundays.
    """
    return datetime.combine(day, time.max, tzinfo=LONDON)


def format_date(day: date) -> str:
    """UK style as the Compacts write dates: "22 November 2026", "1 March 2027"."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def non_working_note(day: date, region: str = DEFAULT_REGION) -> str:
    """What a deadline's reader should know about the day: "a bank holiday", "a Saturday", or
    "" for a working day."""
    if day in _bank_holidays(region, day.year):
        return "a bank holiday"
    if day.weekday() >= 5:
        return f"a {day.strftime('%A')}"
    return ""


def format_deadline(day: date, region: str = DEFAULT_REGION) -> str:
    """A deadline as the Compacts write dates, saying when it falls on a weekend or bank
    holiday: "1 January 2027, a bank holiday"."""
    note = non_working_note(day, region)
    return f"{format_date(day)}, {note}" if note else format_date(day)
