"""The deadline snapshot: the registry's open deadlines stored for the pages that list them,
refreshed with only what changed, and at most DEADLINE_SNAPSHOT_MAX_AGE behind the record."""
import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from compact_portal import deadlines
from consultations.models import PaymentSchedule
from signatories import calendar, snapshot
from signatories.models import DeadlineSnapshot, OpenDeadline
from tests.consultations.factories import FundingAgreementFactory


def _at(moment: str):
    return time_machine.travel(dt.datetime.fromisoformat(moment), tick=False)


@pytest.fixture
def late_payments(council, vcs_organisation):
    """Sixty payments, each a day later than the one before, all overdue on 1 June 2026."""
    agreement = FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Transport")
    PaymentSchedule.objects.bulk_create([
        PaymentSchedule(agreement=agreement, due_on=dt.date(2026, 3, 1) + dt.timedelta(days=n), amount=100)
        for n in range(60)])
    return agreement


def _stored():
    return {(d.key, d.due_on, d.title) for d in OpenDeadline.objects.all()}


def _live(today):
    return {(d.key, d.due_on, d.title) for d in deadlines.open_deadlines(today)}


@_at("2026-06-01T09:00:00+01:00")
def test_the_snapshot_holds_every_open_deadline_with_its_organisations(late_payments, council, vcs_organisation):
    snapshot.refresh()
    assert _stored() == _live(dt.date(2026, 6, 1))
    payment = OpenDeadline.objects.filter(kind="payment_late").first()
    assert set(payment.organisations.values_list("pk", flat=True)) == {council.pk, vcs_organisation.pk}


@_at("2026-06-01T09:00:00+01:00")
def test_a_refresh_writes_only_what_changed(late_payments, council, vcs_organisation):
    other = FundingAgreementFactory(funder=council, recipient=vcs_organisation, title="Youth work")
    PaymentSchedule.objects.create(agreement=other, due_on=dt.date(2026, 5, 1), amount=100)
    snapshot.refresh()
    ids = dict(OpenDeadline.objects.values_list("key", "pk"))
    snapshot.refresh()
    assert dict(OpenDeadline.objects.values_list("key", "pk")) == ids  # nothing changed, nothing rewritten
    paid = late_payments.payments.order_by("due_on").first()
    paid.paid_on = dt.date(2026, 5, 30)
    paid.save()
    other.title = "Youth clubs"
    other.save()
    snapshot.refresh()
    assert _stored() == _live(dt.date(2026, 6, 1))
    now = dict(OpenDeadline.objects.values_list("key", "pk"))
    assert f"payment:{paid.pk}:due" not in now
    changed = {key for key in now if now[key] != ids.get(key)}
    assert changed == {f"payment:{p.pk}:due" for p in other.payments.all()}


def test_pages_refresh_a_snapshot_that_is_not_todays_or_is_too_old(late_payments, settings):
    settings.DEADLINE_SNAPSHOT_MAX_AGE = 600
    with _at("2026-06-01T09:00:00+01:00"):
        taken = snapshot.current()
    with _at("2026-06-01T09:05:00+01:00"):
        assert snapshot.current().taken_at == taken.taken_at  # fresh enough: as it was
    with _at("2026-06-01T09:11:00+01:00"):
        assert snapshot.current().taken_at > taken.taken_at
    with _at("2026-06-02T00:01:00+01:00"):
        assert snapshot.current().taken_on == dt.date(2026, 6, 2)
    assert DeadlineSnapshot.objects.count() == 1


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
    from tests import factories

    outsider = factories.MembershipFactory(organisation=other_vcs_organisation).user
    assert len(calendar.deadlines_for(vcs_admin)) == 60
    assert list(calendar.deadlines_for(outsider)) == []


@_at("2026-06-01T09:00:00+01:00")
def test_a_board_of_one_compact_counts_only_that_compacts_deadlines(client, late_payments, council):
    from tests import factories

    other = factories.CompactFactory()
    elsewhere = factories.OrganisationFactory(compact=other, sector="public")
    agreement = FundingAgreementFactory(funder=elsewhere, recipient=factories.OrganisationFactory(compact=other),
                                        title="Elsewhere")
    PaymentSchedule.objects.create(agreement=agreement, due_on=dt.date(2026, 5, 1), amount=10)
    taken = snapshot.refresh()
    assert taken.count_due(until=dt.date(2026, 5, 31)) == 61
    assert taken.count_due(until=dt.date(2026, 5, 31), compact_ids=[council.compact_id]) == 60
    assert taken.count_due(until=dt.date(2026, 5, 31), compact_ids=[other.pk]) == 1
    client.force_login(factories.BoardMembershipFactory(compact=other, year=2026).user)
    page = client.get(reverse("board_dashboard")).content.decode()
    overdue = page.split("Overdue", 1)[1].split("Due this week", 1)[0]
    assert "Late payment: Elsewhere" in overdue and "Transport" not in overdue
    assert "1 deadline" in overdue


@_at("2026-06-01T09:00:00+01:00")
def test_the_boards_lists_are_a_page_at_a_time_and_follow_a_refresh(client, board_member, late_payments):
    client.force_login(board_member)
    assert client.get(reverse("board_dashboard")).content.decode().count("Late payment: Transport") == 50
    # A later page of a list is a page of its own.
    assert client.get(reverse("board_dashboard") + "?overdue=2").content.decode().count("Late payment: Transport") == 10
    # A payment made late is on the dashboard once the snapshot has been refreshed.
    PaymentSchedule.objects.create(agreement=late_payments, due_on=dt.date(2026, 2, 1), amount=5)
    snapshot.refresh()
    page = client.get(reverse("board_dashboard")).content.decode()
    assert "61 deadlines, 1 to 50 shown" in page and "1 February 2026" in page


@_at("2026-06-01T09:00:00+01:00")
def test_boards_of_different_compacts_do_not_share_their_lists(client, board_member, late_payments):
    from tests import factories

    client.force_login(board_member)
    assert "Late payment: Transport" in client.get(reverse("board_dashboard")).content.decode()
    client.force_login(factories.BoardMembershipFactory(compact=factories.CompactFactory(), year=2026).user)
    page = client.get(reverse("board_dashboard")).content.decode()
    assert "Late payment: Transport" not in page and "Nothing is overdue." in page
