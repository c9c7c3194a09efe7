"""Every move of a consultation's lifecycle and every rule that refuses one, in the words the
officer sees."""

from datetime import date, timedelta

import pytest

from consultations import lifecycle, services
from consultations.models import Consultation, Decision, ShortenedPeriodConsent

from .conftest import OPENS_ON, at, complete_assessment, reload
from .factories import ConsultationFactory

Status = Consultation.Status
pytestmark = pytest.mark.django_db


def refusal(consultation, name, today=None):
    return lifecycle.refusal(reload(consultation), name, today or OPENS_ON)


def test_the_table_reads_as_the_compact_lifecycle():
    moves = {name: ([str(s) for s in t.sources], str(t.target)) for name, t in lifecycle.TRANSITIONS.items()}
    assert moves == {
        "launch": (["draft"], "open"),
        "close": (["open"], "closed"),
        "publish_feedback": (["closed"], "feedback_published"),
        "decide": (["feedback_published"], "decided"),
        "start_notice": (["decided"], "notice_period"),
        "complete": (["decided", "notice_period"], "completed"),
    }


# Launch


def test_a_complete_draft_can_launch(draft):
    assert refusal(draft, "launch") is None
    lifecycle.move(draft, "launch", OPENS_ON)
    assert draft.status == Status.OPEN


def test_funding_reduction_cannot_launch_without_criteria(draft):
    Consultation.objects.filter(pk=draft.pk).update(criteria="")
    assert "cannot be launched without the criteria and revised outcomes" in refusal(draft, "launch")


def test_funding_reduction_cannot_launch_without_revised_outcomes(draft):
    Consultation.objects.filter(pk=draft.pk).update(revised_outcomes="  ")
    assert "criteria and revised outcomes" in refusal(draft, "launch")


def test_funding_policy_change_cannot_launch_without_criteria(draft):
    Consultation.objects.filter(pk=draft.pk).update(kind=Consultation.Kind.FUNDING_POLICY, criteria="")
    assert "criteria and revised outcomes" in refusal(draft, "launch")


def test_other_policy_consultation_launches_without_criteria(draft):
    Consultation.objects.filter(pk=draft.pk).update(
        kind=Consultation.Kind.OTHER_POLICY, criteria="", revised_outcomes=""
    )
    assert refusal(draft, "launch") is None


def test_cannot_launch_without_a_proposal(draft):
    Consultation.objects.filter(pk=draft.pk).update(proposal="")
    assert refusal(draft, "launch") == "Describe the proposal before launching the consultation."


def test_cannot_launch_without_affected_organisations(draft):
    draft.affected_organisations.clear()
    assert "Choose the organisations affected" in refusal(draft, "launch")


def test_cannot_launch_without_dates(draft):
    Consultation.objects.filter(pk=draft.pk).update(closes_on=None)
    assert "Enter the dates" in refusal(draft, "launch")


def test_cannot_launch_after_the_opening_date_has_passed(draft):
    assert "The opening date, 2 February 2026, has passed" in refusal(draft, "launch", today=date(2026, 2, 3))


def test_cannot_launch_below_the_absolute_minimum_even_with_consent(draft, vcs_organisation):
    Consultation.objects.filter(pk=draft.pk).update(closes_on=date(2026, 3, 23), shortened_reason="Budget deadline")
    ShortenedPeriodConsent.objects.create(
        consultation=draft, organisation=vcs_organisation, given_by="A", given_on=OPENS_ON
    )
    assert "must run for at least 8 weeks" in refusal(draft, "launch")


def test_shortened_period_cannot_launch_without_a_reason(draft, vcs_organisation):
    Consultation.objects.filter(pk=draft.pk).update(closes_on=date(2026, 3, 30))
    ShortenedPeriodConsent.objects.create(
        consultation=draft, organisation=vcs_organisation, given_by="A", given_on=OPENS_ON
    )
    assert "Give the reason for running the consultation for less than 12 weeks" in refusal(draft, "launch")


def test_shortened_period_cannot_launch_without_every_affected_organisations_consent(
    draft, vcs_organisation, other_vcs_organisation
):
    draft.affected_organisations.add(other_vcs_organisation)
    Consultation.objects.filter(pk=draft.pk).update(closes_on=date(2026, 3, 30), shortened_reason="Budget deadline")
    ShortenedPeriodConsent.objects.create(
        consultation=draft, organisation=vcs_organisation, given_by="A", given_on=OPENS_ON
    )
    assert refusal(draft, "launch") == (
        "Other Voluntary Group must agree to a period shorter than 12 weeks, on or before the opening date, before "
        "launching. Each affected organisation is asked by email and answers in the portal."
    )


def test_consent_given_after_the_outset_does_not_count(draft, vcs_organisation):
    Consultation.objects.filter(pk=draft.pk).update(closes_on=date(2026, 3, 30), shortened_reason="Budget deadline")
    ShortenedPeriodConsent.objects.create(
        consultation=draft, organisation=vcs_organisation, given_by="A", given_on=OPENS_ON + timedelta(days=1)
    )
    assert "Testshire Community Action must agree" in refusal(draft, "launch")


def test_shortened_period_with_reason_and_every_consent_launches(draft, vcs_organisation):
    Consultation.objects.filter(pk=draft.pk).update(closes_on=date(2026, 3, 30), shortened_reason="Budget deadline")
    ShortenedPeriodConsent.objects.create(
        consultation=draft, organisation=vcs_organisation, given_by="A", given_on=date(2026, 1, 20)
    )
    assert refusal(draft, "launch") is None


def test_a_launched_consultation_cannot_launch_again(draft, journey):
    journey.launch(draft)
    assert refusal(draft, "launch") == "The consultation is open: it is too late to launch the consultation."


# Close


def test_cannot_close_before_the_close_date_has_passed(draft, journey):
    journey.launch(draft)
    reason = refusal(draft, "close", today=date(2026, 4, 27))
    assert reason == ("The consultation is open until the end of 27 April 2026. It can be closed from 28 April 2026.")
    assert refusal(draft, "close", today=date(2026, 4, 28)) is None


def test_close_moves_to_closed(draft, journey, officer):
    journey.launch(draft)
    journey.close(draft)
    assert reload(draft).status == Status.CLOSED
    assert reload(draft).closed_at is not None


# Publish feedback


def test_cannot_publish_feedback_before_the_joint_impact_assessment_is_complete(draft, journey, officer):
    journey.launch(draft)
    journey.close(draft)
    services.save_feedback(
        consultation=draft, version=None, by=officer, what_you_said="a", what_we_did="b", reviewed=True
    )
    assert "Complete the joint impact assessment" in refusal(draft, "publish_feedback", date(2026, 4, 28))


@pytest.mark.parametrize("missing", ["summary", "equalities"])
def test_an_impact_assessment_missing_a_part_is_not_complete(draft, journey, officer, missing):
    journey.launch(draft)
    complete_assessment(draft, officer)
    assessment = reload(draft).impact_assessment
    setattr(assessment, missing, "")
    assessment.save()
    journey.close(draft)
    services.save_feedback(
        consultation=draft, version=None, by=officer, what_you_said="a", what_we_did="b", reviewed=True
    )
    assert "with at least one affected organisation agreeing to take part" in refusal(
        draft, "publish_feedback", date(2026, 4, 28)
    )


def test_an_impact_assessment_no_organisation_agreed_to_take_part_in_is_not_complete(draft, journey, officer):
    journey.launch(draft)
    complete_assessment(draft, officer)
    reload(draft).participations.update(answer="refused")
    journey.close(draft)
    services.save_feedback(
        consultation=draft, version=None, by=officer, what_you_said="a", what_we_did="b", reviewed=True
    )
    assert "Complete the joint impact assessment" in refusal(draft, "publish_feedback", date(2026, 4, 28))


def test_cannot_publish_feedback_that_is_not_written(draft, journey):
    journey.to_closed(draft)
    assert "Write the feedback" in refusal(draft, "publish_feedback", date(2026, 4, 28))


def test_cannot_publish_feedback_that_has_not_been_reviewed(draft, journey, officer):
    journey.to_closed(draft)
    services.save_feedback(
        consultation=draft, version=None, by=officer, what_you_said="a", what_we_did="b", reviewed=False
    )
    assert (
        refusal(draft, "publish_feedback", date(2026, 4, 28))
        == "Confirm that the feedback has been reviewed before publishing it."
    )


def test_reviewed_feedback_is_published(draft, journey):
    journey.to_feedback_published(draft)
    draft = reload(draft)
    assert draft.status == Status.FEEDBACK_PUBLISHED
    assert draft.feedback.published_at is not None


# Decide


def test_cannot_decide_before_feedback_is_published(draft, journey):
    journey.to_closed(draft)
    assert refusal(draft, "decide", date(2026, 4, 28)) == (
        "Record the decision after the feedback is published. "
        "Write the feedback (“what you said, what we did”) before publishing it."
    )
    Consultation.objects.filter(pk=draft.pk).update(status=Status.FEEDBACK_PUBLISHED)
    assert (
        refusal(draft, "decide", date(2026, 4, 28))
        == "Publish the feedback on the consultation before recording a decision."
    )


def test_a_refused_decision_names_the_missing_impact_assessment(draft, journey):
    journey.launch(draft)
    Consultation.objects.filter(pk=draft.pk).update(status=Status.CLOSED)
    assert refusal(reload(draft), "decide", date(2026, 4, 28)) == (
        "Record the decision after the feedback is published. Complete the joint impact assessment, including "
        "equalities, with at least one affected organisation agreeing to take part, before publishing feedback."
    )


def test_decision_to_proceed_with_a_funding_reduction_starts_formal_notice(draft, journey):
    decided = journey.to_decided(draft)
    assert decided.status == Status.NOTICE_PERIOD
    assert decided.decision.notice_starts_on == date(2026, 4, 28)
    assert decided.decision.notice_ends_on == date(2026, 10, 28)  # the ideal six months
    statuses = list(decided.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-2:] == ["decided", "notice_period"]


def test_decision_to_proceed_with_a_funding_policy_change_gives_twelve_weeks_notice(council, vcs_organisation, journey):
    consultation = ConsultationFactory(
        owner=council, kind=Consultation.Kind.FUNDING_POLICY, affected=[vcs_organisation]
    )
    decided = journey.to_decided(consultation)
    assert decided.status == Status.NOTICE_PERIOD
    assert decided.decision.notice_ends_on == date(2026, 7, 21)  # 28 April + 12 weeks


def test_decision_to_withdraw_completes_the_consultation(draft, journey):
    decided = journey.to_decided(draft, outcome="withdraw")
    assert decided.status == Status.COMPLETED
    assert decided.decision.notice_ends_on is None


def test_other_policy_decision_to_proceed_stays_decided_until_completed(council, vcs_organisation, journey, officer):
    consultation = ConsultationFactory(owner=council, kind=Consultation.Kind.OTHER_POLICY, affected=[vcs_organisation])
    decided = journey.to_decided(consultation)
    assert decided.status == Status.DECIDED
    assert "formal notice for funding changes only" in lifecycle.refusal(decided, "start_notice", date(2026, 4, 28))
    assert lifecycle.refusal(decided, "complete", date(2026, 4, 28)) is None


# Start notice (when not started with the decision) and complete


def _decided_without_notice(draft, journey, **decision):
    """A consultation held at "decided", as the admin or a failed step could leave it."""
    journey.to_feedback_published(draft)
    c = reload(draft)
    Decision.objects.create(
        consultation=c,
        decided_on=date(2026, 4, 28),
        rationale="r",
        appeal_route="a",
        **{"outcome": "proceed", "notice_starts_on": date(2026, 4, 28), **decision},
    )
    Consultation.objects.filter(pk=c.pk).update(status=Status.DECIDED)
    return reload(c)


def test_formal_notice_needs_the_financial_information(draft, journey):
    c = _decided_without_notice(draft, journey, notice_ends_on=date(2026, 10, 28))
    assert lifecycle.refusal(c, "start_notice", date(2026, 4, 28)) == (
        "Record the financial information given to the organisations before formal notice starts."
    )


def test_formal_notice_under_three_months_needs_exceptional_circumstances(draft, journey):
    c = _decided_without_notice(draft, journey, notice_ends_on=date(2026, 6, 28), financial_information="£")
    assert "Formal notice must be at least 3 months (to 28 July 2026)" in lifecycle.refusal(
        c, "start_notice", date(2026, 4, 28)
    )
    c.decision.exceptional_reason = "The building closed after a fire."
    c.decision.save()
    assert lifecycle.refusal(reload(c), "start_notice", date(2026, 4, 28)) is None


def test_a_decision_to_proceed_cannot_complete_before_notice_is_given(draft, journey):
    c = _decided_without_notice(draft, journey, notice_ends_on=date(2026, 10, 28), financial_information="£")
    assert "must give formal notice: start it first" in lifecycle.refusal(c, "complete", date(2026, 4, 28))


def test_withdrawn_proposal_has_no_notice_to_give(draft, journey):
    c = _decided_without_notice(draft, journey, outcome="withdraw")
    assert (
        lifecycle.refusal(c, "start_notice", date(2026, 4, 28))
        == "The proposal was withdrawn, so there is no formal notice to give."
    )


def test_cannot_complete_before_formal_notice_ends(draft, journey):
    c = journey.to_decided(draft)
    assert lifecycle.refusal(c, "complete", date(2026, 10, 27)) == (
        "Formal notice runs until 28 October 2026. The consultation can be completed from that date."
    )
    assert lifecycle.refusal(c, "complete", date(2026, 10, 28)) is None


def test_completes_after_formal_notice(draft, journey, officer, clock):
    journey.to_decided(draft)
    clock.move_to(at(date(2026, 10, 28)))
    services.transition(consultation=draft, name="complete", version=None, by=officer)
    assert reload(draft).status == Status.COMPLETED


def test_options_list_each_move_from_the_status_with_its_refusal(draft, journey):
    journey.launch(draft)
    options = lifecycle.options(reload(draft), date(2026, 3, 1))
    assert [(o.transition.name, o.allowed) for o in options] == [("close", False)]
    assert "open until the end of 27 April 2026" in options[0].refusal


def test_a_refused_move_raises_with_the_reason(draft):
    Consultation.objects.filter(pk=draft.pk).update(proposal="")
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        services.transition(consultation=draft, name="launch", version=None, by=None)
    assert refused.value.reason == "Describe the proposal before launching the consultation."
    assert reload(draft).status == Status.DRAFT


def test_decision_needs_its_own_service(draft):
    with pytest.raises(ValueError):
        services.transition(consultation=draft, name="decide", version=None, by=None)


def test_history_records_who_moved_it(draft, journey, officer):
    journey.launch(draft)
    latest = reload(draft).history.first()
    assert (latest.status, latest.history_user) == ("open", officer)
