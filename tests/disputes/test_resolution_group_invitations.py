"""A panel without dead ends: the convene page leads to inviting resolution-group members by
email; the invitation lets them set a password and accept; the unavailable are shown, not offered."""

from datetime import date

from django.core import mail
from django.urls import reverse

from disputes import services
from signatories import services as signatory_services
from signatories.models import ResolutionGroupInvitation, ResolutionGroupMembership, Sector, User

from . import helpers


def test_an_empty_resolution_group_leads_straight_to_inviting_members(client, referred_case, board_member):
    client.force_login(board_member)
    year = referred_case.referral_received_on.year
    page = client.get(reverse("disputes:convene", args=[referred_case.pk])).content.decode()
    assert f"Invite more members to the {year} resolution group." in page
    invite = reverse("signatories:invite_resolution_group", args=[referred_case.compact.slug])
    assert invite in page and f"year={year}" in page


def test_the_board_invites_both_sectors_in_one_form(client, compact, board_member, django_capture_on_commit_callbacks):
    client.force_login(board_member)
    url = reverse("signatories:invite_resolution_group", args=[compact.slug])
    wrong = client.post(url, {"year": "2026", "public": "not an address", "vcs": ""}).content.decode()
    assert "is not one" in wrong and not ResolutionGroupInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "year": "2026",
                "public": "a@council.example.org\nb@police.example.org",
                "vcs": "c@group.example.org, d@charity.example.org",
            },
        )
    invited = dict(ResolutionGroupInvitation.objects.values_list("email", "sector"))
    assert invited == {
        "a@council.example.org": "public",
        "b@police.example.org": "public",
        "c@group.example.org": "vcs",
        "d@charity.example.org": "vcs",
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(invited)
    assert "2026 resolution group" in mail.outbox[0].subject


def test_someone_without_an_account_sets_a_password_and_takes_the_seat(client, compact, board_member):
    [invitation] = signatory_services.invite_to_resolution_group(
        compact=compact, year=2026, by=board_member, emails_by_sector={"vcs": ["new.member@example.org"]}
    )
    url = invitation.get_absolute_url()
    assert "Choose a password" in client.get(url).content.decode()
    short = client.post(url, {"full_name": "New Member", "password": "short"}).content.decode()
    assert "too short" in short and not User.objects.filter(email="new.member@example.org").exists()
    response = client.post(url, {"full_name": "New Member", "password": "a river runs through it 42"})
    assert response.status_code == 302
    seat = ResolutionGroupMembership.objects.get(user__email="new.member@example.org")
    assert (seat.compact, seat.year, seat.sector) == (compact, 2026, Sector.VCS)
    assert User.objects.get(email="new.member@example.org").check_password("a river runs through it 42")
    assert "already been used" in client.get(url).content.decode()


def test_an_invitation_is_accepted_only_by_the_address_it_was_sent_to(client, compact, board_member, vcs_member):
    [invitation] = signatory_services.invite_to_resolution_group(
        compact=compact, year=2026, by=board_member, emails_by_sector={"public": ["someone@example.org"]}
    )
    client.force_login(vcs_member)
    page = client.post(invitation.get_absolute_url()).content.decode()
    assert "This invitation was sent to someone@example.org" in page
    assert not ResolutionGroupMembership.objects.exists()


def test_someone_unavailable_is_shown_with_the_reason_but_not_offered(client, referred_case, seats, board_member):
    declared = helpers.resolution_group(
        referred_case.compact, referred_case.referral_received_on.year, public=0, vcs=1
    )[0]
    services.declare_conflict(case=referred_case, by=declared.user, reason="I volunteer there")
    client.force_login(board_member)
    page = client.get(reverse("disputes:convene", args=[referred_case.pk])).content.decode()
    assert f"{declared.user} has declared a conflict of interest in this case" in page
    assert f'value="{declared.pk}"' not in page
    assert f'value="{seats[0].pk}"' in page


def test_a_panel_deadline_on_a_bank_holiday_says_so(client, referred_case, board_member):
    from disputes.models import Case

    Case.objects.filter(pk=referred_case.pk).update(referral_received_on=date(2026, 12, 18))
    client.force_login(board_member)
    page = client.get(reverse("disputes:convene", args=[referred_case.pk])).content.decode()
    assert "Convene the panel by <strong>1 January 2027, a bank holiday</strong>" in page
