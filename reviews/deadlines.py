"""Deadlines the yearly review makes due: self-assessments, milestones and the annual review."""

from compact_portal.deadlines import Deadline, itself, provider, through, url_maker
from signatories.models import Organisation
from undertakings.models import Compact

from . import selectors as review_selectors
from .models import Action, AnnualReview, Assessment, AssessmentRound, Milestone, Survey, SurveyParticipation

# The yearly review (Wiltshire "Reviewing the operation of The Compact annually"; Stafford 7).


def _open_rounds_of_organisation(organisation) -> list[int]:
    # A signatory's name is in its deadline, and signing puts it in each open round.
    return list(
        AssessmentRound.objects.filter(
            compact_id=organisation.compact_id, status=AssessmentRound.Status.OPEN
        ).values_list("pk", flat=True)
    )


def _signatories_by_compact(compact_ids) -> dict[int, list]:
    """The signatories of these compacts as (pk, slug, name, compact_id) rows, by compact and in
    name order: who is asked to answer a self-assessment round or a survey."""
    signatories: dict[int, list] = {}
    for row in (
        Organisation.objects.signatories()
        .filter(compact_id__in=compact_ids)
        .values_list("pk", "slug", "name", "compact_id")
        .order_by("name", "pk")
    ):
        signatories.setdefault(row[3], []).append(row)
    return signatories


@provider(
    "assessment-round",
    feeds={AssessmentRound: itself, Assessment: through("round_id"), Organisation: _open_rounds_of_organisation},
)
def self_assessments_due(ids):
    """Each signatory that has not submitted its self-assessment in an open round. Three
    queries however many rounds and signatories; plain values and url_maker, because a county
    has thousands of signatories in each round."""
    rounds = AssessmentRound.objects.filter(status=AssessmentRound.Status.OPEN)
    rounds = list(rounds if ids is None else rounds.filter(pk__in=list(ids)))
    if not rounds:
        return
    submitted = set(
        Assessment.objects.filter(round__in=rounds, status=Assessment.Status.SUBMITTED).values_list(
            "round_id", "organisation_id"
        )
    )
    signatories = _signatories_by_compact({r.compact_id for r in rounds})
    assessment_url = url_maker("reviews:assessment")
    for assessment_round in rounds:
        for pk, slug, name, _ in signatories.get(assessment_round.compact_id, ()):
            if (assessment_round.pk, pk) in submitted:
                continue
            yield Deadline(
                kind="self_assessment",
                due_on=assessment_round.due_on,
                title=f"{name}'s {assessment_round.year} self-assessment against the Compact is due",
                url=assessment_url(slug, assessment_round.year),
                compact_id=assessment_round.compact_id,
                organisation_ids=(pk,),
                key=f"assessment-round:{assessment_round.pk}:organisation:{pk}",
                source=f"assessment-round:{assessment_round.pk}",
            )


@provider(
    "annual-review",
    feeds={
        Compact: itself,
        AnnualReview: through("compact_id"),
        AssessmentRound: through("compact_id"),
        Organisation: through("compact_id"),
    },
)
def annual_reviews_due(ids):
    """For each compact: the review of each year that has a self-assessment round or a review
    started, until it is published (due by 31 March of the next year: see
    review_selectors.review_due_on); and the annual meeting of signatories where it is
    presented, until the day of the meeting."""
    compacts = {c.pk: c for c in (Compact.objects.all() if ids is None else Compact.objects.filter(pk__in=list(ids)))}
    reviews = {(r.compact_id, r.year): r for r in AnnualReview.objects.filter(compact_id__in=list(compacts))}
    years = set(reviews) | set(
        AssessmentRound.objects.filter(compact_id__in=list(compacts)).values_list("compact_id", "year")
    )
    edit_url, reviews_url = url_maker("reviews:annual_review_edit"), url_maker("reviews:annual_reviews")
    for compact_id, year in sorted(years):
        found = reviews.get((compact_id, year))
        if found is None or not found.is_published:
            yield Deadline(
                kind="annual_review",
                due_on=review_selectors.review_due_on(year),
                title=f"Publish the annual review of {year} ({compacts[compact_id].name})",
                url=edit_url(compacts[compact_id].slug, year),
                compact_id=compact_id,
                notify_board=True,
                key=f"annual-review:{compact_id}:{year}",
                source=f"annual-review:{compact_id}",
            )
    meetings = [r for r in reviews.values() if r.annual_meeting_on]
    signatories: dict[int, list[int]] = {}
    for pk, compact_id in (
        Organisation.objects.signatories()
        .filter(compact_id__in={r.compact_id for r in meetings})
        .values_list("pk", "compact_id")
    ):
        signatories.setdefault(compact_id, []).append(pk)
    for found in meetings:
        compact = compacts[found.compact_id]
        yield Deadline(
            kind="annual_meeting",
            due_on=found.annual_meeting_on,
            title=f"Annual meeting of signatories ({compact.name}): the {found.year} annual review",
            url=reviews_url(compact.slug),
            compact_id=found.compact_id,
            organisation_ids=tuple(signatories.get(found.compact_id, ())),
            notify_board=True,
            key=f"annual-meeting:{found.compact_id}:{found.year}:{found.annual_meeting_on.isoformat()}",
            source=f"annual-review:{found.compact_id}",
            shows_until=found.annual_meeting_on,
        )


def _actions_of_compact(compact) -> list[int]:
    return list(Action.objects.filter(compact_id=compact.pk).values_list("pk", flat=True))


@provider("action", feeds={Action: itself, Milestone: through("action_id"), Compact: _actions_of_compact})
def action_plan_milestones_due(ids):
    """Milestones not yet met of actions not yet done: the owner organisation and the board."""
    open_milestones = (
        Milestone.objects.filter(done_on__isnull=True)
        .exclude(action__status=Action.Status.DONE)
        .select_related("action__compact")
    )
    if ids is not None:
        open_milestones = open_milestones.filter(action_id__in=list(ids))
    plan_url = url_maker("reviews:action_plan")
    for milestone in open_milestones.iterator(chunk_size=2000):
        action = milestone.action
        yield Deadline(
            kind="action_milestone",
            due_on=milestone.due_on,
            title=f"Action plan milestone: {milestone.title} ({action.title})",
            url=plan_url(action.compact.slug) + f"#action-{action.pk}",
            compact_id=action.compact_id,
            organisation_ids=(action.owner_id,) if action.owner_id else (),
            notify_board=True,
            key=f"milestone:{milestone.pk}",
            source=f"action:{action.pk}",
        )


def _open_surveys_of_organisation(organisation) -> list[int]:
    return list(
        Survey.objects.filter(compact_id=organisation.compact_id, status=Survey.Status.OPEN).values_list(
            "pk", flat=True
        )
    )


@provider(
    "survey",
    feeds={Survey: itself, SurveyParticipation: through("survey_id"), Organisation: _open_surveys_of_organisation},
)
def surveys_due(ids):
    """The annual Compact survey: each signatory that has not answered an open survey, until
    it closes. The organisation's admins are reminded; the answer itself stays anonymous."""
    surveys = Survey.objects.filter(status=Survey.Status.OPEN)
    surveys = list(surveys if ids is None else surveys.filter(pk__in=list(ids)))
    if not surveys:
        return
    answered = set(SurveyParticipation.objects.filter(survey__in=surveys).values_list("survey_id", "organisation_id"))
    signatories = _signatories_by_compact({s.compact_id for s in surveys})
    answer_url = url_maker("reviews:survey_answer")
    for survey in surveys:
        for pk, slug, name, _ in signatories.get(survey.compact_id, ()):
            if (survey.pk, pk) in answered:
                continue
            yield Deadline(
                kind="compact_survey",
                due_on=survey.closes_on,
                title=f"Answer the {survey.year} Compact survey for {name}: how well the partnership works",
                url=answer_url(slug, survey.year),
                compact_id=survey.compact_id,
                organisation_ids=(pk,),
                key=f"survey:{survey.pk}:organisation:{pk}",
                source=f"survey:{survey.pk}",
                shows_until=survey.closes_on,
            )
