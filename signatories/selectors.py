"""Reads about signatories used across the apps, each rule in one place: the compact a
single-compact deployment is about (`default_compact`), an organisation's admins' addresses
(`admin_emails`), the board's seats in a year (`board_seats`), and the signatories chapter of
the annual review (`annual_facts`)."""

from django.db.models import Min
from django.utils import timezone

from .models import BoardMembership, Membership, Organisation, Sector, Signature

# Signatories sit below the compact's text in the apps' order (README, Layout): the compacts are
# read through the organisations' own relation to them, not by importing undertakings.
Compacts = Organisation._meta.get_field("compact").related_model


def default_compact():
    """The compact a single-compact deployment is about: the first made."""
    return Compacts.objects.order_by("id").first()


def admin_emails(organisations) -> dict[int, list[str]]:
    """Who speaks for each organisation by email: its active admins, or its contact address when
    it has none. One query however many organisations."""
    found: dict[int, set[str]] = {}
    for organisation_id, email in Membership.objects.filter(
        organisation__in=organisations, role=Membership.Role.ADMIN, user__is_active=True
    ).values_list("organisation_id", "user__email"):
        found.setdefault(organisation_id, set()).add(email)
    return {o.pk: sorted(found.get(o.pk) or {o.contact_email}) for o in organisations}


def board_seats(*, year: int | None = None, compact=None, user=None):
    """The seats on a compact's board in a year (this year unless given): of one compact, of one
    person, or all. Board membership is by the calendar year of the seat."""
    seats = BoardMembership.objects.filter(year=year or timezone.localdate().year)
    if compact is not None:
        seats = seats.filter(compact=compact)
    if user is not None:
        seats = seats.filter(user=user)
    return seats


def annual_facts(compact, year: int) -> dict:
    """Who joined (first signed in the year) and who left (withdrew in it), and the Compact
    champions in place among today's signatories."""
    signatories = list(compact.organisations.signatories().values_list("sector", "champion_id", "champion_trained_on"))
    first_signed = (
        Signature.objects.filter(edition__compact=compact)
        .values("organisation_id")
        .annotate(first=Min("signed_on"))
        .filter(first__year=year)
        .values("organisation_id")
    )
    joined = list(compact.organisations.filter(pk__in=first_signed).order_by("name"))
    left = list(compact.organisations.filter(withdrawn_at__year=year).order_by("name"))
    with_champion = [(sector, trained_on) for sector, champion, trained_on in signatories if champion]
    # By sector, not by name: the directory lists every signatory; the report says how many.
    champions_by_sector = [
        {
            "sector": label,
            "count": sum(1 for sector, *_ in signatories if sector == value),
            "champions": sum(1 for sector, _ in with_champion if sector == value),
            "trained": sum(1 for sector, trained_on in with_champion if sector == value and trained_on),
        }
        for value, label in Sector.choices
    ]
    return {
        "count": len(signatories),
        "by_sector": [(row["sector"], row["count"]) for row in champions_by_sector],
        "champions_by_sector": [row for row in champions_by_sector if row["count"]],
        "joined": joined,
        "left": left,
        "champions": len(with_champion),
        "champions_trained": sum(1 for _, trained_on in with_champion if trained_on),
    }
