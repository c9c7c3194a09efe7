"""Each compact's holiday periods: seeded with the portal's defaults, edited by the board, and
the board reminded to enter next year's."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from compact_portal import board_queue
from compact_portal.workdays import LONDON
from compact_portal.workdays import HolidayPeriod as Period
from tests import factories
from undertakings import holiday_periods
from undertakings.models import Compact, HolidayPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def test_a_new_compact_is_seeded_with_christmas_easter_and_the_summer_marked_as_the_portals():
    compact = Compact.objects.create(name="Northshire Compact", area="Northshire")
    periods = list(compact.holiday_periods.all())
    assert {(p.name, p.starts_on.year) for p in periods} == {
        (name, year)
        for year in (2025, 2026, 2027, 2028)
        for name in ("Easter holidays", "Summer holidays", "Christmas holidays")
    }
    assert all(p.is_portal_default for p in periods)
    easter_2027 = compact.holiday_periods.get(name="Easter holidays", starts_on__year=2027)
    # Easter Sunday 2027 is 28 March: the Monday before to the Friday after Easter Monday.
    assert (easter_2027.starts_on, easter_2027.ends_on) == (date(2027, 3, 22), date(2027, 4, 2))


def test_seeding_again_adds_only_what_is_missing():
    compact = Compact.objects.create(name="Northshire Compact", area="Northshire")
    compact.holiday_periods.filter(name="Easter holidays", starts_on__year=2026).update(
        starts_on=date(2026, 3, 28), ends_on=date(2026, 4, 12), is_portal_default=False
    )
    assert holiday_periods.seed_default_holiday_periods(compact) == 0
    assert holiday_periods.seed_default_holiday_periods(compact, years=[2029]) == 3
    assert compact.holiday_periods.get(name="Easter holidays", starts_on__year=2026).starts_on == date(2026, 3, 28)


def test_a_compact_reads_only_its_own_periods():
    riverside = factories.CompactFactory(easter=True)
    northshire = factories.CompactFactory()
    northshire.holiday_periods.all().delete()
    northshire.holiday_periods.create(
        name="October half term", starts_on=date(2026, 10, 26), ends_on=date(2026, 10, 30)
    )
    assert northshire.consultation_holiday_periods() == [
        Period("October half term", date(2026, 10, 26), date(2026, 10, 30))
    ]
    assert Period("Easter holidays", date(2026, 3, 30), date(2026, 4, 10)) in riverside.consultation_holiday_periods()


def test_a_period_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    period = HolidayPeriod(
        compact=factories.CompactFactory(), name="Summer", starts_on=date(2026, 8, 31), ends_on=date(2026, 7, 22)
    )
    with pytest.raises(ValidationError, match="Enter a last day on or after the first day"):
        period.full_clean()


def test_the_board_edits_a_period_in_the_admin_and_it_is_no_longer_the_portals_default(client, compact, board_member):
    easter = compact.holiday_periods.filter(starts_on__year=2026).order_by("starts_on").first()
    assert easter.is_portal_default
    client.force_login(board_member)
    response = client.post(
        reverse("admin:undertakings_holidayperiod_change", args=[easter.pk]),
        {"compact": compact.pk, "name": "Spring holidays", "starts_on": "2026-04-03", "ends_on": "2026-04-17"},
    )
    assert response.status_code == 302
    easter.refresh_from_db()
    assert (easter.name, easter.starts_on, easter.is_portal_default) == ("Spring holidays", date(2026, 4, 3), False)


def test_the_board_is_asked_for_next_years_periods_once_none_are_entered(compact):
    assert "holiday_periods" not in {item.key for item in board_queue.waiting_for({compact.pk}, date(2026, 3, 2))}
    compact.holiday_periods.filter(starts_on__year=2027).delete()
    [item] = [i for i in board_queue.waiting_for({compact.pk}, date(2026, 3, 2)) if i.key == "holiday_periods"]
    assert (item.count, item.label) == (1, "compact with no holiday periods entered for 2027")
    # A compact whose consultations need not avoid holidays is not asked.
    rules = compact.rules
    rules.avoid_holiday_periods = False
    rules.save()
    assert "holiday_periods" not in {item.key for item in board_queue.waiting_for({compact.pk}, date(2026, 3, 2))}
