"""The panel: convened by the board from that year's resolution group, 2 from each sector,
none connected with the case (Stafford procedure stage 2); its chair, its decision, the hearing,
further meetings and each party's representatives."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from compact_portal import workdays
from disputes import services
from disputes.models import Meeting, Outcome, PanelMember, Stage
from signatories.models import Sector
from tests import factories

from . import helpers

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.messages


def test_the_portal_proposes_exactly_two_from_each_sector(referred_case, seats):
    helpers.resolution_group(referred_case.compact, referred_case.referral_received_on.year, public=1, vcs=1)
    proposal = services.propose_panel(referred_case)
    assert sorted(seat.sector for seat in proposal.seats) == ["public", "public", "vcs", "vcs"]
    assert not proposal.shortfalls


def test_the_proposal_leaves_out_anyone_connected_with_either_party(
    referred_case, seats, vcs_organisation, council, vcs_admin, council_officer
):
    year = referred_case.referral_received_on.year
    compact = referred_case.compact
    member_of_complainant = factories.ResolutionGroupMembershipFactory(
        compact=compact, user=vcs_admin, sector=Sector.VCS, year=year
    )
    member_of_respondent = factories.ResolutionGroupMembershipFactory(
        compact=compact, user=council_officer, sector=Sector.PUBLIC, year=year
    )
    seat_for_a_party = factories.ResolutionGroupMembershipFactory(
        compact=compact, organisation=council, sector=Sector.PUBLIC, year=year
    )
    declared = helpers.resolution_group(compact, year, public=0, vcs=1)[0]
    services.declare_conflict(case=referred_case, by=declared.user, reason="I volunteer there")
    proposal = services.propose_panel(referred_case)
    left_out = dict(proposal.unavailable)
    assert {member_of_complainant, member_of_respondent, seat_for_a_party, declared} == set(left_out)
    assert "is a member of one of the organisations in the case" in left_out[member_of_complainant]
    assert "is a member of one of the organisations in the case" in left_out[member_of_respondent]
    assert "sits on the resolution group for one of the organisations" in left_out[seat_for_a_party]
    assert "declared a conflict of interest" in left_out[declared]
    assert not set(proposal.seats) & set(left_out)
    # The reason names the person, never the organisations in the case.
    assert not any(vcs_organisation.name in reason or council.name in reason for reason in left_out.values())


def test_the_proposal_comes_from_the_year_the_referral_was_received(referred_case):
    helpers.resolution_group(referred_case.compact, referred_case.referral_received_on.year - 1)
    proposal = services.propose_panel(referred_case)
    assert proposal.seats == []
    assert len(proposal.shortfalls) == 2
    assert "has 0 available public sector members; the panel needs 2" in proposal.shortfalls[0]


def test_the_board_convenes_the_proposed_panel(referred_case, seats, board_member, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        panel = services.convene_panel(case=referred_case, seats=seats, by=board_member)
    assert panel.convened_on == workdays.today() and panel.convened_by == board_member
    assert sorted((m.user_id, m.sector) for m in panel.members.all()) == sorted((s.user_id, s.sector) for s in seats)
    appointed = [m for m in mail.outbox if "You are on the panel" in m.subject]
    assert sorted(appointed[0].to) == sorted(s.user.email for s in seats)


@pytest.mark.parametrize("public, vcs", [(1, 2), (3, 1), (2, 3), (0, 0)])
def test_the_panel_must_have_exactly_two_from_each_sector(referred_case, board_member, public, vcs):
    group = helpers.resolution_group(referred_case.compact, referred_case.referral_received_on.year, public=3, vcs=3)
    chosen = [s for s in group if s.sector == "public"][:public] + [s for s in group if s.sector == "vcs"][:vcs]
    problems = (
        refused(services.convene_panel, case=referred_case, seats=chosen, by=board_member)
        if chosen
        else services.panel_refusals(referred_case, chosen)
    )
    if public != 2:
        assert f"Choose exactly 2 members from the public sector; you chose {public}." in problems
    if vcs != 2:
        assert f"Choose exactly 2 members from the voluntary and community sector; you chose {vcs}." in problems
    assert not hasattr(referred_case, "panel") or referred_case.panel_or_none() is None


def test_the_number_per_sector_is_the_compacts_rule(referred_case, board_member):
    rules = referred_case.compact.rules
    rules.panel_members_per_sector = 1
    rules.save()
    group = helpers.resolution_group(referred_case.compact, referred_case.referral_received_on.year, public=1, vcs=1)
    services.convene_panel(case=referred_case, seats=group, by=board_member)
    assert referred_case.panel.members.count() == 2


def test_a_connected_member_is_refused_with_the_reason(referred_case, seats, board_member, vcs_member):
    connected = factories.ResolutionGroupMembershipFactory(
        compact=referred_case.compact, user=vcs_member, sector=Sector.VCS, year=referred_case.referral_received_on.year
    )
    chosen = seats[:3] + [connected]
    problems = refused(services.convene_panel, case=referred_case, seats=chosen, by=board_member)
    assert problems == [
        f"{vcs_member} is a member of one of the organisations in the case, so cannot sit on this panel."
    ]


def test_someone_who_declared_a_conflict_is_refused(referred_case, seats, board_member):
    services.declare_conflict(case=referred_case, by=seats[0].user, reason="Former trustee")
    problems = refused(services.convene_panel, case=referred_case, seats=seats, by=board_member)
    assert problems == [
        f"{seats[0].user} has declared a conflict of interest in this case, so cannot sit on this panel."
    ]


def test_a_member_from_another_year_is_refused(referred_case, seats, board_member):
    last_year = helpers.resolution_group(
        referred_case.compact, referred_case.referral_received_on.year - 1, public=1, vcs=0
    )[0]
    problems = refused(services.convene_panel, case=referred_case, seats=[last_year] + seats[1:], by=board_member)
    assert f"{last_year.user} is not in the {referred_case.referral_received_on.year} resolution group" in problems[0]


def test_only_the_board_convenes(referred_case, seats, vcs_admin):
    assert refused(services.convene_panel, case=referred_case, seats=seats, by=vcs_admin) == [
        "Only the Compact board can do this."
    ]


def test_only_the_resolution_group_declares_conflicts(referred_case, other_member):
    assert refused(services.declare_conflict, case=referred_case, by=other_member, reason="x") == [
        "Only members of the resolution group can do this."
    ]


def test_a_panel_can_be_changed_until_the_hearing(convened_case, seats, panel_member, board_member):
    services.choose_chair(case=convened_case, by=panel_member, chair=panel_member)
    replacement = helpers.resolution_group(
        convened_case.compact, convened_case.referral_received_on.year, public=1, vcs=0
    )[0]
    new_seats = [replacement] + seats[1:]
    services.convene_panel(case=convened_case, seats=new_seats, by=board_member)
    convened_case.refresh_from_db()
    assert set(convened_case.panel.members.values_list("user", flat=True)) == {s.user_id for s in new_seats}
    assert convened_case.panel.chair is None  # the old chair left the panel
    member = new_seats[1].user
    services.decide_compact_matter(case=convened_case, by=member, concerns_compact_undertakings=True, reasons="r")
    services.schedule_meeting(case=convened_case, by=member, kind=Meeting.Kind.HEARING, scheduled_on=workdays.today())
    assert (
        "no longer be changed" in refused(services.convene_panel, case=convened_case, seats=seats, by=board_member)[0]
    )


def test_the_panel_chooses_its_chair_from_its_members(convened_case, panel_member, board_member):
    assert (
        "one of the panel's members"
        in refused(services.choose_chair, case=convened_case, by=panel_member, chair=board_member)[0]
    )
    services.choose_chair(case=convened_case, by=panel_member, chair=panel_member)
    assert convened_case.panel.chair == panel_member


def test_only_the_panel_chooses_its_chair(convened_case, board_member, panel_member):
    assert refused(services.choose_chair, case=convened_case, by=board_member, chair=panel_member) == [
        "Only the members of the panel can do this."
    ]


def test_a_concern_that_is_not_about_the_compact_closes_with_reasons(convened_case, panel_member):
    assert (
        "summary for the annual report"
        in refused(
            services.decide_compact_matter,
            case=convened_case,
            by=panel_member,
            concerns_compact_undertakings=False,
            reasons="It is about a lease, not the Compact",
        )[0]
    )
    services.decide_compact_matter(
        case=convened_case,
        by=panel_member,
        concerns_compact_undertakings=False,
        reasons="It is about a lease, not the Compact",
        outcome_summary="A property matter outside the Compact.",
    )
    convened_case.refresh_from_db()
    assert convened_case.stage == Stage.CLOSED
    assert convened_case.outcome == Outcome.NOT_COMPACT_MATTER
    assert convened_case.moves.last().reason == "It is about a lease, not the Compact"
    assert convened_case.panel.decided_on == workdays.today()


def test_the_panel_decides_once(convened_case, panel_member):
    services.decide_compact_matter(case=convened_case, by=panel_member, concerns_compact_undertakings=True, reasons="r")
    assert (
        "already decided"
        in refused(
            services.decide_compact_matter,
            case=convened_case,
            by=panel_member,
            concerns_compact_undertakings=True,
            reasons="r",
        )[0]
    )


# The hearing and further meetings ----------------------------------------------------------


@pytest.fixture
def compact_matter(convened_case, panel_member):
    services.decide_compact_matter(case=convened_case, by=panel_member, concerns_compact_undertakings=True, reasons="r")
    return convened_case


def hearing(case, by, on, kind=Meeting.Kind.HEARING):
    return services.schedule_meeting(case=case, by=by, kind=kind, scheduled_on=on)


def test_the_hearing_needs_the_panels_decision_first(convened_case, panel_member):
    assert "must first decide" in refused(hearing, case=convened_case, by=panel_member, on=workdays.today())[0]


def test_the_hearing_is_no_later_than_eight_weeks_from_receipt(compact_matter, panel_member):
    received = compact_matter.referral_received_on
    latest = received + timedelta(weeks=8)
    message = refused(hearing, case=compact_matter, by=panel_member, on=latest + timedelta(days=1))[0]
    assert message == (
        "The hearing must be no later than 8 weeks after the board received the referral: "
        f"choose {workdays.format_date(latest)} or earlier."
    )
    assert hearing(compact_matter, panel_member, latest).scheduled_on == latest


def test_the_hearing_is_not_before_receipt(compact_matter, panel_member):
    before = compact_matter.referral_received_on - timedelta(days=1)
    assert (
        "cannot be before the board received the referral"
        in refused(hearing, case=compact_matter, by=panel_member, on=before)[0]
    )


def test_there_is_one_hearing_and_further_meetings_follow_it(compact_matter, panel_member):
    today = workdays.today()
    assert (
        "Set the hearing first"
        in refused(hearing, case=compact_matter, by=panel_member, on=today, kind=Meeting.Kind.FURTHER)[0]
    )
    first = hearing(compact_matter, panel_member, today + timedelta(days=10))
    assert "already set" in refused(hearing, case=compact_matter, by=panel_member, on=today)[0]
    assert (
        "comes after the hearing"
        in refused(hearing, case=compact_matter, by=panel_member, on=today, kind=Meeting.Kind.FURTHER)[0]
    )
    # Further meetings may go beyond the 8 weeks.
    later = hearing(compact_matter, panel_member, today + timedelta(weeks=12), kind=Meeting.Kind.FURTHER)
    another = hearing(compact_matter, panel_member, today + timedelta(weeks=14), kind=Meeting.Kind.FURTHER)
    assert list(compact_matter.panel.meetings.all()) == [first, later, another]


def test_the_hearing_date_can_be_changed_within_the_limit(compact_matter, panel_member):
    first = hearing(compact_matter, panel_member, workdays.today())
    moved = services.schedule_meeting(
        case=compact_matter,
        by=panel_member,
        meeting=first,
        kind="",
        scheduled_on=workdays.today() + timedelta(days=3),
        notes="Moved at request",
    )
    assert moved.pk == first.pk and moved.notes == "Moved at request"
    assert (
        "no later than 8 weeks"
        in refused(
            services.schedule_meeting,
            case=compact_matter,
            by=panel_member,
            meeting=first,
            kind="",
            scheduled_on=compact_matter.hearing_by + timedelta(days=1),
        )[0]
    )


def test_the_hearing_limit_is_the_compacts_rule(compact_matter, panel_member):
    rules = compact_matter.compact.rules
    rules.hearing_weeks = 6
    rules.save()
    six_weeks = compact_matter.referral_received_on + timedelta(weeks=6)
    assert (
        "no later than 6 weeks"
        in refused(hearing, case=compact_matter, by=panel_member, on=six_weeks + timedelta(days=1))[0]
    )


def test_only_the_panel_sets_meetings(compact_matter, vcs_admin, board_member):
    for outsider in (vcs_admin, board_member):
        assert refused(hearing, case=compact_matter, by=outsider, on=workdays.today()) == [
            "Only the members of the panel can do this."
        ]


# Representatives ---------------------------------------------------------------------------


def add(case, by, organisation, name, supporting=False):
    return services.add_representative(
        case=case,
        by=by,
        organisation=organisation,
        name=name,
        from_supporting_organisation=supporting,
        supporting_organisation="Support Org" if supporting else "",
    )


def test_each_party_brings_at_most_two_representatives(
    referred_case, vcs_admin, vcs_organisation, council_officer, council
):
    add(referred_case, vcs_admin, vcs_organisation, "Ann")
    add(referred_case, vcs_admin, vcs_organisation, "Bob", supporting=True)
    message = refused(add, case=referred_case, by=vcs_admin, organisation=vcs_organisation, name="Cat")[0]
    assert "already named 2 representatives, the most each organisation may bring" in message
    # The other party still has its own two.
    add(referred_case, council_officer, council, "Dee")
    add(referred_case, council_officer, council, "Eve")
    assert referred_case.representatives.count() == 4


def test_at_most_one_representative_from_a_supporting_organisation(referred_case, vcs_admin, vcs_organisation):
    add(referred_case, vcs_admin, vcs_organisation, "Ann", supporting=True)
    assert refused(
        add, case=referred_case, by=vcs_admin, organisation=vcs_organisation, name="Bob", supporting=True
    ) == ["Only one of an organisation's representatives may come from a supporting organisation."]


def test_a_supporting_representative_names_the_organisation(referred_case, vcs_admin, vcs_organisation):
    assert (
        "Name the supporting organisation"
        in refused(
            services.add_representative,
            case=referred_case,
            by=vcs_admin,
            organisation=vcs_organisation,
            name="Ann",
            from_supporting_organisation=True,
            supporting_organisation="",
        )[0]
    )


def test_a_party_names_only_its_own_representatives(referred_case, vcs_admin, council):
    assert "your own organisation" in refused(add, case=referred_case, by=vcs_admin, organisation=council, name="X")[0]


def test_a_representative_can_be_removed_to_make_room(referred_case, vcs_admin, vcs_organisation, council_officer):
    first = add(referred_case, vcs_admin, vcs_organisation, "Ann")
    add(referred_case, vcs_admin, vcs_organisation, "Bob")
    assert (
        "your own organisation"
        in refused(services.remove_representative, case=referred_case, by=council_officer, representative=first)[0]
    )
    services.remove_representative(case=referred_case, by=vcs_admin, representative=first)
    add(referred_case, vcs_admin, vcs_organisation, "Cat")
    assert sorted(referred_case.representatives.values_list("name", flat=True)) == ["Bob", "Cat"]


def test_representatives_belong_to_stage_2(stage_1_case, vcs_admin, vcs_organisation):
    assert (
        "possible only at stage 2"
        in refused(add, case=stage_1_case, by=vcs_admin, organisation=vcs_organisation, name="Ann")[0]
    )


def test_the_representatives_limit_is_the_compacts_rule(referred_case, vcs_admin, vcs_organisation):
    rules = referred_case.compact.rules
    rules.representatives_per_party = 1
    rules.save()
    add(referred_case, vcs_admin, vcs_organisation, "Ann")
    assert (
        "already named 1 representative,"
        in refused(add, case=referred_case, by=vcs_admin, organisation=vcs_organisation, name="Bob")[0]
    )


def test_panel_members_are_recorded_with_their_sector(convened_case, seats):
    assert sorted(PanelMember.objects.filter(panel__case=convened_case).values_list("sector", flat=True)) == [
        "public",
        "public",
        "vcs",
        "vcs",
    ]
