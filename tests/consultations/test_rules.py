"""The Compact's clock for a consultation: DOMAIN.md's timelines, from rules.py."""

from datetime import UTC, date
from types import SimpleNamespace

import pytest

from consultations import rules


def timeline_rules(**overrides):
    values = {
        "consultation_weeks": 12,
        "minimum_consultation_weeks": 8,
        "notice_months": 3,
        "ideal_notice_months": 6,
        "funding_policy_notice_weeks": 12,
        "avoid_holiday_periods": True,
    }
    return SimpleNamespace(**{**values, **overrides})


RULES = timeline_rules()
REGION = "england-and-wales"
# The portal's default periods (Easter, summer, Christmas) of the years these tests use.
PERIODS = [p for year in range(2025, 2029) for p in rules.workdays.default_holiday_periods(year)]
CHRISTMAS_AND_SUMMER = [p for p in PERIODS if p.name != "Easter holidays"]


def test_standard_consultation_runs_twelve_weeks():
    assert rules.standard_closes_on(date(2026, 2, 2), RULES, REGION) == date(2026, 4, 27)


def test_standard_close_on_a_bank_holiday_moves_to_the_next_working_day():
    # 2 March 2026 + 12 weeks = Monday 25 May 2026, the spring bank holiday.
    assert rules.standard_closes_on(date(2026, 3, 2), RULES, REGION) == date(2026, 5, 26)


def test_standard_period_follows_the_compact_setting():
    assert rules.standard_closes_on(date(2026, 2, 2), timeline_rules(consultation_weeks=10), REGION) == date(
        2026, 4, 13
    )


def test_absolute_minimum_is_eight_weeks():
    assert rules.minimum_closes_on(date(2026, 2, 2), RULES) == date(2026, 3, 30)
    assert not rules.is_below_minimum(date(2026, 2, 2), date(2026, 3, 30), RULES)
    assert rules.is_below_minimum(date(2026, 2, 2), date(2026, 3, 29), RULES)


def test_a_period_under_twelve_weeks_is_shortened():
    assert rules.is_shortened(date(2026, 2, 2), date(2026, 4, 26), RULES)
    assert not rules.is_shortened(date(2026, 2, 2), date(2026, 4, 27), RULES)


@pytest.mark.parametrize(
    "closes_on, message",
    [
        (date(2026, 2, 2), "Enter a close date after the start date"),
        (date(2026, 1, 30), "Enter a close date after the start date"),
        (date(2026, 3, 29), "at least 8 weeks"),
    ],
)
def test_period_refused(closes_on, message):
    assert message in rules.period_refusal(date(2026, 2, 2), closes_on, RULES, REGION, PERIODS)


def test_period_of_eight_weeks_is_allowed():
    assert rules.period_refusal(date(2026, 2, 2), date(2026, 3, 30), RULES, REGION, PERIODS) is None


def test_below_minimum_refusal_names_the_earliest_close_date():
    assert "close it on 30 March 2026 or later" in rules.period_refusal(
        date(2026, 2, 2), date(2026, 3, 16), RULES, REGION, CHRISTMAS_AND_SUMMER
    )


# Holiday periods (West Cheshire s.2 (3))


def test_period_over_christmas_is_warned_and_offered_a_later_date():
    warning = rules.holiday_warning(date(2026, 11, 2), date(2027, 1, 25), RULES, REGION, PERIODS)
    assert warning is not None
    assert warning.names == "Christmas holidays"
    # 15 days of Christmas holidays (20 December to 3 January) are given back, then the next working day.
    assert warning.corrected_closes_on == date(2027, 2, 9)
    assert "Closing on 9 February 2027 instead" in warning.message


def test_period_over_summer_is_warned():
    warning = rules.holiday_warning(date(2026, 6, 1), date(2026, 8, 24), RULES, REGION, PERIODS)
    assert warning.names == "summer holidays"
    assert warning.corrected_closes_on > date(2026, 8, 31)


def test_period_clear_of_holidays_has_no_warning():
    assert rules.holiday_warning(date(2026, 1, 12), date(2026, 3, 27), RULES, REGION, PERIODS) is None


def test_period_over_easter_is_warned_where_the_compact_keeps_easter():
    # 2 February to 27 April 2026 takes in the Easter holidays (30 March to 10 April): 12 days.
    warning = rules.holiday_warning(date(2026, 2, 2), date(2026, 4, 27), RULES, REGION, PERIODS)
    assert warning.names == "Easter holidays"
    assert warning.corrected_closes_on == date(2026, 5, 11)


def test_a_compact_without_easter_in_its_periods_is_not_warned_over_easter():
    assert rules.holiday_warning(date(2026, 2, 2), date(2026, 4, 27), RULES, REGION, CHRISTMAS_AND_SUMMER) is None


def test_below_minimum_refusal_makes_up_the_easter_days_where_the_compact_keeps_easter():
    # 8 weeks from 2 February 2026 is 30 March, the first of 12 Easter days: 11 April, a
    # Saturday, so Monday 13 April.
    refusal = rules.period_refusal(date(2026, 2, 2), date(2026, 3, 16), RULES, REGION, PERIODS)
    assert "close it on 13 April 2026 or later" in refusal
    assert "Easter holidays" in refusal


def test_no_warning_when_the_compact_does_not_ask_to_avoid_holidays():
    assert (
        rules.holiday_warning(
            date(2026, 11, 2), date(2027, 1, 25), timeline_rules(avoid_holiday_periods=False), REGION, PERIODS
        )
        is None
    )


def test_no_warning_when_the_whole_weeks_end_before_the_holidays():
    # 27 April + 12 weeks is 20 July; the three extra days asked for touch the summer holidays.
    assert rules.holiday_warning(date(2026, 4, 27), date(2026, 7, 23), RULES, REGION, PERIODS) is None


# After the consultation


def test_feedback_is_expected_four_weeks_after_closing():
    assert rules.feedback_due_on(date(2026, 4, 27)) == date(2026, 5, 25)


def test_decision_is_expected_four_weeks_after_feedback():
    assert rules.decision_due_on(date(2026, 4, 27), date(2026, 5, 4)) == date(2026, 6, 1)
    assert rules.decision_due_on(date(2026, 4, 27), None) == date(2026, 6, 22)


# Formal notice


def test_funding_reduction_notice_is_three_months_at_least_six_ideally():
    terms = rules.notice_terms("funding_reduction", RULES)
    assert (terms.unit, terms.minimum, terms.ideal) == ("months", 3, 6)
    assert terms.minimum_ends_on(date(2026, 6, 1)) == date(2026, 9, 1)
    assert terms.ideal_ends_on(date(2026, 6, 1)) == date(2026, 12, 1)


def test_notice_months_clamp_to_the_end_of_a_short_month():
    terms = rules.notice_terms("funding_reduction", RULES)
    assert terms.minimum_ends_on(date(2026, 11, 30)) == date(2027, 2, 28)
    assert terms.minimum_ends_on(date(2027, 11, 30)) == date(2028, 2, 29)


def test_funding_policy_change_notice_is_twelve_weeks():
    terms = rules.notice_terms("funding_policy", RULES)
    assert (terms.unit, terms.minimum) == ("weeks", 12)
    assert terms.minimum_ends_on(date(2026, 6, 1)) == date(2026, 8, 24)


def test_other_policy_changes_have_no_compact_notice():
    assert rules.notice_terms("other_policy", RULES) is None


def test_notice_under_the_minimum_needs_exceptional_circumstances():
    terms = rules.notice_terms("funding_reduction", RULES)
    short = {"decided_on": date(2026, 6, 1), "starts_on": date(2026, 6, 1), "ends_on": date(2026, 8, 1)}
    assert "at least 3 months (to 1 September 2026)" in rules.notice_refusal(terms, **short)
    assert rules.notice_problems(terms, **short)[0][0] == "exceptional_reason"
    assert rules.notice_refusal(terms, **short, exceptional_reason="The service closed after a fire.") is None


def test_notice_between_minimum_and_ideal_is_allowed_and_shown_as_under_the_ideal():
    terms = rules.notice_terms("funding_reduction", RULES)
    assert (
        rules.notice_refusal(terms, decided_on=date(2026, 6, 1), starts_on=date(2026, 6, 1), ends_on=date(2026, 10, 1))
        is None
    )
    assert terms.is_under_ideal(date(2026, 6, 1), date(2026, 10, 1))
    assert not terms.is_under_minimum(date(2026, 6, 1), date(2026, 10, 1))


def test_notice_cannot_start_before_the_decision():
    terms = rules.notice_terms("funding_reduction", RULES)
    problems = rules.notice_problems(
        terms, decided_on=date(2026, 6, 1), starts_on=date(2026, 5, 1), ends_on=date(2026, 12, 1)
    )
    assert problems == [("notice_starts_on", "Formal notice cannot start before the decision, made on 1 June 2026")]


def test_bank_holidays_follow_the_compacts_region():
    # 11 May 2026 + 12 weeks = Monday 3 August 2026: the Scottish summer bank holiday only.
    assert rules.standard_closes_on(date(2026, 5, 11), RULES, "england-and-wales") == date(2026, 8, 3)
    assert rules.standard_closes_on(date(2026, 5, 11), RULES, "scotland") == date(2026, 8, 4)


def test_the_date_of_a_moment_is_taken_in_london_across_the_clock_change():
    from datetime import datetime

    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time; in winter GMT equals UTC.
    assert rules.local_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert rules.local_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 12, 31)


# One answer about dates: every suggested closing date keeps every rule at once


def test_suggested_close_is_twelve_weeks_with_holidays_made_up():
    # 2 November 2026 + 12 weeks = 25 January 2027; 15 days of Christmas holidays are made up.
    assert rules.suggested_closes_on(date(2026, 11, 2), RULES, REGION, PERIODS) == date(2027, 2, 9)


def test_suggested_close_is_never_under_the_eight_week_floor():
    assert rules.suggested_closes_on(date(2026, 2, 2), RULES, REGION, CHRISTMAS_AND_SUMMER, weeks=5) == date(
        2026, 3, 30
    )


def test_suggested_close_ignores_holidays_when_the_compact_does_not_ask():
    assert rules.suggested_closes_on(
        date(2026, 11, 2), timeline_rules(avoid_holiday_periods=False), REGION, PERIODS
    ) == date(2027, 1, 25)


def test_refusal_and_holiday_offer_over_christmas_agree():
    # 7 December 2026 to 11 January 2027 is five weeks: under the floor and over Christmas.
    opens_on, asked = date(2026, 12, 7), date(2027, 1, 11)
    refusal = rules.period_refusal(opens_on, asked, RULES, REGION, PERIODS)
    # 8 weeks is 1 February 2027; the 15 days of Christmas holidays make it 16 February 2027.
    assert "close it on 16 February 2027 or later" in refusal
    assert "Christmas holidays" in refusal
    warning = rules.holiday_warning(opens_on, asked, RULES, REGION, PERIODS)
    assert warning.corrected_closes_on == date(2027, 2, 16)
    assert not rules.is_below_minimum(opens_on, warning.corrected_closes_on, RULES)


def test_holiday_offer_is_never_under_the_floor():
    for day in range(1, 29):
        opens_on = date(2026, 11, day)
        for asked_weeks in range(1, 13):
            warning = rules.holiday_warning(
                opens_on, rules.workdays.add_weeks(opens_on, asked_weeks), RULES, REGION, PERIODS
            )
            if warning:
                assert not rules.is_below_minimum(opens_on, warning.corrected_closes_on, RULES)
