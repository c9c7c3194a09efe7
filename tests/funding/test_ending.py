"""Ending funding for performance: an improvement plan with an agreed timetable first, notice
only after it ends, with reasons and the compact's notice period; renewal reminded early."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from compact_portal import deadlines
from consultations.models import FundingAgreement
from funding import ending, services
from funding.models import EndingNotice

from .conftest import at


@pytest.fixture
def agreement(council, applicant):
    return FundingAgreement.objects.create(
        funder=council,
        recipient=applicant,
        title="Volunteer centre",
        amount=Decimal("90000"),
        starts_on=date(2025, 4, 1),
        ends_on=date(2028, 3, 31),
    )


def _plan(agreement, officer, **changes):
    fields = {
        "concern": "Quarterly reports late twice.",
        "actions": "Monthly check-ins; reports by the 10th.",
        "agreed_with": "Sam Patel, Chief Officer",
        "starts_on": date(2026, 2, 2),
        "ends_on": date(2026, 5, 1),
    }
    fields.update(changes)
    return services.save_improvement_plan(agreement=agreement, by=officer, **fields)


NOTICE = {
    "reasons": "Reports still late.",
    "winding_down_costs": "Redundancy costs met for one post.",
    "notice_starts_on": date(2026, 5, 5),
    "notice_ends_on": date(2026, 11, 5),
}


def test_funding_cannot_be_ended_for_performance_without_an_improvement_plan(clock, agreement, council_officer):
    with pytest.raises(ValidationError, match="agree an improvement plan with a timetable"):
        services.give_notice(agreement=agreement, by=council_officer, **NOTICE)
    assert not EndingNotice.objects.exists()


def test_notice_waits_until_the_plan_ends_and_its_outcome_is_recorded(clock, agreement, council_officer):
    plan = _plan(agreement, council_officer)
    assert ending.steps_refusal(agreement, date(2026, 3, 1)) == (
        "The improvement plan runs until 1 May 2026. Notice can be given only after it ends."
    )
    clock.move_to(at(date(2026, 5, 5)))
    assert (
        ending.steps_refusal(agreement, date(2026, 5, 5))
        == "Record whether the improvement plan was met before giving notice."
    )
    _plan(agreement, council_officer, plan=plan, outcome="met")
    assert "no performance grounds" in ending.steps_refusal(agreement, date(2026, 5, 5))


def test_notice_gives_reasons_and_the_compacts_notice_period(
    clock, agreement, council_officer, applicant_admin, django_capture_on_commit_callbacks
):
    plan = _plan(agreement, council_officer)
    clock.move_to(at(date(2026, 5, 5)))
    _plan(agreement, council_officer, plan=plan, outcome="not_met", outcome_notes="Two reports late since.")
    with pytest.raises(ValidationError, match="at least the Compact's 3 months"):
        services.give_notice(agreement=agreement, by=council_officer, **{**NOTICE, "notice_ends_on": date(2026, 6, 5)})
    with pytest.raises(ValidationError, match="winding down"):
        services.give_notice(agreement=agreement, by=council_officer, **{**NOTICE, "winding_down_costs": " "})
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.give_notice(agreement=agreement, by=council_officer, **NOTICE)
    assert notice.improvement_plan == plan
    assert [m.to for m in mail.outbox] == [[applicant_admin.email]]
    assert "Reports still late." in mail.outbox[0].body


def test_the_notice_page_names_the_missing_step(client, clock, agreement, council_officer):
    client.force_login(council_officer)
    page = client.get(reverse("funding:notice", args=[agreement.pk])).content.decode()
    assert "agree an improvement plan with a timetable" in page


def test_renewal_is_reminded_early_enough_to_consult_and_give_notice(clock, agreement):
    # Ends 31 March 2028: 3 months' notice from 31 December 2027, after 12 weeks' consultation
    # from 8 October 2027.
    found = {d.key: d for d in deadlines.walk(date(2027, 8, 1))}
    assert found[f"agreement:{agreement.pk}:renewal"].due_on == date(2027, 10, 8)
    assert f"agreement:{agreement.pk}:renewal" not in {d.key for d in deadlines.walk(date(2027, 6, 1))}


def test_the_kept_open_deadlines_follow_a_changed_end_without_a_rebuild(clock, agreement):
    from django.core.management import call_command

    from signatories.models import OpenDeadline

    key = f"agreement:{agreement.pk}:renewal"
    assert OpenDeadline.objects.get(key=key).due_on == date(2027, 10, 8)
    agreement.ends_on = date(2029, 3, 31)
    agreement.save()
    assert OpenDeadline.objects.get(key=key).due_on == date(2028, 10, 8)  # 12 weeks before 31 December 2028
    call_command("rebuild_deadlines", "--check")  # the kept table agrees with the record
