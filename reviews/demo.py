"""Demo data for the yearly review: an open self-assessment, an action plan and a draft annual
review, loaded by `manage.py load_demo`."""

from datetime import date, timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction

from compact_portal import workdays
from signatories.models import BoardMembership, Membership, Organisation, Sector, User
from undertakings.models import Compact

from . import survey as review_survey
from .models import (
    Action,
    AnnualMeeting,
    AnnualReview,
    AssessmentRound,
    Milestone,
    Rating,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyRating,
)
from .selectors import assessment_of, review_of, review_sections, undertakings_for
from .services import Answer, open_round, save_answers, save_review, submit_assessment

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
        assessment_round = open_round(
            compact=compact, year=year, opens_on=today - timedelta(days=14), due_on=workdays.add_weeks(today, 4), by=by
        )
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
        answers = {
            u.pk: Answer(
                DEMO_RATINGS[i % len(DEMO_RATINGS)],
                "Minutes of the partnership meeting and the funding monitoring report." if i % 2 == 0 else "",
                "",
            )
            for i, u in enumerate(undertakings)
        }
        assessment = save_answers(assessment=assessment, answers=answers, by=person)
        if complete:
            submit_assessment(assessment=assessment, by=person)

    if not compact.actions.exists():
        training = Action.objects.create(
            compact=compact,
            title="Train a Compact champion in every signatory",
            year_agreed=year - 1,
            owner=vcs,
            status=Action.Status.IN_PROGRESS,
            description="Run two training sessions a year and keep a list of the champions trained.",
        )
        Milestone.objects.create(
            action=training,
            title="First training session held",
            due_on=date(year - 1, 10, 1),
            done_on=date(year - 1, 9, 24),
        )
        Milestone.objects.create(
            action=training, title="Every signatory has a trained champion", due_on=date(year, 12, 15)
        )
        forward = Action.objects.create(
            compact=compact,
            title="Publish a forward plan of consultations",
            year_agreed=year,
            owner=public,
            status=Action.Status.NOT_STARTED,
            description="Public bodies list the consultations they expect to run in the coming year.",
        )
        Milestone.objects.create(
            action=forward, title="Draft forward plan shared with the board", due_on=workdays.add_weeks(today, 6)
        )
    review = AnnualReview.objects.filter(compact=compact, year=year).first()
    if review is None:
        sections = review_sections(review_of(compact, year))
        review = save_review(
            compact=compact,
            year=year,
            by=by,
            operation="The board met four times this year. Partners used the Compact when funding was reduced and "
            "when new policies were drafted, and more organisations named a Compact champion.",
            difference_made="Consultations ran for the full period more often than last year, and the voluntary "
            "sector was involved earlier in funding decisions.",
            annual_meeting_on=None,
            commentary={
                s.pk: f"Partners reported on the {s.title.lower()} undertakings at each board meeting."
                for s in sections
            },
        )
    load_publication_demo(review)
    load_survey_demo(compact, year)
    return review


# The publication: a foreword, a logo and the annual meeting, unlike a new compact's defaults ----

DEMO_FOREWORD = (
    "This year the partners kept working together through hard choices about money and services. "
    "When funding had to change, the voluntary sector heard early and had time to respond, and more "
    "organisations than ever named a Compact champion.\n\n"
    "The survey tells us where the partnership works well and where it needs more care. The board "
    "will take its findings to the annual meeting and into next year's action plan."
)


def _demo_logo() -> bytes:
    """A plain mark for the cover, drawn here so the demo ships no image file."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 120), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 116, 116), radius=18, fill="#1d70b8")
    draw.polygon([(20, 84), (60, 36), (100, 84)], fill="#ffffff")
    draw.text((132, 44), "RIVERSIDE COMPACT", fill="#0b0c0c")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load_publication_demo(review: AnnualReview) -> None:
    if review.is_published:
        return
    if not review.foreword:
        review.foreword = DEMO_FOREWORD
        review.save(update_fields=["foreword"])
    if not review.logo:
        review.logo.save("riverside-compact.png", ContentFile(_demo_logo()), save=True)
    AnnualMeeting.objects.get_or_create(
        review=review,
        defaults={
            "agenda": "Welcome from the chair\nThe annual review of the year\nResults of the Compact survey\n"
            "The action plan for next year\nElection of the board",
            "minutes": "Signatories welcomed the review. Members asked that funding decisions be shared earlier "
            "with smaller groups, and that the survey ask about each promise again next year.",
            "actions": "Share the forward plan of funding decisions with every signatory (the council)\n"
            "Run two Compact champion training sessions (the council for voluntary service)",
        },
    )


# The annual Compact survey: last year's closed, this year's open with answers ---------------

DEMO_PARTNERS = (
    ("Riverside Council for Voluntary Service", Sector.VCS, "charity", "cvs"),
    ("Riverside Police", Sector.PUBLIC, "police", "police"),
    ("Riverside Fire and Rescue Service", Sector.PUBLIC, "fire", "fire"),
)
# (overall, score under each promise in turn); None is "don't know".
DEMO_SURVEY_ANSWERS = ((4, 4, 3), (5, 4, 4), (3, 2, None), (4, 5, 3), (2, 3, 2))
DEMO_LAST_YEAR = ((3, 3, 2), (4, 3, 3), (2, 2, None), (3, 4, 2), (2, 2, 3))


def _demo_partners(compact: Compact) -> list[Organisation]:
    """Enough signatories that the survey's results can be shown (five answers or more), with the
    council for voluntary service on the board for the sector."""
    found = []
    for name, sector, kind, slug in DEMO_PARTNERS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "compact": compact,
                "slug": f"riverside-{slug}",
                "sector": sector,
                "type": kind,
                "address_line_1": "Riverside House",
                "town": "Riverside",
                "postcode": "RV1 1AA",
                "contact_email": f"{slug}@riverside.example",
                "status": Organisation.Status.SIGNED,
            },
        )
        found.append(organisation)
    board = compact.board_memberships.select_related("user").order_by("-year", "pk").first()
    cvs = found[0]
    if board and not BoardMembership.objects.filter(compact=compact, organisation=cvs).exists():
        user, _ = User.objects.get_or_create(email="cvs@riverside.example", defaults={"full_name": "Chris Voluntary"})
        BoardMembership.objects.get_or_create(
            compact=compact,
            user=user,
            year=board.year,
            defaults={"organisation": cvs, "role": BoardMembership.Role.CO_CHAIR},
        )
    return found


def _record_answers(survey: Survey, organisations, answers) -> None:
    """An open survey is answered through the service; a past one is written as it was kept."""
    sections = review_survey.sections_of(survey)
    for organisation, (overall, *scores) in zip(organisations, answers, strict=False):
        ratings = {s.pk: scores[i % len(scores)] for i, s in enumerate(sections)}
        if survey.is_open:
            review_survey.answer_survey(survey=survey, organisation=organisation, overall=overall, ratings=ratings)
            continue
        SurveyParticipation.objects.create(survey=survey, organisation=organisation)
        answer = SurveyAnswer.objects.create(survey=survey, overall=overall)
        SurveyRating.objects.bulk_create(
            [SurveyRating(answer=answer, section_id=pk, score=score) for pk, score in ratings.items()]
        )


def load_survey_demo(compact: Compact, year: int) -> Survey | None:
    """Last year's survey (closed) and this year's (open, five answers in), so the review shows
    results and a trend. Safe to run twice."""
    edition = compact.adopted_edition()
    if edition is None or Survey.objects.filter(compact=compact, year=year).exists():
        return None
    _demo_partners(compact)
    board = compact.board_memberships.select_related("user").order_by("-year", "pk").first()
    by = board.user if board else None
    signatories = list(compact.organisations.signatories().order_by("name"))
    last = Survey.objects.create(
        compact=compact,
        edition=edition,
        year=year - 1,
        opens_on=date(year - 1, 10, 1),
        closes_on=date(year - 1, 10, 29),
        status=Survey.Status.CLOSED,
        opened_by=by,
    )
    _record_answers(last, signatories, DEMO_LAST_YEAR)
    today = workdays.today()
    survey = review_survey.open_survey(
        compact=compact, year=year, opens_on=today - timedelta(days=14), closes_on=workdays.add_weeks(today, 2), by=by
    )
    _record_answers(survey, signatories, DEMO_SURVEY_ANSWERS)
    return survey
