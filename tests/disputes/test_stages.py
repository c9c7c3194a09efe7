"""Every stage move and every refusal of the staged procedure (disputes/stages.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from compact_portal import workdays
from disputes import services, stages
from disputes.models import Case, FormalConcern, Meeting, Outcome, Signposting, Stage, StageMove
from tests import factories

from . import helpers

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return " ".join(error.value.messages)


# Filing ------------------------------------------------------------------------------------


def test_a_concern_filed_at_the_informal_stage_records_who_when_and_why(case, vcs_admin):
    assert case.stage == Stage.INFORMAL
    move = case.moves.get()
    assert (move.from_stage, move.to_stage, move.moved_by) == ("", Stage.INFORMAL, vcs_admin)
    assert move.reason and move.moved_at
    assert not FormalConcern.objects.filter(case=case).exists()


def test_a_concern_filed_at_stage_1_is_the_formal_written_concern(edition, vcs_organisation, council, vcs_admin):
    case = helpers.file_case(
        complainant=vcs_organisation,
        respondent=council,
        by=vcs_admin,
        stage=Stage.STAGE_1,
        text="We were not consulted.",
    )
    assert case.stage == Stage.STAGE_1
    assert case.formal_concern.text == "We were not consulted."


def test_only_members_of_an_organisation_may_file_for_it(edition, vcs_organisation, council, council_officer):
    message = refused(helpers.file_case, complainant=vcs_organisation, respondent=council, by=council_officer)
    assert "organisation you belong to" in message


def test_a_concern_must_be_about_another_organisation(edition, vcs_organisation, vcs_admin):
    message = refused(helpers.file_case, complainant=vcs_organisation, respondent=vcs_organisation, by=vcs_admin)
    assert "other organisation" in message


def test_a_concern_must_be_about_a_partner_in_the_same_compact(edition, vcs_organisation, vcs_admin):
    elsewhere = factories.PublicBodyFactory()
    assert "not a partner" in refused(
        helpers.file_case, complainant=vcs_organisation, respondent=elsewhere, by=vcs_admin
    )


def test_a_concern_must_name_an_undertaking_of_the_adopted_edition(edition, vcs_organisation, council, vcs_admin):
    kwargs = dict(
        complainant=vcs_organisation,
        respondent=council,
        by=vcs_admin,
        what_happened="a",
        what_has_been_tried="b",
        outcome_hoped_for="c",
    )
    assert "at least one undertaking" in refused(services.file_concern, undertakings=[], **kwargs)
    old = factories.UndertakingFactory(
        section=factories.SectionFactory(edition=factories.EditionFactory(compact=edition.compact, status="superseded"))
    )
    assert "as it stands now" in refused(services.file_concern, undertakings=[old], **kwargs)


def test_a_concern_cannot_start_at_stage_2(edition, vcs_organisation, council, vcs_admin):
    assert "informal stage or at stage 1" in refused(
        helpers.file_case, complainant=vcs_organisation, respondent=council, by=vcs_admin, stage=Stage.STAGE_2
    )


# Informal stage to stage 1 -----------------------------------------------------------------


def test_the_case_cannot_move_on_until_a_party_does_not_accept_the_outcome(case, vcs_admin):
    message = refused(services.escalate, case=case, by=vcs_admin, concern="c", reason="r")
    assert "has not produced an outcome both organisations accept" in message
    assert case.stage == Stage.INFORMAL


def test_the_case_cannot_move_on_when_both_parties_accept(case, vcs_admin, council_officer, vcs_organisation, council):
    services.record_acceptance(case=case, organisation=vcs_organisation, accepts=True, by=vcs_admin)
    services.record_acceptance(case=case, organisation=council, accepts=True, by=council_officer)
    message = refused(services.escalate, case=case, by=vcs_admin, concern="c", reason="r")
    assert "Both organisations have accepted" in message
    assert "resolved by agreement" in message


def test_either_party_may_move_on_once_one_does_not_accept(case, vcs_admin, council_officer, vcs_organisation, council):
    services.record_acceptance(case=case, organisation=vcs_organisation, accepts=True, by=vcs_admin)
    services.record_acceptance(case=case, organisation=council, accepts=False, by=council_officer)
    services.escalate(case=case, by=vcs_admin, concern="Formal concern", reason="The council would not talk to us")
    assert case.stage == Stage.STAGE_1
    move = case.moves.last()
    assert (move.from_stage, move.to_stage, move.moved_by, move.reason) == (
        Stage.INFORMAL,
        Stage.STAGE_1,
        vcs_admin,
        "The council would not talk to us",
    )
    assert case.formal_concern.text == "Formal concern"


def test_a_party_may_change_its_answer(case, vcs_admin, vcs_organisation):
    services.record_acceptance(case=case, organisation=vcs_organisation, accepts=True, by=vcs_admin)
    services.record_acceptance(case=case, organisation=vcs_organisation, accepts=False, by=vcs_admin)
    assert stages.acceptances(case) == {vcs_organisation.pk: False}


def test_a_party_answers_only_for_its_own_organisation(case, vcs_admin, council):
    assert "your own organisation" in refused(
        services.record_acceptance, case=case, organisation=council, accepts=False, by=vcs_admin
    )


def test_answers_are_per_stage(stage_1_case):
    assert stages.acceptances(stage_1_case) == {}
    assert stages.outcome_not_agreed(stage_1_case) is not None


def test_only_the_parties_move_a_case_to_stage_1(case, vcs_admin, other_member, board_member):
    helpers.decline(case, vcs_admin)
    for outsider in (other_member, board_member):
        assert "Only the organisations in the case" in refused(
            services.escalate, case=case, by=outsider, concern="c", reason="r"
        )


def test_moving_on_needs_a_reason(case, vcs_admin):
    helpers.decline(case, vcs_admin)
    assert "Say why" in refused(services.escalate, case=case, by=vcs_admin, concern="c", reason="  ")
    assert case.stage == Stage.INFORMAL


def test_a_case_at_stage_1_cannot_move_to_stage_1_again(stage_1_case, vcs_admin):
    helpers.decline(stage_1_case, vcs_admin)
    assert "possible only at the informal stage; this case is at stage 1" in refused(
        services.escalate, case=stage_1_case, by=vcs_admin, concern="c", reason="r"
    )


# Stage 1 -----------------------------------------------------------------------------------


def test_the_respondent_records_its_complaints_response(stage_1_case, council_officer):
    services.respond(case=stage_1_case, by=council_officer, text="We reviewed the decision.")
    assert stage_1_case.respondent_response.text == "We reviewed the decision."


def test_only_the_respondent_records_the_response(stage_1_case, vcs_admin):
    assert "Only the organisation the concern is about" in refused(
        services.respond, case=stage_1_case, by=vcs_admin, text="x"
    )


def test_the_response_belongs_to_stage_1(case, council_officer):
    assert "possible only at stage 1" in refused(services.respond, case=case, by=council_officer, text="x")


def test_referral_needs_a_party_not_accepting_stage_1(stage_1_case, council_officer, council):
    message = refused(
        services.refer,
        case=stage_1_case,
        by=council_officer,
        organisation=council,
        undertakings=list(stage_1_case.undertakings.all()),
        nature_of_difference="n",
        what_has_been_tried="w",
        reason="r",
    )
    assert "stage 1 has not produced an outcome both organisations accept" in message


def test_referral_letter_names_the_undertakings_difference_and_what_was_tried(stage_1_case, council_officer, council):
    helpers.decline(stage_1_case, council_officer)
    assert "at least one undertaking" in refused(
        services.refer,
        case=stage_1_case,
        by=council_officer,
        organisation=council,
        undertakings=[],
        nature_of_difference="n",
        what_has_been_tried="w",
        reason="r",
    )
    assert "nature of the difference" in refused(
        services.refer,
        case=stage_1_case,
        by=council_officer,
        organisation=council,
        undertakings=list(stage_1_case.undertakings.all()),
        nature_of_difference="",
        what_has_been_tried="w",
        reason="r",
    )


def test_referral_moves_to_stage_2_and_starts_the_clock(stage_1_case, council_officer, council):
    helpers.decline(stage_1_case, council_officer)
    letter = services.refer(
        case=stage_1_case,
        by=council_officer,
        organisation=council,
        undertakings=list(stage_1_case.undertakings.all()),
        nature_of_difference="n",
        what_has_been_tried="w",
        reason="r",
    )
    assert stage_1_case.stage == Stage.STAGE_2
    assert stage_1_case.referral_received_on == letter.received_on == workdays.today()
    assert letter.referred_by_organisation == council
    assert list(letter.undertakings.all()) == list(stage_1_case.undertakings.all())
    assert stage_1_case.moves.last().to_stage == Stage.STAGE_2


# Stage 2 to stage 3 ------------------------------------------------------------------------


def test_signposting_needs_a_panel(referred_case, vcs_admin):
    assert "Only the members of the panel" in refused(
        services.signpost, case=referred_case, by=vcs_admin, resources=["mediation"], notes="", reason="r"
    )


def test_signposting_needs_the_panel_decision_and_the_hearing(convened_case, panel_member, vcs_admin):
    kwargs = dict(case=convened_case, by=panel_member, resources=[Signposting.Resource.ADVOCACY], notes="", reason="r")
    assert "must first decide" in refused(services.signpost, **kwargs)
    services.decide_compact_matter(case=convened_case, by=panel_member, concerns_compact_undertakings=True, reasons="r")
    assert "not set a date for the hearing" in refused(services.signpost, **kwargs)
    hearing_on = workdays.today() + timedelta(days=7)
    services.schedule_meeting(case=convened_case, by=panel_member, kind=Meeting.Kind.HEARING, scheduled_on=hearing_on)
    assert f"The hearing is on {workdays.format_date(hearing_on)}" in refused(services.signpost, **kwargs)


def _heard(case, panel_member):
    services.decide_compact_matter(case=case, by=panel_member, concerns_compact_undertakings=True, reasons="r")
    services.schedule_meeting(case=case, by=panel_member, kind=Meeting.Kind.HEARING, scheduled_on=workdays.today())


def test_signposting_after_the_hearing_moves_to_stage_3(convened_case, panel_member, vcs_admin):
    _heard(convened_case, panel_member)
    kwargs = dict(
        case=convened_case,
        by=panel_member,
        resources=[Signposting.Resource.ADVOCACY, Signposting.Resource.MEDIATION],
        notes="Contact details",
        reason="No agreement at the hearing",
    )
    assert "does not accept" in refused(services.signpost, **kwargs)
    helpers.decline(convened_case, vcs_admin)
    services.signpost(**kwargs)
    assert convened_case.stage == Stage.STAGE_3
    assert sorted(convened_case.signposts.values_list("resource", flat=True)) == ["advocacy", "mediation"]
    assert convened_case.moves.last().moved_by == panel_member


# Closing -----------------------------------------------------------------------------------


def close(case, by, outcome, summary="Summary", reason="Reason"):
    return services.close_case(case=case, by=by, outcome=outcome, outcome_summary=summary, reason=reason)


def test_resolved_by_agreement_needs_both_parties_to_accept(
    case, vcs_admin, council_officer, vcs_organisation, council
):
    assert "both organisations have recorded" in refused(
        close, case=case, by=vcs_admin, outcome=Outcome.RESOLVED_BY_AGREEMENT
    )
    services.record_acceptance(case=case, organisation=vcs_organisation, accepts=True, by=vcs_admin)
    services.record_acceptance(case=case, organisation=council, accepts=True, by=council_officer)
    close(case, council_officer, Outcome.RESOLVED_BY_AGREEMENT, summary="Agreed to meet quarterly")
    case.refresh_from_db()
    assert (case.stage, case.outcome, case.outcome_summary, case.closed_by) == (
        Stage.CLOSED,
        Outcome.RESOLVED_BY_AGREEMENT,
        "Agreed to meet quarterly",
        council_officer,
    )
    assert case.moves.last().to_stage == Stage.CLOSED and case.moves.last().reason == "Reason"


def test_only_the_complainant_withdraws(case, vcs_member, council_officer):
    assert "Only the organisation that raised the concern can record the case as withdrawn" in refused(
        close, case=case, by=council_officer, outcome=Outcome.WITHDRAWN
    )
    close(case, vcs_member, Outcome.WITHDRAWN)
    assert case.outcome == Outcome.WITHDRAWN


def test_not_upheld_is_the_panels_finding_after_the_hearing(convened_case, panel_member, vcs_admin):
    assert "Only the members of the panel" in refused(
        close, case=convened_case, by=vcs_admin, outcome=Outcome.NOT_UPHELD
    )
    assert "not set a date for the hearing" in refused(
        close, case=convened_case, by=panel_member, outcome=Outcome.NOT_UPHELD
    )
    _heard(convened_case, panel_member)
    close(convened_case, panel_member, Outcome.NOT_UPHELD)
    assert convened_case.outcome == Outcome.NOT_UPHELD


def test_not_upheld_is_not_for_the_early_stages(case, vcs_admin):
    assert "Only the members of the panel" in refused(close, case=case, by=vcs_admin, outcome=Outcome.NOT_UPHELD)


def test_referred_on_is_for_stage_3(convened_case, panel_member, vcs_admin):
    assert "only at stage 3" in refused(close, case=convened_case, by=vcs_admin, outcome=Outcome.REFERRED_ON)
    _heard(convened_case, panel_member)
    helpers.decline(convened_case, vcs_admin)
    services.signpost(case=convened_case, by=panel_member, resources=["mediation"], notes="", reason="r")
    close(convened_case, vcs_admin, Outcome.REFERRED_ON)
    assert convened_case.outcome == Outcome.REFERRED_ON


def test_closing_needs_a_summary_for_the_annual_report(case, vcs_admin):
    assert "summary for the annual report" in refused(
        close, case=case, by=vcs_admin, outcome=Outcome.WITHDRAWN, summary=""
    )


def test_not_a_compact_matter_is_not_offered_on_the_outcome_form(case):
    from disputes.forms import OutcomeForm

    offered = [value for value, _ in OutcomeForm(case=case).fields["outcome"].choices]
    assert offered == [
        Outcome.RESOLVED_BY_AGREEMENT,
        Outcome.WITHDRAWN,
        Outcome.UPHELD,
        Outcome.PARTLY_UPHELD,
        Outcome.NOT_UPHELD,
        Outcome.REFERRED_ON,
    ]


def test_a_closed_case_can_do_nothing_more(case, vcs_admin, council_officer):
    close(case, vcs_admin, Outcome.WITHDRAWN)
    for name in stages.ACTIONS:
        assert stages.refusal(case, name, vcs_admin) == "This case is closed."
    assert "This case is closed." in refused(close, case=case, by=vcs_admin, outcome=Outcome.WITHDRAWN)
    assert stages.next_steps(case, vcs_admin) == []


def test_every_move_is_recorded_in_order(edition, vcs_organisation, council, vcs_admin, council_officer, board_member):
    case, _ = helpers.build_case_through_every_stage(
        complainant=vcs_organisation,
        respondent=council,
        complainant_user=vcs_admin,
        respondent_user=council_officer,
        board_user=board_member,
        text=lambda field: f"text {field}",
        close=True,
    )
    assert [(m.from_stage, m.to_stage) for m in StageMove.objects.filter(case=case)] == [
        ("", Stage.INFORMAL),
        (Stage.INFORMAL, Stage.STAGE_1),
        (Stage.STAGE_1, Stage.STAGE_2),
        (Stage.STAGE_2, Stage.STAGE_3),
        (Stage.STAGE_3, Stage.CLOSED),
    ]
    assert all(m.moved_by and m.moved_at and m.reason for m in case.moves.all())


def test_next_steps_show_what_a_party_may_do_and_why_not(case, vcs_admin):
    steps = {action.name: why for action, why in stages.next_steps(case, vcs_admin)}
    assert steps["accept"] is None
    assert "has not produced an outcome both organisations accept" in steps["escalate"]
    assert "refer" not in steps  # a stage 1 step
    assert Case.objects.get(pk=case.pk).stage == Stage.INFORMAL
