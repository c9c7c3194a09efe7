"""The board's admin of resolution-group invitations: listed, searched and filtered by compact
and status; cancelled or sent again only after a confirmation page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from signatories import services
from signatories.models import ResolutionGroupInvitation
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:signatories_resolutiongroupinvitation_changelist")


@pytest.fixture
def invitations(compact, board_member):
    [waiting, accepted, expired] = services.invite_to_resolution_group(
        compact=compact,
        year=2026,
        by=board_member,
        emails_by_sector={
            "public": ["waiting@council.example.org", "accepted@police.example.org"],
            "vcs": ["late@group.example.org"],
        },
    )
    ResolutionGroupInvitation.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now())
    ResolutionGroupInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    return {"waiting": waiting, "accepted": accepted, "expired": expired}


def listed(response):
    return {invitation.email for invitation in response.context["cl"].result_list}


def test_the_board_lists_searches_and_filters_invitations(client, board_member, invitations, compact):
    client.force_login(board_member)
    assert listed(client.get(CHANGELIST)) == {
        "waiting@council.example.org",
        "accepted@police.example.org",
        "late@group.example.org",
    }
    assert listed(client.get(CHANGELIST, {"q": "police"})) == {"accepted@police.example.org"}
    assert listed(client.get(CHANGELIST, {"status": "waiting"})) == {"waiting@council.example.org"}
    assert listed(client.get(CHANGELIST, {"status": "expired"})) == {"late@group.example.org"}
    assert listed(client.get(CHANGELIST, {"status": "accepted"})) == {"accepted@police.example.org"}
    assert listed(client.get(CHANGELIST, {"compact__id__exact": compact.pk})) == listed(client.get(CHANGELIST))
    assert "Waiting for an answer" in client.get(CHANGELIST).content.decode()


def test_a_board_member_sees_only_the_invitations_of_their_own_compacts(client, board_member, invitations):
    other = factories.CompactFactory(name="Elsewhere Compact", area="Elsewhere")
    services.invite_to_resolution_group(
        compact=other, year=2026, by=None, emails_by_sector={"vcs": ["elsewhere@group.example.org"]}
    )
    client.force_login(board_member)
    assert "elsewhere@group.example.org" not in listed(client.get(CHANGELIST))


def test_cancelling_asks_first_and_then_the_link_stops_working(client, board_member, invitations):
    waiting = invitations["waiting"]
    client.force_login(board_member)
    ask = client.post(CHANGELIST, {"action": "cancel", "_selected_action": [waiting.pk]})
    assert ask.status_code == 200
    page = ask.content.decode()
    assert "waiting@council.example.org" in page and "Cancel the invitations" in page
    waiting.refresh_from_db()
    assert waiting.cancelled_at is None
    client.post(CHANGELIST, {"action": "cancel", "_selected_action": [waiting.pk], "confirm": "yes"})
    waiting.refresh_from_db()
    assert waiting.status == ResolutionGroupInvitation.Status.CANCELLED and waiting.cancelled_by == board_member
    assert listed(client.get(CHANGELIST, {"status": "cancelled"})) == {"waiting@council.example.org"}
    client.logout()
    page = client.get(waiting.get_absolute_url()).content.decode()
    assert "has expired, been cancelled or already been used" in page


def test_an_accepted_invitation_is_neither_cancelled_nor_sent_again(client, board_member, invitations):
    accepted = invitations["accepted"]
    client.force_login(board_member)
    mail.outbox.clear()
    for action in ("cancel", "resend"):
        response = client.post(
            CHANGELIST, {"action": action, "_selected_action": [accepted.pk], "confirm": "yes"}, follow=True
        )
        assert "cannot be" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.cancelled_at is None and accepted.sent_count == 1 and not mail.outbox


def test_sending_again_asks_first_then_emails_the_same_link_for_another_fortnight(
    client, board_member, invitations, django_capture_on_commit_callbacks
):
    expired = invitations["expired"]
    client.force_login(board_member)
    mail.outbox.clear()
    ask = client.post(CHANGELIST, {"action": "resend", "_selected_action": [expired.pk]})
    assert "Send the invitations again" in ask.content.decode() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "resend", "_selected_action": [expired.pk], "confirm": "yes"})
    expired.refresh_from_db()
    assert expired.status == ResolutionGroupInvitation.Status.WAITING and expired.sent_count == 2
    assert expired.expires_at > timezone.now() + timedelta(days=13)
    [email] = mail.outbox
    assert email.to == ["late@group.example.org"] and expired.get_absolute_url() in email.body
