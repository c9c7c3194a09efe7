"""A whole county's worth of data, built in bulk: for the benchmark (`manage.py seed_scale`,
`manage.py bench`) and for the query-count tests, which build it at two sizes.

`build(sizes)` writes with `bulk_create` in batches: no `save()`, no signals, so no
django-simple-history rows (the history starts with the first real edit) and one password
hash reused for every person. The data keeps the rules the services keep (a consultation in
formal notice has its decision, a case at stage 2 its referral, a panel its members from the
resolution group), so every page can be opened on it.

"Open deadlines" is a size too: the registry (compact_portal.deadlines) yields one for each
open consultation's close and feedback, each self-assessment not yet submitted, each
Compact champion's training, each referred case's panel and hearing, and so on. After the
rest is built, what is still short of `sizes.deadlines` is made up with unpaid payments due
in the next four weeks or late, the registry's "payments due". The bulk writes send no
signals, so the open deadlines table is filled at the end by a rebuild.
"""

import io
import json
import random
import secrets
import time
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from compact_portal import workdays
from consultations.models import (
    Consultation,
    ConsultationResponse,
    Decision,
    Feedback,
    FundingAgreement,
    ImpactAssessment,
    PaymentSchedule,
)
from disputes.models import (
    Case,
    FormalConcern,
    InternalDifferenceNotice,
    Meeting,
    Outcome,
    OutcomeAcceptance,
    Panel,
    PanelMember,
    ReferralLetter,
    RespondentResponse,
    Signposting,
    Stage,
    StageMove,
)
from funding import deadlines as funding_deadlines
from funding import rules as funding_rules
from reviews.models import (
    Action,
    AnnualReview,
    Assessment,
    AssessmentResponse,
    AssessmentRound,
    Milestone,
    Rating,
    ReviewCommentary,
)
from signatories import open_deadlines
from signatories.models import (
    BoardMembership,
    Champion,
    ChampionTraining,
    Membership,
    OpenDeadline,
    Organisation,
    OrganisationType,
    ResolutionGroupMembership,
    Sector,
    Signature,
    User,
)
from undertakings.models import Compact, Edition, Party, Section, TimelineRules, Undertaking

BATCH = 2000
PASSWORD = "scale-data-password"  # nobody signs in with it: the benchmark makes sessions directly

# Registry horizons the builder aims at (consultations.deadlines): payments show from four
# weeks before they are due, agreements from six months before they end.
PAYMENT_WINDOW_DAYS = 28
AGREEMENT_WINDOW_DAYS = 180


@dataclass(frozen=True)
class Sizes:
    compacts: int = 5
    organisations: int = 10_000
    users: int = 30_000
    assessment_responses: int = 200_000
    consultations: int = 20_000
    disputes: int = 5_000
    deadlines: int = 100_000
    agreements: int = 2_000
    sections: int = 6  # per edition; each section has six undertakings
    actions: int = 10  # action plan actions per compact, three milestones each

    def times(self, factor: int) -> "Sizes":
        """Every size but the number of compacts multiplied: the second size of a query-count test."""
        return replace(self, **{f.name: getattr(self, f.name) * factor for f in fields(self) if f.name != "compacts"})


FULL = Sizes()  # a county
# Every local Compact in England in one deployment.
NATIONAL = Sizes(
    compacts=150,
    organisations=60_000,
    users=200_000,
    assessment_responses=600_000,
    consultations=60_000,
    disputes=15_000,
    deadlines=1_000_000,
    agreements=12_000,
    sections=6,
    actions=10,
)
SMALL = Sizes(
    compacts=1,
    organisations=12,
    users=36,
    assessment_responses=60,
    consultations=14,
    disputes=7,
    deadlines=60,
    agreements=4,
    sections=2,
    actions=2,
)


@dataclass
class Focus:
    """Existing records the new data should gather around, so that the pages about them grow
    with the data (the query-count tests): consultations of `public` affecting `vcs`, funding
    and cases between the two, and more memberships for `people` (organisation, role kept)."""

    vcs: Organisation
    public: Organisation
    people: list = None


# Words the names and texts are made of: searchable ("youth", "transport"), varied, invented.
PLACES = [
    "Ashford",
    "Brackley",
    "Calder",
    "Dunmore",
    "Elmstead",
    "Fernhill",
    "Greystoke",
    "Harwood",
    "Ivybridge",
    "Kingsmead",
    "Longford",
    "Marlbury",
    "Northwick",
    "Oakham",
    "Penrith",
    "Queensbury",
    "Redhill",
    "Stanton",
    "Thornbury",
    "Upton",
    "Westbury",
    "Yarwood",
]
CAUSES = [
    "Youth",
    "Carers",
    "Older People's",
    "Transport",
    "Food Bank",
    "Arts",
    "Sports",
    "Mental Health",
    "Advice",
    "Housing",
    "Refugee",
    "Family",
    "Environment",
    "Heritage",
    "Disability",
    "Volunteer",
]
FORMS = ["Trust", "Project", "Network", "Association", "Forum", "Partnership", "Group", "Centre"]
PUBLIC_FORMS = [
    (OrganisationType.COUNCIL, "Borough Council"),
    (OrganisationType.PARISH, "Town Council"),
    (OrganisationType.NHS, "Integrated Care Board"),
    (OrganisationType.POLICE, "Police"),
    (OrganisationType.FIRE, "Fire and Rescue Service"),
    (OrganisationType.OTHER_PUBLIC, "Housing Authority"),
]
VCS_TYPES = [
    OrganisationType.CHARITY,
    OrganisationType.CIO,
    OrganisationType.COMMUNITY_GROUP,
    OrganisationType.SOCIAL_ENTERPRISE,
    OrganisationType.FAITH_GROUP,
    OrganisationType.BME_LED,
]
FIRST = [
    "Amina",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Farid",
    "Grace",
    "Hugo",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Marek",
    "Nia",
    "Owen",
    "Priya",
    "Rhys",
    "Sara",
    "Tom",
    "Uma",
    "Vik",
    "Zoe",
]
LAST = [
    "Adams",
    "Bhatt",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Novak",
    "Owusu",
    "Patel",
    "Quinn",
    "Roberts",
    "Smith",
    "Taylor",
    "Walsh",
    "Young",
]
POSTCODES = ["SN15 1ER", "BA14 8JN", "SP1 3UZ", "CH1 2HS", "ST16 3AQ", "HR1 2HX", "SN10 1HS", "CW9 7DL"]
TOPICS = [
    "day services",
    "youth provision",
    "community transport",
    "advice services",
    "library hours",
    "grants to small groups",
    "the voluntary sector infrastructure contract",
    "carers' breaks",
    "mental health drop-ins",
    "the food poverty strategy",
    "the volunteering policy",
    "sports facilities",
]
PARTY_CYCLE = [Party.SHARED, Party.SHARED, Party.PUBLIC, Party.PUBLIC, Party.VCS, Party.COMMUNITY]
RATINGS = [Rating.MET, Rating.MET, Rating.PARTLY_MET, Rating.MET, Rating.NOT_MET, Rating.NOT_APPLICABLE, Rating.MET]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=workdays.LONDON)


class _Writer:
    """Writes rows in bulk and counts them per model: model instances (`write(Model, objects)`)
    or, for the largest tables, plain dicts of column values (`write.values(Model, dicts)`),
    which skip building a model instance per row. On PostgreSQL with COPY, the primary keys
    taken from the table's sequence first (bulk_create spends about 100 µs a row preparing
    values); elsewhere with bulk_create in batches. No save(), no signals either way."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def __call__(self, model, rows: list) -> list:
        if rows:
            if connection.vendor == "postgresql":
                _copy(model, rows, [_instance_values])
            else:
                model.objects.bulk_create(rows, batch_size=BATCH)
            self._count(model, rows)
        return rows

    def values(self, model, rows: list[dict]) -> list[dict]:
        """Rows as {attname: value}; fields left out take their defaults. Each dict gains its "id"."""
        if rows:
            if connection.vendor == "postgresql":
                _copy(model, rows, [])
            else:
                objects = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
                for row, created in zip(rows, objects):
                    row["id"] = created.pk
            self._count(model, rows)
        return rows

    def _count(self, model, rows):
        label = str(model._meta.verbose_name_plural)
        self.counts[label] = self.counts.get(label, 0) + len(rows)


def _instance_values(row, columns, relations, stamped):
    for field in stamped:
        field.pre_save(row, add=True)
    for field in relations:  # a related object given before it was saved: take its key now
        if getattr(row, field.attname) is None and field.is_cached(row):
            related = field.get_cached_value(row)
            setattr(row, field.attname, related.pk if related is not None else None)
    row._state.adding, row._state.db = False, connection.alias
    return [getattr(row, f.attname) for f in columns]


def _copy(model, rows: list, instance: list) -> None:
    meta = model._meta
    table, pk = meta.db_table, meta.pk
    columns = list(meta.concrete_fields)
    relations = [f for f in columns if f.is_relation]
    stamped = [f for f in columns if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    defaults = {f.attname: (timezone.now() if f in stamped else f.get_default()) for f in columns}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk.column, len(rows)]
        )
        buffer = io.StringIO()
        for row, (key,) in zip(rows, cursor.fetchall()):
            if instance:
                row.pk = key
                values = _instance_values(row, columns, relations, stamped)
            else:
                row[pk.attname] = key
                values = [row.get(f.attname, defaults[f.attname]) for f in columns]
            buffer.write("\t".join(map(_text, values)))
            buffer.write("\n")
        buffer.seek(0)
        names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
        cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN", buffer)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


@dataclass
class _Compact:
    compact: Compact
    edition: Edition
    undertakings: list
    public: list
    vcs: list
    signed: list
    members: dict  # organisation pk -> [user, ...], admin first
    resolution: list  # ResolutionGroupMembership this year


def build(
    sizes: Sizes = FULL,
    *,
    compacts: list[Compact] | None = None,
    focus: Focus | None = None,
    today: date | None = None,
    seed: int = 1,
    log=None,
) -> dict[str, int]:
    """Write a county's data in bulk and return how many rows of each kind were written.
    With `compacts`, fill those (their adopted edition gains sections); otherwise make
    `sizes.compacts` new ones. May be called again on the same database: names are tagged."""
    rng = random.Random(seed)
    today = today or workdays.today()
    tag = secrets.token_hex(3)
    write = _Writer()
    say = log or (lambda message: None)
    started = time.monotonic()

    def step(message):
        say(f"{time.monotonic() - started:6.1f} s  {message}")

    with transaction.atomic():
        places = _compacts(sizes, compacts, tag, today, write)
        step(f"{len(places)} compacts, editions and undertakings")
        users = _users(sizes, tag, rng, write)
        step(f"{len(users)} people")
        deadlines = _organisations(sizes, places, users, tag, rng, today, write, focus)
        step("organisations, memberships, signatures, board and resolution group seats")
        deadlines += _self_assessment(sizes, places, rng, today, write)
        step("self-assessments")
        deadlines += _consultations(sizes, places, rng, today, write, focus)
        step("consultations, responses, impact assessments, feedback and decisions")
        agreements, ending = _agreements(sizes, places, rng, today, write, focus)
        deadlines += ending
        step("funding agreements")
        deadlines += _disputes(sizes, places, rng, today, write, focus)
        step("cases")
        deadlines += _action_plans(sizes, places, today, write)
        deadlines += len(places) * 2  # each compact's edition review and annual review
        _payments(agreements, today, write, deadlines_so_far=deadlines, target=sizes.deadlines)
        step("payment schedules")
        # Bulk writes send no signals: the open deadlines table is filled from the record.
        kept = open_deadlines.rebuild()
        write.counts[str(OpenDeadline._meta.verbose_name_plural)] = sum(d.written for d in kept.values())
        step("open deadlines")
    return write.counts


# Compacts and their text ---------------------------------------------------------------------


def _compacts(sizes, existing, tag, today, write) -> list[_Compact]:
    if existing:
        compacts = list(existing)
    else:
        compacts = write(
            Compact,
            [
                Compact(
                    name=f"{PLACES[i % len(PLACES)]}shire Compact {tag}-{i}",
                    slug=f"{slugify(PLACES[i % len(PLACES)])}shire-{tag}-{i}",
                    area=f"{PLACES[i % len(PLACES)]}shire",
                    summary="The agreement between the county's public bodies and its voluntary and community sector.",
                )
                for i in range(sizes.compacts)
            ],
        )
    have_rules = set(TimelineRules.objects.filter(compact__in=compacts).values_list("compact_id", flat=True))
    write(TimelineRules, [TimelineRules(compact=c) for c in compacts if c.pk not in have_rules])
    editions = []
    for compact in compacts:
        edition = compact.adopted_edition()
        if edition is None:
            edition = Edition(
                compact=compact,
                label=f"2025 {tag}",
                title=f"The {compact.area} Compact",
                status=Edition.Status.ADOPTED,
                adopted_on=today - timedelta(days=400),
                next_review_on=today + timedelta(days=200),
                principles=["Partners respect each other's independence.", "Partners are open."],
            )
            write(Edition, [edition])
        editions.append(edition)
    sections, undertakings = [], []
    for edition in editions:
        start = edition.sections.count()
        for n in range(sizes.sections):
            title = f"{CAUSES[n % len(CAUSES)]} and {TOPICS[n % len(TOPICS)]}"
            sections.append(
                Section(
                    edition=edition,
                    kind=Section.Kind.PROMISE if n % 3 else Section.Kind.CODE,
                    number=str(start + n + 1),
                    title=title.capitalize(),
                    slug=f"{slugify(title)[:80]}-{tag}-{n}",
                    position=start + n + 1,
                    purpose="What partners promise each other on this subject.",
                )
            )
    write(Section, sections)
    for section in sections:
        for n, party in enumerate(PARTY_CYCLE):
            undertakings.append(
                Undertaking(
                    section=section,
                    party=party,
                    number=str(n + 1),
                    position=n + 1,
                    reference=f"{party}-{n + 1}",
                    text=f"Partners will plan {TOPICS[(section.position + n) % len(TOPICS)]} together, share "
                    "information "
                    f"early and review the arrangements each year with the organisations affected ({n + 1}).",
                )
            )
    write(Undertaking, undertakings)
    by_edition = {}
    for undertaking in Undertaking.objects.filter(section__edition__in=editions).select_related("section"):
        by_edition.setdefault(undertaking.section.edition_id, []).append(undertaking)
    return [_Compact(c, e, by_edition.get(e.pk, []), [], [], [], {}, []) for c, e in zip(compacts, editions)]


# People and organisations -------------------------------------------------------------------


def _users(sizes, tag, rng, write) -> list[User]:
    password = make_password(PASSWORD)  # hashed once: PBKDF2 for 30,000 people would take minutes
    users = [
        User(
            email=f"person{n}.{tag}@scale.example",
            password=password,
            full_name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}",
            job_title="Chief officer" if n % 3 == 0 else "Trustee",
            reminder_delivery=User.Delivery.DIGEST if n % 10 == 0 else User.Delivery.IMMEDIATE,
        )
        for n in range(sizes.users)
    ]
    write(User, users)
    write.values(EmailAddress, [{"user_id": u.pk, "email": u.email, "verified": True, "primary": True} for u in users])
    return users


STATUS_CYCLE = [Organisation.Status.SIGNED] * 17 + [
    Organisation.Status.APPROVED,
    Organisation.Status.APPLIED,
    Organisation.Status.WITHDRAWN,
]


def _organisations(sizes, places, users, tag, rng, today, write, focus):
    organisations = []
    trainings: dict[int, date] = {}  # organisation number: its champion's training
    for n in range(sizes.organisations):
        place = places[n % len(places)]
        town = PLACES[(n // len(places)) % len(PLACES)]
        public = (n // len(places)) % 10 == 0  # one in ten is a public body, in every compact
        status = STATUS_CYCLE[(n // len(places) * 7) % len(STATUS_CYCLE)] if not public else Organisation.Status.SIGNED
        if public:
            kind, form = PUBLIC_FORMS[(n // 10) % len(PUBLIC_FORMS)]
            name = f"{town} {form} {n}"
        else:
            kind = VCS_TYPES[n % len(VCS_TYPES)]
            name = f"{town} {CAUSES[n % len(CAUSES)]} {FORMS[(n // 7) % len(FORMS)]} {n}"
        trained = today - timedelta(days=365) + timedelta(days=rng.randint(-60, 200))
        organisations.append(
            Organisation(
                compact=place.compact,
                name=name,
                slug=f"{slugify(name)}-{tag}",
                sector=Sector.PUBLIC if public else Sector.VCS,
                type=kind,
                charity_number="" if public else str(1_100_000 + n),
                address_line_1=f"{n % 200 + 1} High Street",
                town=town,
                postcode=POSTCODES[n % len(POSTCODES)],
                contact_email=f"office{n}.{tag}@scale.example",
                income_band="over_1m" if public else ["under_10k", "10k_100k", "100k_1m"][n % 3],
                area_of_benefit=f"{town} and the villages around it",
                description=f"We run {TOPICS[n % len(TOPICS)]} and {TOPICS[(n + 5) % len(TOPICS)]} for people in "
                f"{town}.",
                status=status,
                applied_at=_at(today - timedelta(days=rng.randint(30, 1500))),
                decided_at=None if status == Organisation.Status.APPLIED else _at(today - timedelta(days=20)),
                withdrawn_at=_at(today - timedelta(days=rng.randint(1, 300)))
                if status == Organisation.Status.WITHDRAWN
                else None,
            )
        )
        if status == Organisation.Status.SIGNED and n < len(users):
            trainings[n] = trained
    write(Organisation, organisations)
    # The first person of each signed organisation is its Compact champion, trained once.
    champions = write(Champion, [Champion(organisation=organisations[n], user=users[n]) for n in trainings])
    write(
        ChampionTraining,
        [ChampionTraining(champion=champion, trained_on=trainings[n]) for champion, n in zip(champions, trainings)],
    )
    # Each signatory has one champion deadline: its champion's training lapses, or (none
    # trained) a champion to name and train.
    champion_deadlines = sum(1 for o in organisations if o.status == Organisation.Status.SIGNED)
    # Three people to an organisation: person n belongs to organisation n (mod the number of
    # organisations); the first person of each is its admin and, once signed, its Compact champion.
    memberships = []
    for n, user in enumerate(users):
        organisation = organisations[n % len(organisations)]
        first = n < len(organisations)
        memberships.append(
            Membership(
                user=user, organisation=organisation, role=Membership.Role.ADMIN if first else Membership.Role.MEMBER
            )
        )
        place = next(p for p in places if p.compact.pk == organisation.compact_id)
        place.members.setdefault(organisation.pk, []).append(user)
    if focus and focus.people:
        # The focus people join a share of the new organisations of their own sector, as members.
        for person in focus.people:
            own = person.memberships.select_related("organisation").first()
            if own is None:
                continue
            same = [o for o in organisations if o.sector == own.organisation.sector][::3]
            memberships += [Membership(user=person, organisation=o, role=Membership.Role.MEMBER) for o in same]
    write(Membership, memberships)
    for organisation in organisations:
        place = next(p for p in places if p.compact.pk == organisation.compact_id)
        (place.public if organisation.sector == Sector.PUBLIC else place.vcs).append(organisation)
        if organisation.status == Organisation.Status.SIGNED:
            place.signed.append(organisation)
    if focus:
        for place in places:
            if place.compact.pk == focus.vcs.compact_id:
                place.members.setdefault(focus.vcs.pk, list(User.objects.filter(memberships__organisation=focus.vcs)))
                place.members.setdefault(
                    focus.public.pk, list(User.objects.filter(memberships__organisation=focus.public))
                )
    signatures, seats, group = [], [], []
    for place in places:
        for organisation in place.signed:
            admin = place.members.get(organisation.pk, [None])[0]
            signatures.append(
                Signature(
                    organisation=organisation,
                    edition=place.edition,
                    signed_by=admin,
                    signatory_name=str(admin or "The chair"),
                    signatory_role="Chair",
                    signed_on=today - timedelta(days=rng.randint(1, 1000)),
                )
            )
        # The board: admins of the public bodies and of the larger VCS organisations.
        board = [place.members[o.pk][0] for o in (place.public[:4] + place.vcs[:4]) if place.members.get(o.pk)]
        seats += [
            BoardMembership(
                compact=place.compact,
                user=u,
                year=today.year,
                role=BoardMembership.Role.CHAIR if i == 0 else BoardMembership.Role.MEMBER,
            )
            for i, u in enumerate(board)
        ]
        # The resolution group: members (not admins) of other organisations, two each side... four each side.
        for sector, pool in ((Sector.PUBLIC, place.public[4:]), (Sector.VCS, place.vcs[4:])):
            chosen = [o for o in pool if len(place.members.get(o.pk, [])) > 1][:4]
            for organisation in chosen:
                seat = ResolutionGroupMembership(
                    compact=place.compact,
                    user=place.members[organisation.pk][1],
                    organisation=organisation,
                    sector=sector,
                    year=today.year,
                )
                place.resolution.append(seat)
                group.append(seat)
    write(Signature, signatures)
    existing = set(BoardMembership.objects.filter(year=today.year).values_list("compact_id", "user_id"))
    write(BoardMembership, [s for s in seats if (s.compact.pk, s.user.pk) not in existing])
    write(ResolutionGroupMembership, group)
    return champion_deadlines


# The yearly self-assessment -----------------------------------------------------------------

PUBLIC_PARTIES = {Party.SHARED, Party.PUBLIC}
VCS_PARTIES = {Party.SHARED, Party.VCS, Party.COMMUNITY, Party.BME}


def _self_assessment(sizes, places, rng, today, write) -> int:
    """This year's round in each compact, due in ten days, with assessments until the number of
    answers is reached; a little over half submitted. Returns the deadlines it makes."""
    rounds = {
        r.compact_id: r
        for r in AssessmentRound.objects.filter(compact__in=[p.compact for p in places], year=today.year)
    }
    new = [
        AssessmentRound(
            compact=p.compact,
            edition=p.edition,
            year=today.year,
            opens_on=today - timedelta(days=30),
            due_on=today + timedelta(days=10),
        )
        for p in places
        if p.compact.pk not in rounds
    ]
    write(AssessmentRound, new)
    rounds.update({r.compact_id: r for r in new})
    already = set(Assessment.objects.filter(round__in=rounds.values()).values_list("round_id", "organisation_id"))
    assessments, answers = [], []
    budget = sizes.assessment_responses
    queue = [(p, o) for p in places for o in p.signed]
    rng.shuffle(queue)
    for n, (place, organisation) in enumerate(queue):
        if budget <= 0:
            break
        assessment_round = rounds[place.compact.pk]
        if not assessment_round.is_open or (assessment_round.pk, organisation.pk) in already:
            continue
        submitted = n % 9 < 5
        author = place.members.get(organisation.pk, [None])[0]
        assessment = Assessment(
            round=assessment_round,
            organisation=organisation,
            status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
            submitted_at=_at(today - timedelta(days=n % 20)) if submitted else None,
            submitted_by=author if submitted else None,
        )
        assessments.append(assessment)
        parties = PUBLIC_PARTIES if organisation.sector == Sector.PUBLIC else VCS_PARTIES
        for i, undertaking in enumerate(u for u in place.undertakings if u.party in parties):
            if budget <= 0:
                break
            answers.append(
                (
                    assessment,
                    {
                        "undertaking_id": undertaking.pk,
                        "rating": RATINGS[(n + i) % len(RATINGS)],
                        "updated_by_id": author.pk if author else None,
                        "evidence": "Minutes of the partnership meeting and our monitoring report."
                        if i % 2 == 0
                        else "",
                    },
                )
            )
            budget -= 1
    write(Assessment, assessments)
    for assessment, answer in answers:
        answer["assessment_id"] = assessment.pk
    write.values(AssessmentResponse, [answer for _, answer in answers])
    submitted = sum(1 for a in assessments if a.is_submitted)
    return sum(len(p.signed) for p in places) - submitted


# Consultations -------------------------------------------------------------------------------

S = Consultation.Status
# Twenty consultations in a row: two drafts, six open, and the rest further on in their life.
STATUS_PATTERN = (
    [S.DRAFT] * 2
    + [S.OPEN] * 6
    + [S.CLOSED] * 2
    + [S.FEEDBACK_PUBLISHED] * 2
    + [S.DECIDED] * 2
    + [S.NOTICE_PERIOD] * 2
    + [S.COMPLETED] * 4
)
KINDS = [Consultation.Kind.FUNDING_REDUCTION, Consultation.Kind.FUNDING_POLICY, Consultation.Kind.OTHER_POLICY]


def _consultations(sizes, places, rng, today, write, focus) -> int:
    consultations, affected = [], []
    deadlines = 0
    for n in range(sizes.consultations):
        place = places[n % len(places)]
        if not place.public or len(place.vcs) < 2:
            continue
        status = STATUS_PATTERN[(n // len(places) * 7) % len(STATUS_PATTERN)]
        owner = (
            focus.public
            if focus and n % 3 == 0 and focus.public.compact_id == place.compact.pk
            else place.public[(n // len(places)) % len(place.public)]
        )
        kind = KINDS[n % len(KINDS)]
        if status == S.DRAFT:
            opens_on = today + timedelta(days=14 + n % 30)
        elif status == S.OPEN:
            opens_on = today - timedelta(days=n % 75)
        elif status in (S.CLOSED, S.FEEDBACK_PUBLISHED):
            opens_on = today - timedelta(days=90 + n % 40)
        elif status in (S.DECIDED, S.NOTICE_PERIOD):
            opens_on = today - timedelta(days=150 + n % 40)
        else:
            opens_on = today - timedelta(days=300 + n % 1500)
        closes_on = opens_on + timedelta(weeks=12)
        topic = TOPICS[n % len(TOPICS)]
        c = Consultation(
            compact=place.compact,
            owner=owner,
            kind=kind,
            status=status,
            title=f"{'Reducing funding for' if kind == KINDS[0] else 'Changes to'} {topic} in {owner.town} ({n})",
            proposal=f"The proposal is to change how {topic} is funded from next April.",
            criteria="Cost per person helped, reach into rural areas." if kind != KINDS[2] else "",
            revised_outcomes="The same number of people helped at lower cost." if kind != KINDS[2] else "",
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=place.members.get(owner.pk, [None])[0],
            created_at=_at(opens_on - timedelta(days=10)),
            launched_at=_at(opens_on) if status != S.DRAFT else None,
            closed_at=_at(closes_on + timedelta(days=1)) if status not in (S.DRAFT, S.OPEN) else None,
            completed_at=_at(closes_on + timedelta(days=150)) if status == S.COMPLETED else None,
        )
        consultations.append(c)
        first = (
            focus.vcs
            if focus and n % 2 == 0 and focus.vcs.compact_id == place.compact.pk
            else place.vcs[(n * 7) % len(place.vcs)]
        )
        second = place.vcs[(n * 7 + 1) % len(place.vcs)]
        affected.append((c, [first] if first.pk == second.pk else [first, second]))
        deadlines += {S.OPEN: 2, S.CLOSED: 1, S.FEEDBACK_PUBLISHED: 1, S.NOTICE_PERIOD: 1}.get(status, 0)
    write(Consultation, consultations)
    through = Consultation.affected_organisations.through
    write.values(through, [{"consultation_id": c.pk, "organisation_id": o.pk} for c, orgs in affected for o in orgs])

    responses, assessments, feedback, decisions = [], [], [], []
    for n, (c, orgs) in enumerate(affected):
        place = next(p for p in places if p.compact.pk == c.compact_id)
        if c.status != S.DRAFT:
            for organisation in orgs[: 1 + n % 2]:
                author = place.members.get(organisation.pk, [None])[0]
                responses.append(
                    ConsultationResponse(
                        consultation=c,
                        organisation=organisation,
                        author=author,
                        submitted_at=_at(min(today, c.opens_on + timedelta(days=20))),
                        text=f"{organisation.name} uses this service every week. Reducing it would leave people "
                        f"in {organisation.town} without help; we propose a phased change instead.",
                    )
                )
        if c.status in (S.DRAFT, S.OPEN):
            continue
        assessments.append(
            ImpactAssessment(
                consultation=c,
                summary="Fewer sessions in rural areas.",
                equalities="Older and disabled people are most affected.",
                vcs_representatives="Two representatives of the VCS forum.",
                completed_on=c.closes_on - timedelta(days=7),
            )
        )
        if c.status == S.CLOSED:
            continue
        feedback.append(
            Feedback(
                consultation=c,
                what_you_said="Keep rural sessions.",
                what_we_did="We kept two.",
                reviewed_at=_at(c.closes_on + timedelta(days=10)),
                published_at=_at(c.closes_on + timedelta(days=14)),
            )
        )
        if c.status == S.FEEDBACK_PUBLISHED:
            continue
        decided_on = c.closes_on + timedelta(days=30)
        notice = c.status == S.NOTICE_PERIOD or (c.status == S.COMPLETED and n % 4 != 0)
        decisions.append(
            Decision(
                consultation=c,
                outcome=Decision.Outcome.PROCEED_WITH_CHANGES if notice else Decision.Outcome.WITHDRAW,
                rationale="The responses changed the proposal.",
                decided_on=decided_on,
                notice_starts_on=decided_on + timedelta(days=1) if notice else None,
                notice_ends_on=workdays.add_months(decided_on + timedelta(days=1), 6) if notice else None,
            )
        )
    write(ConsultationResponse, responses)
    write(ImpactAssessment, assessments)
    write(Feedback, feedback)
    write(Decision, decisions)
    return deadlines


# Funding -------------------------------------------------------------------------------------


def _agreements(sizes, places, rng, today, write, focus) -> tuple[list, int]:
    agreements = []
    for n in range(sizes.agreements):
        place = places[n % len(places)]
        if not place.public or not place.vcs:
            continue
        at_focus = focus and n % 3 == 0 and focus.vcs.compact_id == place.compact.pk
        funder = focus.public if at_focus else place.public[(n * 3) % len(place.public)]
        recipient = focus.vcs if at_focus else place.vcs[(n * 11) % len(place.vcs)]
        # One in seven ends within the six months the registry watches.
        ends_on = today + timedelta(days=10 + n % 170) if n % 7 == 0 else today + timedelta(days=200 + n % 800)
        starts_on = ends_on - timedelta(days=3 * 365 - 1) if n % 4 else ends_on - timedelta(days=364)
        agreements.append(
            FundingAgreement(
                funder=funder,
                recipient=recipient,
                title=f"{TOPICS[n % len(TOPICS)].capitalize()} in {recipient.town}",
                reference=f"GR-{n:05d}",
                kind=FundingAgreement.Kind.GRANT if n % 3 else FundingAgreement.Kind.CONTRACT,
                amount=Decimal(10_000 + (n % 40) * 2_500),
                starts_on=starts_on,
                ends_on=ends_on,
                payment_timing=FundingAgreement.PaymentTiming.ADVANCE
                if n % 5
                else FundingAgreement.PaymentTiming.ARREARS,
            )
        )
    write(FundingAgreement, agreements)
    ending = sum(1 for a in agreements if a.ends_on <= today + timedelta(days=AGREEMENT_WINDOW_DAYS))
    # funding.deadlines reminds each funder to decide on renewal early enough to consult.
    renewal_horizon = workdays.add_months(today, funding_deadlines.RENEWAL_WARNING_MONTHS)
    renewals = sum(
        1 for a in agreements if funding_rules.renewal_decision_due_on(a.ends_on, TimelineRules()) <= renewal_horizon
    )
    return agreements, ending + renewals


def _payments(agreements, today, write, *, deadlines_so_far: int, target: int):
    """Quarterly payments over each agreement's term, the past ones paid (one in twelve late
    and unpaid); then as many unpaid instalments, due in the next four weeks or overdue, as
    the open deadlines are short of `target`."""
    payments = []
    for n, agreement in enumerate(agreements):
        due_on, quarter = agreement.starts_on, 0
        quarterly = (agreement.amount / 12).quantize(Decimal("0.01"))
        while due_on <= agreement.ends_on:
            unpaid = due_on >= today or (n + quarter) % 12 == 0
            payments.append(
                {
                    "agreement_id": agreement.pk,
                    "due_on": due_on,
                    "amount": quarterly,
                    "paid_on": None if unpaid else due_on + timedelta(days=(n + quarter) % 9),
                }
            )
            quarter += 1
            due_on = workdays.add_months(agreement.starts_on, 3 * quarter)
    horizon = today + timedelta(days=PAYMENT_WINDOW_DAYS)
    due = sum(1 for p in payments if p["paid_on"] is None and p["due_on"] <= horizon)
    if agreements:
        for i in range(max(0, target - deadlines_so_far - due)):
            agreement = agreements[i % len(agreements)]
            payments.append(
                {
                    "agreement_id": agreement.pk,
                    "amount": Decimal(500),
                    "paid_on": None,
                    "due_on": today + timedelta(days=PAYMENT_WINDOW_DAYS - i % 90),
                }
            )
    write.values(PaymentSchedule, payments)


# Cases ---------------------------------------------------------------------------------------

# Twenty cases in a row: four informal, four at stage 1, five referred, one at stage 3, six closed.
STAGE_PATTERN = [Stage.INFORMAL] * 4 + [Stage.STAGE_1] * 4 + [Stage.STAGE_2] * 5 + [Stage.STAGE_3] + [Stage.CLOSED] * 6
PATH = [Stage.INFORMAL, Stage.STAGE_1, Stage.STAGE_2, Stage.STAGE_3]


def _disputes(sizes, places, rng, today, write, focus) -> int:
    cases, links = [], []
    for n in range(sizes.disputes):
        place = places[n % len(places)]
        if not place.public or not place.vcs:
            continue
        stage = STAGE_PATTERN[(n // len(places) * 7) % len(STAGE_PATTERN)]
        at_focus = focus and n % 2 == 0 and focus.vcs.compact_id == place.compact.pk
        complainant = focus.vcs if at_focus else place.vcs[(n * 5) % len(place.vcs)]
        respondent = focus.public if at_focus else place.public[(n * 3) % len(place.public)]
        filed_on = (
            today - timedelta(days=60 + n % 700) if stage == Stage.CLOSED else today - timedelta(days=45 + n % 30)
        )
        referral = today - timedelta(days=n % 50) if stage in (Stage.STAGE_2, Stage.STAGE_3) else None
        case = Case(
            compact=place.compact,
            complainant=complainant,
            respondent=respondent,
            stage=stage,
            what_happened="The council cut the grant without consulting us.",
            what_has_been_tried="We wrote to the commissioning manager twice.",
            outcome_hoped_for="A proper consultation before any change.",
            filed_by=place.members.get(complainant.pk, [None])[0],
            filed_at=_at(filed_on),
            referral_received_on=referral,
        )
        if stage == Stage.CLOSED:
            case.outcome = [Outcome.RESOLVED_BY_AGREEMENT, Outcome.NOT_UPHELD, Outcome.WITHDRAWN][n % 3]
            case.outcome_summary = "A difference about notice of a funding change, settled by agreement."
            case.closed_at = _at(filed_on + timedelta(days=40))
        cases.append(case)
        undertakings = place.undertakings[n % len(place.undertakings) : n % len(place.undertakings) + 1 + n % 2]
        links.append((case, undertakings))
    write(Case, cases)
    through = Case.undertakings.through
    write.values(through, [{"case_id": c.pk, "undertaking_id": u.pk} for c, us in links for u in us])

    moves, acceptances, concerns, answers, letters, panels = [], [], [], [], [], []
    for n, case in enumerate(cases):
        reached = PATH.index(case.stage) if case.stage in PATH else 1 + n % 2
        filed = case.filed_at
        moves.append(
            StageMove(
                case=case,
                from_stage="",
                to_stage=Stage.INFORMAL,
                moved_by=case.filed_by,
                moved_at=filed,
                reason="Concern raised.",
            )
        )
        for step in range(1, reached + 1):
            moved_at = filed + timedelta(days=10 * step)
            acceptances.append(
                OutcomeAcceptance(
                    case=case,
                    stage=PATH[step - 1],
                    organisation=case.complainant,
                    accepts=False,
                    recorded_by=case.filed_by,
                    recorded_at=moved_at,
                )
            )
            moves.append(
                StageMove(
                    case=case,
                    from_stage=PATH[step - 1],
                    to_stage=PATH[step],
                    moved_by=case.filed_by,
                    moved_at=moved_at,
                    reason="The other side did not agree.",
                )
            )
        if reached >= 1:
            concerns.append(
                FormalConcern(
                    case=case,
                    text="Our formal concern.",
                    written_by=case.filed_by,
                    written_at=filed + timedelta(days=10),
                )
            )
            answers.append(
                RespondentResponse(
                    case=case,
                    text="Our response under our complaints procedure.",
                    responded_at=filed + timedelta(days=15),
                )
            )
        if case.stage == Stage.CLOSED:
            moves.append(
                StageMove(
                    case=case,
                    from_stage=PATH[reached],
                    to_stage=Stage.CLOSED,
                    moved_by=case.filed_by,
                    moved_at=case.closed_at,
                    reason="Closed.",
                )
            )
        if case.referral_received_on:
            letters.append(
                ReferralLetter(
                    case=case,
                    referred_by_organisation=case.complainant,
                    nature_of_difference="Notice of a funding cut.",
                    what_has_been_tried="Stage 1 in full.",
                    received_on=case.referral_received_on,
                    written_by=case.filed_by,
                )
            )
            if case.stage == Stage.STAGE_3 or n % 5 < 3:
                panels.append(
                    Panel(
                        case=case,
                        convened_on=case.referral_received_on + timedelta(days=min(10, n % 12)),
                        concerns_compact_undertakings=True if n % 2 else None,
                    )
                )
    write(StageMove, moves)
    write(OutcomeAcceptance, acceptances)
    write(FormalConcern, concerns)
    write(RespondentResponse, answers)
    write(ReferralLetter, letters)
    write(Panel, panels)
    place_of = {p.compact.pk: p for p in places}
    members, meetings, signposts = [], [], []
    for n, panel in enumerate(panels):
        seats = place_of[panel.case.compact_id].resolution
        chosen = [s for s in seats if s.organisation_id not in (panel.case.complainant_id, panel.case.respondent_id)][
            :4
        ]
        members += [PanelMember(panel=panel, user=s.user, sector=s.sector, seat=s) for s in chosen]
        if chosen:
            panel.chair = chosen[0].user
        if n % 2:
            meetings.append(
                Meeting(
                    panel=panel,
                    kind=Meeting.Kind.HEARING,
                    notes="Both parties attended.",
                    scheduled_on=panel.case.referral_received_on + timedelta(days=40),
                )
            )
        if panel.case.stage == Stage.STAGE_3:
            signposts.append(Signposting(case=panel.case, resource=Signposting.Resource.MEDIATION))
    write(PanelMember, members)
    Panel.objects.bulk_update([p for p in panels if p.chair_id], ["chair"], batch_size=BATCH)
    write(Meeting, meetings)
    write(Signposting, signposts)
    notices = [
        InternalDifferenceNotice(
            compact=c.compact,
            organisation=c.complainant,
            summary="Settled between us.",
            resolved_on=today - timedelta(days=n % 300),
        )
        for n, c in enumerate(cases[::10])
    ]
    write(InternalDifferenceNotice, notices)
    # The registry: at stage 2, the panel to convene (if none) and the hearing (until held).
    held = {m.panel.case.pk for m in meetings if m.scheduled_on <= today}
    with_panel = {p.case.pk: p for p in panels}
    due = 0
    for case in cases:
        if case.stage != Stage.STAGE_2:
            continue
        panel = with_panel.get(case.pk)
        due += 1 if panel is None else 0
        due += 0 if case.pk in held else 1
    return due


# The action plan and the annual review ---------------------------------------------------------


def _action_plans(sizes, places, today, write) -> int:
    actions, milestones, reviews = [], [], []
    for place in places:
        for n in range(sizes.actions):
            owner = (place.public + place.vcs)[n % max(1, len(place.public) + len(place.vcs))] if place.public else None
            actions.append(
                Action(
                    compact=place.compact,
                    title=f"Improve {TOPICS[n % len(TOPICS)]} ({n + 1})",
                    owner=owner,
                    year_agreed=today.year - n % 2,
                    status=[Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS][n % 2],
                )
            )
        if not AnnualReview.objects.filter(compact=place.compact, year=today.year).exists():
            reviews.append(
                AnnualReview(
                    compact=place.compact,
                    edition=place.edition,
                    year=today.year,
                    operation="The board met four times this year.",
                    difference_made="Consultations ran for the full period more often.",
                )
            )
    write(Action, actions)
    for action in actions:
        for m in range(3):
            milestones.append(
                Milestone(
                    action=action,
                    title=f"Step {m + 1}",
                    due_on=today + timedelta(days=30 * m - 20),
                    done_on=today - timedelta(days=25) if m == 0 else None,
                )
            )
    write(Milestone, milestones)
    write(AnnualReview, reviews)
    sections_of = {}
    for section in Section.objects.filter(edition__in=[r.edition for r in reviews]):
        sections_of.setdefault(section.edition_id, []).append(section)
    write(
        ReviewCommentary,
        [
            ReviewCommentary(review=r, section=s, text=f"Partners reported on {s.title.lower()}.")
            for r in reviews
            for s in sections_of.get(r.edition_id, [])
        ],
    )
    return sum(1 for m in milestones if m.done_on is None)


def describe(counts: dict[str, int]) -> str:
    width = max((len(k) for k in counts), default=10)
    return "\n".join(f"  {label:<{width}}  {count:>9,}" for label, count in counts.items())


def rows_written(counts: dict[str, int]) -> int:
    return sum(counts.values())
