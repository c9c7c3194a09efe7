"""Deadlines the yearly review makes due: self-assessments, milestones and the annual review."""
from django.urls import reverse

from compact_portal.deadlines import Deadline, provider, url_maker
from signatories.models import Organisation
from undertakings.models import Compact

from . import selectors as review_selectors
from .models import Action, AnnualReview, Assessment, AssessmentRound, Milestone

# The yearly review (Wiltshire "Reviewing the operation of The Compact annually"; Stafford 7).

@provider
def self_assessments_due(today):
    """Each signatory that has not submitted its self-assessment in an open round. Three
    queries however many rounds and signatories; plain values and url_maker, because a county
    has thousands of signatories in each round."""
    rounds = list(AssessmentRound.objects.filter(status=AssessmentRound.Status.OPEN))
    if not rounds:
        return
    submitted = set(Assessment.objects.filter(round__in=rounds, status=Assessment.Status.SUBMITTED)
                    .values_list("round_id", "organisation_id"))
    signatories: dict[int, list] = {}
    for row in (Organisation.objects.signatories().filter(compact_id__in={r.compact_id for r in rounds})
                .values_list("pk", "slug", "name", "compact_id").order_by("name", "pk")):
        signatories.setdefault(row[3], []).append(row)
    assessment_url = url_maker("reviews:assessment")
    for assessment_round in rounds:
        for pk, slug, name, _ in signatories.get(assessment_round.compact_id, ()):
            if (assessment_round.pk, pk) in submitted:
                continue
            yield Deadline(
                kind="self_assessment", due_on=assessment_round.due_on,
                title=f"{name}'s {assessment_round.year} self-assessment against the Compact is due",
                url=assessment_url(slug, assessment_round.year),
                compact_id=assessment_round.compact_id, organisation_ids=(pk,),
                key=f"assessment-round:{assessment_round.pk}:organisation:{pk}",
            )


@provider
def annual_reviews_due(today):
    """The review of each year that has a self-assessment round or a review started, until it is
    published (due by 31 March of the next year: see review_selectors.review_due_on); and the annual
    meeting of signatories where it is presented, until the day of the meeting."""
    reviews = {(r.compact_id, r.year): r for r in AnnualReview.objects.select_related("compact")}
    years = set(reviews) | set(AssessmentRound.objects.values_list("compact_id", "year"))
    compacts = {c.pk: c for c in Compact.objects.filter(pk__in={compact_id for compact_id, _ in years})}
    for compact_id, year in sorted(years):
        found = reviews.get((compact_id, year))
        if found is None or not found.is_published:
            yield Deadline(
                kind="annual_review", due_on=review_selectors.review_due_on(year),
                title=f"Publish the annual review of {year} ({compacts[compact_id].name})",
                url=reverse("reviews:annual_review_edit", args=[compacts[compact_id].slug, year]),
                compact_id=compact_id, notify_board=True, key=f"annual-review:{compact_id}:{year}",
            )
    for found in reviews.values():
        if found.annual_meeting_on and found.annual_meeting_on >= today:
            signatories = tuple(Organisation.objects.signatories().filter(compact_id=found.compact_id)
                                .values_list("pk", flat=True))
            yield Deadline(
                kind="annual_meeting", due_on=found.annual_meeting_on,
                title=f"Annual meeting of signatories ({found.compact.name}): the {found.year} annual review",
                url=reverse("reviews:annual_reviews", args=[found.compact.slug]),
                compact_id=found.compact_id, organisation_ids=signatories, notify_board=True,
                key=f"annual-meeting:{found.compact_id}:{found.year}:{found.annual_meeting_on.isoformat()}",
            )


@provider
def action_plan_milestones_due(today):
    """Milestones not yet met of actions not yet done: the owner organisation and the board."""
    open_milestones = (Milestone.objects.filter(done_on__isnull=True).exclude(action__status=Action.Status.DONE)
                       .select_related("action__compact", "action__owner"))
    for milestone in open_milestones.iterator(chunk_size=2000):
        action = milestone.action
        yield Deadline(
            kind="action_milestone", due_on=milestone.due_on,
            title=f"Action plan milestone: {milestone.title} ({action.title})",
            url=reverse("reviews:action_plan", args=[action.compact.slug]) + f"#action-{action.pk}",
            compact_id=action.compact_id, organisation_ids=(action.owner_id,) if action.owner_id else (),
            notify_board=True, key=f"milestone:{milestone.pk}",
        )
