"""What consultations and funding agreements make due, as the board's dashboard sees it."""

from datetime import date

import pytest

from compact_portal import deadlines
from consultations import deadlines as consultation_deadlines
from tests import deadline_checks

from .conftest import reload
from .factories import FundingAgreementFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def found(today, kind=None):
    return [d for d in deadline_checks.open_deadlines(today) if kind is None or d.kind == kind]


def test_providers_are_registered_by_autodiscovery():
    names = {p.__name__ for p in deadlines.PROVIDERS}
    assert {"consultation_deadlines", "agreement_deadlines"} <= names
    assert consultation_deadlines.consultation_deadlines in deadlines.PROVIDERS
    assert consultation_deadlines.agreement_deadlines.source == "agreement"


def test_drafts_make_nothing_due(draft):
    assert found(date(2026, 2, 2)) == []


def test_an_open_consultation_is_due_to_close_and_feedback_is_due_four_weeks_later(
    draft, journey, council, vcs_organisation
):
    journey.launch(draft)
    closing, feedback = found(date(2026, 2, 2))
    assert (closing.kind, closing.due_on, closing.key) == (
        "consultation_closes",
        date(2026, 4, 27),
        f"consultation:{draft.pk}:closes",
    )
    assert closing.title == f"Consultation closes: {draft.title}"
    assert closing.organisation_ids == (council.pk, vcs_organisation.pk)
    assert closing.compact_id == draft.compact_id
    assert (feedback.kind, feedback.due_on) == ("consultation_feedback", date(2026, 5, 25))


def test_feedback_overdue_shows_as_overdue(draft, journey):
    journey.to_closed(draft)
    [feedback] = found(date(2026, 6, 1))
    assert feedback.is_overdue(date(2026, 6, 1))


def test_decision_is_due_four_weeks_after_feedback_is_published(draft, journey):
    journey.to_feedback_published(draft)
    [decision] = found(date(2026, 4, 28))
    assert (decision.kind, decision.due_on) == ("consultation_decision", date(2026, 5, 26))


def test_formal_notice_ending_is_due(draft, journey):
    journey.to_decided(draft)
    [notice] = found(date(2026, 4, 28))
    assert (notice.kind, notice.due_on, notice.title) == (
        "formal_notice_ends",
        date(2026, 10, 28),
        f"Formal notice ends: {draft.title}",
    )


def test_a_funding_policy_change_takes_effect_when_notice_ends(draft, journey):
    draft.kind = "funding_policy"
    draft.save()
    journey.to_decided(draft)
    [change] = found(date(2026, 4, 28))
    assert (change.kind, change.due_on) == ("funding_policy_change", date(2026, 7, 21))


def test_a_completed_consultation_makes_nothing_due(draft, journey):
    journey.to_decided(draft, outcome="withdraw")
    assert reload(draft).status == "completed"
    assert found(date(2026, 4, 28)) == []


def test_funding_agreement_ending_shows_six_months_ahead(council, vcs_organisation):
    agreement = FundingAgreementFactory(funder=council, recipient=vcs_organisation, ends_on=date(2026, 8, 1))
    assert found(date(2026, 1, 31), "funding_agreement_ends") == []
    [ending] = found(date(2026, 2, 1), "funding_agreement_ends")
    assert (ending.due_on, ending.url, ending.organisation_ids) == (
        date(2026, 8, 1),
        f"/funding-agreements/{agreement.pk}/",
        (council.pk, vcs_organisation.pk),
    )
    assert found(date(2026, 8, 2), "funding_agreement_ends") == []


def test_payments_due_soon_and_late_payments(council, vcs_organisation):
    agreement = FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Transport")
    PaymentFactory(agreement=agreement, due_on=date(2026, 1, 1))  # late
    PaymentFactory(agreement=agreement, due_on=date(2026, 2, 20))  # due within four weeks
    PaymentFactory(agreement=agreement, due_on=date(2026, 4, 1))  # later
    PaymentFactory(agreement=agreement, due_on=date(2025, 12, 1), paid_on=date(2025, 12, 1))  # paid
    payments = found(date(2026, 2, 2))
    assert [(p.kind, p.due_on) for p in payments] == [
        ("payment_late", date(2026, 1, 1)),
        ("payment_due", date(2026, 2, 20)),
    ]
    assert payments[0].title == f"Late payment: Transport to {vcs_organisation.name}"


def test_the_board_dashboard_shows_consultation_deadlines(client, board_member, draft, journey):
    journey.launch(draft)
    client.force_login(board_member)
    page = client.get("/board/").content.decode()
    assert f"Consultation closes: {draft.title}" in page
    assert f"Publish feedback on the consultation: {draft.title}" in page
