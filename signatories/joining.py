"""Who may join an organisation, and telling the organisation when its people change.

A person joins an organisation by registering it, by accepting an invitation, or by a
superuser adding them in the admin. A member of the Compact board sees every case's stage and
deadlines; joining a party would show them its details too. So a board member (or any staff
member who is not a superuser) joins only when a superuser adds or invites them, and never an
organisation that is a party to an open breach concern.

Every change to a membership, wherever it is made, is written to the security log and emailed
to the organisation's admins (`connect`, called once at start-up).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from simple_history.models import HistoricalRecords

from compact_portal import emails, security

from .models import BoardMembership, Membership

BOARD_NEEDS_SUPERUSER = (
    "Members of the Compact board join an organisation only when a superuser adds or invites them. Ask a superuser."
)
BOARD_NOT_A_PARTY = (
    "A member of the Compact board cannot join an organisation that is a party to an open breach concern."
)


def holds_board_role(user) -> bool:
    """Staff (other than superusers) or a seat on any compact's board, in any year."""
    if user.is_superuser:
        return False
    return user.is_staff or BoardMembership.objects.filter(user=user).exists()


# Questions other apps answer about an organisation: is it a party to something open (a breach
# concern, for disputes) that the board must stay out of? Each app registers its own in ready().
PARTY_CHECKS: list = []


def board_keeps_out_when(check) -> None:
    """Register `check(organisation) -> bool`: true while the board must not join it."""
    if check not in PARTY_CHECKS:
        PARTY_CHECKS.append(check)


def is_party_to_open_case(organisation) -> bool:
    return any(check(organisation) for check in PARTY_CHECKS)


def joining_refusal(user, organisation, *, by=None) -> str | None:
    """Why `user` may not join `organisation` when `by` adds or invited them; None if they may."""
    if not holds_board_role(user):
        return None
    if by is None or not by.is_superuser:
        return BOARD_NEEDS_SUPERUSER
    if is_party_to_open_case(organisation):
        return BOARD_NOT_A_PARTY
    return None


def _acting_user():
    request = getattr(HistoricalRecords.context, "request", None)  # set by simple_history's middleware
    user = getattr(request, "user", None)
    return (request, user) if user is not None and user.is_authenticated else (request, None)


def _tell(membership: Membership, change: str, event: str) -> None:
    request, by = _acting_user()
    organisation = membership.organisation
    security.log_event(
        event, request, user=by, member=membership.user_id, organisation=organisation.pk, role=membership.role
    )
    admins = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN, user__is_active=True)
    if by is not None and by.pk == membership.user_id:
        admins = admins.exclude(user=by)  # they made the change themselves (registering, accepting)
    admins = sorted(set(admins.values_list("user__email", flat=True)))
    context = {
        "organisation": organisation,
        "person": str(membership.user),
        "change": change,
        "by": str(by) if by is not None and by.pk != membership.user_id else "",
        "organisation_url": emails.absolute_url(organisation.get_absolute_url()),
    }
    transaction.on_commit(lambda: emails.send("signatories/emails/membership_changed", admins, context))


def _saved(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    role = instance.get_role_display().lower()
    if created:
        _tell(instance, f"joined as {'an' if role[0] in 'aeiou' else 'a'} {role} of", "membership_added")
    else:
        _tell(instance, f"is now {'an' if role[0] in 'aeiou' else 'a'} {role} of", "membership_changed")


def _deleted(sender, instance, **kwargs):
    try:
        instance.organisation  # noqa: B018 - gone too when the organisation itself is deleted
    except Membership.organisation.RelatedObjectDoesNotExist:
        return
    _tell(instance, "was removed from", "membership_removed")


def connect() -> None:
    post_save.connect(_saved, sender=Membership, dispatch_uid="membership-told")
    post_delete.connect(_deleted, sender=Membership, dispatch_uid="membership-removed-told")
