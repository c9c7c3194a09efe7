"""Departures from the Compact are flagged and counted for the annual review."""

from datetime import date, datetime

import pytest

from compact_portal.workdays import LONDON
from consultations import compliance, selectors
from consultations.models import Consultation, Decision, Feedback, ImpactAssessment, ShortenedPeriodConsent
from tests import factories as base

from .conftest import complete_assessment, reload
from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db
Status = Consultation.Status


def codes(consultation):
    return [flag.code for flag in compliance.flags(reload(consultation))]


def launched(council, organisations, **fields):
    """A consultation recorded as launched, as the admin or an import could leave it."""
    return ConsultationFactory(owner=council, status=Status.OPEN, affected=organisations, **fields)


def test_a_consultation_that_kept_the_compact_has_no_flags(draft, journey):
    decided = journey.to_decided(draft)
    assert compliance.flags(decided) == []


def test_drafts_are_never_flagged(council, vcs_organisation):
    draft = ConsultationFactory(owner=council, closes_on=date(2026, 3, 2), affected=[vcs_organisation])
    assert codes(draft) == []


def test_period_shortened_without_consent_is_flagged(council, vcs_organisation):
    consultation = launched(council, [vcs_organisation], closes_on=date(2026, 4, 6), shortened_reason="Budget")
    [flag] = compliance.flags(reload(consultation))
    assert flag.code == "period_shortened_without_consent"
    assert flag.detail == "No agreement at the outset recorded from Testshire Community Action."
    assert flag.dated_on == date(2026, 2, 2)


def test_period_shortened_with_consent_but_no_reason_is_flagged(council, vcs_organisation):
    consultation = launched(council, [vcs_organisation], closes_on=date(2026, 4, 6))
    ShortenedPeriodConsent.objects.create(
        consultation=consultation, organisation=vcs_organisation, given_by="A", given_on=date(2026, 1, 30)
    )
    [flag] = compliance.flags(reload(consultation))
    assert (flag.code, flag.detail) == (
        "period_shortened_without_consent",
        "No reason for the shorter period was published.",
    )


def test_period_shortened_with_consent_and_reason_is_not_flagged(council, vcs_organisation):
    consultation = launched(council, [vcs_organisation], closes_on=date(2026, 4, 6), shortened_reason="Budget")
    ShortenedPeriodConsent.objects.create(
        consultation=consultation, organisation=vcs_organisation, given_by="A", given_on=date(2026, 2, 2)
    )
    assert codes(consultation) == []


def test_period_under_the_minimum_is_flagged_even_with_consent(council, vcs_organisation):
    consultation = launched(council, [vcs_organisation], closes_on=date(2026, 3, 16), shortened_reason="Budget")
    ShortenedPeriodConsent.objects.create(
        consultation=consultation, organisation=vcs_organisation, given_by="A", given_on=date(2026, 2, 2)
    )
    assert codes(consultation) == ["period_below_minimum"]


def test_impact_assessment_completed_after_closing_is_flagged(draft, journey, officer, clock):
    journey.launch(draft)
    journey.close(draft)
    complete_assessment(draft, officer, completed_on=date(2026, 4, 28))
    assert codes(draft) == ["impact_assessment_late"]


def test_feedback_published_without_an_impact_assessment_is_flagged(council, vcs_organisation):
    consultation = launched(council, [vcs_organisation])
    Consultation.objects.filter(pk=consultation.pk).update(status=Status.FEEDBACK_PUBLISHED)
    Feedback.objects.create(
        consultation=consultation, what_you_said="a", what_we_did="b", published_at=datetime(2026, 5, 1, tzinfo=LONDON)
    )
    assert codes(consultation) == ["impact_assessment_late"]


def test_decision_without_published_feedback_is_flagged(council, vcs_organisation):
    consultation = launched(council, [vcs_organisation])
    ImpactAssessment.objects.create(
        consultation=consultation, summary="s", equalities="e", vcs_representatives="v", completed_on=date(2026, 3, 1)
    )
    Decision.objects.create(consultation=consultation, outcome="withdraw", rationale="r", decided_on=date(2026, 5, 1))
    assert codes(consultation) == ["decision_without_published_feedback"]


def test_feedback_published_after_the_decision_is_flagged(draft, journey):
    decided = journey.to_decided(draft)
    Feedback.objects.filter(consultation=decided).update(published_at=datetime(2026, 12, 1, tzinfo=LONDON))
    assert codes(decided) == ["decision_without_published_feedback"]


def test_notice_under_the_minimum_is_flagged_even_in_exceptional_circumstances(draft, journey):
    decided = journey.to_decided(draft, notice_ends_on=date(2026, 6, 28), exceptional_reason="A fire closed the hall.")
    [flag] = compliance.flags(decided)
    assert flag.code == "notice_under_minimum"
    assert flag.detail == (
        "Notice from 28 April 2026 to 28 June 2026, under 3 months. "
        "Exceptional circumstances given: A fire closed the hall."
    )


def test_notice_under_the_ideal_but_over_the_minimum_is_not_a_departure(draft, journey):
    decided = journey.to_decided(draft, notice_ends_on=date(2026, 8, 28))
    assert compliance.flags(decided) == []


# The annual review's counts


def test_compliance_summary_counts_each_kind_of_departure_in_the_year(
    compact, council, vcs_organisation, draft, journey
):
    journey.to_decided(draft)  # kept the Compact
    launched(council, [vcs_organisation], closes_on=date(2026, 4, 6), shortened_reason="Budget")  # no consent
    launched(
        council, [vcs_organisation], opens_on=date(2026, 3, 2), closes_on=date(2026, 4, 13)
    )  # no consent, < 8 weeks
    ConsultationFactory(owner=council, closes_on=date(2026, 3, 2), affected=[vcs_organisation])  # a draft: not counted
    summary = selectors.compliance_summary(compact, 2026)
    assert summary == {
        "year": 2026,
        "consultations_opened": 3,
        "total_flags": 3,
        "flags": {
            "period_shortened_without_consent": 2,
            "period_below_minimum": 1,
            "impact_assessment_late": 0,
            "notice_under_minimum": 0,
            "decision_without_published_feedback": 0,
            "not_on_forward_plan": 0,
            "holiday_period_without_reason": 0,
        },
    }


def test_flags_count_in_the_year_of_the_event(compact, council, vcs_organisation):
    consultation = launched(
        council, [vcs_organisation], opens_on=date(2025, 10, 6), closes_on=date(2025, 12, 1), shortened_reason=""
    )
    Decision.objects.create(consultation=consultation, outcome="withdraw", rationale="r", decided_on=date(2026, 1, 12))
    assert selectors.compliance_summary(compact, 2025)["flags"]["period_shortened_without_consent"] == 1
    assert selectors.compliance_summary(compact, 2025)["flags"]["decision_without_published_feedback"] == 0
    in_2026 = selectors.compliance_summary(compact, 2026)
    assert in_2026["flags"]["decision_without_published_feedback"] == 1
    assert in_2026["consultations_opened"] == 0


def test_other_compacts_are_not_counted(compact, vcs_organisation):
    elsewhere = base.CompactFactory(name="Elsewhere Compact")
    their_council = base.PublicBodyFactory(compact=elsewhere)
    ConsultationFactory(owner=their_council, status=Status.OPEN, closes_on=date(2026, 3, 2))
    assert selectors.compliance_summary(compact, 2026)["total_flags"] == 0
    assert selectors.compliance_summary(elsewhere, 2026)["total_flags"] == 2


def test_compliance_summary_queries_do_not_grow_with_consultations(
    compact, council, vcs_organisation, django_assert_max_num_queries
):
    for _ in range(5):
        launched(council, [vcs_organisation], closes_on=date(2026, 4, 6))
    assert compact.rules  # created once, as on any page
    # One of them reads the compact's holiday periods, once for all its consultations.
    with django_assert_max_num_queries(9):
        selectors.compliance_summary(compact, 2026)
