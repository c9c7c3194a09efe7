"""Invitations for council officers, Compact champions, board seats."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from signatories import permissions, services
from signatories.models import Membership
from tests import factories


def test_board_invites_an_officer_who_joins_through_the_link(
    client, council, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_officer(organisation=council, email="Officer@Example.org", by=board_member)
    assert invitation.get_absolute_url() in mail.outbox[0].body
    officer = factories.UserFactory(email="officer@example.org")
    client.force_login(officer)
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert "You have joined" in response.content.decode()
    assert Membership.objects.filter(user=officer, organisation=council).exists()
    assert permissions.is_council_officer(officer)


def test_an_invitation_works_only_for_the_invited_address_and_once(council, board_member):
    invitation = services.invite_officer(organisation=council, email="officer@example.org", by=board_member)
    with pytest.raises(PermissionDenied):
        services.accept_invitation(invitation=invitation, user=factories.UserFactory(email="someone@example.org"))
    services.accept_invitation(invitation=invitation, user=factories.UserFactory(email="officer@example.org"))
    with pytest.raises(ValidationError, match="already been used"):
        services.accept_invitation(invitation=invitation, user=factories.UserFactory(email="other@example.org"))


def test_officers_are_invited_only_to_public_bodies(vcs_organisation, board_member):
    with pytest.raises(ValidationError):
        services.invite_officer(organisation=vcs_organisation, email="x@example.org", by=board_member)


def test_admin_names_a_trained_champion_from_its_members(client, vcs_organisation, vcs_admin, vcs_member):
    client.force_login(vcs_admin)
    response = client.post(
        reverse("signatories:champion", args=[vcs_organisation.slug]),
        {"champion": vcs_member.pk, "trained_on": "01/03/2026"},
        follow=True,
    )
    assert "Compact champion saved" in response.content.decode()
    [champion] = vcs_organisation.champions.all()
    assert champion.user == vcs_member
    assert [str(t.trained_on) for t in champion.trainings.all()] == ["2026-03-01"]


def test_champion_must_be_a_member(vcs_organisation, vcs_admin):
    with pytest.raises(ValidationError):
        services.name_champion(
            organisation=vcs_organisation, champion=factories.UserFactory(), trained_on=None, by=vcs_admin
        )


def test_members_of_other_organisations_get_not_found(client, vcs_organisation, other_vcs_organisation):
    outsider = factories.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
    client.force_login(outsider)
    assert client.get(reverse("signatories:edit", args=[vcs_organisation.slug])).status_code == 404
    assert (
        client.post(reverse("signatories:edit", args=[vcs_organisation.slug]), {"name": "Hijacked"}).status_code == 404
    )


def test_board_seat_is_per_year(compact):
    seat = factories.BoardMembershipFactory(compact=compact, year=2020)
    assert not permissions.is_board_member(seat.user)
    assert permissions.is_board_member(seat.user, year=2020)


def test_board_access_brings_the_admin_with_the_board_group(compact):
    seat = factories.BoardMembershipFactory(compact=compact, user=factories.UserFactory())
    services.grant_board_access(user=seat.user)
    seat.user.refresh_from_db()
    assert seat.user.is_staff
    assert seat.user.has_perm("signatories.change_organisation")


def test_board_approves_in_bulk_from_the_admin(client, compact, edition, board_member):
    applications = factories.OrganisationFactory.create_batch(2, compact=compact, status="applied")
    client.force_login(board_member)
    url = reverse("admin:signatories_organisation_changelist")
    chosen = {"action": "approve", "_selected_action": [o.pk for o in applications]}
    confirm = client.post(url, chosen).content.decode()
    assert "Approve these applications?" in confirm and applications[0].contact_email in confirm
    assert {o.status for o in type(applications[0]).objects.filter(pk__in=[o.pk for o in applications])} == {"applied"}
    response = client.post(url, {**chosen, "confirm": "Approve and email the applicants"}, follow=True)
    assert "Approved 2 organisations" in response.content.decode()
    assert {o.status for o in type(applications[0]).objects.filter(pk__in=[o.pk for o in applications])} == {"approved"}


def test_board_declines_from_the_admin_with_a_reason(client, compact, board_member):
    application = factories.OrganisationFactory(compact=compact, status="applied")
    client.force_login(board_member)
    url = reverse("admin:signatories_organisation_changelist")
    form = client.post(url, {"action": "decline", "_selected_action": [application.pk]})
    assert "Reason for declining" in form.content.decode()
    client.post(url, {"action": "decline", "_selected_action": [application.pk], "reason": "Outside the area"})
    application.refresh_from_db()
    assert application.status == "declined" and application.decline_reason == "Outside the area"


def test_board_sees_organisation_history_in_the_admin(client, compact, board_member):
    organisation = factories.OrganisationFactory(compact=compact)
    organisation.name = "Renamed Group"
    organisation.save()
    client.force_login(board_member)
    response = client.get(reverse("admin:signatories_organisation_history", args=[organisation.pk]))
    assert response.status_code == 200 and "Renamed Group" in response.content.decode()


def test_an_invited_officer_finds_the_invitation_on_their_dashboard(client, council, board_member):
    invitation = services.invite_officer(organisation=council, email="new.officer@example.org", by=board_member)
    client.force_login(factories.UserFactory(email="new.officer@example.org"))
    html = client.get(reverse("signatories:dashboard")).content.decode()
    assert invitation.get_absolute_url() in html and "You are invited to join" in html
