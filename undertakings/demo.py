"""The demo compact's holiday periods and accessible-format rule, set as its board would: not
the portal's defaults, so the demo shows a compact running its own."""

from datetime import date, timedelta

from django.utils import timezone

from . import format_requests
from .models import AccessibleFormatRequest, HolidayPeriod

# Riverside answers requests for other formats within 15 working days (the portal's default is 10).
ANSWER_DAYS = 15
REQUEST_PAGE = "/"


def _october_half_term(year: int) -> tuple[date, date]:
    """Monday to Friday of the last week starting in October."""
    last = date(year, 10, 31)
    monday = last - timedelta(days=last.weekday())
    return monday, monday + timedelta(days=4)


def _riverside_periods(year: int) -> list[tuple[str, date, date]]:
    return [
        # Riverside's schools break up earlier and go back later than the portal's reading.
        ("Summer holidays", date(year, 7, 17), date(year, 9, 2)),
        ("October half term", *_october_half_term(year)),
    ]


def load(compact) -> None:
    rules = compact.rules
    rules.accessible_format_answer_days = ANSWER_DAYS
    rules.save()
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        for name, starts_on, ends_on in _riverside_periods(year):
            HolidayPeriod.objects.update_or_create(
                compact=compact,
                name=name,
                starts_on__year=year,
                defaults={"starts_on": starts_on, "ends_on": ends_on, "is_portal_default": False},
            )
    if not AccessibleFormatRequest.objects.filter(compact=compact).exists():
        format_requests.submit_request(
            compact=compact,
            page=REQUEST_PAGE,
            format=AccessibleFormatRequest.Format.EASY_READ,
            name="Sam Reader",
            email="sam.reader@example.org",
        )
