"""Demo data for governance: the Riverside board as its compact constitutes it (co-chairs, one
per sector, and a vice-chair for business and other partners, each with a term of office), its
self-review of last year, a chamber of commerce among the signatories, and Compact champions
in departments. Its rules differ from the portal's defaults: champion training lasts two years,
and the board hears of a term ending twelve weeks ahead. Safe to load twice."""

from datetime import date

from django.utils import timezone

from compact_portal import workdays

from . import services
from .models import (
    BoardMembership,
    BoardSelfReview,
    Champion,
    ChampionTraining,
    Membership,
    Organisation,
    Sector,
    Signature,
    User,
)

RIVERSIDE_RULES = {"champion_training_months": 24, "board_term_reminder_weeks": 12}


def _person(email: str, full_name: str, job_title: str) -> User:
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": full_name, "job_title": job_title})
    if not user.has_usable_password():
        user.set_unusable_password()
        user.save()
    return user


def _champion(organisation, user, department, trained_on, course):
    champion, _ = Champion.objects.get_or_create(organisation=organisation, user=user, department=department)
    if trained_on is not None:
        ChampionTraining.objects.get_or_create(champion=champion, trained_on=trained_on, defaults={"course": course})
    return champion


def load(compact, *, board, council, action, officer, vcs_member, edition):
    """The Riverside Compact's governance, beside the organisations tools.demo makes."""
    today = timezone.localdate()
    year = today.year
    compact.admitted_sectors = [Sector.PUBLIC, Sector.VCS, Sector.PARTNER]
    compact.save()
    rules = compact.rules
    for field, value in RIVERSIDE_RULES.items():
        setattr(rules, field, value)
    rules.save()

    chamber, _ = Organisation.objects.update_or_create(
        compact=compact,
        name="Riverside Chamber of Commerce",
        defaults={
            "sector": Sector.PARTNER,
            "type": "chamber_of_commerce",
            "address_line_1": "Enterprise House, Quay Street",
            "town": "Riverside",
            "postcode": "RV6 7FF",
            "contact_email": "members@riverside-chamber.example",
            "area_of_benefit": "Riverside borough",
            "status": Organisation.Status.SIGNED,
            "description": "Brings local businesses together and offers their skills and volunteers to community "
            "groups.",
        },
    )
    Signature.objects.get_or_create(
        organisation=chamber,
        edition=edition,
        defaults={
            "signatory_name": "Paul Partner",
            "signatory_role": "Chief executive",
            "signed_on": edition.adopted_on,
        },
    )
    partner = _person("paul.partner@riverside-chamber.example", "Paul Partner", "Chief executive")
    Membership.objects.update_or_create(user=partner, organisation=chamber, defaults={"role": Membership.Role.ADMIN})
    vera = _person("vera.voluntary@riverside-action.example", "Vera Voluntary", "Trustee")
    Membership.objects.update_or_create(user=vera, organisation=action, defaults={"role": Membership.Role.MEMBER})

    # Co-chairs, one for each sector, and a vice-chair for business and other partners whose
    # term ends soon enough for the board to be reminded.
    seats = [
        (board, council, BoardMembership.Role.CO_CHAIR, Sector.PUBLIC, date(year - 1, 4, 1), date(year + 1, 3, 31)),
        (vera, action, BoardMembership.Role.CO_CHAIR, Sector.VCS, date(year - 1, 4, 1), date(year + 1, 3, 31)),
        (
            partner,
            chamber,
            BoardMembership.Role.VICE_CHAIR,
            Sector.PARTNER,
            date(year - 2, 1, 1),
            workdays.add_weeks(today, 14),
        ),
    ]
    for user, organisation, role, sector, starts_on, ends_on in seats:
        BoardMembership.objects.update_or_create(
            compact=compact,
            user=user,
            year=year,
            defaults={
                "organisation": organisation,
                "role": role,
                "sector": sector,
                "term_starts_on": starts_on,
                "term_ends_on": ends_on,
            },
        )
        services.grant_board_access(user=user)

    BoardSelfReview.objects.get_or_create(
        compact=compact,
        year=year - 1,
        defaults={
            "held_on": date(year - 1, 12, 2),
            "went_well": "Every meeting was quorate, and both sectors chaired in turn.",
            "to_improve": "Papers went out late; business partners joined too few meetings.",
            "actions": "Send papers a week ahead (co-chairs, from January)\n"
            "Hold one meeting a year at the Chamber of Commerce (vice-chair, by June)",
            "recorded_by": board,
        },
    )

    # Champions: one for the charity, two in the council's departments (one trained eighteen
    # months ago: current under Riverside's two years, lapsed under the portal's default year).
    _champion(action, vcs_member, "", workdays.add_months(today, -10), "Compact essentials")
    _champion(council, officer, "Adult social care", workdays.add_months(today, -18), "Compact essentials")
    _champion(council, officer, "Commissioning", None, "")
    _champion(chamber, partner, "", workdays.add_months(today, -3), "Compact for business partners")
    return chamber
