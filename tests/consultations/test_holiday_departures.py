"""West Cheshire s.2 (3): a consultation running over one of its compact's holiday periods
without a recorded reason is a departure from the Compact; with a reason it is warned only.
Two compacts in one deployment keep different holiday periods side by side."""

from datetime import date

import pytest

from consultations import compliance, rules, selectors
from consultations.models import Consultation
from tests import factories as base

from .conftest import reload
from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db
HOLIDAY = compliance.HOLIDAY_PERIOD_WITHOUT_REASON


@pytest.fixture
def riverside():
    """The portal's defaults, Easter among them."""
    return base.CompactFactory(name="Riverside Compact", easter=True)


@pytest.fixture
def northshire():
    """Its board keeps no Easter holidays, a longer summer and an October half term."""
    compact = base.CompactFactory(name="Northshire Compact")
    compact.holiday_periods.all().delete()
    for name, starts_on, ends_on in [
        ("Summer holidays", date(2026, 7, 15), date(2026, 9, 4)),
        ("October half term", date(2026, 10, 26), date(2026, 10, 30)),
    ]:
        compact.holiday_periods.create(name=name, starts_on=starts_on, ends_on=ends_on)
    return compact


def launched(compact, **fields):
    council = base.PublicBodyFactory(compact=compact)
    organisation = base.OrganisationFactory(compact=compact)
    return ConsultationFactory(
        owner=council, status=Consultation.Status.OPEN, affected=[organisation], compact=compact, **fields
    )


def codes(consultation):
    return [flag.code for flag in compliance.flags(reload(consultation))]


def test_running_over_easter_without_a_reason_is_a_departure_only_where_easter_is_kept(riverside, northshire):
    # 2 February to 27 April 2026 runs over Riverside's Easter holidays (30 March to 10 April).
    over_easter = launched(riverside, opens_on=date(2026, 2, 2), closes_on=date(2026, 4, 27))
    same_dates = launched(northshire, opens_on=date(2026, 2, 2), closes_on=date(2026, 4, 27))
    assert codes(over_easter) == [HOLIDAY]
    [flag] = compliance.flags(reload(over_easter))
    assert flag.label == "Ran over a holiday period without a recorded reason"
    assert "Easter holidays" in flag.detail and flag.dated_on == date(2026, 2, 2)
    assert codes(same_dates) == []


def test_the_compacts_own_half_term_is_a_departure_there_only(riverside, northshire):
    autumn = {"opens_on": date(2026, 9, 7), "closes_on": date(2026, 11, 30)}
    assert codes(launched(northshire, **autumn)) == [HOLIDAY]
    assert codes(launched(riverside, **autumn)) == []


def test_a_recorded_reason_keeps_the_warning_but_is_not_a_departure(riverside):
    consultation = launched(
        riverside,
        opens_on=date(2026, 2, 2),
        closes_on=date(2026, 4, 27),
        holiday_reason="The grant ends in May; drop-in sessions are held after Easter.",
    )
    assert rules.consultation_holiday_warning(reload(consultation)) is not None
    assert codes(consultation) == []


def test_making_up_the_days_lost_is_not_a_departure(riverside):
    # The later date offered (11 May 2026) with the 14 days added recorded.
    consultation = launched(
        riverside, opens_on=date(2026, 2, 2), closes_on=date(2026, 5, 11), holiday_extension_days=14
    )
    assert rules.consultation_holiday_warning(reload(consultation)) is None
    assert codes(consultation) == []


def test_no_departure_where_the_compact_does_not_ask_to_avoid_holidays(riverside):
    timeline_rules = riverside.rules
    timeline_rules.avoid_holiday_periods = False
    timeline_rules.save()
    assert codes(launched(riverside, opens_on=date(2026, 2, 2), closes_on=date(2026, 4, 27))) == []


def test_the_annual_review_counts_holiday_departures_per_compact(riverside, northshire):
    launched(riverside, opens_on=date(2026, 2, 2), closes_on=date(2026, 4, 27))
    launched(riverside, opens_on=date(2026, 2, 2), closes_on=date(2026, 4, 27), holiday_reason="Agreed at the forum")
    launched(northshire, opens_on=date(2026, 2, 2), closes_on=date(2026, 4, 27))
    assert selectors.compliance_summary(riverside, 2026)["flags"][HOLIDAY] == 1
    assert selectors.compliance_summary(northshire, 2026)["flags"][HOLIDAY] == 0
