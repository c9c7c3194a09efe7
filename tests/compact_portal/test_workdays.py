"""Tests for compact_portal.workdays: the date arithmetic behind every Compact deadline."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest
import time_machine

from compact_portal import workdays
from compact_portal.workdays import (
    LONDON,
    HolidayPeriod,
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    consultation_closes_on,
    days_between,
    default_holiday_periods,
    easter_sunday,
    end_of_day,
    format_date,
    holiday_adjusted_closes_on,
    holiday_periods_between,
    is_working_day,
    next_working_day,
    start_of_day,
    weeks_between,
)

CHRISTMAS_2026 = HolidayPeriod("Christmas holidays", date(2026, 12, 20), date(2027, 1, 3))
SUMMER_2026 = HolidayPeriod("Summer holidays", date(2026, 7, 22), date(2026, 8, 31))
EASTER_2026 = HolidayPeriod("Easter holidays", date(2026, 3, 30), date(2026, 4, 10))
# A compact that avoids Christmas and the summer only: the arithmetic below is worked out by hand for these.
CHRISTMAS_AND_SUMMER = [
    p for year in range(2024, 2030) for p in default_holiday_periods(year) if p.name != "Easter holidays"
]


def every_day(start, end):
    return (start + timedelta(days=n) for n in range((end - start).days + 1))


# Weeks and months


def test_twelve_week_consultation_period_is_eighty_four_days():
    assert add_weeks(date(2026, 11, 22), 12) == date(2027, 2, 14)


def test_eight_week_minimum_consultation_period():
    assert add_weeks(date(2026, 9, 7), 8) == date(2026, 11, 2)


def test_panel_convened_within_two_weeks_of_receipt():
    assert add_weeks(date(2026, 12, 24), 2) == date(2027, 1, 7)


def test_add_weeks_backwards():
    assert add_weeks(date(2027, 2, 14), -12) == date(2026, 11, 22)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # three months' formal notice
        (date(2026, 10, 31), 6, date(2027, 4, 30)),  # six months' notice, the ideal
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 9, 30), 6, date(2027, 3, 30)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 1, 15), -3, date(2026, 10, 15)),
        (date(2028, 2, 29), -12, date(2027, 2, 28)),
    ],
)
def test_formal_notice_months_are_calendar_months_clamped_at_month_end(start, months, expected):
    assert add_months(start, months) == expected


# Bank holidays


def test_bank_holidays_come_from_the_holidays_package():
    for year in (2026, 2027, 2028):
        expected = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert bank_holidays(year) == dict(expected)


def test_easter_monday_2027_is_a_bank_holiday_in_england_and_wales():
    assert bank_holidays(2027)[date(2027, 3, 29)] == "Easter Monday"


def test_scotland_has_no_easter_monday_but_has_second_of_january():
    scotland_2026 = bank_holidays(2026, "scotland")
    assert date(2026, 4, 6) not in scotland_2026
    assert date(2026, 1, 2) in scotland_2026
    assert date(2026, 1, 2) not in bank_holidays(2026)


def test_boxing_day_2026_on_a_saturday_is_substituted_by_monday_28_december():
    assert date(2026, 12, 26).weekday() == 5
    assert date(2026, 12, 28) in bank_holidays(2026)
    assert not is_working_day(date(2026, 12, 28))


def test_christmas_2027_on_a_weekend_gives_two_substitute_days():
    england_2027 = bank_holidays(2027)
    assert date(2027, 12, 27) in england_2027
    assert date(2027, 12, 28) in england_2027


def test_new_year_2028_on_a_saturday_is_substituted_by_monday_3_january():
    assert date(2028, 1, 3) in bank_holidays(2028)
    assert {date(2028, 1, 3), date(2028, 1, 4)} <= bank_holidays(2028, "scotland").keys()


@pytest.mark.parametrize(
    ("region", "holiday"),
    [
        ("england-and-wales", date(2028, 8, 28)),  # late summer bank holiday
        ("scotland", date(2027, 8, 2)),  # summer bank holiday, first Monday of August
        ("scotland", date(2027, 11, 30)),  # St Andrew's Day
        ("northern-ireland", date(2027, 3, 17)),  # St Patrick's Day
        ("northern-ireland", date(2027, 7, 12)),  # Battle of the Boyne
    ],
)
def test_regional_bank_holidays(region, holiday):
    assert holiday in bank_holidays(holiday.year, region)
    assert not is_working_day(holiday, region)


def test_bank_holidays_of_a_year_stay_in_that_year():
    for region in workdays.REGIONS:
        for year in (2026, 2027, 2028):
            assert {day.year for day in bank_holidays(year, region)} == {year}


def test_unknown_region_is_refused():
    with pytest.raises(ValueError, match="wales"):
        bank_holidays(2026, "wales")


def test_bank_holidays_are_cached_per_region_and_year(monkeypatch):
    calls = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append(kwargs["subdiv"])
        return real(*args, **kwargs)

    workdays._bank_holidays.cache_clear()
    monkeypatch.setattr(workdays.holidays, "country_holidays", counting)
    bank_holidays(2026)
    bank_holidays(2026)
    is_working_day(date(2026, 5, 4))
    bank_holidays(2026, "scotland")
    assert calls == ["ENG", "SCT"]


def test_changing_the_returned_bank_holidays_does_not_change_the_cache():
    bank_holidays(2026).clear()
    assert date(2026, 12, 25) in bank_holidays(2026)


# Working days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 24), True),  # a Tuesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2027, 3, 26), False),  # Good Friday
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_second_of_january_is_a_working_day_in_england_but_not_scotland():
    assert is_working_day(date(2026, 1, 2))
    assert not is_working_day(date(2026, 1, 2), region="scotland")


def test_next_working_day_of_a_working_day_is_that_day():
    assert next_working_day(date(2026, 11, 24)) == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("day", "region", "expected"),
    [
        (date(2026, 11, 28), "england-and-wales", date(2026, 11, 30)),
        (date(2026, 12, 25), "england-and-wales", date(2026, 12, 29)),
        (date(2027, 12, 25), "england-and-wales", date(2027, 12, 29)),
        (date(2027, 1, 1), "england-and-wales", date(2027, 1, 4)),
        (date(2027, 1, 1), "scotland", date(2027, 1, 5)),
        (date(2027, 3, 26), "england-and-wales", date(2027, 3, 30)),
        (date(2027, 3, 26), "scotland", date(2027, 3, 29)),
    ],
)
def test_next_working_day_skips_weekends_and_bank_holidays(day, region, expected):
    assert next_working_day(day, region) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday to Monday
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # over Christmas and Boxing Day substitute
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # over Easter
        (date(2026, 11, 23), 10, date(2026, 12, 7)),
        (date(2026, 11, 28), 0, date(2026, 11, 28)),
        (date(2026, 12, 29), -1, date(2026, 12, 24)),
        (date(2026, 11, 30), -1, date(2026, 11, 27)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_add_working_days_follows_the_region():
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert add_working_days(date(2026, 12, 31), 1, "scotland") == date(2027, 1, 5)


# Holiday periods (West Cheshire s.2 (3))


def test_default_holiday_periods_of_2026_are_easter_summer_and_christmas():
    assert default_holiday_periods(2026) == [EASTER_2026, SUMMER_2026, CHRISTMAS_2026]


@pytest.mark.parametrize(
    ("year", "sunday"), [(2026, date(2026, 4, 5)), (2027, date(2027, 3, 28)), (2028, date(2028, 4, 16))]
)
def test_easter_moves_each_year_and_its_holidays_with_it(year, sunday):
    assert easter_sunday(year) == sunday
    easter = default_holiday_periods(year)[0]
    assert easter.name == "Easter holidays"
    assert (easter.starts_on, easter.ends_on) == (sunday - timedelta(days=6), sunday + timedelta(days=5))
    assert easter.starts_on.weekday() == 0 and easter.ends_on.weekday() == 4  # Monday to Friday


def test_christmas_holidays_run_into_the_new_year():
    christmas = default_holiday_periods(2028)[2]
    assert (christmas.starts_on, christmas.ends_on) == (date(2028, 12, 20), date(2029, 1, 3))


def test_holiday_period_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CHRISTMAS_2026.ends_on = date(2027, 1, 10)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 12, 1), date(2027, 2, 1), 15),  # whole period: 12 days in Dec + 3 in Jan
        (date(2026, 12, 24), date(2026, 12, 31), 8),  # inside
        (date(2027, 1, 3), date(2027, 3, 1), 1),  # last day only: inclusive
        (date(2026, 11, 1), date(2026, 12, 20), 1),  # first day only: inclusive
        (date(2027, 1, 4), date(2027, 3, 1), 0),  # just after
        (date(2026, 9, 1), date(2026, 12, 19), 0),  # just before
    ],
)
def test_overlap_days_with_christmas_holidays(start, end, expected):
    assert CHRISTMAS_2026.overlap_days(start, end) == expected


def test_holiday_periods_between_finds_last_years_christmas_in_january():
    assert holiday_periods_between(date(2027, 1, 1), date(2027, 1, 10), CHRISTMAS_AND_SUMMER) == [CHRISTMAS_2026]


def test_holiday_periods_between_in_date_order():
    found = holiday_periods_between(date(2026, 1, 2), date(2027, 1, 31), reversed(CHRISTMAS_AND_SUMMER))
    assert [(p.name, p.starts_on.year) for p in found] == [
        ("Christmas holidays", 2025),
        ("Summer holidays", 2026),
        ("Christmas holidays", 2026),
    ]


def test_holiday_periods_between_spring_dates_is_empty():
    assert holiday_periods_between(date(2027, 1, 4), date(2027, 7, 21), CHRISTMAS_AND_SUMMER) == []


def test_holiday_periods_between_spring_dates_finds_easter_where_a_compact_keeps_it():
    periods = [p for year in (2026, 2027) for p in default_holiday_periods(year)]
    [easter] = holiday_periods_between(date(2027, 1, 4), date(2027, 7, 21), periods)
    assert (easter.name, easter.starts_on) == ("Easter holidays", date(2027, 3, 22))


def test_holiday_periods_between_includes_a_period_touched_on_its_first_day():
    assert holiday_periods_between(date(2026, 5, 1), date(2026, 7, 22), CHRISTMAS_AND_SUMMER) == [SUMMER_2026]


def test_holiday_periods_between_reads_only_the_periods_given():
    own = [HolidayPeriod("Half term", date(2026, 10, 26), date(2026, 10, 30))]
    assert holiday_periods_between(date(2026, 10, 1), date(2027, 1, 31), own) == own
    assert holiday_periods_between(date(2026, 10, 1), date(2027, 1, 31), []) == []


# Consultation close dates


def test_twelve_week_consultation_closing_on_an_ordinary_day_keeps_that_day():
    assert consultation_closes_on(date(2026, 9, 7), 12) == date(2026, 11, 30)


def test_twelve_week_consultation_closing_on_a_bank_holiday_moves_to_next_working_day():
    # 4 January 2027 + 12 weeks is Easter Monday, 29 March 2027.
    assert consultation_closes_on(date(2027, 1, 4), 12) == date(2027, 3, 30)


def test_consultation_closing_on_st_andrews_day_moves_on_in_scotland_only():
    assert consultation_closes_on(date(2026, 9, 7), 12, "scotland") == date(2026, 12, 1)


def test_consultation_closing_on_a_weekend_moves_to_monday():
    assert consultation_closes_on(date(2026, 9, 5), 12) == date(2026, 11, 30)


def test_consultation_never_closes_on_a_weekend_or_bank_holiday_nor_early():
    for region in workdays.REGIONS:
        for opens_on in every_day(date(2026, 1, 1), date(2028, 10, 1)):
            closes_on = consultation_closes_on(opens_on, 12, region)
            assert is_working_day(closes_on, region)
            assert 0 <= days_between(add_weeks(opens_on, 12), closes_on) <= 4


def test_holiday_adjusted_close_without_holidays_equals_ordinary_close():
    assert holiday_adjusted_closes_on(date(2027, 1, 4), 12, CHRISTMAS_AND_SUMMER) == date(2027, 3, 30)
    assert holiday_adjusted_closes_on(date(2026, 9, 7), 12, CHRISTMAS_AND_SUMMER, "scotland") == date(2026, 12, 1)


def test_consultation_over_the_summer_holidays_is_extended_until_stable():
    # 1 June + 12 weeks = 24 August: 34 days of summer holidays, so 27 September; that takes
    # in the rest of the summer (41 days), so 4 October, a Sunday: Monday 5 October.
    assert consultation_closes_on(date(2026, 6, 1), 12) == date(2026, 8, 24)
    assert holiday_adjusted_closes_on(date(2026, 6, 1), 12, CHRISTMAS_AND_SUMMER) == date(2026, 10, 5)


def test_consultation_over_christmas_is_extended_by_the_christmas_days():
    # 2 November 2026 + 12 weeks = 25 January 2027; 15 days of Christmas holidays.
    assert holiday_adjusted_closes_on(date(2026, 11, 2), 12, CHRISTMAS_AND_SUMMER) == date(2027, 2, 9)


def test_extension_running_into_christmas_is_extended_again():
    # 1 July + 22 weeks = 2 December: 41 summer days take it to 12 January, into the
    # Christmas holidays (15 days), so 27 January 2027.
    assert holiday_adjusted_closes_on(date(2026, 7, 1), 22, CHRISTMAS_AND_SUMMER) == date(2027, 1, 27)


def test_consultation_closing_just_after_christmas_is_extended_by_every_christmas_day():
    # 13 October 2026 + 12 weeks = 5 January 2027: all 15 Christmas days, so 20 January.
    assert consultation_closes_on(date(2026, 10, 13), 12) == date(2027, 1, 5)
    assert holiday_adjusted_closes_on(date(2026, 10, 13), 12, CHRISTMAS_AND_SUMMER) == date(2027, 1, 20)


def test_consultation_opening_in_the_christmas_holidays_counts_only_days_from_opening():
    # Opens 28 December 2026: 7 Christmas days (28 December to 3 January) are added to
    # 22 March 2027, giving Easter Monday, 29 March 2027: so Tuesday 30 March.
    assert holiday_adjusted_closes_on(date(2026, 12, 28), 12, CHRISTMAS_AND_SUMMER) == date(2027, 3, 30)


def test_eight_week_consultation_over_christmas_is_extended_too():
    # 22 November 2026 + 8 weeks = 17 January 2027, + 15 days = Monday 1 February.
    assert holiday_adjusted_closes_on(date(2026, 11, 22), 8, CHRISTMAS_AND_SUMMER) == date(2027, 2, 1)


def test_holiday_adjusted_close_makes_up_a_compacts_own_period():
    # 2 November 2026 + 12 weeks = 25 January 2027: a compact that keeps only a half term of
    # 5 days in February is not extended; one that keeps a week in January is, by 7 days.
    half_term = [HolidayPeriod("February half term", date(2027, 2, 15), date(2027, 2, 19))]
    january = [HolidayPeriod("January week", date(2027, 1, 4), date(2027, 1, 10))]
    assert holiday_adjusted_closes_on(date(2026, 11, 2), 12, half_term) == date(2027, 1, 25)
    assert holiday_adjusted_closes_on(date(2026, 11, 2), 12, january) == date(2027, 2, 1)


def test_holiday_adjusted_close_is_never_earlier_and_always_a_working_day():
    for opens_on in every_day(date(2026, 1, 1), date(2027, 12, 31)):
        ordinary = consultation_closes_on(opens_on, 12)
        adjusted = holiday_adjusted_closes_on(opens_on, 12, CHRISTMAS_AND_SUMMER)
        assert adjusted >= ordinary
        assert is_working_day(adjusted)
        overlap = sum(
            p.overlap_days(opens_on, adjusted)
            for p in holiday_periods_between(opens_on, adjusted, CHRISTMAS_AND_SUMMER)
        )
        assert days_between(add_weeks(opens_on, 12), adjusted) >= overlap


# Measuring periods


def test_weeks_between_a_twelve_week_period():
    assert weeks_between(date(2026, 11, 22), date(2027, 2, 14)) == 12.0


def test_weeks_between_shorter_than_eight_weeks():
    assert weeks_between(date(2026, 9, 7), date(2026, 11, 1)) == pytest.approx(55 / 7)
    assert weeks_between(date(2026, 9, 7), date(2026, 11, 1)) < 8


def test_days_between_is_negative_backwards():
    assert days_between(date(2028, 2, 1), date(2028, 3, 1)) == 29
    assert days_between(date(2028, 3, 1), date(2028, 2, 1)) == -29


# Days in Europe/London


def test_end_of_day_is_the_last_microsecond_in_london():
    closes_at = end_of_day(date(2026, 11, 22))
    assert closes_at.tzinfo is LONDON
    assert (closes_at.hour, closes_at.minute, closes_at.second) == (23, 59, 59)
    assert closes_at.microsecond == 999_999
    assert closes_at.utcoffset() == timedelta(0)


def test_start_of_day_is_midnight_in_london():
    opens_at = start_of_day(date(2026, 7, 1))
    assert opens_at.tzinfo is LONDON
    assert opens_at.astimezone(UTC) == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)


def day_length(day):
    return end_of_day(day).astimezone(UTC) - start_of_day(day).astimezone(UTC)


def test_clocks_going_forward_on_29_march_2026_make_a_23_hour_day():
    day = date(2026, 3, 29)
    assert start_of_day(day).utcoffset() == timedelta(0)
    assert end_of_day(day).utcoffset() == timedelta(hours=1)
    assert day_length(day) == timedelta(hours=23, microseconds=-1)


def test_clocks_going_back_on_25_october_2026_make_a_25_hour_day():
    day = date(2026, 10, 25)
    assert start_of_day(day).utcoffset() == timedelta(hours=1)
    assert end_of_day(day).utcoffset() == timedelta(0)
    assert day_length(day) == timedelta(hours=25, microseconds=-1)


def test_end_of_day_is_followed_by_the_start_of_the_next_day():
    for day in every_day(date(2026, 1, 1), date(2028, 12, 31)):
        next_start = start_of_day(day + timedelta(days=1)).astimezone(UTC)
        assert end_of_day(day).astimezone(UTC) + timedelta(microseconds=1) == next_start


# Formatting


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 22), "22 November 2026"),
        (date(2027, 3, 1), "1 March 2027"),
        (date(2028, 2, 29), "29 February 2028"),
    ],
)
def test_format_date_in_uk_style(day, expected):
    assert format_date(day) == expected


# Today, in London


@pytest.fixture
def django_settings():
    django_conf = pytest.importorskip("django.conf")
    try:
        use_tz = django_conf.settings.USE_TZ
    except Exception as error:  # settings module missing or not configured
        pytest.skip(f"Django settings unavailable: {error}")
    assert use_tz


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), date(2026, 7, 1)),  # BST: already July
        (datetime(2026, 6, 30, 22, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), date(2026, 12, 31)),  # GMT
        (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2026, 3, 28, 23, 59, tzinfo=UTC), date(2026, 3, 28)),  # before clocks go forward
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # BST until 01:00 UTC
    ],
)
def test_today_is_the_date_in_london(django_settings, now, expected):
    with time_machine.travel(now, tick=False):
        assert workdays.today() == expected


@pytest.mark.parametrize(
    ("day", "region", "expected"),
    [
        (date(2027, 1, 1), "england-and-wales", "1 January 2027, a bank holiday"),
        (date(2027, 1, 9), "england-and-wales", "9 January 2027, a Saturday"),
        (date(2027, 1, 10), "england-and-wales", "10 January 2027, a Sunday"),
        (date(2027, 1, 4), "england-and-wales", "4 January 2027"),
        (date(2027, 1, 4), "scotland", "4 January 2027, a bank holiday"),  # 2 January's substitute day in Scotland
    ],
)
def test_a_deadline_says_when_it_falls_on_a_weekend_or_bank_holiday(day, region, expected):
    assert workdays.format_deadline(day, region) == expected


def test_the_deadline_filter_reads_like_the_helper():
    from django.template import Context, Template

    rendered = Template("{% load portal_dates %}{{ day|deadline }}").render(Context({"day": date(2027, 1, 1)}))
    assert rendered == "1 January 2027, a bank holiday"
