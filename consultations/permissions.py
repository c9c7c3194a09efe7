"""Who may see and do what with consultations, responses and funding agreements. Views,
templates and services ask these predicates; none re-derives them.

Choices made here: officers act only for their own public body (another body's drafts and
management pages are not even acknowledged: 404). Any member of a VCS organisation the board
has accepted (approved or signed) may respond to an open consultation of its compact, not only
the organisations named as affected, because a proposal can reach further than its author saw.
Responses are never public.
"""

from signatories import permissions as signatory_permissions
from signatories.models import Organisation, Sector

ACCEPTED = (Organisation.Status.APPROVED, Organisation.Status.SIGNED)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def officer_organisations(user):
    """The public bodies, accepted by the board, that this person acts for."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=_officer_organisation_ids(user))


def _officer_organisation_ids(user) -> list[int]:
    return signatory_permissions.standing(user).organisation_ids(sector=Sector.PUBLIC, accepted=True)


def is_officer_for(user, organisation) -> bool:
    return (
        _authenticated(user)
        and organisation.sector == Sector.PUBLIC
        and organisation.status in ACCEPTED
        and signatory_permissions.is_member(user, organisation)
    )


def can_manage(user, consultation) -> bool:
    """Officers of the consulting body run its consultation."""
    return is_officer_for(user, consultation.owner)


def can_view(user, consultation) -> bool:
    """Launched consultations are public; drafts are seen by the consulting body's officers only."""
    return consultation.is_published or can_manage(user, consultation)


def responding_organisations(user, consultation):
    """This person's VCS organisations that may respond to the consultation."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=_responding_ids(user, consultation)).order_by("name")


def _responding_ids(user, consultation) -> list[int]:
    return signatory_permissions.standing(user).organisation_ids(
        sector=Sector.VCS, accepted=True, compact_id=consultation.compact_id
    )


def response_refusal(user, consultation, today=None) -> str | None:
    """Why this person cannot respond now, or None."""
    if not consultation.accepts_responses(today):
        return "This consultation is not open for responses."
    if not (_authenticated(user) and _responding_ids(user, consultation)):
        return "Only members of voluntary and community sector signatories can respond."
    return None


def can_view_response(user, response) -> bool:
    return (
        signatory_permissions.is_member(user, response.organisation)
        or can_manage(user, response.consultation)
        or signatory_permissions.is_board_member(user, response.consultation.compact)
    )


def can_view_agreement(user, agreement) -> bool:
    """The two parties to a funding agreement and the board."""
    return (
        signatory_permissions.is_member(user, agreement.funder)
        or signatory_permissions.is_member(user, agreement.recipient)
        or signatory_permissions.is_board_member(user, agreement.funder.compact)
    )


def can_see_financial_information(user, consultation) -> bool:
    """What was given to the organisations with formal notice is theirs, not the public's."""
    return (
        can_manage(user, consultation)
        or signatory_permissions.is_board_member(user, consultation.compact)
        or _member_of_any(user, consultation.affected_organisations.all())
    )


def _member_of_any(user, organisations) -> bool:
    """One query however many organisations (they are usually prefetched with the consultation)."""
    memberships = signatory_permissions.standing(user).memberships
    return any(organisation.pk in memberships for organisation in organisations)


# What the affected organisations are asked ----------------------------------------------------


def admin_organisation_ids(user) -> list[int]:
    """The organisations this person answers for: those where they are an admin."""
    from signatories.models import Membership

    return [pk for pk, m in signatory_permissions.standing(user).memberships.items() if m.role == Membership.Role.ADMIN]


def can_answer(user, asked) -> bool:
    """Only the asked organisation's own admins answer for it; to anyone else the question is
    not acknowledged (404)."""
    return signatory_permissions.is_organisation_admin(user, asked.organisation)
