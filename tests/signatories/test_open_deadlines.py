"""The open deadlines table: kept current by every write to what makes a deadline, read for
the day it is read (a payment shows from four weeks before it is due and is late after), and
rebuilt or checked from the record on demand."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from consultations.models import PaymentSchedule
from signatories import calendar, open_deadlines, reminders
from signatories.models import OpenDeadline, Reminder
from tests import deadline_checks, factories
from tests.consultations.factories import FundingAgreementFactory


def _at(moment: str):
    return time_machine.travel(dt.datetime.fromisoformat(moment), tick=False)


@pytest.fixture
def late_payments(council, vcs_organisation):
    """Sixty payments, each a day later than the one before, all overdue on 1 June 2026
    (written in bulk, which sends no signals: the writer says what changed)."""
    agreement = FundingAgreementFactory(
        funder=council, recipient=vcs_organisation, title="Transport", ends_on=dt.date(2028, 3, 31)
    )
    PaymentSchedule.objects.bulk_create(
        [
            PaymentSchedule(agreement=agreement, due_on=dt.date(2026, 3, 1) + dt.timedelta(days=n), amount=100)
            for n in range(60)
        ]
    )
    open_deadlines.changed([agreement])
    return agreement


def _no_difference():
    return not any(open_deadlines.rebuild(check=True).values())


@_at("2026-06-01T09:00:00+01:00")
def test_the_table_holds_every_open_deadline_with_its_organisations(late_payments, council, vcs_organisation):
    deadline_checks.open_deadlines()
    payment = OpenDeadline.objects.filter(key__startswith="payment:").first()
    assert set(payment.organisations.values_list("pk", flat=True)) == {council.pk, vcs_organisation.pk}
    assert (payment.kind, payment.kind_now) == ("payment_due", "payment_late")
    assert payment.title_now.startswith("Late payment: Transport")


def test_a_payment_shows_from_four_weeks_before_it_is_due_and_is_late_after_with_no_write(council, vcs_organisation):
    agreement = FundingAgreementFactory(
        funder=council, recipient=vcs_organisation, title="Youth work", ends_on=dt.date(2030, 3, 31)
    )
    PaymentSchedule.objects.create(agreement=agreement, due_on=dt.date(2026, 7, 1), amount=10)
    titles = {
        day: [d.title for d in deadline_checks.open_deadlines(dt.date.fromisoformat(day))]
        for day in ("2026-06-02", "2026-06-03", "2026-07-01", "2026-07-02")
    }
    assert titles["2026-06-02"] == []
    assert titles["2026-06-03"] == titles["2026-07-01"] == ["Payment due: Youth work to Testshire Community Action"]
    assert titles["2026-07-02"] == ["Late payment: Youth work to Testshire Community Action"]


def test_an_agreement_shows_from_six_months_before_it_ends_until_it_does(council, vcs_organisation):
    FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Hall", ends_on=dt.date(2026, 8, 31))
    for day, shown in (("2026-02-28", False), ("2026-03-01", True), ("2026-08-31", True), ("2026-09-01", False)):
        found = [d.kind for d in deadline_checks.open_deadlines(dt.date.fromisoformat(day))]
        assert ("funding_agreement_ends" in found) is shown, day


@_at("2026-06-01T09:00:00+01:00")
def test_each_write_reaches_the_table_in_its_own_transaction(late_payments, council, vcs_organisation, vcs_member):
    paid = late_payments.payments.order_by("due_on").first()
    paid.paid_on = dt.date(2026, 5, 30)
    paid.save()
    late_payments.title = "Community transport"
    late_payments.save()
    vcs_organisation.name = "Testshire Action"
    vcs_organisation.save()
    champion = factories.name_champion(vcs_organisation, vcs_member, dt.date(2025, 6, 20))
    kept = {d.key: d.title_now for d in OpenDeadline.objects.all()}
    assert f"payment:{paid.pk}:due" not in kept
    assert kept[f"payment:{paid.pk + 1}:due"] == "Late payment: Community transport to Testshire Action"
    assert kept[f"organisation:{vcs_organisation.pk}:champion:{champion.pk}:2025-06-20"].startswith(
        "Compact champion training for Testshire Action"
    )
    late_payments.payments.filter(pk=paid.pk + 1).delete()
    assert not OpenDeadline.objects.filter(key=f"payment:{paid.pk + 1}:due").exists()
    assert _no_difference()
    deadline_checks.open_deadlines()


@_at("2026-06-01T09:00:00+01:00")
def test_an_unchanged_deadline_keeps_its_row_and_its_reminder_stage(late_payments):
    reminders.sweep()
    before = dict(OpenDeadline.objects.values_list("key", "reminded"))
    ids = dict(OpenDeadline.objects.values_list("key", "pk"))
    late_payments.amount = 5000
    late_payments.save()  # nothing a deadline says has changed
    assert dict(OpenDeadline.objects.values_list("key", "pk")) == ids
    assert dict(OpenDeadline.objects.values_list("key", "reminded")) == before
    assert {before[key] for key in before if key.startswith("payment:")} == {OpenDeadline.DONE}  # overdue, reminded


def test_the_rebuild_finds_and_repairs_what_a_write_without_signals_left_behind(late_payments, capsys):
    PaymentSchedule.objects.filter(agreement=late_payments).update(due_on=dt.date(2026, 9, 1))  # no signals
    with pytest.raises(Exception, match="differ"):
        call_command("rebuild_deadlines", "--check")
    assert "agreement: 60 would be written, 60 would be removed" in capsys.readouterr().out
    call_command("rebuild_deadlines")
    call_command("rebuild_deadlines", "--check")
    assert set(OpenDeadline.objects.filter(key__startswith="payment:").values_list("due_on", flat=True)) == {
        dt.date(2026, 9, 1)
    }


def test_the_rebuild_removes_rows_no_provider_makes_and_fills_an_empty_table(late_payments):
    OpenDeadline.objects.create(key="gone:1", source="gone:1", kind="x", due_on=dt.date(2026, 1, 1), title="x", url="/")
    assert open_deadlines.rebuild()[""].removed == 1
    OpenDeadline.objects.all().delete()
    call_command("rebuild_deadlines", "--if-empty")
    assert OpenDeadline.objects.count() == 62 and _no_difference()  # 60 payments, its end and its renewal


@_at("2026-06-01T09:00:00+01:00")
def test_the_board_dashboard_shows_overdue_deadlines_a_page_at_a_time(client, board_member, late_payments):
    client.force_login(board_member)
    page = client.get(reverse("board_dashboard")).content.decode()
    overdue = page.split("Overdue", 1)[1].split("Due this week", 1)[0]
    assert "60 deadlines, 1 to 50 shown" in overdue
    assert overdue.count("Late payment: Transport") == 50
    second = client.get(reverse("board_dashboard") + "?overdue=2").content.decode()
    assert second.split("Overdue", 1)[1].split("Due this week", 1)[0].count("Late payment: Transport") == 10


@_at("2026-06-01T09:00:00+01:00")
def test_a_persons_deadlines_are_their_organisations_and_their_boards(late_payments, vcs_admin, other_vcs_organisation):
    outsider = factories.MembershipFactory(organisation=other_vcs_organisation).user
    assert len(calendar.deadlines_for(vcs_admin)) == 60
    assert list(calendar.deadlines_for(outsider)) == []
    assert b"Late payment: Transport" in calendar.ics_for(vcs_admin)


@_at("2026-06-01T09:00:00+01:00")
def test_a_board_of_one_compact_counts_only_that_compacts_deadlines(client, late_payments, council):
    other = factories.CompactFactory()
    elsewhere = factories.OrganisationFactory(compact=other, sector="public")
    agreement = FundingAgreementFactory(
        funder=elsewhere,
        recipient=factories.OrganisationFactory(compact=other),
        title="Elsewhere",
        ends_on=dt.date(2029, 1, 1),
    )
    PaymentSchedule.objects.create(agreement=agreement, due_on=dt.date(2026, 5, 1), amount=10)
    today = dt.date(2026, 6, 1)
    assert open_deadlines.board_windows(today)["overdue"][1] == 61
    assert open_deadlines.board_windows(today, [council.compact_id])["overdue"][1] == 60
    assert open_deadlines.board_windows(today, [other.pk])["overdue"][1] == 1
    client.force_login(factories.BoardMembershipFactory(compact=other, year=2026).user)
    page = client.get(reverse("board_dashboard")).content.decode()
    overdue = page.split("Overdue", 1)[1].split("Due this week", 1)[0]
    assert "Late payment: Elsewhere" in overdue and "Transport" not in overdue
    assert "1 deadline" in overdue


@_at("2026-06-01T09:00:00+01:00")
def test_the_boards_lists_follow_a_write_at_once(client, board_member, late_payments):
    client.force_login(board_member)
    assert client.get(reverse("board_dashboard")).content.decode().count("Late payment: Transport") == 50
    PaymentSchedule.objects.create(agreement=late_payments, due_on=dt.date(2026, 2, 1), amount=5)
    page = client.get(reverse("board_dashboard")).content.decode()
    assert "61 deadlines, 1 to 50 shown" in page and "1 February 2026" in page


@_at("2026-06-01T09:00:00+01:00")
def test_boards_of_different_compacts_do_not_share_their_lists(client, board_member, late_payments):
    client.force_login(board_member)
    assert "Late payment: Transport" in client.get(reverse("board_dashboard")).content.decode()
    client.force_login(factories.BoardMembershipFactory(compact=factories.CompactFactory(), year=2026).user)
    page = client.get(reverse("board_dashboard")).content.decode()
    assert "Late payment: Transport" not in page and "Nothing is overdue." in page


def test_a_sweep_reads_only_the_deadlines_due_a_reminder(late_payments, vcs_admin, django_assert_max_num_queries):
    with _at("2026-06-01T09:00:00+01:00"):
        assert reminders.sweep() == 60
        assert {r.kind for r in Reminder.objects.all()} == {"payment_late"}
        with django_assert_max_num_queries(7):  # nothing due: the lock, then a query a stage that finds nothing
            assert reminders.sweep() == 0
    late_payments.payments.update(paid_on=None)  # nothing changed that the sweep reads
    assert set(reminders.to_remind(dt.date(2026, 6, 1)).values_list("pk", flat=True)) == set()


def test_a_deadline_moved_later_is_reminded_again_at_its_new_lead_times(council, vcs_organisation, vcs_admin):
    agreement = FundingAgreementFactory(
        funder=council, recipient=vcs_organisation, title="Hall", ends_on=dt.date(2030, 1, 1)
    )
    payment = PaymentSchedule.objects.create(agreement=agreement, due_on=dt.date(2026, 6, 10), amount=10)
    with _at("2026-06-08T09:00:00+01:00"):
        assert reminders.sweep() == 1  # 3 days before
        payment.due_on = dt.date(2026, 7, 10)
        payment.save()
        assert reminders.sweep() == 0
    with _at("2026-06-26T09:00:00+01:00"):
        assert reminders.sweep() == 1  # 14 days before the new date
    with _at("2026-07-08T09:00:00+01:00"):
        assert reminders.sweep() == 0  # its 3-day reminder was written before, under the same key
    assert sorted(Reminder.objects.values_list("lead", flat=True)) == ["14d", "3d"]


def test_sent_reminders_older_than_the_retention_period_are_deleted(late_payments, vcs_admin, settings):
    settings.REMINDER_RETENTION_DAYS = 730
    with _at("2026-06-01T09:00:00+01:00"):
        reminders.sweep()
        Reminder.objects.filter(pk__in=list(Reminder.objects.values_list("pk", flat=True)[:40])).update(
            status=Reminder.Status.SENT, sent_at=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
        )
    with _at("2028-05-30T09:00:00+01:00"):
        assert reminders.delete_old(batch=7) == 0  # not yet 730 days
    with _at("2028-06-02T09:00:00+01:00"):
        assert reminders.delete_old(batch=7) == 40
    assert Reminder.objects.count() == 20 and not Reminder.objects.filter(status=Reminder.Status.SENT).exists()
