"""The board as the compact constitutes it (roles, the sector each seat represents, terms of
office and their reminders, the yearly self-review) and Compact champions (several an
organisation, training records, chased when none is trained), with a second compact in the
same deployment running other rules side by side."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from compact_portal import board_queue
from compact_portal import deadlines as registry
from signatories import governance, reminders, selectors, services
from signatories.deadlines import board_terms_ending, champions_due
from signatories.models import BoardMembership, BoardSelfReview, Champion, OpenDeadline, Reminder, Sector
from tests import factories
from undertakings.models import Edition, TimelineRules


def _at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T09:00:00+00:00"), tick=False)


@pytest.fixture(autouse=True)
def _only_signatories_deadlines(monkeypatch):
    kept = [p for p in registry.PROVIDERS if p.__module__.split(".")[0] == "signatories"]
    monkeypatch.setattr(registry, "PROVIDERS", kept)


@pytest.fixture
def other_compact(db):
    """A second compact in the same deployment with rules of its own: champion training lasts
    two years, and the board hears of a term ending twelve weeks ahead."""
    compact = factories.CompactFactory(name="Othershire Compact", area="Othershire")
    TimelineRules.objects.create(compact=compact, champion_training_months=24, board_term_reminder_weeks=12)
    factories.EditionFactory(compact=compact, label="2026", status=Edition.Status.ADOPTED)
    return compact


# The board ---------------------------------------------------------------------------------


def test_a_seat_carries_its_role_and_the_sector_it_represents(compact):
    seat = factories.BoardMembershipFactory(
        compact=compact, role=BoardMembership.Role.VICE_CHAIR, sector=Sector.VCS, year=2027
    )
    assert seat.role_in_words == "Vice-chair (Voluntary and community sector)"
    assert "Vice-chair (Voluntary and community sector)" in str(seat)


def test_two_compacts_constitute_their_boards_differently(compact, other_compact):
    """Co-chairs one per sector beside an independent chair with joint vice-chairs."""
    factories.BoardMembershipFactory(compact=compact, role=BoardMembership.Role.CO_CHAIR, sector=Sector.PUBLIC)
    factories.BoardMembershipFactory(compact=compact, role=BoardMembership.Role.CO_CHAIR, sector=Sector.VCS)
    factories.BoardMembershipFactory(compact=other_compact, role=BoardMembership.Role.INDEPENDENT_CHAIR)
    for sector in (Sector.PUBLIC, Sector.VCS):
        factories.BoardMembershipFactory(compact=other_compact, role=BoardMembership.Role.VICE_CHAIR, sector=sector)

    def shape(of):
        return sorted(selectors.board_seats(compact=of).values_list("role", "sector"))

    assert shape(compact) == [("co_chair", "public"), ("co_chair", "vcs")]
    assert shape(other_compact) == [("independent_chair", ""), ("vice_chair", "public"), ("vice_chair", "vcs")]


def test_a_term_of_office_ends_after_it_starts(compact):
    seat = factories.BoardMembershipFactory(compact=compact)
    seat.term_starts_on, seat.term_ends_on = dt.date(2027, 4, 1), dt.date(2027, 3, 31)
    with pytest.raises(ValidationError, match="must end after it starts"):
        seat.full_clean()


def test_an_independent_chair_represents_no_sector(compact):
    seat = factories.BoardMembershipFactory(
        compact=compact, role=BoardMembership.Role.INDEPENDENT_CHAIR, sector=Sector.PUBLIC
    )
    with pytest.raises(ValidationError, match="independent chair"):
        seat.full_clean()


def test_the_board_is_reminded_before_a_term_ends_by_each_compacts_rule(compact, other_compact):
    ends_on = dt.date(2027, 3, 31)
    here = factories.BoardMembershipFactory(compact=compact, year=2027, term_ends_on=ends_on)
    there = factories.BoardMembershipFactory(compact=other_compact, year=2027, term_ends_on=ends_on)
    due = {d.compact_id: d for d in board_terms_ending(None)}
    assert due[compact.pk].due_on == ends_on - dt.timedelta(weeks=governance.BOARD_TERM_REMINDER_WEEKS)
    assert due[other_compact.pk].due_on == ends_on - dt.timedelta(weeks=12)
    assert due[compact.pk].notify_board and "ends on 31 March 2027" in due[compact.pk].title
    # Kept in the open deadlines table on every write, for the board's dashboard and the sweep.
    assert OpenDeadline.objects.get(key=f"board-seat:{here.pk}:term-ends:2027-03-31").due_on == due[compact.pk].due_on
    there.term_ends_on = dt.date(2027, 6, 30)
    there.save()
    assert OpenDeadline.objects.get(source=f"board-seat:{there.pk}").due_on == dt.date(2027, 4, 7)


def test_changing_a_compacts_rule_moves_its_term_reminders(compact):
    seat = factories.BoardMembershipFactory(compact=compact, year=2027, term_ends_on=dt.date(2027, 3, 31))
    rules = compact.rules
    rules.board_term_reminder_weeks = 4
    rules.save()
    assert OpenDeadline.objects.get(source=f"board-seat:{seat.pk}").due_on == dt.date(2027, 3, 3)


def test_the_seat_holder_and_the_board_are_reminded_of_a_term_ending(compact, board_member):
    holder = factories.BoardMembershipFactory(compact=compact, year=2027, term_ends_on=dt.date(2027, 3, 31))
    factories.BoardMembershipFactory(compact=compact, user=board_member, year=2027)
    with _at("2027-01-25"):  # within 14 days of 3 February, eight weeks before the term ends
        reminders.sweep()
    told = set(Reminder.objects.filter(kind="board_term_ends").values_list("recipient_id", flat=True))
    assert told == {holder.user_id, board_member.pk}


def test_a_seat_without_a_term_makes_no_deadline(compact):
    factories.BoardMembershipFactory(compact=compact)
    assert list(board_terms_ending(None)) == []


def test_the_latest_self_review_of_a_year_is_read_for_the_annual_review(compact, other_compact):
    BoardSelfReview.objects.create(
        compact=compact, year=2026, held_on=dt.date(2026, 6, 1), went_well="Quorate", to_improve="Papers"
    )
    latest = BoardSelfReview.objects.create(
        compact=compact,
        year=2026,
        held_on=dt.date(2026, 12, 1),
        went_well="Both sectors chaired",
        to_improve="Late papers",
        actions="Papers a week ahead\n- Meet at the chamber",
    )
    assert selectors.board_self_review(compact, 2026) == latest
    assert latest.action_list == ["Papers a week ahead", "Meet at the chamber"]
    assert selectors.board_self_review(compact, 2025) is None
    assert selectors.board_self_review(other_compact, 2026) is None


def test_the_queue_asks_for_this_years_self_review_until_it_is_recorded(compact, edition, other_compact):
    today = dt.date(2027, 2, 1)
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.ADOPTED)
    assert board_queue.self_reviews_to_record({compact.pk, other_compact.pk}, today).count() == 2
    BoardSelfReview.objects.create(compact=compact, year=2027, held_on=today, went_well="Quorate", to_improve="Papers")
    assert list(board_queue.self_reviews_to_record({compact.pk, other_compact.pk}, today)) == [other_compact]
    [item] = [i for i in board_queue.waiting_for({other_compact.pk}, today) if i.key == "self_reviews"]
    assert item.label == "board self-review of 2027 to record"
    assert item.url == reverse("admin:signatories_boardselfreview_changelist")


def test_a_board_member_records_the_self_review_in_the_admin(client, compact, board_member):
    client.force_login(board_member)
    response = client.post(
        reverse("admin:signatories_boardselfreview_add"),
        {
            "compact": compact.pk,
            "year": 2026,
            "held_on": "2026-12-01",
            "went_well": "Meetings were quorate",
            "to_improve": "Papers went out late",
            "actions": "Papers a week ahead",
        },
    )
    assert response.status_code == 302
    review = BoardSelfReview.objects.get()
    assert review.recorded_by == board_member and review.to_improve == "Papers went out late"


# Compact champions -------------------------------------------------------------------------


def test_an_organisation_names_champions_in_several_departments_with_training(
    client, council, council_officer, compact
):
    colleague = factories.MembershipFactory(organisation=council).user
    client.force_login(council_officer)
    url = reverse("signatories:champion", args=[council.slug])
    for person, department in ((council_officer, "Adult social care"), (colleague, "Commissioning")):
        response = client.post(
            url,
            {
                "champion": person.pk,
                "department": department,
                "telephone": "01234 567890",
                "trained_on": "01/03/2026",
                "course": "Compact essentials",
            },
        )
        assert response.status_code == 302
    assert sorted(council.champions.values_list("department", flat=True)) == ["Adult social care", "Commissioning"]
    page = client.get(url).content.decode()
    assert "Adult social care" in page and "Compact essentials, 1 March 2026" in page
    # Recording a refresher adds to the champion's training records.
    client.post(url, {"champion": colleague.pk, "department": "Commissioning", "trained_on": "01/02/2027"})
    assert council.champions.count() == 2
    refreshed = Champion.objects.get(user=colleague)
    assert sorted(str(t.trained_on) for t in refreshed.trainings.all()) == ["2026-03-01", "2027-02-01"]


def test_an_admin_removes_a_champion_who_has_left(client, vcs_organisation, vcs_admin, vcs_member):
    champion = factories.name_champion(vcs_organisation, vcs_member, dt.date(2026, 3, 1))
    client.force_login(vcs_admin)
    client.post(reverse("signatories:champion", args=[vcs_organisation.slug]), {"remove": champion.pk})
    assert not vcs_organisation.champions.exists()


def test_a_member_may_not_name_champions(vcs_organisation, vcs_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.name_champion(organisation=vcs_organisation, champion=vcs_member, trained_on=None, by=vcs_member)


def test_training_lasts_the_portals_default_where_no_compact_states_it(compact):
    rules = compact.rules
    assert rules.champion_training_months is None and rules.training_months == governance.CHAMPION_TRAINING_MONTHS
    field = TimelineRules._meta.get_field("champion_training_months")
    assert "portal's default" in field.help_text and "no Compact states it" in field.help_text


def test_training_lapses_by_each_compacts_rule(compact, other_compact):
    here = factories.OrganisationFactory(compact=compact)
    there = factories.OrganisationFactory(compact=other_compact)
    factories.name_champion(here, factories.MembershipFactory(organisation=here).user, dt.date(2026, 3, 1))
    factories.name_champion(there, factories.MembershipFactory(organisation=there).user, dt.date(2026, 3, 1))
    lapses = {d.compact_id: d.due_on for d in champions_due(None) if d.kind == "champion_training"}
    assert lapses == {compact.pk: dt.date(2027, 3, 1), other_compact.pk: dt.date(2028, 3, 1)}


def test_each_champions_training_lapses_on_its_own(vcs_organisation, vcs_member, vcs_admin):
    factories.name_champion(vcs_organisation, vcs_member, dt.date(2026, 3, 1), department="Youth work")
    factories.name_champion(vcs_organisation, vcs_admin, dt.date(2026, 9, 1), department="Advice")
    lapses = {d.due_on: d.title for d in champions_due([vcs_organisation.pk])}
    assert sorted(lapses) == [dt.date(2027, 3, 1), dt.date(2027, 9, 1)]
    assert "Youth work" in lapses[dt.date(2027, 3, 1)] and "Advice" in lapses[dt.date(2027, 9, 1)]


def test_the_board_lists_signatories_without_a_trained_champion_by_each_compacts_rule(compact, other_compact):
    today = dt.date(2027, 6, 1)
    none_named = factories.OrganisationFactory(compact=compact, name="None named")
    untrained = factories.OrganisationFactory(compact=compact, name="Untrained")
    factories.name_champion(untrained, factories.MembershipFactory(organisation=untrained).user)
    lapsed = factories.OrganisationFactory(compact=compact, name="Lapsed")
    factories.name_champion(lapsed, factories.MembershipFactory(organisation=lapsed).user, dt.date(2026, 3, 1))
    current = factories.OrganisationFactory(compact=compact, name="Current")
    factories.name_champion(current, factories.MembershipFactory(organisation=current).user, dt.date(2026, 9, 1))
    # Trained on the same day as "Lapsed", but in a compact whose training lasts two years.
    kept = factories.OrganisationFactory(compact=other_compact, name="Kept up")
    factories.name_champion(kept, factories.MembershipFactory(organisation=kept).user, dt.date(2026, 3, 1))
    listed = board_queue.organisations_without_champion(None, today)
    assert sorted(listed.values_list("name", flat=True)) == sorted(["None named", "Untrained", "Lapsed"])
    assert none_named in listed
    assert board_queue.organisations_without_champion({other_compact.pk}, today).count() == 0
    [item] = [i for i in board_queue.waiting_for({compact.pk}, today) if i.key == "champions"]
    assert (item.count, item.label) == (3, "signatories without a trained Compact champion")


def test_the_admins_of_a_signatory_without_a_champion_are_reminded(vcs_organisation, vcs_admin, edition):
    factories.SignatureFactory(organisation=vcs_organisation, edition=edition, signed_on=dt.date(2026, 1, 15))
    [missing] = [d for d in champions_due([vcs_organisation.pk]) if d.kind == "champion_missing"]
    assert missing.due_on == dt.date(2026, 4, 15) and "to name and train a Compact champion" in missing.title
    with _at("2026-04-15"):
        reminders.sweep()
    assert list(Reminder.objects.filter(kind="champion_missing").values_list("recipient_id", flat=True)) == [
        vcs_admin.pk
    ]


def test_naming_a_trained_champion_stops_the_chase(vcs_organisation, vcs_member, edition):
    factories.SignatureFactory(organisation=vcs_organisation, edition=edition, signed_on=dt.date(2026, 1, 15))
    assert OpenDeadline.objects.filter(kind="champion_missing").exists()
    factories.name_champion(vcs_organisation, vcs_member, dt.date(2026, 3, 1))
    assert not OpenDeadline.objects.filter(kind="champion_missing").exists()
    assert OpenDeadline.objects.filter(kind="champion_training").exists()


def test_the_queue_links_to_the_signatories_without_a_trained_champion(client, compact, board_member):
    factories.OrganisationFactory(compact=compact, name="Nobody Named Trust")
    trained = factories.OrganisationFactory(compact=compact, name="Trained Champions Trust")
    factories.name_champion(trained, factories.MembershipFactory(organisation=trained).user, dt.date.today())
    [item] = [i for i in board_queue.waiting_for({compact.pk}, dt.date.today()) if i.key == "champions"]
    client.force_login(board_member)
    html = client.get(item.url).content.decode()
    assert "Nobody Named Trust" in html and "Trained Champions Trust" not in html
