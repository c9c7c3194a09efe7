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


def test_the_demo_compact_runs_its_own_procedure_rather_than_the_portals_defaults():
    portal_demo.load("demo-password-123")
    from undertakings.models import Compact
    from undertakings.procedure import DEFAULT_NOTE, ProcedureRules, procedure_for

    compact = Compact.objects.get(name="The Riverside Compact")
    rules = procedure_for(compact)
    defaults = ProcedureRules()
    assert rules.stage_names != defaults.stage_names and rules.stage_name(Stage.STAGE_2) == "Panel"
    assert rules.panel_decides != defaults.panel_decides and rules.details_for_whole_group
    assert rules.edition_review_months == 24
    assert DEFAULT_NOTE not in {note for _, _, note in rules.in_words_all()}
    edition = compact.adopted_edition()
    assert (edition.next_review_on.year - edition.adopted_on.year) == 2
    demo.load(compact)  # loading again changes nothing
    assert procedure_for(Compact.objects.get(pk=compact.pk)).edition_review_months == 24
