"""Writes of the yearly review (Wiltshire "Reviewing the operation of The Compact annually";
Stafford 7), each with its rule: open and close a round, save and submit a self-assessment
(and why it is refused), chase late ones, save the board's words, build the PDF and publish.
Views, the admin and the demo call these; reads are in `reviews.selectors`."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from compact_portal import emails, workdays
from compact_portal.workdays import format_date
from signatories.models import Organisation
from signatories.selectors import admin_emails
from undertakings.models import Compact

from . import tasks
from .models import (
    AnnualReview,
    Assessment,
    AssessmentResponse,
    AssessmentRound,
    Rating,
    ReviewCommentary,
    ReviewRendering,
)
from .report import assemble_report
from .selectors import building_now, edition_for_year, review_sections, unanswered, undertaking_label, undertakings_for

# Opening a round -------------------------------------------------------------------------

DEFAULT_WEEKS_TO_RESPOND = 6


def _assessment_url(organisation, year) -> str:
    return emails.absolute_url(reverse("reviews:assessment", args=[organisation.slug, year]))


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
    assessment_round = AssessmentRound(
        compact=compact, edition=edition, year=year, opens_on=opens_on, due_on=due_on, opened_by=by
    )
    assessment_round.full_clean()
    assessment_round.save()
    signatories = list(compact.organisations.signatories().order_by("name"))
    Assessment.objects.bulk_create([Assessment(round=assessment_round, organisation=o) for o in signatories])
    addresses = admin_emails(signatories)

    def send():
        for organisation in signatories:
            emails.send(
                "reviews/emails/assessment_opened",
                addresses[organisation.pk],
                {
                    "organisation": organisation,
                    "round": assessment_round,
                    "compact": compact,
                    "url": _assessment_url(organisation, year),
                },
            )

    transaction.on_commit(send)
    return assessment_round


@transaction.atomic
def close_round(*, assessment_round: AssessmentRound) -> AssessmentRound:
    assessment_round.status = AssessmentRound.Status.CLOSED
    assessment_round.save()
    return assessment_round


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
    allowed = set(
        undertakings_for(assessment.organisation, assessment.round.edition)
        .filter(pk__in=list(answers))
        .values_list("pk", flat=True)
    )
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
        response.rating, response.evidence, response.comments = (
            answer.rating,
            answer.evidence.strip(),
            answer.comments.strip(),
        )
        response.updated_by = by
        response.save()
    assessment.save(update_fields=["updated_at"])
    return assessment


def submission_refusal(assessment: Assessment) -> str | None:
    """Why the assessment cannot be submitted, or None. An assessment is submitted complete."""
    refusal = editing_refusal(assessment)
    if refusal:
        return refusal
    missing = list(unanswered(assessment))
    if missing:
        listed = "; ".join(undertaking_label(u) for u in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        return (
            f"Rate every undertaking before submitting: {len(missing)} not answered yet "
            f"({listed}{more}). Choose “Not applicable” where an undertaking does not apply."
        )
    return None


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by) -> Assessment:
    if assessment.pk is None:
        raise ValidationError(submission_refusal(assessment) or "Answer the questions before submitting.")
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round__edition", "organisation")
        .get(pk=assessment.pk)
    )
    refusal = submission_refusal(assessment)
    if refusal:
        raise ValidationError(refusal)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save()
    return assessment


@transaction.atomic
def chase(*, assessment_round: AssessmentRound, by) -> list[Organisation]:
    """Email the admins of every signatory that has not submitted: what to do, by when, and the
    link. Returns the organisations chased."""
    if not assessment_round.is_open:
        raise ValidationError(f"The {assessment_round.year} self-assessment has closed; reopen it before chasing.")
    for organisation in assessment_round.compact.organisations.signatories().exclude(
        pk__in=assessment_round.assessments.values("organisation_id")
    ):
        Assessment.objects.create(round=assessment_round, organisation=organisation)
    waiting = list(
        assessment_round.assessments.filter(status=Assessment.Status.DRAFT)
        .filter(organisation__status=Organisation.Status.SIGNED)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not waiting:
        return []
    now = timezone.now()
    Assessment.objects.filter(pk__in=[a.pk for a in waiting]).update(
        last_chased_at=now, times_chased=F("times_chased") + 1
    )
    organisations = [a.organisation for a in waiting]
    addresses = admin_emails(organisations)
    overdue = assessment_round.due_on < workdays.today()

    def send():
        for organisation in organisations:
            emails.send(
                "reviews/emails/assessment_chase",
                addresses[organisation.pk],
                {
                    "organisation": organisation,
                    "round": assessment_round,
                    "compact": assessment_round.compact,
                    "overdue": overdue,
                    "url": _assessment_url(organisation, assessment_round.year),
                },
            )

    transaction.on_commit(send)
    return organisations


@transaction.atomic
def save_review(
    *,
    compact: Compact,
    year: int,
    by,
    operation: str,
    difference_made: str,
    annual_meeting_on: date | None,
    commentary: dict[int, str],
) -> AnnualReview:
    """Save the board's own words. A published review is the public record and is not changed."""
    review, _ = AnnualReview.objects.select_for_update().get_or_create(
        compact=compact, year=year, defaults={"edition": edition_for_year(compact, year)}
    )
    if review.is_published:
        raise ValidationError(
            f"The {year} annual review was published on {format_date(timezone.localdate(review.published_at))}"
            " and can no longer be changed."
        )
    review.operation, review.difference_made = operation.strip(), difference_made.strip()
    review.annual_meeting_on, review.updated_by = annual_meeting_on, by
    review.full_clean()
    review.save()
    sections = {s.pk for s in review_sections(review)}
    for section_id, text in commentary.items():
        if section_id in sections:
            ReviewCommentary.objects.update_or_create(
                review=review, section_id=section_id, defaults={"text": text.strip()}
            )
    return review


def _new_rendering(review: AnnualReview, by) -> ReviewRendering:
    version = (review.renderings.aggregate(latest=Max("version"))["latest"] or 0) + 1
    rendering = ReviewRendering.objects.create(
        review=review, version=version, draft=not review.is_published, requested_by=by
    )

    transaction.on_commit(lambda: tasks.render_annual_review.delay(rendering.pk))
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
    if workdays.today().year <= review.year:
        return (
            f"The {review.year} annual review can be published from 1 January {review.year + 1}, once the year "
            "it reviews has ended. Until then it can be written, built and previewed."
        )
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
