"""The demo compact runs holiday periods and an answer time of its own, not the portal's defaults."""

from datetime import date, datetime

import pytest
import time_machine

from compact_portal.workdays import LONDON
from tools import demo as portal_demo
from undertakings import demo
from undertakings.models import AccessibleFormatRequest, Compact, TimelineRules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False) as traveller:
        yield traveller


def test_the_demo_compact_keeps_its_own_holiday_periods_and_answer_time_twice_safely():
    portal_demo.load("demo-password-123")
    compact = Compact.objects.get(name="The Riverside Compact")
    demo.load(compact)
    assert (
        compact.rules.accessible_format_answer_days == demo.ANSWER_DAYS != TimelineRules().accessible_format_answer_days
    )
    summer = compact.holiday_periods.get(name="Summer holidays", starts_on__year=2026)
    assert (summer.starts_on, summer.ends_on, summer.is_portal_default) == (date(2026, 7, 17), date(2026, 9, 2), False)
    half_term = compact.holiday_periods.get(name="October half term", starts_on__year=2026)
    assert (half_term.starts_on, half_term.ends_on) == (date(2026, 10, 26), date(2026, 10, 30))
    # Easter and Christmas stay the portal's defaults until the board checks them.
    assert compact.holiday_periods.get(name="Easter holidays", starts_on__year=2026).is_portal_default
    [request] = AccessibleFormatRequest.objects.filter(compact=compact)
    assert request.status == AccessibleFormatRequest.Status.WAITING
    # 15 working days from Monday 2 March 2026.
    assert request.answer_due_on == date(2026, 3, 23)
