"""The annual Compact survey: the board asks every signatory, once a year, how well the
partnership works overall and under each promise or code of the adopted edition (Wiltshire
"Reviewing the operation of The Compact annually"; Compact Voice's guide suggests a short
relationship survey alongside the self-assessment).

Answers are anonymous. An organisation's answer is stored without its name, the person or the
time; a separate record says only that the organisation has answered, so that it answers
once. Reports never show which organisation said what, and any figure drawn from fewer than
`MIN_ANSWERS` answers is withheld, in the board's pages as in the published review.

Writes (`open_survey`, `answer_survey`, `close_survey`) and reads (`results`, `trend`) of the
survey live here; the deadline that reminds organisations is in `reviews.deadlines`."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from compact_portal import emails, figures, workdays
from compact_portal.workdays import format_date
from signatories.models import Organisation
from signatories.selectors import admin_emails
from undertakings.models import Compact, Section

from .models import Survey, SurveyAnswer, SurveyParticipation, SurveyRating, SurveyScore
from .selectors import percent, section_label

DEFAULT_WEEKS_TO_ANSWER = 4
# A figure drawn from fewer answers than this could point to what one organisation said.
MIN_ANSWERS = figures.SMALL_COUNT


def survey_url(survey: Survey, organisation) -> str:
    return emails.absolute_url(reverse("reviews:survey_answer", args=[organisation.slug, survey.year]))


def sections_of(survey: Survey) -> list[Section]:
    return list(survey.edition.sections.order_by("position"))


# Opening and closing -----------------------------------------------------------------------


@transaction.atomic
def open_survey(*, compact: Compact, year: int, opens_on: date, closes_on: date, by) -> Survey:
    """The board opens the year's survey: the admins of every signatory are emailed a link."""
    edition = compact.adopted_edition()
    if edition is None:
        raise ValidationError(f"{compact.name} has no adopted edition, so there are no promises to ask about.")
    if Survey.objects.filter(compact=compact, year=year).exists():
        raise ValidationError({"year": f"The {year} Compact survey has already been opened."})
    if closes_on <= opens_on:
        raise ValidationError(
            {"closes_on": f"The closing date must be after the opening date, {format_date(opens_on)}."}
        )
    survey = Survey(compact=compact, edition=edition, year=year, opens_on=opens_on, closes_on=closes_on, opened_by=by)
    survey.full_clean()
    survey.save()
    signatories = list(compact.organisations.signatories().order_by("name"))
    addresses = admin_emails(signatories)

    def send():
        for organisation in signatories:
            emails.send(
                "reviews/emails/survey_opened",
                addresses[organisation.pk],
                {
                    "organisation": organisation,
                    "survey": survey,
                    "compact": compact,
                    "url": survey_url(survey, organisation),
                },
            )

    transaction.on_commit(send)
    return survey


@transaction.atomic
def close_survey(*, survey: Survey) -> Survey:
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    return survey


# Answering ---------------------------------------------------------------------------------


def has_answered(survey: Survey, organisation) -> bool:
    return SurveyParticipation.objects.filter(survey=survey, organisation=organisation).exists()


def answering_refusal(survey: Survey, organisation, today: date | None = None) -> str | None:
    """Why this organisation cannot answer the survey now, or None."""
    today = today or workdays.today()
    if organisation.compact_id != survey.compact_id or organisation.status != Organisation.Status.SIGNED:
        return f"{organisation.name} is not a signatory of {survey.compact.the_name}, so it is not asked."
    if has_answered(survey, organisation):
        return f"{organisation.name} has already answered the {survey.year} Compact survey. Thank you."
    if not survey.is_open or today > survey.closes_on:
        return f"The {survey.year} Compact survey closed on {format_date(survey.closes_on)}."
    if today < survey.opens_on:
        return f"The {survey.year} Compact survey opens on {format_date(survey.opens_on)}."
    return None


@transaction.atomic
def answer_survey(
    *, survey: Survey, organisation, overall: int, ratings: dict[int, int | None], comment: str = ""
) -> SurveyAnswer:
    """Record an organisation's answer, once. The answer keeps no link to the organisation;
    the participation record (which keeps nothing else) stops a second answer."""
    survey = Survey.objects.select_for_update().select_related("compact", "edition").get(pk=survey.pk)
    refusal = answering_refusal(survey, organisation)
    if refusal:
        raise ValidationError(refusal)
    if overall not in SurveyScore.values:
        raise ValidationError("Choose how well the partnership works overall.")
    sections = {s.pk for s in sections_of(survey)}
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, organisation=organisation)
    except IntegrityError as error:
        raise ValidationError(f"{organisation.name} has already answered the {survey.year} Compact survey.") from error
    answer = SurveyAnswer.objects.create(survey=survey, overall=overall, comment=comment.strip())
    SurveyRating.objects.bulk_create(
        [
            SurveyRating(answer=answer, section_id=section_id, score=score if score in SurveyScore.values else None)
            for section_id, score in ratings.items()
            if section_id in sections
        ]
    )
    return answer


# Results -----------------------------------------------------------------------------------

WELL = (SurveyScore.VERY_WELL, SurveyScore.WELL)


@dataclass
class Scores:
    """Counts of each score for one question; "don't know" answers are not scores."""

    counts: dict[int, int] = field(default_factory=lambda: {value: 0 for value in SurveyScore.values})

    def add(self, score: int | None) -> None:
        if score in self.counts:
            self.counts[score] += 1

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> bool:
        """Enough answers that no organisation's view can be picked out."""
        return self.answered >= MIN_ANSWERS

    @property
    def answered_shown(self) -> int | None:
        return self.answered if self.shown else None

    @property
    def percent_well(self) -> int | None:
        """Share answering "well" or "very well"; None when withheld or nothing to count."""
        if not self.shown:
            return None
        return percent(sum(self.counts[s] for s in WELL), self.answered)

    def distribution(self) -> list[tuple[str, int | None]]:
        """(label, per cent) for each score, best first; None when withheld."""
        return [
            (label, percent(self.counts[value], self.answered) if self.shown else None)
            for value, label in sorted(SurveyScore.choices, reverse=True)
        ]


@dataclass
class SectionScores:
    section: Section
    label: str
    scores: Scores


@dataclass
class SurveyResults:
    survey: Survey
    invited: int
    answered: int
    overall: Scores
    by_section: list[SectionScores]
    comments: list[str]

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_ANSWERS

    @property
    def withheld_sections(self) -> list[SectionScores]:
        return [row for row in self.by_section if not row.scores.shown]


def results(survey: Survey) -> SurveyResults:
    """The survey's answers counted: overall and by promise or code. Comments only when there
    are enough answers to keep them anonymous, in an order that says nothing about who."""
    answers = list(survey.answers.prefetch_related("ratings"))
    sections = sections_of(survey)
    by_section = {s.pk: SectionScores(s, section_label(s), Scores()) for s in sections}
    overall = Scores()
    for answer in answers:
        overall.add(answer.overall)
        for rating in answer.ratings.all():
            if rating.section_id in by_section:
                by_section[rating.section_id].scores.add(rating.score)
    comments = sorted(a.comment for a in answers if a.comment) if len(answers) >= MIN_ANSWERS else []
    return SurveyResults(
        survey=survey,
        invited=_invited(survey),
        answered=len(answers),
        overall=overall,
        by_section=list(by_section.values()),
        comments=comments,
    )


def _invited(survey: Survey) -> int:
    # Those asked: every signatory today, and never fewer than have answered.
    return max(survey.participations.count(), survey.compact.organisations.signatories().count())


@dataclass
class TrendPoint:
    year: int
    answered: int
    percent_well: int | None  # None when withheld (fewer than MIN_ANSWERS answers)


def trend(compact: Compact, up_to_year: int) -> list[TrendPoint]:
    """Each year's survey up to `up_to_year`: how many answered and the share saying the
    partnership works well or very well, oldest first."""
    points = []
    for survey in compact.surveys.filter(year__lte=up_to_year).prefetch_related("answers").order_by("year"):
        overall = Scores()
        for answer in survey.answers.all():
            overall.add(answer.overall)
        points.append(TrendPoint(survey.year, overall.answered, overall.percent_well))
    return points


def survey_of_year(compact: Compact, year: int) -> Survey | None:
    return compact.surveys.filter(year=year).select_related("compact", "edition").first()


def open_surveys_for(organisations) -> list[tuple[Organisation, Survey, bool]]:
    """For each of the person's signatory organisations: each survey of its compact still open,
    and whether it has answered. Two queries however many organisations."""
    signed = [o for o in organisations if o.status == Organisation.Status.SIGNED]
    surveys: dict[int, list[Survey]] = {}
    for found in Survey.objects.filter(
        compact_id__in={o.compact_id for o in signed}, status=Survey.Status.OPEN
    ).order_by("-year"):
        surveys.setdefault(found.compact_id, []).append(found)
    answered = set(
        SurveyParticipation.objects.filter(organisation__in=signed, survey__status=Survey.Status.OPEN).values_list(
            "organisation_id", "survey_id"
        )
    )
    return [
        (organisation, found, (organisation.pk, found.pk) in answered)
        for organisation in signed
        for found in surveys.get(organisation.compact_id, [])
    ]
