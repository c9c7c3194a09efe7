"""Who may see and do what with organisations. The same predicates serve views, admin and
templates; each rule lives here once."""
from django.utils import timezone

from .models import BoardMembership, Membership, Organisation, Sector


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def board_compact_ids(user, year=None) -> set[int] | None:
    """The compacts whose deadlines and reminders the person sees as a board member this year:
    those on whose board they sit, or None for every compact (a superuser, or a seat on each)."""
    from undertakings.models import Compact

    if not _authenticated(user):
        return set()
    if user.is_superuser:
        return None
    seats = set(BoardMembership.objects.filter(user=user, year=year or timezone.localdate().year)
                .values_list("compact_id", flat=True))
    return None if seats >= set(Compact.objects.values_list("pk", flat=True)) else seats


def is_board_member(user, compact=None, year=None) -> bool:
    """A board seat this year (for the given compact, or any), or a superuser."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    seats = BoardMembership.objects.filter(user=user, year=year or timezone.localdate().year)
    if compact is not None:
        seats = seats.filter(compact=compact)
    return seats.exists()


def membership(user, organisation) -> Membership | None:
    if not _authenticated(user):
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def is_member(user, organisation) -> bool:
    return membership(user, organisation) is not None


def is_organisation_admin(user, organisation) -> bool:
    found = membership(user, organisation)
    return found is not None and found.role == Membership.Role.ADMIN


def is_council_officer(user) -> bool:
    """A member of a public-sector organisation the board has approved."""
    return _authenticated(user) and Membership.objects.filter(
        user=user,
        organisation__sector=Sector.PUBLIC,
        organisation__status__in=[Organisation.Status.APPROVED, Organisation.Status.SIGNED],
    ).exists()


def can_view_organisation(user, organisation) -> bool:
    return (
        organisation.is_visible_to_public
        or is_member(user, organisation)
        or is_board_member(user, organisation.compact)
    )


def knows_organisation(user, organisation) -> bool:
    """Told that the organisation's own pages exist: its members and the board of its compact.
    Anyone else gets 404 there, as for a record that does not exist."""
    return is_member(user, organisation) or is_board_member(user, organisation.compact)


def can_edit_organisation(user, organisation) -> bool:
    return is_organisation_admin(user, organisation) or is_board_member(user, organisation.compact)


def can_manage_members(user, organisation) -> bool:
    return is_organisation_admin(user, organisation)


def signing_refusal(user, organisation, edition) -> str | None:
    """Why this person may not sign this edition for this organisation, or None if they may."""
    if not is_organisation_admin(user, organisation):
        return "Only an admin of the organisation can sign the Compact for it."
    if edition is None:
        return "There is no adopted edition of the Compact to sign yet."
    if organisation.status in (Organisation.Status.APPLIED, Organisation.Status.DECLINED):
        return "The Compact board has to approve the organisation before it can sign."
    if organisation.status == Organisation.Status.WITHDRAWN:
        return "The organisation has withdrawn from the Compact."
    if organisation.signatures.filter(edition=edition).exists():
        return f"The organisation has already signed the {edition.label} edition."
    return None


def organisations_for(user):
    """The organisations this person belongs to."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()
