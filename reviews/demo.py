"""Demo data for the yearly review: an open self-assessment, an action plan and a draft annual
review, loaded by `manage.py load_demo`."""

from datetime import date, timedelta

from django.db import transaction

from compact_portal import workdays
from signatories.models import Membership, Sector
from undertakings.models import Compact

from .models import Action, AnnualReview, AssessmentRound, Milestone, Rating
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
    return review
