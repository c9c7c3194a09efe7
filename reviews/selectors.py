"""Reads of the yearly review used by several pages, the admin, the deadlines, the report and
the PDF: which undertakings an organisation rates (`parties_for`), where a round stands
(`progress`), how ratings are counted (`Tally`, `results`), which actions a year carries
(`actions_for_year`) and when the review is due (`review_due_on`)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from compact_portal import workdays
from signatories.models import Organisation, Sector
from undertakings.models import Compact, Party, Section, Undertaking, parties_given_by

from .models import Action, AnnualReview, Assessment, AssessmentResponse, AssessmentRound, Rating, ReviewRendering

# Which undertakings an organisation rates -------------------------------------------------

# Public bodies give the shared and public sector undertakings. On the voluntary side the
# Compacts also have undertakings by community groups and by organisations working with BME
# communities (Stafford's "Community Groups & BME" code); the portal asks every VCS signatory
# about those too, and an organisation to which one does not apply answers "not applicable".
# Business and other partners rate the shared undertakings and their own, if any.
PARTIES_BY_SECTOR = {sector: parties_given_by(sector) for sector in Sector.values}


def parties_for(organisation) -> tuple[str, ...]:
    return parties_given_by(organisation.sector)


def undertakings_for(organisation, edition, section=None):
    """The undertakings this organisation rates in this edition (or one section of it)."""
    found = Undertaking.objects.filter(section__edition=edition, party__in=parties_for(organisation))
    if section is not None:
        found = found.filter(section=section)
    return found.select_related("section").order_by("section__position", "position")


# Filling in and submitting ---------------------------------------------------------------


def assessment_of(organisation, assessment_round) -> Assessment:
    """The organisation's assessment in the round; an unsaved one if it signed after the round
    opened and has not saved anything yet."""
    found = Assessment.objects.filter(round=assessment_round, organisation=organisation).first()
    return found or Assessment(round=assessment_round, organisation=organisation)


def unanswered(assessment: Assessment):
    """The undertakings the organisation rates that have no rating yet, in Compact order."""
    found = undertakings_for(assessment.organisation, assessment.round.edition)
    if assessment.pk is None:
        return found
    return found.exclude(pk__in=assessment.responses.exclude(rating="").values("undertaking_id"))


PARTY_NAMES = {
    Party.SHARED: "shared",
    Party.PUBLIC: "public sector",
    Party.VCS: "VCS",
    Party.COMMUNITY: "community group",
    Party.BME: "BME",
    Party.PARTNER: "business and other partners'",
}


def undertaking_label(undertaking: Undertaking) -> str:
    """“Fair funding, public sector undertaking 3”: how the portal names an undertaking in a list."""
    number = undertaking.number or undertaking.reference
    return f"{undertaking.section.title}, {PARTY_NAMES.get(undertaking.party, undertaking.party)} undertaking {number}"


# Progress and chasing --------------------------------------------------------------------


@dataclass
class ProgressRow:
    organisation: Organisation
    assessment: Assessment | None
    answered: int
    total: int

    @property
    def state(self) -> str:
        if self.assessment is not None and self.assessment.is_submitted:
            return "submitted"
        return "in_progress" if self.answered else "not_started"

    @property
    def state_label(self) -> str:
        return {"submitted": "Submitted", "in_progress": "In progress", "not_started": "Not started"}[self.state]


def progress(assessment_round: AssessmentRound) -> list[ProgressRow]:
    """Every signatory and where its assessment stands, in three queries however many there are."""
    per_party = dict(
        Undertaking.objects.filter(section__edition=assessment_round.edition)
        .values_list("party")
        .annotate(n=Count("id"))
    )
    totals = {sector: sum(per_party.get(p, 0) for p in parties) for sector, parties in PARTIES_BY_SECTOR.items()}
    assessments = assessment_round.assessments.select_related("organisation").annotate(
        answered=Count("responses", filter=~Q(responses__rating=""))
    )
    rows = [ProgressRow(a.organisation, a, a.answered, totals[a.organisation.sector]) for a in assessments]
    late_signers = assessment_round.compact.organisations.signatories().exclude(
        pk__in=assessment_round.assessments.values("organisation_id")
    )
    rows += [ProgressRow(o, None, 0, totals[o.sector]) for o in late_signers]
    order = {"not_started": 0, "in_progress": 1, "submitted": 2}
    return sorted(rows, key=lambda row: (order[row.state], row.organisation.name.lower()))


def progress_counts(rows: list[ProgressRow]) -> dict[str, int]:
    counts = {"submitted": 0, "in_progress": 0, "not_started": 0}
    for row in rows:
        counts[row.state] += 1
    counts["total"] = len(rows)
    return counts


# Results ---------------------------------------------------------------------------------

RATED = (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET)


def percent(part: int, whole: int) -> int | None:
    """Whole per cent, halves rounded up (2 of 3 is 67%); None when there is nothing to count."""
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


@dataclass
class Tally:
    """Counts of each rating. "% met" is of the undertakings that applied: not applicable
    answers are counted but left out of the percentage."""

    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    not_applicable: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.met + other.met,
            self.partly_met + other.partly_met,
            self.not_met + other.not_met,
            self.not_applicable + other.not_applicable,
        )

    @property
    def rated(self) -> int:
        return self.met + self.partly_met + self.not_met

    @property
    def answered(self) -> int:
        return self.rated + self.not_applicable

    @property
    def percent_met(self) -> int | None:
        return percent(self.met, self.rated)

    @property
    def percent_partly_met(self) -> int | None:
        return percent(self.partly_met, self.rated)

    @property
    def percent_not_met(self) -> int | None:
        return percent(self.not_met, self.rated)

    def count(self, rating: str) -> int:
        return getattr(self, rating)


@dataclass
class ResultRow:
    label: str
    tally: Tally
    item: object = None  # the section, sector value or undertaking
    by_sector: dict = field(default_factory=dict)


@dataclass
class Results:
    assessment_round: AssessmentRound
    submitted: int
    overall: Tally
    by_section: list[ResultRow]
    by_sector: list[ResultRow]
    by_undertaking: list[ResultRow]

    @property
    def has_answers(self) -> bool:
        return self.overall.answered > 0


def section_label(section: Section) -> str:
    kind = section.get_kind_display() if section.kind != Section.Kind.OTHER else ""
    return " ".join(
        part for part in (kind, section.number, "–" if (kind or section.number) else "", section.title) if part
    )


def results(assessment_round: AssessmentRound) -> Results:
    """Ratings of the submitted assessments by promise or code, by sector and by undertaking.
    Four queries: one aggregate (by undertaking and sector) and the Compact's text."""
    counts = {value: Count("id", filter=Q(rating=value)) for value in Rating.values}
    cells = (
        AssessmentResponse.objects.filter(
            assessment__round=assessment_round, assessment__status=Assessment.Status.SUBMITTED
        )
        .exclude(rating="")
        .values("undertaking_id", "assessment__organisation__sector")
        .annotate(**counts)
        .order_by()
    )
    by_cell: dict[tuple[int, str], Tally] = {}
    for cell in cells:
        by_cell[(cell["undertaking_id"], cell["assessment__organisation__sector"])] = Tally(
            **{v: cell[v] for v in Rating.values}
        )
    sections = list(assessment_round.edition.sections.order_by("position"))
    undertakings = list(
        Undertaking.objects.filter(section__edition=assessment_round.edition)
        .select_related("section")
        .order_by("section__position", "position")
    )
    submitted = assessment_round.assessments.filter(status=Assessment.Status.SUBMITTED).count()

    # The groups the compact admits: no row of zeros for a group it has no signatories from.
    admitted = assessment_round.compact.sectors
    sectors = [(value, label) for value, label in Sector.choices if value in admitted]
    section_rows = {
        s.pk: ResultRow(section_label(s), Tally(), s, {value: Tally() for value, _ in sectors}) for s in sections
    }
    sector_rows = {value: ResultRow(label, Tally(), value) for value, label in sectors}
    undertaking_rows = []
    for undertaking in undertakings:
        row = ResultRow(undertaking_label(undertaking), Tally(), undertaking, {})
        for value, _ in sectors:
            tally = by_cell.get((undertaking.pk, value), Tally())
            row.by_sector[value] = tally
            row.tally += tally
            section_rows[undertaking.section_id].by_sector[value] += tally
            section_rows[undertaking.section_id].tally += tally
            sector_rows[value].tally += tally
        undertaking_rows.append(row)
    overall = sum((row.tally for row in sector_rows.values()), Tally())
    return Results(
        assessment_round, submitted, overall, list(section_rows.values()), list(sector_rows.values()), undertaking_rows
    )


# The action plan ---------------------------------------------------------------------------


def actions_for_year(compact: Compact, year: int):
    """The action plan of a year: actions agreed that year or earlier that were not done
    before it. An action not done is carried into every following year until it is."""
    return (
        Action.objects.filter(compact=compact, year_agreed__lte=year)
        .filter(~Q(status=Action.Status.DONE) | Q(done_on__isnull=True) | Q(done_on__gte=date(year, 1, 1)))
        .select_related("owner")
        .prefetch_related("milestones")
        .order_by("year_agreed", "title")
    )


@dataclass
class MilestoneSummary:
    due: int = 0
    met_on_time: int = 0
    met_late: int = 0
    outstanding: int = 0


def milestone_summary(actions, year: int, today: date | None = None) -> MilestoneSummary:
    """Milestones due in `year`: met on time, met late, or still outstanding."""
    today = today or workdays.today()
    summary = MilestoneSummary()
    for action in actions:
        for milestone in action.milestones.all():
            if milestone.due_on.year != year:
                continue
            summary.due += 1
            if milestone.met_on_time():
                summary.met_on_time += 1
            elif milestone.done_on:
                summary.met_late += 1
            elif milestone.due_on < today:
                summary.outstanding += 1
    return summary


# The annual review -------------------------------------------------------------------------

# The Compacts ask for a review "annually" and fix no date. The portal reads the review of a
# calendar year as due by 31 March of the next, in time for the annual meeting (Stafford 7).
REVIEW_DUE_MONTH_DAY = (3, 31)
# A build still waiting after this long has lost its worker; the board may start another.
RENDERING_STALE_AFTER = timedelta(minutes=10)


def review_due_on(year: int) -> date:
    return date(year + 1, *REVIEW_DUE_MONTH_DAY)


def edition_for_year(compact: Compact, year: int):
    assessment_round = AssessmentRound.objects.filter(compact=compact, year=year).select_related("edition").first()
    return assessment_round.edition if assessment_round else compact.adopted_edition()


def review_of(compact: Compact, year: int) -> AnnualReview:
    """The year's review, or an unsaved draft to start from."""
    found = AnnualReview.objects.filter(compact=compact, year=year).select_related("compact", "edition").first()
    return found or AnnualReview(compact=compact, year=year, edition=edition_for_year(compact, year))


def review_sections(review: AnnualReview) -> list[Section]:
    edition = review.edition or edition_for_year(review.compact, review.year)
    return list(edition.sections.order_by("position")) if edition else []


def is_stale(rendering: ReviewRendering) -> bool:
    return rendering.created_at < timezone.now() - RENDERING_STALE_AFTER


def building_now(review: AnnualReview) -> ReviewRendering | None:
    """A build that is waiting or running, unless it has been stuck too long."""
    if review.pk is None:
        return None
    running = review.renderings.filter(
        status__in=[ReviewRendering.Status.PENDING, ReviewRendering.Status.RENDERING]
    ).first()
    return running if running and not is_stale(running) else None


def published_reviews(compact: Compact):
    return compact.annual_reviews.filter(status=AnnualReview.Status.PUBLISHED).order_by("-year")


def public_rendering(review: AnnualReview) -> ReviewRendering | None:
    """The PDF the public may download: the latest finished one made after publication."""
    if not review.is_published:
        return None
    return (
        review.renderings.filter(status=ReviewRendering.Status.DONE, draft=False)
        .exclude(pdf="")
        .order_by("-version")
        .first()
    )
