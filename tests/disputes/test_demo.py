"""The demo: a case at stage 1 between Riverside Food Bank and Riverside Borough Council."""

import pytest

from disputes import demo
from disputes.models import Case, Stage
from tools import demo as portal_demo

pytestmark = pytest.mark.django_db


def test_the_demo_case_is_at_stage_1_and_loads_once():
    portal_demo.load("demo-password-123")
    from undertakings.models import Compact

    compact = Compact.objects.get(name="The Riverside Compact")
    case = demo.load(compact)
    assert case.stage == Stage.STAGE_1
    assert (case.complainant.name, case.respondent.name) == ("Riverside Food Bank", "Riverside Borough Council")
    assert case.undertakings.count() == 1 and case.formal_concern
    assert demo.load(compact) == case and Case.objects.count() == 1
