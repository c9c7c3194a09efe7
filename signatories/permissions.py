"""Who may see and do what with organisations. The same predicates serve views, admin and
templates; each rule lives here once.

The predicates read the person's memberships and seats (`standing`) from the database, in three
indexed queries, once a request: they are kept on the user object, which lives for one request,
because a page asks these questions many times. They are never kept between requests, so a
membership or seat removed by any means (a form, the admin, a queryset update, raw SQL) counts
from the next request on. A write to them within the request (signals, connected in apps.py)
makes the next question read them again."""

from dataclasses import dataclass, field

from django.utils import timezone

from .models import BoardMembership, Membership, Organisation, ResolutionGroupMembership, Sector
from .selectors import Compacts

_ACCEPTED = (Organisation.Status.APPROVED, Organisation.Status.SIGNED)
_changes = 0  # moved on by any write in this process to what `standing` reads
STANDING_MODELS = (
    "signatories.Membership",
    "signatories.BoardMembership",
    "signatories.ResolutionGroupMembership",
    "signatories.Organisation",
)


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Standing:
    """A person's memberships (by organisation id, each with its organisation), board seats
    and seats in a resolution group (compact id, year)."""

    memberships: dict = field(default_factory=dict)
    seats: frozenset = frozenset()
    resolution_seats: frozenset = frozenset()

    def organisation_ids(self, *, sector=None, accepted=False, compact_id=None) -> list[int]:
        return [
            pk
            for pk, m in self.memberships.items()
            if (sector is None or m.organisation.sector == sector)
            and (not accepted or m.organisation.status in _ACCEPTED)
            and (compact_id is None or m.organisation.compact_id == compact_id)
        ]

    def seat_compact_ids(self, year: int) -> set[int]:
        return {compact_id for compact_id, seat_year in self.seats if seat_year == year}


def standing(user) -> Standing:
    """The person's memberships and seats, read once a request."""
    if not _authenticated(user):
        return Standing()
    kept = getattr(user, "_portal_standing", None)
    if kept is not None and kept[0] == _changes:
        return kept[1]
    found = _read_standing(user)
    user._portal_standing = (_changes, found)
    return found


def _read_standing(user) -> Standing:
    return Standing(
        memberships={m.organisation_id: m for m in Membership.objects.filter(user=user).select_related("organisation")},
        seats=frozenset(BoardMembership.objects.filter(user=user).values_list("compact_id", "year")),
        resolution_seats=frozenset(
            ResolutionGroupMembership.objects.filter(user=user).values_list("compact_id", "year")
        ),
    )


def forget_standings(**kwargs) -> None:
    """A membership, a seat or an organisation was written: read standings again."""
    global _changes
    _changes += 1


def board_compact_ids(user, year=None) -> set[int] | None:
    """The compacts whose deadlines and reminders the person sees as a board member this year:
    those on whose board they sit, or None for every compact (a superuser, or a seat on each)."""
    if not _authenticated(user):
        return set()
    if user.is_superuser:
        return None
    seats = standing(user).seat_compact_ids(year or timezone.localdate().year)
    return seats if Compacts.objects.exclude(pk__in=seats).exists() else None


def is_board_member(user, compact=None, year=None) -> bool:
    """A board seat this year (for the given compact, or any), or a superuser."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    seats = standing(user).seat_compact_ids(year or timezone.localdate().year)
    return bool(seats) if compact is None else getattr(compact, "pk", compact) in seats


def membership(user, organisation) -> Membership | None:
    if not _authenticated(user) or organisation is None:
        return None
    return standing(user).memberships.get(getattr(organisation, "pk", organisation))


def is_member(user, organisation) -> bool:
    return membership(user, organisation) is not None


def is_organisation_admin(user, organisation) -> bool:
    found = membership(user, organisation)
    return found is not None and found.role == Membership.Role.ADMIN


def is_council_officer(user) -> bool:
    """A member of a public-sector organisation the board has approved."""
    return bool(standing(user).organisation_ids(sector=Sector.PUBLIC, accepted=True))


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


def organisation_ids_for(user) -> list[int]:
    """The ids of the organisations this person belongs to."""
    return list(standing(user).memberships)


def organisations_for(user):
    """The organisations this person belongs to."""
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=list(standing(user).memberships))
