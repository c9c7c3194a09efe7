"""The board's yearly review (Wiltshire "Reviewing the operation of The Compact annually";
Stafford 7): self-assessment against the undertakings, the action plan, and the annual review
report assembled from the record.

Each rule has one home here: which undertakings an organisation rates (`parties_for`), who
may fill in and submit an assessment, when a submission is refused and why, how ratings are
counted (`Tally`), which actions a year carries (`actions_for_year`), when the review is due
(`review_due_on`) and what the published report contains (`assemble_report`). Views, the
admin, the deadlines, emails and the PDF ask these functions; none re-derives them.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from compact_portal import emails, workdays
from compact_portal.workdays import format_date
from signatories import permissions
from signatories.models import Membership, Organisation, Sector, Signature
from undertakings.models import Compact, Party, Section, Undertaking

from .models import Action, AnnualReview, Assessment, AssessmentResponse, AssessmentRound, Milestone, Rating, ReviewCommentary, ReviewRendering

# Which undertakings an organisation rates -------------------------------------------------

# Public bodies give the shared and public sector undertakings. On the voluntary side the
# Compacts also have undertakings by community groups and by organisations working with BME
# communities (Stafford's "Community Groups & BME" code); the portal asks every VCS signatory
# about those too, and an organisation to which one does not apply answers "not applicable".
PUBLIC_SIDE = (Party.SHARED, Party.PUBLIC)
VCS_SIDE = (Party.SHARED, Party.VCS, Party.COMMUNITY, Party.BME)


PARTIES_BY_SECTOR = {Sector.PUBLIC: PUBLIC_SIDE, Sector.VCS: VCS_SIDE}


def parties_for(organisation) -> tuple[str, ...]:
    return PARTIES_BY_SECTOR[organisation.sector]


def undertakings_for(organisation, edition, section=None):
    """The undertakings this organisation rates in this edition (or one section of it)."""
    found = Undertaking.objects.filter(section__edition=edition, party__in=parties_for(organisation))
    if section is not None:
        found = found.filter(section=section)
    return found.select_related("section").order_by("section__position", "position")


# Who may do what -------------------------------------------------------------------------

def can_fill_in(user, organisation) -> bool:
    """Any member of the organisation may answer and save a draft."""
    return permissions.is_member(user, organisation)


def can_submit(user, organisation) -> bool:
    """Submitting is the organisation's statement to the board, like signing: admins only."""
    return permissions.is_organisation_admin(user, organisation)


def can_read_assessment(user, organisation) -> bool:
    return permissions.is_member(user, organisation) or permissions.is_board_member(user, organisation.compact)


# Opening a round -------------------------------------------------------------------------

DEFAULT_WEEKS_TO_RESPOND = 6


def _admin_emails(organisations) -> dict[int, list[str]]:
    """Admins' addresses for each organisation (its contact address if it has no admin). One query."""
    found: dict[int, set[str]] = defaultdict(set)
    for organisation_id, email in (Membership.objects.filter(organisation__in=organisations, role=Membership.Role.ADMIN,
                                                             user__is_active=True)
                                   .values_list("organisation_id", "user__email")):
        found[organisation_id].add(email)
    return {o.pk: sorted(found.get(o.pk) or {o.contact_email}) for o in organisations}


def _assessment_url(organisation, year) -> str:
    return emails.absolute_url(reverse("undertakings:assessment", args=[organisation.slug, year]))


@transaction.atomic
def open_round(*, compact: Compact, year: int, opens_on: date, due_on: date, by) -> AssessmentRound:
    """The board opens a year's self-assessment: every signatory gets an assessment to fill in
    against the adopted edition, and its admins are emailed."""
    edition = compact.adopted_edition()
    if edition is None:
        raise ValidationError(f"{compact.name} has no adopted edition, so there are no undertakings to assess.")
    if AssessmentRound.objects.filter(compact=compact, year=year).exists():
        raise ValidationError({"year": f"The {year} self-assessment has already been opened."})
    if due_on <= opens_on:
        raise ValidationError({"due_on": f"The due date must be after the opening date, {format_date(opens_on)}."})
    assessment_round = AssessmentRound(compact=compact, edition=edition, year=year, opens_on=opens_on, due_on=due_on,
                                       opened_by=by)
    assessment_round.full_clean()
    assessment_round.save()
    signatories = list(compact.organisations.signatories().order_by("name"))
    Assessment.objects.bulk_create([Assessment(round=assessment_round, organisation=o) for o in signatories])
    addresses = _admin_emails(signatories)

    def send():
        for organisation in signatories:
            emails.send("reviews/emails/assessment_opened", addresses[organisation.pk], {
                "organisation": organisation, "round": assessment_round, "compact": compact,
                "url": _assessment_url(organisation, year)})
    transaction.on_commit(send)
    return assessment_round


@transaction.atomic
def close_round(*, assessment_round: AssessmentRound) -> AssessmentRound:
    assessment_round.status = AssessmentRound.Status.CLOSED
    assessment_round.save()
    return assessment_round


# Filling in and submitting ---------------------------------------------------------------

def assessment_of(organisation, assessment_round) -> Assessment:
    """The organisation's assessment in the round; an unsaved one if it signed after the round
    opened and has not saved anything yet."""
    found = Assessment.objects.filter(round=assessment_round, organisation=organisation).first()
    return found or Assessment(round=assessment_round, organisation=organisation)


def editing_refusal(assessment: Assessment) -> str | None:
    """Why this assessment cannot be changed now, or None."""
    if assessment.organisation.status != Organisation.Status.SIGNED:
        return f"{assessment.organisation.name} is not a signatory of the Compact, so it does not assess itself."
    if not assessment.round.is_open:
        return f"The {assessment.round.year} self-assessment has closed."
    if assessment.is_submitted:
        when = f" on {format_date(timezone.localdate(assessment.submitted_at))}" if assessment.submitted_at else ""
        return f"{assessment.organisation.name} submitted its {assessment.round.year} self-assessment{when}."
    return None


@dataclass
class Answer:
    rating: str = ""
    evidence: str = ""
    comments: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.rating or self.evidence.strip() or self.comments.strip())


@transaction.atomic
def save_answers(*, assessment: Assessment, answers: dict[int, Answer], by) -> Assessment:
    """Save a draft: answers by undertaking id. Only undertakings the organisation rates are
    kept; a rating may be left blank to come back to."""
    refusal = editing_refusal(assessment)
    if refusal:
        raise ValidationError(refusal)
    if assessment.pk is None:
        assessment, _ = Assessment.objects.get_or_create(round=assessment.round, organisation=assessment.organisation)
    allowed = set(undertakings_for(assessment.organisation, assessment.round.edition)
                  .filter(pk__in=list(answers)).values_list("pk", flat=True))
    existing = {r.undertaking_id: r for r in assessment.responses.filter(undertaking_id__in=allowed)}
    for undertaking_id in allowed:
        answer = answers[undertaking_id]
        if answer.rating and answer.rating not in Rating.values:
            raise ValidationError(f"“{answer.rating}” is not a rating.")
        response = existing.get(undertaking_id)
        if response is None:
            if answer.is_blank:
                continue
            response = AssessmentResponse(assessment=assessment, undertaking_id=undertaking_id)
        response.rating, response.evidence, response.comments = answer.rating, answer.evidence.strip(), answer.comments.strip()
        response.updated_by = by
        response.save()
    assessment.save(update_fields=["updated_at"])
    return assessment


def unanswered(assessment: Assessment):
    """The undertakings the organisation rates that have no rating yet, in Compact order."""
    found = undertakings_for(assessment.organisation, assessment.round.edition)
    if assessment.pk is None:
        return found
    return found.exclude(pk__in=assessment.responses.exclude(rating="").values("undertaking_id"))


def submission_refusal(assessment: Assessment) -> str | None:
    """Why the assessment cannot be submitted, or None. An assessment is submitted complete."""
    refusal = editing_refusal(assessment)
    if refusal:
        return refusal
    missing = list(unanswered(assessment))
    if missing:
        listed = "; ".join(undertaking_label(u) for u in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        return (f"Rate every undertaking before submitting: {len(missing)} not answered yet "
                f"({listed}{more}). Choose “Not applicable” where an undertaking does not apply.")
    return None


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by) -> Assessment:
    if assessment.pk is None:
        raise ValidationError(submission_refusal(assessment) or "Answer the questions before submitting.")
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("round__edition", "organisation").get(pk=assessment.pk)
    refusal = submission_refusal(assessment)
    if refusal:
        raise ValidationError(refusal)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save()
    return assessment


PARTY_NAMES = {Party.SHARED: "shared", Party.PUBLIC: "public sector", Party.VCS: "VCS",
               Party.COMMUNITY: "community group", Party.BME: "BME"}


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
    per_party = dict(Undertaking.objects.filter(section__edition=assessment_round.edition)
                     .values_list("party").annotate(n=Count("id")))
    totals = {sector: sum(per_party.get(p, 0) for p in parties) for sector, parties in PARTIES_BY_SECTOR.items()}
    assessments = (assessment_round.assessments.select_related("organisation")
                   .annotate(answered=Count("responses", filter=~Q(responses__rating=""))))
    rows = [ProgressRow(a.organisation, a, a.answered, totals[a.organisation.sector]) for a in assessments]
    late_signers = (assessment_round.compact.organisations.signatories()
                    .exclude(pk__in=assessment_round.assessments.values("organisation_id")))
    rows += [ProgressRow(o, None, 0, totals[o.sector]) for o in late_signers]
    order = {"not_started": 0, "in_progress": 1, "submitted": 2}
    return sorted(rows, key=lambda row: (order[row.state], row.organisation.name.lower()))


def progress_counts(rows: list[ProgressRow]) -> dict[str, int]:
    counts = {"submitted": 0, "in_progress": 0, "not_started": 0}
    for row in rows:
        counts[row.state] += 1
    counts["total"] = len(rows)
    return counts


@transaction.atomic
def chase(*, assessment_round: AssessmentRound, by) -> list[Organisation]:
    """Email the admins of every signatory that has not submitted: what to do, by when, and the
    link. Returns the organisations chased."""
    if not assessment_round.is_open:
        raise ValidationError(f"The {assessment_round.year} self-assessment has closed; reopen it before chasing.")
    for organisation in (assessment_round.compact.organisations.signatories()
                         .exclude(pk__in=assessment_round.assessments.values("organisation_id"))):
        Assessment.objects.create(round=assessment_round, organisation=organisation)
    waiting = list(assessment_round.assessments.filter(status=Assessment.Status.DRAFT)
                   .filter(organisation__status=Organisation.Status.SIGNED)
                   .select_related("organisation").order_by("organisation__name"))
    if not waiting:
        return []
    now = timezone.now()
    Assessment.objects.filter(pk__in=[a.pk for a in waiting]).update(last_chased_at=now, times_chased=F("times_chased") + 1)
    organisations = [a.organisation for a in waiting]
    addresses = _admin_emails(organisations)
    overdue = assessment_round.due_on < workdays.today()

    def send():
        for organisation in organisations:
            emails.send("reviews/emails/assessment_chase", addresses[organisation.pk], {
                "organisation": organisation, "round": assessment_round, "compact": assessment_round.compact,
                "overdue": overdue, "url": _assessment_url(organisation, assessment_round.year)})
    transaction.on_commit(send)
    return organisations


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
        return Tally(self.met + other.met, self.partly_met + other.partly_met, self.not_met + other.not_met,
                     self.not_applicable + other.not_applicable)

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
    item: object = None                      # the section, sector value or undertaking
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
    return " ".join(part for part in (kind, section.number, "–" if (kind or section.number) else "", section.title) if part)


def results(assessment_round: AssessmentRound) -> Results:
    """Ratings of the submitted assessments by promise or code, by sector and by undertaking.
    Four queries: one aggregate (by undertaking and sector) and the Compact's text."""
    counts = {value: Count("id", filter=Q(rating=value)) for value in Rating.values}
    cells = (AssessmentResponse.objects
             .filter(assessment__round=assessment_round, assessment__status=Assessment.Status.SUBMITTED)
             .exclude(rating="")
             .values("undertaking_id", "assessment__organisation__sector").annotate(**counts).order_by())
    by_cell: dict[tuple[int, str], Tally] = {}
    for cell in cells:
        by_cell[(cell["undertaking_id"], cell["assessment__organisation__sector"])] = Tally(**{v: cell[v] for v in Rating.values})
    sections = list(assessment_round.edition.sections.order_by("position"))
    undertakings = list(Undertaking.objects.filter(section__edition=assessment_round.edition)
                        .select_related("section").order_by("section__position", "position"))
    submitted = assessment_round.assessments.filter(status=Assessment.Status.SUBMITTED).count()

    sectors = [(value, label) for value, label in Sector.choices]
    section_rows = {s.pk: ResultRow(section_label(s), Tally(), s, {value: Tally() for value, _ in sectors}) for s in sections}
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
    return Results(assessment_round, submitted, overall, list(section_rows.values()), list(sector_rows.values()),
                   undertaking_rows)


# Charts: hand-built SVG bar charts, drawn by templates/reviews/report/chart.html ------

CHART_WIDTH, LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, BAR_HEIGHT, TOP = 640, 200, 350, 30, 20, 34
SEGMENTS = ((Rating.MET, "Met", "#00703c", "#ffffff"), (Rating.PARTLY_MET, "Partly met", "#ffdd00", "#0b0c0c"),
            (Rating.NOT_MET, "Not met", "#d4351c", "#ffffff"))


@dataclass
class Segment:
    label: str
    count: int
    percent: int
    x: float
    width: float
    fill: str
    text_colour: str

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def shows_text(self) -> bool:
        return self.width >= 34


@dataclass
class Bar:
    label: str
    full_label: str
    y: float
    segments: list[Segment]
    note: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + 4


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 10
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT
    legend: tuple = SEGMENTS

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * len(self.bars) + 8

    @property
    def legend_items(self):
        x = self.bar_x
        for _, label, fill, _ in SEGMENTS:
            yield {"label": label, "fill": fill, "x": x, "text_x": x + 16}
            x += 16 + 7 * len(label) + 16


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, rows: list[ResultRow]) -> Chart:
    """Stacked horizontal bars of met / partly met / not met, as shares of the undertakings
    that applied. Geometry is worked out here so the template only draws."""
    bars = []
    for index, row in enumerate(rows):
        y, x, segments = TOP + index * ROW_HEIGHT, LABEL_WIDTH + 10, []
        rated = row.tally.rated
        for rating, label, fill, text_colour in SEGMENTS:
            count = row.tally.count(rating)
            if rated and count:
                width = round(BAR_AREA * count / rated, 1)
                segments.append(Segment(label, count, percent(count, rated), x, width, fill, text_colour))
                x += width
        note = f"{row.tally.percent_met}% met" if rated else "no ratings"
        bars.append(Bar(_short(row.label), row.label, y, segments, note))
    summary = "; ".join(f"{row.label}: {row.tally.percent_met}% met of {row.tally.rated} rated" if row.tally.rated
                        else f"{row.label}: no ratings" for row in rows)
    return Chart(chart_id, title, summary, bars)


# The action plan ---------------------------------------------------------------------------

def actions_for_year(compact: Compact, year: int):
    """The action plan of a year: actions agreed that year or earlier that were not done
    before it. An action not done is carried into every following year until it is."""
    return (Action.objects.filter(compact=compact, year_agreed__lte=year)
            .filter(~Q(status=Action.Status.DONE) | Q(done_on__isnull=True) | Q(done_on__gte=date(year, 1, 1)))
            .select_related("owner").prefetch_related("milestones").order_by("year_agreed", "title"))


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


@transaction.atomic
def save_review(*, compact: Compact, year: int, by, operation: str, difference_made: str,
                annual_meeting_on: date | None, commentary: dict[int, str]) -> AnnualReview:
    """Save the board's own words. A published review is the public record and is not changed."""
    review, _ = AnnualReview.objects.select_for_update().get_or_create(
        compact=compact, year=year, defaults={"edition": edition_for_year(compact, year)})
    if review.is_published:
        raise ValidationError(f"The {year} annual review was published on {format_date(timezone.localdate(review.published_at))}"
                              " and can no longer be changed.")
    review.operation, review.difference_made = operation.strip(), difference_made.strip()
    review.annual_meeting_on, review.updated_by = annual_meeting_on, by
    review.full_clean()
    review.save()
    sections = {s.pk for s in review_sections(review)}
    for section_id, text in commentary.items():
        if section_id in sections:
            ReviewCommentary.objects.update_or_create(review=review, section_id=section_id, defaults={"text": text.strip()})
    return review


def is_stale(rendering: ReviewRendering) -> bool:
    return rendering.created_at < timezone.now() - RENDERING_STALE_AFTER


def building_now(review: AnnualReview) -> ReviewRendering | None:
    """A build that is waiting or running, unless it has been stuck too long."""
    if review.pk is None:
        return None
    running = review.renderings.filter(status__in=[ReviewRendering.Status.PENDING, ReviewRendering.Status.RENDERING]).first()
    return running if running and not is_stale(running) else None


def _new_rendering(review: AnnualReview, by) -> ReviewRendering:
    version = (review.renderings.aggregate(latest=Max("version"))["latest"] or 0) + 1
    rendering = ReviewRendering.objects.create(review=review, version=version, draft=not review.is_published,
                                               requested_by=by)

    def start():
        from . import tasks

        tasks.render_annual_review.delay(rendering.pk)
    transaction.on_commit(start)
    return rendering


@transaction.atomic
def request_rendering(*, review: AnnualReview, by) -> ReviewRendering:
    """Queue a new version of the PDF; the Celery task renders it and records its progress."""
    if review.pk is None:
        raise ValidationError("Save the annual review before building its PDF.")
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    running = building_now(review)
    if running:
        raise ValidationError(f"Version {running.version} of the PDF is still being built. Wait for it to finish.")
    return _new_rendering(review, by)


def publication_refusal(review: AnnualReview) -> str | None:
    if review.pk is None:
        return "Write and save the annual review before publishing it."
    if review.is_published:
        return f"The {review.year} annual review has already been published."
    if not review.operation.strip():
        return "Write how the Compact operated during the year before publishing."
    if not review.difference_made.strip():
        return "Write what difference the Compact made before publishing."
    if not review.renderings.filter(status=ReviewRendering.Status.DONE).exists():
        return "Build the PDF and check it before publishing."
    return None


@transaction.atomic
def publish_review(*, review: AnnualReview, by) -> AnnualReview:
    """Publish: the report as it stands becomes the public page, and a final PDF without the
    draft watermark is built as a new version."""
    review = AnnualReview.objects.select_for_update(of=("self",)).select_related("compact", "edition").get(pk=review.pk)
    refusal = publication_refusal(review)
    if refusal:
        raise ValidationError(refusal)
    review.status = AnnualReview.Status.PUBLISHED
    review.published_at = timezone.now()
    review.published_by = by
    review.published_html = render_to_string("reviews/report/body.html", assemble_report(review))
    review.save()
    _new_rendering(review, by)
    return review


def published_reviews(compact: Compact):
    return compact.annual_reviews.filter(status=AnnualReview.Status.PUBLISHED).order_by("-year")


def public_rendering(review: AnnualReview) -> ReviewRendering | None:
    """The PDF the public may download: the latest finished one made after publication."""
    if not review.is_published:
        return None
    return (review.renderings.filter(status=ReviewRendering.Status.DONE, draft=False).exclude(pdf="")
            .order_by("-version").first())


# Assembling the report ---------------------------------------------------------------------

def assemble_report(review: AnnualReview, today: date | None = None) -> dict:
    """Everything the report shows, from the record and the board's words. The HTML page and
    the PDF render this same dictionary (templates/reviews/report/)."""
    today = today or workdays.today()
    compact, year = review.compact, review.year
    edition = review.edition or edition_for_year(compact, year)
    assessment_round = AssessmentRound.objects.filter(compact=compact, year=year).select_related("edition").first()
    found = results(assessment_round) if assessment_round else None
    commentary = {c.section_id: c.text for c in review.commentaries.all()} if review.pk else {}
    section_results = {row.item.pk: row for row in found.by_section} if found else {}
    sections = [{"section": s, "label": section_label(s), "commentary": commentary.get(s.pk, ""),
                 "result": section_results.get(s.pk)} for s in review_sections(review)]
    actions = list(actions_for_year(compact, year))
    report = {
        "review": review, "compact": compact, "year": year, "edition": edition, "today": today,
        "is_draft": not review.is_published,
        "period_starts_on": date(year, 1, 1), "period_ends_on": date(year, 12, 31),
        "sections": sections,
        "assessment": _assessment_facts(assessment_round, found),
        "consultations": consultation_facts(compact, year, today),
        "disputes": dispute_facts(compact, year),
        "signatories": signatory_facts(compact, year),
        "action_plan": {"actions": actions, "milestones": milestone_summary(actions, year, today),
                        "done": sum(1 for a in actions if a.status == Action.Status.DONE),
                        "carried_over": sum(1 for a in actions if a.year_agreed < year)},
    }
    report["chapters"] = [{"id": chapter_id, "title": title} for chapter_id, title in CHAPTERS]
    return report


CHAPTERS = (
    ("at-a-glance", "The year at a glance"),
    ("operation", "How the Compact operated"),
    ("promises", "The promises and codes of practice"),
    ("compliance", "Keeping the undertakings"),
    ("consultations", "Consultations"),
    ("funding", "Funding changes"),
    ("disputes", "Breach concerns and disputes"),
    ("signatories", "Signatories and Compact champions"),
    ("action-plan", "The action plan"),
    ("difference", "The difference the Compact made"),
)


def _assessment_facts(assessment_round, found: Results | None) -> dict | None:
    if assessment_round is None or found is None:
        return None
    invited = assessment_round.assessments.filter(organisation__status=Organisation.Status.SIGNED).count()
    return {
        "round": assessment_round, "results": found, "invited": invited,
        "by_section_chart": bar_chart("chart-by-promise", "Undertakings met, by promise or code", found.by_section),
        "by_sector_chart": bar_chart("chart-by-sector", "Undertakings met, by sector", found.by_sector),
        "least_met": sorted((row for row in found.by_undertaking if row.tally.rated and row.tally.percent_met < 100),
                            key=lambda row: (row.tally.percent_met, -row.tally.rated))[:5],
    }


def signatory_facts(compact: Compact, year: int) -> dict:
    """Who joined (first signed in the year) and who left (withdrew in it), and the Compact
    champions in place among today's signatories."""
    signatories = list(compact.organisations.signatories().select_related("champion").order_by("name"))
    first_signed = (Signature.objects.filter(edition__compact=compact).values("organisation_id")
                    .annotate(first=Min("signed_on")).filter(first__year=year).values("organisation_id"))
    joined = list(compact.organisations.filter(pk__in=first_signed).order_by("name"))
    left = list(compact.organisations.filter(withdrawn_at__year=year).order_by("name"))
    with_champion = [o for o in signatories if o.champion_id]
    return {
        "count": len(signatories),
        "by_sector": [(label, sum(1 for o in signatories if o.sector == value)) for value, label in Sector.choices],
        "joined": joined, "left": left, "signatories": signatories,
        "champions": len(with_champion),
        "champions_trained": sum(1 for o in with_champion if o.champion_trained_on),
    }


def dispute_facts(compact: Compact, year: int) -> dict | None:
    """Only the disputes app's annual summary, which holds nothing confidential (counts by
    stage, outcome and undertaking, and the outcome summaries written for this report)."""
    try:
        from disputes.selectors import annual_summary
    except ImportError:
        return None
    return annual_summary(compact, year)


def consultation_facts(compact: Compact, year: int, today: date) -> dict | None:
    """Consultations opened in the year against the Compact's standard period, shortened ones
    with their published reasons, formal notice given after decisions in the year, and
    funding changes. The rules are the consultations app's (its `rules`, `lifecycle` and
    `compliance` modules); nothing is re-derived here."""
    try:
        from consultations import compliance, rules
        from consultations.lifecycle import missing_consents
        from consultations.models import Consultation, Decision, FundingAgreement, PaymentSchedule
        from consultations.selectors import compliance_summary
    except ImportError:
        return None
    timeline_rules = compact.rules
    summary = compliance_summary(compact, year)
    opened = (Consultation.objects.filter(compact=compact, opens_on__year=year, closes_on__isnull=False)
              .exclude(status=Consultation.Status.DRAFT).select_related("owner")
              .prefetch_related("consents", "affected_organisations").order_by("opens_on", "pk"))
    rows = []
    for c in opened:
        shortened = rules.is_shortened(c.opens_on, c.closes_on, timeline_rules)
        rows.append({"consultation": c, "weeks": round(workdays.weeks_between(c.opens_on, c.closes_on), 1),
                     "shortened": shortened,
                     "below_minimum": rules.is_below_minimum(c.opens_on, c.closes_on, timeline_rules),
                     "consented": shortened and not missing_consents(c)})
    decisions = (Decision.objects.filter(consultation__compact=compact, decided_on__year=year)
                 .select_related("consultation__owner").order_by("decided_on"))
    notices, funding_changes = [], []
    for decision in decisions:
        consultation = decision.consultation
        terms = rules.notice_terms(consultation.kind, timeline_rules)
        if consultation.is_funding_change:
            funding_changes.append(decision)
        if decision.proceeds and terms and decision.notice_starts_on and decision.notice_ends_on:
            notices.append({"decision": decision, "minimum": terms.describe(terms.minimum),
                            "kept": not terms.is_under_minimum(decision.notice_starts_on, decision.notice_ends_on),
                            "ideal": not terms.is_under_ideal(decision.notice_starts_on, decision.notice_ends_on)})
    agreements = FundingAgreement.objects.filter(funder__compact=compact)
    started = agreements.filter(starts_on__year=year)
    payments = PaymentSchedule.objects.filter(agreement__in=agreements, due_on__year=year, due_on__lte=today)
    late = Q(paid_on__gt=F("due_on")) | Q(paid_on__isnull=True)
    started_list = list(started.select_related("funder", "recipient"))
    return {
        "standard_weeks": timeline_rules.consultation_weeks,
        "minimum_weeks": timeline_rules.minimum_consultation_weeks,
        "opened": summary["consultations_opened"], "rows": rows,
        "at_standard": sum(1 for r in rows if not r.get("shortened")),
        "shortened": [r for r in rows if r["shortened"]],
        "notices": notices, "notices_kept": sum(1 for n in notices if n["kept"]),
        "flags": [(compliance.LABELS[code], count) for code, count in summary["flags"].items()],
        "total_flags": summary["total_flags"],
        "funding_changes": funding_changes,
        "agreements_started": len(started_list),
        "agreements_started_amount": started.aggregate(total=Sum("amount"))["total"] or 0,
        "agreements_three_year": sum(1 for a in started_list if a.is_three_year),
        "agreements_in_advance": sum(1 for a in started_list if a.payment_timing == FundingAgreement.PaymentTiming.ADVANCE),
        "payments_due": payments.count(), "payments_late": payments.filter(late).count(),
    }


# Demo data ---------------------------------------------------------------------------------

DEMO_RATINGS = (Rating.MET, Rating.MET, Rating.PARTLY_MET, Rating.MET, Rating.NOT_MET, Rating.NOT_APPLICABLE)


@transaction.atomic
def load_review_demo(compact: Compact) -> AnnualReview | None:
    """An open self-assessment for this year (one VCS signatory submitted, one public body in
    draft), two actions with milestones, and a draft annual review. Safe to run twice."""
    edition = compact.adopted_edition()
    board = compact.board_memberships.select_related("user").order_by("-year", "pk").first()
    by = board.user if board else None
    if edition is None:
        return None
    today = workdays.today()
    year = today.year
    assessment_round = AssessmentRound.objects.filter(compact=compact, year=year).first()
    if assessment_round is None:
        assessment_round = open_round(compact=compact, year=year, opens_on=today - timedelta(days=14),
                                      due_on=workdays.add_weeks(today, 4), by=by)
    signatories = compact.organisations.signatories().order_by("name")
    vcs = signatories.filter(sector=Sector.VCS).first()
    public = signatories.filter(sector=Sector.PUBLIC).first()
    for organisation, complete in ((vcs, True), (public, False)):
        if organisation is None:
            continue
        assessment = assessment_of(organisation, assessment_round)
        if assessment.pk and (assessment.is_submitted or assessment.responses.exists()):
            continue
        member = organisation.memberships.filter(role=Membership.Role.ADMIN).select_related("user").first()
        person = member.user if member else by
        undertakings = list(undertakings_for(organisation, edition))
        if not complete:
            undertakings = undertakings[: max(1, len(undertakings) // 2)]
        answers = {u.pk: Answer(DEMO_RATINGS[i % len(DEMO_RATINGS)],
                                "Minutes of the partnership meeting and the funding monitoring report." if i % 2 == 0 else "",
                                "")
                   for i, u in enumerate(undertakings)}
        assessment = save_answers(assessment=assessment, answers=answers, by=person)
        if complete:
            submit_assessment(assessment=assessment, by=person)

    if not compact.actions.exists():
        training = Action.objects.create(
            compact=compact, title="Train a Compact champion in every signatory", year_agreed=year - 1,
            owner=vcs, status=Action.Status.IN_PROGRESS,
            description="Run two training sessions a year and keep a list of the champions trained.")
        Milestone.objects.create(action=training, title="First training session held", due_on=date(year - 1, 10, 1),
                                 done_on=date(year - 1, 9, 24))
        Milestone.objects.create(action=training, title="Every signatory has a trained champion",
                                 due_on=date(year, 12, 15))
        forward = Action.objects.create(
            compact=compact, title="Publish a forward plan of consultations", year_agreed=year,
            owner=public, status=Action.Status.NOT_STARTED,
            description="Public bodies list the consultations they expect to run in the coming year.")
        Milestone.objects.create(action=forward, title="Draft forward plan shared with the board",
                                 due_on=workdays.add_weeks(today, 6))
    review = AnnualReview.objects.filter(compact=compact, year=year).first()
    if review is None:
        sections = review_sections(review_of(compact, year))
        review = save_review(
            compact=compact, year=year, by=by,
            operation="The board met four times this year. Partners used the Compact when funding was reduced and "
                      "when new policies were drafted, and more organisations named a Compact champion.",
            difference_made="Consultations ran for the full period more often than last year, and the voluntary "
                            "sector was involved earlier in funding decisions.",
            annual_meeting_on=None,
            commentary={s.pk: f"Partners reported on the {s.title.lower()} undertakings at each board meeting." for s in sections})
    return review
