"""Panel and hearing deadlines: 14 days to convene and 8 weeks to the hearing from the day the
board receives the referral (Stafford procedure stage 2), as calendar days; on the case and on
the board's dashboard, overdue ones flagged."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from disputes import services
from disputes.deadlines import case_deadlines
from disputes.models import Meeting
from tests import deadline_checks, factories

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred_on_20_december(stage_1_case, council_officer):
    """Referred on 20 December 2027: Christmas Day, Boxing Day and New Year's Day fall inside."""
    return helpers.to_stage_2(stage_1_case, council_officer, received_on=date(2027, 12, 20))


def test_the_panel_is_convened_within_14_calendar_days_of_receipt(referred_on_20_december):
    # Bank holidays do not move it: 14 days, not 14 working days.
    assert referred_on_20_december.panel_convene_by == date(2028, 1, 3)


def test_the_hearing_is_no_later_than_8_weeks_from_receipt(referred_on_20_december):
    assert referred_on_20_december.hearing_by == date(2028, 2, 14)


def test_the_periods_are_the_compacts_rules(referred_on_20_december):
    rules = referred_on_20_december.compact.rules
    rules.panel_convene_days, rules.hearing_weeks = 10, 6
    rules.save()
    case = type(referred_on_20_december).objects.get(pk=referred_on_20_december.pk)
    assert case.panel_convene_by == date(2027, 12, 30)
    assert case.hearing_by == date(2028, 1, 31)


def test_a_case_not_yet_referred_has_no_deadlines(stage_1_case):
    assert stage_1_case.panel_convene_by is None and stage_1_case.hearing_by is None
    assert case_deadlines(stage_1_case) == []


def dispute_deadlines(today):
    return [d for d in deadline_checks.open_deadlines(today) if d.kind.startswith("dispute_")]


def test_a_referred_case_is_due_a_panel_and_a_hearing(referred_on_20_december):
    found = dispute_deadlines(date(2027, 12, 21))
    number = referred_on_20_december.pk
    assert [(d.kind, d.due_on, d.title) for d in found] == [
        ("dispute_panel_convene", date(2028, 1, 3), f"Case {number}: convene the panel"),
        ("dispute_hearing", date(2028, 2, 14), f"Case {number}: hold the panel hearing"),
    ]
    assert found[0].url == reverse("disputes:convene", args=[number])
    assert found[0].compact_id == referred_on_20_december.compact_id
    assert found[0].key == f"case:{number}:panel_convene"
    assert not found[0].is_overdue(date(2028, 1, 3)) and found[0].is_overdue(date(2028, 1, 4))


def test_the_convene_deadline_is_met_when_the_panel_is_convened(referred_case, seats, board_member):
    helpers.convene(referred_case, board_member, seats)
    assert [d.kind for d in dispute_deadlines(referred_case.referral_received_on)] == ["dispute_hearing"]
    convene = case_deadlines(referred_case)[0]
    assert convene.met_on == referred_case.panel.convened_on and not convene.is_open


def test_the_hearing_deadline_is_met_when_the_hearing_has_taken_place(convened_case, panel_member):
    services.decide_compact_matter(case=convened_case, by=panel_member, concerns_compact_undertakings=True, reasons="r")
    hearing_on = convened_case.referral_received_on + timedelta(days=10)
    services.schedule_meeting(case=convened_case, by=panel_member, kind=Meeting.Kind.HEARING, scheduled_on=hearing_on)
    # Set but not yet held: still open.
    assert [d.kind for d in dispute_deadlines(hearing_on - timedelta(days=1))] == ["dispute_hearing"]
    assert dispute_deadlines(hearing_on) == []


def test_no_hearing_is_due_when_the_panel_finds_it_is_not_a_compact_matter(convened_case, panel_member):
    services.decide_compact_matter(
        case=convened_case,
        by=panel_member,
        concerns_compact_undertakings=False,
        reasons="r",
        outcome_summary="Not a Compact matter",
    )
    assert dispute_deadlines(convened_case.referral_received_on) == []
    assert [d.kind for d in case_deadlines(convened_case)] == ["panel_convene"]


def test_overdue_deadlines_are_flagged_on_the_board_dashboard(referred_on_20_december, client, board_member):
    board_member.board_memberships.update(year=2028)
    with time_machine.travel(date(2028, 1, 10), tick=False):
        client.force_login(board_member)
        page = client.get(reverse("board_dashboard")).content.decode()
    overdue = page.split('<h2 class="govuk-heading-l">Overdue</h2>')[1].split("Due this week")[0]
    assert f"Case {referred_on_20_december.pk}: convene the panel" in overdue
    assert f"Case {referred_on_20_december.pk}: hold the panel hearing" not in overdue


def test_the_case_page_shows_its_deadlines(referred_on_20_december, client, vcs_member):
    with time_machine.travel(date(2028, 1, 10), tick=False):
        client.force_login(vcs_member)
        page = client.get(reverse("disputes:case", args=[referred_on_20_december.pk])).content.decode()
    assert "Convene the panel" in page and "3 January 2028" in page and "Overdue" in page
    assert "Hold the panel hearing" in page and "14 February 2028" in page


def test_the_deadline_provider_asks_a_fixed_number_of_queries(referred_case, django_assert_max_num_queries):
    for _ in range(3):
        case = helpers.file_case(
            complainant=referred_case.complainant,
            respondent=referred_case.respondent,
            by=factories.MembershipFactory(organisation=referred_case.complainant).user,
        )
        helpers.to_stage_2(helpers.to_stage_1(case, case.filed_by), case.filed_by)
    from disputes.deadlines import dispute_deadlines as provider

    with django_assert_max_num_queries(2):
        assert len(list(provider(None))) == 8
