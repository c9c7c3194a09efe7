"""Emails about cases. They never carry the details of a case: only its number, its stage,
a fixed phrase written here saying what changed, and where to sign in. Anyone who may read
the details reads them in the portal (Stafford procedure: details stay confidential)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from compact_portal import emails
from signatories.models import Membership

from .models import PanelMember


def party_emails(case) -> list[str]:
    members = Membership.objects.filter(organisation__in=[case.complainant_id, case.respondent_id]).select_related(
        "user"
    )
    return sorted({m.user.email for m in members if m.user.is_active})


def panel_emails(case) -> list[str]:
    members = PanelMember.objects.filter(panel__case=case).select_related("user")
    return sorted({m.user.email for m in members if m.user.is_active})


def board_emails(compact) -> list[str]:
    seats = compact.board_memberships.filter(year=timezone.localdate().year).select_related("user")
    return sorted({seat.user.email for seat in seats if seat.user.is_active})


def _send_on_commit(template, recipients, context):
    transaction.on_commit(lambda: emails.send(template, recipients, context))


def where_else_to_turn(case) -> str:
    """The bodies the compact points organisations to when a case ends unresolved, as the next
    step of an email: names and links the board keeps (undertakings.procedure), never case text."""
    bodies = [
        f"{body['name']} ({body['url']})" if body.get("url") else body["name"]
        for body in case.procedure.signposting_bodies or []
    ]
    if not bodies:
        return ""
    return f"If the difference is not settled, {case.compact.the_name} points organisations to: {'; '.join(bodies)}."


def tell_parties_and_panel(case, headline: str, next_step: str = "") -> None:
    """ "There is an update on case N; sign in to see it." `headline` and `next_step` are fixed
    phrases from the code, never text anyone typed into the case."""
    recipients = sorted(set(party_emails(case)) | set(panel_emails(case)))
    _send_on_commit(
        "disputes/emails/case_update",
        recipients,
        {
            "case_number": case.pk,
            "stage": case.stage_name,
            "headline": headline,
            "next_step": next_step,
            "case_url": emails.absolute_url(reverse("disputes:case", args=[case.pk])),
        },
    )


def send_filing_receipt(case, by) -> None:
    """A receipt to the person who raised the concern, saying what happens next."""
    if not by.is_active:
        return
    _send_on_commit(
        "disputes/emails/concern_receipt",
        [by.email],
        {
            "case_number": case.pk,
            "stage": case.stage_name,
            "respondent": case.respondent.name,
            "compact_name": case.compact.the_name,
            "case_url": emails.absolute_url(reverse("disputes:case", args=[case.pk])),
        },
    )


def tell_new_panel_members(case, users) -> None:
    _send_on_commit(
        "disputes/emails/panel_appointment",
        sorted({u.email for u in users}),
        {
            "case_number": case.pk,
            "case_url": emails.absolute_url(reverse("disputes:case", args=[case.pk])),
        },
    )


def tell_board(case, headline: str, next_step: str = "", url_name: str = "disputes:case") -> None:
    """What the board is told: the case number, stage and action being taken."""
    _send_on_commit(
        "disputes/emails/board_update",
        board_emails(case.compact),
        {
            "case_number": case.pk,
            "stage": case.stage_name,
            "headline": headline,
            "next_step": next_step,
            "action_url": emails.absolute_url(reverse(url_name, args=[case.pk])),
        },
    )


def tell_board_of_difference(notice) -> None:
    _send_on_commit(
        "disputes/emails/difference_notice",
        board_emails(notice.compact),
        {
            "notice": notice,
            "admin_url": emails.absolute_url(
                reverse("admin:disputes_internaldifferencenotice_change", args=[notice.pk])
            ),
        },
    )
