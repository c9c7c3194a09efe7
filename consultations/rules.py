"""The Compact's clock for a consultation: its period, the holiday check, when feedback and a
decision are due, and formal notice after a decision.

Pure functions of a compact's `TimelineRules` and dates, so forms, guards, the timeline page,
the deadline registry and the compliance flags all agree. All date arithmetic goes through
`compact_portal.workdays`.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from compact_portal import workdays
from compact_portal.workdays import format_date

# The Compacts fix no time for publishing feedback or deciding after a consultation closes
# (West Cheshire s.2 (7), (10) only say it must happen, and before the decision). The portal
# assumes four weeks for each so the board can see what is late; the board can read these as
# reminders, not as Compact rules, and they are never counted as compliance flags.
FEEDBACK_WEEKS = 4
DECISION_WEEKS = 4


def rules_for(consultation):
    """The compact's timeline rules, fetched once per consultation object."""
    cached = getattr(consultation, "_timeline_rules", None)
    if cached is None:
        cached = consultation._timeline_rules = consultation.compact.rules
    return cached


def holiday_periods_for(consultation) -> list[workdays.HolidayPeriod]:
    """The holiday periods of the consultation's compact, fetched once per consultation object."""
    cached = getattr(consultation, "_holiday_periods", None)
    if cached is None:
        cached = consultation._holiday_periods = consultation.compact.consultation_holiday_periods()
    return cached


def region_for(consultation) -> str:
    return consultation.compact.bank_holiday_region


def weeks(n: int) -> str:
    return f"{n} week{'s' if n != 1 else ''}"


def months(n: int) -> str:
    return f"{n} month{'s' if n != 1 else ''}"


# The consultation period ---------------------------------------------------------------


def standard_closes_on(opens_on: date, rules, region: str) -> date:
    """Wiltshire consulting and funding promises, West Cheshire s.2 (3) and s.6 (5): 12 weeks
    standard; a close date on a weekend or bank holiday moves to the next working day."""
    return workdays.consultation_closes_on(opens_on, rules.consultation_weeks, region)


def minimum_closes_on(opens_on: date, rules) -> date:
    """West Cheshire s.2 shared undertaking 3: 8 weeks is the absolute minimum."""
    return workdays.add_weeks(opens_on, rules.minimum_consultation_weeks)


def suggested_closes_on(opens_on: date, rules, region: str, periods, weeks: int | None = None) -> date:
    """The one closing date the portal ever suggests, for a period of `weeks` weeks (the
    standard when None). It keeps every rule at once: never under the 8-week floor (West
    Cheshire s.2 shared undertaking 3); when the compact asks consultations to avoid its
    holiday `periods`, the days lost to them are made up (West Cheshire s.2 (3)); and a
    weekend or bank holiday moves to the next working day."""
    weeks = max(rules.consultation_weeks if weeks is None else weeks, rules.minimum_consultation_weeks)
    if rules.avoid_holiday_periods:
        return workdays.holiday_adjusted_closes_on(opens_on, weeks, periods, region)
    return workdays.consultation_closes_on(opens_on, weeks, region)


def is_shortened(opens_on: date, closes_on: date, rules) -> bool:
    """Shorter than the standard period: allowed only by consent agreed at the outset, with the
    reason published (Wiltshire; West Cheshire s.2 (3))."""
    return closes_on < workdays.add_weeks(opens_on, rules.consultation_weeks)


def is_below_minimum(opens_on: date, closes_on: date, rules) -> bool:
    return closes_on < minimum_closes_on(opens_on, rules)


def period_refusal(opens_on: date, closes_on: date, rules, region: str, periods) -> str | None:
    """Why these dates cannot be a consultation period, or None. The date it suggests is
    `suggested_closes_on` for the minimum period, so it agrees with the holiday offer."""
    if closes_on <= opens_on:
        return "Enter a close date after the start date"
    if is_below_minimum(opens_on, closes_on, rules):
        minimum = rules.minimum_consultation_weeks
        suggested = suggested_closes_on(opens_on, rules, region, periods, weeks=minimum)
        holidays = workdays.holiday_periods_between(opens_on, suggested, periods) if rules.avoid_holiday_periods else []
        made_up = ""
        if holidays:
            made_up = f", which gives {weeks(minimum)} and makes up the days lost to the {holiday_names(holidays)}"
        return (
            f"A consultation must run for at least {weeks(minimum)}, even with the agreement of the "
            f"organisations affected: close it on {format_date(suggested)} or later{made_up}"
        )
    return None


def holiday_names(periods) -> str:
    # "Christmas" and "Easter" keep their capitals in the middle of a sentence; "summer" does not.
    return " and the ".join(dict.fromkeys(p.name.replace("Summer", "summer") for p in periods))


@dataclass(frozen=True)
class HolidayWarning:
    """The period runs over holiday periods the Compact asks consultations to avoid
    (West Cheshire s.2 (3)); `corrected_closes_on` gives back the days lost to them. Keeping
    the period as it is needs a recorded reason, or it counts as a departure from the Compact
    (compliance.HOLIDAY_PERIOD_WITHOUT_REASON)."""

    periods: tuple
    closes_on: date
    corrected_closes_on: date

    @property
    def names(self) -> str:
        return holiday_names(self.periods)

    @property
    def message(self) -> str:
        return (
            f"The consultation runs over the {self.names}, which the Compact asks consultations to avoid. "
            f"Closing on {format_date(self.corrected_closes_on)} instead gives back the days lost to the holidays."
        )


def holiday_warning(opens_on: date, requested_closes_on: date, rules, region: str, periods) -> HolidayWarning | None:
    """A warning when the period from `opens_on` to `requested_closes_on` (the date the officer
    asked for, before any extension) overlaps one of the compact's holiday `periods`. The
    corrected date extends the period's whole weeks by the days lost to holidays (workdays); if
    the date asked for is already that late, there is nothing to offer and no warning."""
    if not rules.avoid_holiday_periods or requested_closes_on <= opens_on:
        return None
    if not workdays.holiday_periods_between(opens_on, requested_closes_on, periods):
        return None
    whole_weeks = workdays.days_between(opens_on, requested_closes_on) // 7
    corrected = suggested_closes_on(opens_on, rules, region, periods, weeks=whole_weeks)
    if corrected <= requested_closes_on:
        return None
    overlapped = workdays.holiday_periods_between(opens_on, corrected, periods)
    return HolidayWarning(tuple(overlapped), requested_closes_on, corrected)


def consultation_holiday_warning(consultation, timeline_rules=None, periods=None) -> HolidayWarning | None:
    """The warning for a saved consultation: none once the officer has accepted the corrected
    date (its close date is then at least as late). Pass the compact's `timeline_rules` and
    holiday `periods` when checking many consultations of one compact."""
    c = consultation
    if not (c.opens_on and c.closes_on):
        return None
    timeline_rules = timeline_rules or rules_for(c)
    periods = holiday_periods_for(c) if periods is None else periods
    warning = holiday_warning(c.opens_on, c.requested_closes_on, timeline_rules, region_for(c), periods)
    if warning and c.closes_on >= warning.corrected_closes_on:
        return None
    return warning


# After the consultation closes ----------------------------------------------------------


def feedback_due_on(closes_on: date) -> date:
    """The portal's reminder for publishing feedback: FEEDBACK_WEEKS after closing."""
    return workdays.add_weeks(closes_on, FEEDBACK_WEEKS)


def decision_due_on(closes_on: date, feedback_published_on: date | None) -> date:
    """The portal's reminder for a decision: DECISION_WEEKS after the feedback is published
    (or after feedback was due, while it has not been)."""
    return workdays.add_weeks(feedback_published_on or feedback_due_on(closes_on), DECISION_WEEKS)


def local_date(moment) -> date | None:
    """The Europe/London date of an aware datetime."""
    return timezone.localtime(moment, workdays.LONDON).date() if moment else None


# Formal notice --------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeTerms:
    """How much formal notice a decision to proceed must give, in months or weeks."""

    unit: str  # "months" or "weeks"
    minimum: int
    ideal: int

    def describe(self, length: int) -> str:
        return months(length) if self.unit == "months" else weeks(length)

    def ends_on(self, starts_on: date, length: int) -> date:
        if self.unit == "months":
            return workdays.add_months(starts_on, length)
        return workdays.add_weeks(starts_on, length)

    def minimum_ends_on(self, starts_on: date) -> date:
        return self.ends_on(starts_on, self.minimum)

    def ideal_ends_on(self, starts_on: date) -> date:
        return self.ends_on(starts_on, self.ideal)

    def is_under_minimum(self, starts_on: date, ends_on: date) -> bool:
        return ends_on < self.minimum_ends_on(starts_on)

    def is_under_ideal(self, starts_on: date, ends_on: date) -> bool:
        return ends_on < self.ideal_ends_on(starts_on)


def notice_terms(kind: str, rules) -> NoticeTerms | None:
    """Funding reductions: 3 months' notice at least, 6 ideally (Wiltshire funding promise;
    West Cheshire s.1 Best Value, s.6 (3); Stafford funding code). Funding policy changes:
    12 weeks (West Cheshire s.1 public undertaking 1). Other policies: the Compacts fix none."""
    if kind == "funding_reduction":
        return NoticeTerms("months", rules.notice_months, max(rules.ideal_notice_months, rules.notice_months))
    if kind == "funding_policy":
        return NoticeTerms("weeks", rules.funding_policy_notice_weeks, rules.funding_policy_notice_weeks)
    return None


def notice_problems(
    terms: NoticeTerms, *, decided_on: date, starts_on: date | None, ends_on: date | None, exceptional_reason: str = ""
) -> list[tuple[str, str]]:
    """What is wrong with this formal notice, as (decision field, message) pairs. Notice under
    the minimum is allowed only in exceptional circumstances, which must be described."""
    if starts_on is None or ends_on is None:
        return [("notice_length", "Enter when formal notice starts and how long it runs")]
    if starts_on < decided_on:
        return [
            ("notice_starts_on", f"Formal notice cannot start before the decision, made on {format_date(decided_on)}")
        ]
    if ends_on <= starts_on:
        return [("notice_length", "Enter a notice end date after the date notice starts")]
    if terms.is_under_minimum(starts_on, ends_on) and not exceptional_reason.strip():
        return [
            (
                "exceptional_reason",
                f"Formal notice must be at least {terms.describe(terms.minimum)} (to "
                f"{format_date(terms.minimum_ends_on(starts_on))}). Give less only in exceptional circumstances, "
                f"and describe them",
            )
        ]
    return []


def notice_refusal(terms: NoticeTerms, **dates) -> str | None:
    """The first thing wrong with this formal notice, or None."""
    problems = notice_problems(terms, **dates)
    return problems[0][1] if problems else None
