"""Demo data for the embedded portal: a small compact written for the project, a few
organisations and one login per role. Safe to load twice: it updates what is there."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from consultations import demo as consultations_demo
from disputes import demo as disputes_demo
from funding import demo as funding_demo
from reviews import demo as reviews_demo
from signatories import demo as signatories_demo
from signatories import services as signatory_services
from signatories.models import (
    BoardMembership,
    Membership,
    Organisation,
    ResolutionGroupMembership,
    Sector,
    Signature,
    User,
)
from undertakings import demo as undertakings_demo
from undertakings import services as undertaking_services
from undertakings.models import Compact

DEMO_COMPACT = {
    "title": "The Riverside Compact",
    "principles": [
        "Partners respect each other's independence, including the right of voluntary groups to campaign.",
        "Partners are open with each other and share information early.",
        "Partners value the diversity of the communities they serve.",
    ],
    "sections": [
        {
            "kind": "promise",
            "number": "1",
            "title": "Fair funding",
            "purpose": "Money is planned together and paid on time.",
            "undertakings": [
                {
                    "party": "shared",
                    "number": "1",
                    "text": "Agree outcomes for every grant or contract before it starts.",
                },
                {
                    "party": "public",
                    "number": "2",
                    "text": "Offer three-year funding where the risk allows, and pay in advance where possible.",
                },
                {
                    "party": "public",
                    "number": "3",
                    "text": "Consult for twelve weeks before reducing or ending funding, and give three months' "
                    "notice of a decision to proceed.",
                },
                {
                    "party": "vcs",
                    "number": "4",
                    "text": "Keep clear accounts and report honestly on what the funding achieved.",
                },
            ],
        },
        {
            "kind": "promise",
            "number": "2",
            "title": "Consulting early",
            "purpose": "People affected by a decision are asked before it is made.",
            "undertakings": [
                {
                    "party": "shared",
                    "number": "1",
                    "text": "Publish what was heard in a consultation and what was done about it.",
                },
                {
                    "party": "public",
                    "number": "2",
                    "text": "Run consultations for twelve weeks, and for no less than eight weeks with the "
                    "agreement of those affected.",
                },
                {
                    "party": "public",
                    "number": "3",
                    "text": "Carry out a joint impact assessment, including equalities, with voluntary sector "
                    "representatives.",
                },
                {
                    "party": "vcs",
                    "number": "4",
                    "text": "Respond to consultations with the views of the people the organisation serves.",
                },
            ],
        },
        {
            "kind": "promise",
            "number": "3",
            "title": "Working as partners",
            "purpose": "Differences are settled openly and in a spirit of learning.",
            "undertakings": [
                {
                    "party": "shared",
                    "number": "1",
                    "text": "Appoint and train a Compact champion in every signatory organisation.",
                },
                {
                    "party": "shared",
                    "number": "2",
                    "text": "Raise a Compact difference with the other partner first, and tell the board about it.",
                },
                {"party": "vcs", "number": "3", "text": "Support small community groups to take part in partnerships."},
                {
                    "party": "partner",
                    "number": "4",
                    "text": "Offer staff time, skills and premises to community groups, and buy from them where "
                    "they can.",
                },
            ],
        },
    ],
    "timeline_rules": [],
}


@dataclass
class Login:
    role: str
    email: str


LOGINS = [
    Login("Board member (chair)", "board@riverside.example"),
    Login("Council officer", "officer@riverside.example"),
    Login("VCS organisation admin", "vcs-admin@riverside.example"),
    Login("VCS organisation member", "vcs-member@riverside.example"),
    Login("Superuser", "admin@riverside.example"),
]


def _user(email, password, full_name, **extra) -> User:
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": full_name, **extra})
    for key, value in extra.items():
        setattr(user, key, value)
    user.full_name = full_name
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _organisation(compact, **fields) -> Organisation:
    organisation = Organisation.objects.filter(name=fields["name"]).first() or Organisation(compact=compact)
    for key, value in fields.items():
        setattr(organisation, key, value)
    organisation.compact = compact
    organisation.save()
    return organisation


@transaction.atomic
def load(password: str) -> list[Login]:
    compact, _ = Compact.objects.get_or_create(
        name="The Riverside Compact",
        defaults={
            "area": "Riverside",
            "summary": "Riverside's public bodies and its voluntary and community "
            "sector agreed this Compact so that funding, consultation and partnership follow rules both sides can "
            "rely on.",
        },
    )
    edition = compact.editions.filter(label="2026").first()
    if edition is None:
        edition = undertaking_services.create_draft_edition(
            compact=compact, data=DEMO_COMPACT, label="2026", filename="demo"
        )
        undertaking_services.adopt_edition(edition=edition, adopted_on=timezone.localdate().replace(month=1, day=15))

    board = _user(LOGINS[0].email, password, "Bridget Board", job_title="Chair of the Compact board")
    officer = _user(LOGINS[1].email, password, "Oliver Officer", job_title="Commissioning officer")
    vcs_admin = _user(LOGINS[2].email, password, "Val Admin", job_title="Chief executive")
    vcs_member = _user(LOGINS[3].email, password, "Vic Member", job_title="Volunteer coordinator")
    _user(LOGINS[4].email, password, "Site Administrator", is_staff=True, is_superuser=True)

    council = _organisation(
        compact,
        name="Riverside Borough Council",
        sector=Sector.PUBLIC,
        type="council",
        address_line_1="Town Hall, High Street",
        town="Riverside",
        postcode="RV1 1AA",
        contact_email="compact@riverside-council.example",
        status=Organisation.Status.SIGNED,
        area_of_benefit="Riverside borough",
    )
    nhs = _organisation(
        compact,
        name="Riverside Integrated Care Board",
        sector=Sector.PUBLIC,
        type="nhs",
        address_line_1="1 Hospital Road",
        town="Riverside",
        postcode="RV2 3BB",
        contact_email="partnerships@riverside-icb.example",
        status=Organisation.Status.SIGNED,
    )
    action = _organisation(
        compact,
        name="Riverside Community Action",
        sector=Sector.VCS,
        type="charity",
        charity_number="1123456",
        address_line_1="The Old School, Mill Lane",
        town="Riverside",
        postcode="RV3 4CC",
        contact_email="hello@riverside-action.example",
        income_band="100k_1m",
        area_of_benefit="Riverside borough",
        status=Organisation.Status.SIGNED,
        description="Supports local voluntary and community groups with advice, training and volunteers.",
    )
    foodbank = _organisation(
        compact,
        name="Riverside Food Bank",
        sector=Sector.VCS,
        type="cio",
        charity_number="1187654",
        address_line_1="St Mark's Hall",
        town="Riverside",
        postcode="RV4 5DD",
        contact_email="info@riverside-foodbank.example",
        income_band="10k_100k",
        area_of_benefit="North Riverside",
        status=Organisation.Status.APPROVED,
    )
    _organisation(
        compact,
        name="Riverside Youth Club",
        sector=Sector.VCS,
        type="community_group",
        address_line_1="Park Pavilion",
        town="Riverside",
        postcode="RV5 6EE",
        contact_email="youthclub@riverside.example",
        status=Organisation.Status.APPLIED,
    )

    Membership.objects.update_or_create(user=officer, organisation=council, defaults={"role": Membership.Role.ADMIN})
    Membership.objects.update_or_create(user=vcs_admin, organisation=action, defaults={"role": Membership.Role.ADMIN})
    Membership.objects.update_or_create(user=vcs_member, organisation=action, defaults={"role": Membership.Role.MEMBER})
    Membership.objects.update_or_create(user=vcs_admin, organisation=foodbank, defaults={"role": Membership.Role.ADMIN})

    for organisation, name, role in [
        (council, "Oliver Officer", "Director of communities"),
        (nhs, "Nadia Health", "Director of partnerships"),
        (action, "Val Admin", "Chief executive"),
    ]:
        Signature.objects.get_or_create(
            organisation=organisation,
            edition=edition,
            defaults={"signatory_name": name, "signatory_role": role, "signed_on": edition.adopted_on},
        )

    year = timezone.localdate().year
    BoardMembership.objects.update_or_create(
        compact=compact, user=board, year=year, defaults={"role": BoardMembership.Role.CHAIR, "organisation": council}
    )
    signatory_services.grant_board_access(user=board)
    for user, organisation, sector in [(board, council, Sector.PUBLIC), (vcs_admin, action, Sector.VCS)]:
        ResolutionGroupMembership.objects.update_or_create(
            compact=compact, user=user, year=year, defaults={"organisation": organisation, "sector": sector}
        )
    undertakings_demo.load(compact)
    signatories_demo.load(
        compact, board=board, council=council, action=action, officer=officer, vcs_member=vcs_member, edition=edition
    )
    consultations_demo.load(compact)
    funding_demo.load(compact)
    disputes_demo.load(compact)
    reviews_demo.load_review_demo(compact)
    return LOGINS
