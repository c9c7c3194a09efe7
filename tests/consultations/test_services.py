"""Writes with rules: drafting under optimistic locking, consent at the outset, responses, and
the emails that tell organisations what happened and what to do next."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import lifecycle, services
from consultations.models import Consultation, ImpactAssessmentParticipation, ShortenedPeriodConsent
from signatories.models import Membership
from tests import factories as base

from .conftest import OPENS_ON, at, complete_assessment, decide, publish_feedback, reload
from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_create_draft_is_for_officers_of_the_body(council, officer, vcs_member):
    consultation = services.create_draft(owner=council, by=officer, kind="funding_reduction", title=" Grants ")
    assert (consultation.status, consultation.title, consultation.compact, consultation.version) == (
        "draft",
        "Grants",
        council.compact,
        1,
    )
    with pytest.raises(PermissionDenied):
        services.create_draft(owner=council, by=vcs_member, kind="funding_reduction", title="Grants")


def test_each_save_increments_the_version(draft, officer):
    services.update_draft(consultation=draft, version=1, by=officer, fields={"title": "New title"})
    assert (reload(draft).title, reload(draft).version) == ("New title", 2)


def test_second_officer_saving_from_a_stale_page_is_refused_not_overwritten(draft, officer, second_officer):
    # Both officers open the proposal step at version 1.
    services.update_draft(consultation=draft, version=1, by=officer, fields={"proposal": "Officer one's proposal"})
    with pytest.raises(services.ConsultationChanged) as changed:
        services.update_draft(consultation=draft, version=1, by=second_officer, fields={"proposal": "Officer two's"})
    assert reload(draft).proposal == "Officer one's proposal"
    assert changed.value.current.version == 2
    assert f"changed by {officer}" in str(changed.value)
    assert "your changes have not been saved" in str(changed.value)


def test_lifecycle_moves_are_locked_too(draft, officer):
    services.update_draft(consultation=draft, version=1, by=officer, fields={"title": "Changed"})
    with pytest.raises(services.ConsultationChanged):
        services.transition(consultation=draft, name="launch", version=1, by=officer)
    assert reload(draft).status == "draft"


def test_a_launched_consultation_cannot_be_redrafted(draft, officer, journey):
    journey.launch(draft)
    with pytest.raises(ValidationError):
        services.update_draft(consultation=draft, version=None, by=officer, fields={"closes_on": date(2026, 3, 30)})


def test_update_draft_sets_the_affected_organisations_and_agreements(draft, officer, other_vcs_organisation, agreement):
    services.update_draft(
        consultation=draft,
        version=1,
        by=officer,
        affected_organisations=[other_vcs_organisation],
        affected_agreements=[agreement],
    )
    assert list(draft.affected_organisations.all()) == [other_vcs_organisation]
    assert list(draft.affected_agreements.all()) == [agreement]


def test_consent_is_recorded_for_an_affected_organisation_only(
    draft, officer, vcs_organisation, other_vcs_organisation
):
    consent = services.record_consent(
        consultation=draft,
        version=1,
        by=officer,
        organisation=vcs_organisation,
        given_by=" Asha Patel, Chief executive ",
        given_on=date(2026, 1, 28),
        reason=" Agreed at the forum; no admin on the portal ",
    )
    assert (consent.given_by, consent.recorded_by, reload(draft).version) == ("Asha Patel, Chief executive", officer, 2)
    assert (consent.on_behalf, consent.on_behalf_reason) == (True, "Agreed at the forum; no admin on the portal")
    with pytest.raises(ValidationError):
        services.record_consent(
            consultation=draft,
            version=None,
            by=officer,
            organisation=other_vcs_organisation,
            given_by="B",
            given_on=date(2026, 1, 28),
            reason="By telephone",
        )


def test_consent_recorded_on_an_organisations_behalf_needs_a_reason(draft, officer, vcs_organisation):
    with pytest.raises(ValidationError, match="Give the reason you are recording agreement on behalf of"):
        services.record_consent(
            consultation=draft,
            version=1,
            by=officer,
            organisation=vcs_organisation,
            given_by="Asha Patel",
            given_on=date(2026, 1, 28),
            reason="  ",
        )
    assert not ShortenedPeriodConsent.objects.exists()


def test_consent_is_recorded_at_the_outset_not_after_launch(draft, officer, vcs_organisation, journey):
    journey.launch(draft)
    with pytest.raises(ValidationError):
        services.record_consent(
            consultation=draft,
            version=None,
            by=officer,
            organisation=vcs_organisation,
            given_by="A",
            given_on=OPENS_ON,
            reason="By telephone",
        )


# The organisations answer for themselves

SHORTER = {"closes_on": date(2026, 3, 30), "shortened_reason": "The budget is set in April"}


def propose_shorter(draft, officer, **fields):
    return services.update_draft(consultation=reload(draft), version=None, by=officer, fields={**SHORTER, **fields})


def test_proposing_a_shorter_period_asks_each_affected_organisations_admins_by_email(
    draft, officer, vcs_admin, vcs_member, vcs_organisation, other_vcs_organisation, django_capture_on_commit_callbacks
):
    other_admin = base.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
    draft.affected_organisations.add(other_vcs_organisation)
    with django_capture_on_commit_callbacks(execute=True):
        propose_shorter(draft, officer)
    asked = {consent.organisation: consent for consent in ShortenedPeriodConsent.objects.all()}
    assert set(asked) == {vcs_organisation, other_vcs_organisation}
    assert {(c.answer, c.asked_closes_on) for c in asked.values()} == {("asked", date(2026, 3, 30))}
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [vcs_admin.email, other_admin.email]
    )
    message = next(m for m in mail.outbox if m.to == [vcs_admin.email])
    assert message.subject == f"Do you agree to a shorter consultation? {draft.title}"
    assert f"/consultations/asked/shorter-period/{asked[vcs_organisation].pk}/" in message.body
    assert "The budget is set in April" in message.body and "127.0.0.1" not in message.subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propose_shorter(draft, officer, proposal="Saving the same again")
    assert not mail.outbox  # already asked about this period


def test_standard_period_asks_nobody(draft, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_draft(consultation=draft, version=None, by=officer, fields={"proposal": "Another"})
    assert not ShortenedPeriodConsent.objects.exists() and not mail.outbox


def test_the_organisations_admin_agrees_and_the_consultation_can_launch(draft, officer, vcs_admin, vcs_organisation):
    propose_shorter(draft, officer)
    asked = ShortenedPeriodConsent.objects.get()
    assert lifecycle.refusal(reload(draft), "launch") is not None
    version = reload(draft).version
    consent = services.answer_question(row=asked, by=vcs_admin, agree=True, given_by=" Asha Patel, Chair ")
    assert (consent.answer, consent.given_by, consent.given_on, consent.answered_by) == (
        "agreed",
        "Asha Patel, Chair",
        OPENS_ON,
        vcs_admin,
    )
    assert (consent.on_behalf, consent.how) == (False, "Answered by the organisation in the portal")
    assert reload(draft).version == version  # the officer's open page is not made stale
    assert lifecycle.refusal(reload(draft), "launch") is None


def test_a_refusal_keeps_the_shorter_period_from_launching_and_counts_as_a_departure(
    draft, officer, vcs_admin, journey
):
    propose_shorter(draft, officer)
    services.answer_question(row=ShortenedPeriodConsent.objects.get(), by=vcs_admin, agree=False, given_by="Asha Patel")
    assert "Testshire Community Action must agree" in lifecycle.refusal(reload(draft), "launch")
    assert [o.name for o in lifecycle.missing_consents(reload(draft))] == ["Testshire Community Action"]


def test_only_the_organisations_admins_answer_for_it(draft, officer, vcs_member, other_vcs_organisation):
    propose_shorter(draft, officer)
    other_admin = base.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
    for person in (vcs_member, officer, other_admin):
        with pytest.raises(PermissionDenied):
            services.answer_question(row=ShortenedPeriodConsent.objects.get(), by=person, agree=True, given_by="A")
    assert ShortenedPeriodConsent.objects.get().answer == "asked"


def test_agreement_to_a_period_does_not_cover_a_shorter_one_proposed_later(
    draft, officer, vcs_admin, django_capture_on_commit_callbacks
):
    propose_shorter(draft, officer, closes_on=date(2026, 4, 13))
    services.answer_question(row=ShortenedPeriodConsent.objects.get(), by=vcs_admin, agree=True, given_by="A")
    assert lifecycle.missing_consents(reload(draft)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propose_shorter(draft, officer)  # 30 March: shorter still
    consent = ShortenedPeriodConsent.objects.get()
    assert (consent.answer, consent.asked_closes_on, len(mail.outbox)) == ("asked", date(2026, 3, 30), 1)
    assert lifecycle.missing_consents(reload(draft)) != []


def test_answers_are_given_at_the_outset_only(draft, officer, vcs_admin, journey, clock):
    propose_shorter(draft, officer)
    clock.move_to(at(date(2026, 2, 3)))
    with pytest.raises(ValidationError, match="can no longer be given at the outset"):
        services.answer_question(row=ShortenedPeriodConsent.objects.get(), by=vcs_admin, agree=True, given_by="A")


def test_organisations_are_asked_to_take_part_in_the_impact_assessment(
    draft, officer, vcs_admin, journey, django_capture_on_commit_callbacks
):
    journey.launch(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_to_take_part(consultation=reload(draft), version=None, by=officer)
    asked = ImpactAssessmentParticipation.objects.get()
    assert [m.to for m in mail.outbox if "impact assessment" in m.subject] == [[vcs_admin.email]]
    with pytest.raises(ValidationError, match="already been asked"):
        services.ask_to_take_part(consultation=reload(draft), version=None, by=officer)
    with pytest.raises(ValidationError):
        services.answer_question(row=asked, by=vcs_admin, agree=True, given_by="A", representative="")
    services.answer_question(row=asked, by=vcs_admin, agree=True, given_by="Asha Patel", representative="Ben Ode")
    services.save_impact_assessment(
        consultation=reload(draft), version=None, by=officer, summary="s", equalities="e", completed_on=OPENS_ON
    )
    assessment = reload(draft).impact_assessment
    assert assessment.is_complete and [p.representative for p in assessment.taking_part()] == ["Ben Ode"]


def test_taking_part_recorded_on_an_organisations_behalf_needs_a_reason(draft, officer, vcs_organisation, journey):
    journey.launch(draft)
    arguments = {
        "consultation": reload(draft),
        "version": None,
        "by": officer,
        "organisation": vcs_organisation,
        "representative": "Ben Ode",
        "given_by": "Asha Patel",
        "given_on": OPENS_ON,
    }
    with pytest.raises(ValidationError):
        services.record_participation(**arguments, reason="")
    participation = services.record_participation(**arguments, reason="Agreed at the forum")
    assert participation.on_behalf and "on the organisation's behalf (Agreed at the forum)" in participation.how


# Emails


def test_launch_emails_each_person_in_the_affected_organisations_separately(
    draft, journey, vcs_member, vcs_admin, vcs_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        journey.launch(draft)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([vcs_member.email, vcs_admin.email, vcs_organisation.contact_email])
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == f"Consultation open until 27 April 2026: {draft.title}"
    assert "What to do next" in message.body and f"/consultations/{draft.pk}/respond/" in message.body


def test_feedback_publication_emails_affected_and_responding_organisations(
    draft, journey, officer, vcs_member, other_vcs_organisation, django_capture_on_commit_callbacks
):
    responder = base.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.MEMBER).user
    journey.launch(draft)
    services.submit_response(consultation=draft, organisation=other_vcs_organisation, author=responder, text="No.")
    complete_assessment(draft, officer)
    journey.close(draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_feedback(draft, officer)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {vcs_member.email, responder.email} <= recipients
    assert officer.email not in recipients
    assert mail.outbox[0].subject == f"Feedback published: {draft.title}"
    assert "What to do next: read the feedback" in mail.outbox[0].body


def test_decision_emails_the_outcome_notice_and_appeal_route(
    draft, journey, vcs_member, django_capture_on_commit_callbacks
):
    journey.to_feedback_published(draft)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(draft, draft.created_by)
    message = [m for m in mail.outbox if m.to == [vcs_member.email]][0]
    assert message.subject == f"Decision: proceed as proposed: {draft.title}"
    assert "Formal notice runs from 28 April 2026 to 28 October 2026" in message.body
    assert "Write to the chief executive." in message.body
    assert "£30,000 a year becomes £22,500." in message.body
    assert "What to do next: plan for the change by 28 October 2026" in message.body
    assert "<strong>" in message.alternatives[0][0]


def test_email_text_is_not_html_escaped(
    council, vcs_organisation, journey, vcs_member, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(owner=council, title="St Mark's & friends", affected=[vcs_organisation])
    with django_capture_on_commit_callbacks(execute=True):
        journey.launch(consultation)
    assert "St Mark's & friends" in mail.outbox[0].subject
    assert "St Mark's & friends" in mail.outbox[0].body


# Responses


def test_any_vcs_signatory_member_may_respond_to_an_open_consultation(draft, journey, other_vcs_organisation):
    member = base.MembershipFactory(organisation=other_vcs_organisation).user
    journey.launch(draft)
    response = services.submit_response(
        consultation=draft, organisation=other_vcs_organisation, author=member, text="  We object.  "
    )
    assert (response.text, response.author) == ("We object.", member)


def test_a_second_response_from_the_organisation_replaces_the_first(
    draft, journey, vcs_organisation, vcs_member, vcs_admin
):
    journey.launch(draft)
    services.submit_response(consultation=draft, organisation=vcs_organisation, author=vcs_member, text="First")
    services.submit_response(consultation=draft, organisation=vcs_organisation, author=vcs_admin, text="Second")
    assert [(r.text, r.author) for r in draft.responses.all()] == [("Second", vcs_admin)]


def test_cannot_respond_to_a_draft_or_closed_consultation(draft, journey, vcs_organisation, vcs_member):
    with pytest.raises(PermissionDenied, match="not open for responses"):
        services.submit_response(consultation=draft, organisation=vcs_organisation, author=vcs_member, text="x")
    journey.launch(draft)
    journey.close(draft)
    with pytest.raises(PermissionDenied, match="not open for responses"):
        services.submit_response(consultation=reload(draft), organisation=vcs_organisation, author=vcs_member, text="x")


def test_cannot_respond_for_an_organisation_you_are_not_in(draft, journey, vcs_member, other_vcs_organisation):
    journey.launch(draft)
    with pytest.raises(PermissionDenied, match="not a member"):
        services.submit_response(consultation=draft, organisation=other_vcs_organisation, author=vcs_member, text="x")


def test_officers_cannot_respond(draft, journey, officer, council):
    journey.launch(draft)
    with pytest.raises(PermissionDenied, match="Only members of voluntary and community sector signatories"):
        services.submit_response(consultation=draft, organisation=council, author=officer, text="x")


def test_applied_vcs_organisations_cannot_respond(draft, journey, compact):
    applicant = base.OrganisationFactory(compact=compact, status="applied")
    member = base.MembershipFactory(organisation=applicant).user
    journey.launch(draft)
    with pytest.raises(PermissionDenied):
        services.submit_response(consultation=draft, organisation=applicant, author=member, text="x")


def test_consultation_opening_in_the_future_takes_responses_from_its_opening_date(
    council, vcs_organisation, vcs_member, journey, clock
):
    consultation = ConsultationFactory(
        owner=council, opens_on=date(2026, 2, 9), closes_on=date(2026, 5, 4), affected=[vcs_organisation]
    )
    journey.launch(consultation)
    assert not reload(consultation).accepts_responses()
    clock.move_to(at(date(2026, 2, 9)))
    assert reload(consultation).accepts_responses()


def test_status_kind_choices_are_plain_english():
    assert Consultation.Kind.FUNDING_REDUCTION.label == "Reducing or ending funding (decommissioning)"
