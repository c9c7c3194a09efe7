"""Reads about signatories used across the apps, each rule in one place: the compact a
single-compact deployment is about (`default_compact`), an organisation's admins' addresses
(`admin_emails`), the board's seats in a year (`board_seats`), and the signatories chapter of
the annual review (`annual_facts`), an organisation's Compact champions (`champions_of`) and
the board's self-review of a year (`board_self_review`)."""

from datetime import date

from django.db.models import Min, Prefetch
from django.utils import timezone

from compact_portal import workdays

from . import governance
from .models import (
    BoardMembership,
    BoardSelfReview,
    Champion,
    ChampionTraining,
    Membership,
    Organisation,
    Sector,
    Signature,
)

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


def champions_of(organisation, today=None) -> list[Champion]:
    """The organisation's champions, each with `last_trained_on`, `training_lapses_on` and
    `is_trained` (trained within the compact's training period) as of `today`."""
    today = today or workdays.today()
    months = governance.training_months_by_compact([organisation.compact_id])[organisation.compact_id]
    champions = list(
        organisation.champions.select_related("user").prefetch_related(
            Prefetch("trainings", queryset=ChampionTraining.objects.order_by("-trained_on", "-id"))
        )
    )
    for champion in champions:
        champion.latest_training = next(iter(champion.trainings.all()), None)
        trained_on = champion.latest_training.trained_on if champion.latest_training else None
        champion.training_lapses_on = governance.training_lapses_on(trained_on, months) if trained_on else None
        champion.is_trained = bool(champion.training_lapses_on and champion.training_lapses_on > today)
    return champions


def board_self_review(compact, year: int) -> BoardSelfReview | None:
    """The board's latest self-review of `year` for this compact (Wiltshire: the board reviews
    its own performance each year), or None: for the annual review and the board's queue."""
    return BoardSelfReview.objects.filter(compact=compact, year=year).order_by("-held_on", "-id").first()


def annual_facts(compact, year: int) -> dict:
    """Who joined (first signed in the year) and who left (withdrew in it), and the Compact
    champions in place among today's signatories: how many signatories have one, and how many
    have one whose training is current."""
    as_of = min(workdays.today(), date(year, 12, 31))  # at the end of the year reviewed, or today
    signatories = compact.organisations.signatories()
    sectors = list(signatories.values_list("pk", "sector"))
    with_champion = set(Champion.objects.filter(organisation__in=signatories).values_list("organisation_id", flat=True))
    trained = set(
        signatories.filter(
            governance.has_trained_champion(as_of, governance.training_months_by_compact([compact.pk]))
        ).values_list("pk", flat=True)
    )
    first_signed = (
        Signature.objects.filter(edition__compact=compact)
        .values("organisation_id")
        .annotate(first=Min("signed_on"))
        .filter(first__year=year)
        .values("organisation_id")
    )
    joined = list(compact.organisations.filter(pk__in=first_signed).order_by("name"))
    left = list(compact.organisations.filter(withdrawn_at__year=year).order_by("name"))
    # By sector, not by name: the directory lists every signatory; the report says how many.
    champions_by_sector = [
        {
            "sector": label,
            "count": sum(1 for _, sector in sectors if sector == value),
            "champions": sum(1 for pk, sector in sectors if sector == value and pk in with_champion),
            "trained": sum(1 for pk, sector in sectors if sector == value and pk in trained),
            "admitted": compact.admits(value),
        }
        for value, label in Sector.choices
    ]
    return {
        "count": len(sectors),
        "by_sector": [(row["sector"], row["count"]) for row in champions_by_sector if row["count"] or row["admitted"]],
        "champions_by_sector": [row for row in champions_by_sector if row["count"]],
        "joined": joined,
        "left": left,
        "champions": len(with_champion & {pk for pk, _ in sectors}),
        "champions_trained": len(trained),
    }
