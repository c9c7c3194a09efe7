"""The scale data builder (tools.scale) and `manage.py seed_scale`: the sizes asked
for, open deadlines as many as aimed at, records that keep the rules the services keep, and
the open deadlines table filled, and the reminder sweep doing a fixed amount of work per run."""

from dataclasses import replace
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import Consultation, ConsultationResponse, FundingAgreement, PaymentSchedule
from disputes.models import Case, Panel, Stage
from reviews.models import AssessmentResponse
from signatories import open_deadlines, reminders
from signatories.models import Membership, OpenDeadline, Organisation, Reminder, User
from tests import deadline_checks
from tools import scale
from undertakings.models import Compact

pytestmark = pytest.mark.django_db

SIZES = replace(scale.SMALL, disputes=20)  # every stage of a case, a panel among them


def test_seed_scale_builds_the_small_data_set_and_counts_its_deadlines():
    out = StringIO()
    call_command("seed_scale", "--small", stdout=out)
    text = out.getvalue()
    assert f"The open deadlines table holds {SIZES.deadlines:,} deadlines open today" in text
    assert "Wrote " in text and " rows in " in text


def test_sizes_are_options_of_the_command():
    call_command(
        "seed_scale",
        "--small",
        "--organisations",
        "20",
        "--users",
        "50",
        "--consultations",
        "5",
        "--no-count",
        stdout=StringIO(),
    )
    assert Organisation.objects.count() == 20
    assert User.objects.count() == 50
    assert Consultation.objects.count() == 5


def test_the_builder_writes_the_sizes_it_is_given():
    counts = scale.build(SIZES)
    assert Organisation.objects.count() == SIZES.organisations
    assert User.objects.count() == SIZES.users == EmailAddress.objects.filter(verified=True).count()
    assert Membership.objects.count() == SIZES.users
    assert AssessmentResponse.objects.count() == SIZES.assessment_responses
    assert Consultation.objects.count() == SIZES.consultations
    assert Case.objects.count() == SIZES.disputes
    assert FundingAgreement.objects.count() == SIZES.agreements
    assert scale.rows_written(counts) == sum(counts.values()) > 0


def test_the_open_deadlines_are_as_many_as_aimed_at():
    scale.build(SIZES)
    assert len(deadline_checks.open_deadlines()) == SIZES.deadlines  # and the table holds each


def test_everyone_shares_one_password_hash_and_no_history_is_written():
    scale.build(SIZES)
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.first().check_password(scale.PASSWORD)
    assert not Organisation.history.exists()


def test_the_records_keep_the_rules_the_services_keep():
    scale.build(SIZES.times(2))
    status = Consultation.Status
    assert not Consultation.objects.filter(
        status=status.FEEDBACK_PUBLISHED, feedback__published_at__isnull=True
    ).exists()
    assert not Consultation.objects.filter(status=status.NOTICE_PERIOD, decision__notice_ends_on__isnull=True).exists()
    assert (
        not Consultation.objects.exclude(status__in=[status.DRAFT, status.OPEN])
        .filter(impact_assessment__isnull=True)
        .exists()
    )
    assert not ConsultationResponse.objects.filter(consultation__status=status.DRAFT).exists()
    for agreement in FundingAgreement.objects.select_related("funder", "recipient"):
        assert agreement.funder.is_public_sector and not agreement.recipient.is_public_sector
        assert agreement.funder.compact_id == agreement.recipient.compact_id
    assert not Case.objects.filter(stage__in=[Stage.STAGE_2, Stage.STAGE_3], referral_received_on__isnull=True).exists()
    for panel in Panel.objects.select_related("case").prefetch_related("members__seat"):
        parties = {panel.case.complainant_id, panel.case.respondent_id}
        assert all(m.seat.organisation_id not in parties for m in panel.members.all())
    assert PaymentSchedule.objects.filter(paid_on__isnull=True).exists()


def test_it_can_build_twice_into_the_same_database():
    scale.build(SIZES)
    scale.build(SIZES)
    assert Organisation.objects.count() == 2 * SIZES.organisations


def test_sizes_multiply_except_the_number_of_compacts():
    assert SIZES.times(3).organisations == 3 * SIZES.organisations
    assert SIZES.times(3).compacts == SIZES.compacts


def _queries(function) -> int:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_reminder_sweep_makes_the_same_number_of_queries_at_three_times_the_deadlines():
    scale.build(SIZES)
    first = _queries(reminders.sweep)
    again = _queries(reminders.sweep)
    Reminder.objects.all().delete()
    OpenDeadline.objects.update(reminded=0)
    scale.build(SIZES.times(2), compacts=list(Compact.objects.all()))
    assert _queries(reminders.sweep) <= first + 4  # a stage or two more to move on, not a query a deadline
    assert _queries(reminders.sweep) == again
    assert Reminder.objects.count() > 0


def test_the_open_deadlines_table_agrees_with_the_record_after_the_build():
    scale.build(SIZES)
    scale.build(SIZES.times(2), compacts=list(Compact.objects.all()))
    assert not any(open_deadlines.rebuild(check=True).values())


def test_the_benchmark_runs_its_parts_on_the_small_data_set():
    from tools import bench

    scale.build(SIZES)
    outcome = bench.run(only=["sweep", "pages", "import"], requests=2, log=lambda line: None)
    text = bench.table(outcome)
    assert all(figure.status == 200 for figure in outcome.pages), [(f.label, f.status) for f in outcome.pages]
    assert "| Board dashboard | board member |" in text
    assert "| sweep, nothing due |" in text and "reminders due (" in text
    assert "| one consultation changed, its 2 open deadlines rewritten" in text
    first, nothing_due, due, _ = outcome.sweep
    assert (first.written > 0, nothing_due.written, due.written > 0) == (True, 0, True)
    assert "| first sweep of a new installation (the whole backlog) |" in text
    directory = next(figure for figure in outcome.pages if figure.label == "Public directory, searched")
    assert directory.first_ms > 0 and directory.p95_ms > 0
    assert "| page (nothing cached) | who | first ms |" in text
    assert outcome.importer is None or outcome.importer.undertakings > 0
