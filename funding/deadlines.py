"""What grant rounds and ending funding make due, for the board's dashboard and reminders.
Each provider works out the deadlines of some of its records (None: all of them); the open
deadlines table is kept from them on every write (compact_portal.deadlines)."""

from compact_portal import workdays
from compact_portal.deadlines import Deadline, itself, provider, through, url_maker
from consultations.models import FundingAgreement
from undertakings.models import TimelineRules

from . import rules
from .models import EndingNotice, GrantRound, ImprovementPlan

# Renewal reminders show from this long before the decision is due.
RENEWAL_WARNING_MONTHS = 3


def _some(queryset, ids, field="pk"):
    return queryset if ids is None else queryset.filter(**{f"{field}__in": list(ids)})


@provider("grant_round", feeds={GrantRound: itself})
def grant_round_deadlines(ids):
    """An open round's applications close; an open or closed round's grants are to be decided
    and announced."""
    manage = url_maker("funding:manage")
    rounds = _some(GrantRound.objects.filter(status__in=(GrantRound.Status.OPEN, GrantRound.Status.CLOSED)), ids)
    for pk, title, compact_id, funder_id, closes_on, status in rounds.values_list(
        "pk", "title", "compact_id", "funder_id", "closes_on", "status"
    ).order_by("pk"):
        source = f"grant_round:{pk}"
        if status == GrantRound.Status.OPEN:
            yield Deadline(
                "grant_round_closes",
                closes_on,
                f"Grant applications close: {title}",
                manage(pk),
                compact_id,
                (funder_id,),
                f"grant_round:{pk}:closes",
                source=source,
            )
        yield Deadline(
            "grant_decisions",
            rules.decisions_due_on(closes_on),
            f"Decide and announce the grants: {title}",
            manage(pk),
            compact_id,
            (funder_id,),
            f"grant_round:{pk}:decisions",
            source=source,
        )


@provider("improvement_plan", feeds={ImprovementPlan: itself})
def improvement_plan_deadlines(ids):
    """An improvement plan under way comes to the end of its agreed timetable."""
    agreement_url = url_maker("consultations:agreement")
    plans = _some(ImprovementPlan.objects.filter(outcome=ImprovementPlan.Outcome.OPEN), ids).values_list(
        "pk",
        "ends_on",
        "agreement_id",
        "agreement__title",
        "agreement__funder__compact_id",
        "agreement__funder_id",
        "agreement__recipient_id",
    )
    for pk, ends_on, agreement_id, title, compact_id, funder_id, recipient_id in plans:
        yield Deadline(
            "improvement_plan_ends",
            ends_on,
            f"Improvement plan timetable ends: {title}",
            agreement_url(agreement_id),
            compact_id,
            (funder_id, recipient_id),
            f"improvement_plan:{pk}:ends",
            source=f"improvement_plan:{pk}",
        )


def _agreements_under_rules(timeline_rules) -> list[int]:
    return list(
        FundingAgreement.objects.filter(funder__compact_id=timeline_rules.compact_id).values_list("pk", flat=True)
    )


@provider(
    "agreement_renewal",
    feeds={FundingAgreement: itself, EndingNotice: through("agreement_id"), TimelineRules: _agreements_under_rules},
)
def renewal_deadlines(ids):
    """Funding that ends at the end of its term: the funder is reminded when it must decide on
    renewal, early enough to consult for the compact's period and give its notice if it will
    not renew (Wiltshire funding promise; West Cheshire s.6 (3), (5)). Shown from three months
    before that until the agreement ends; not once notice of ending has been given."""
    by_compact = {r.compact_id: r for r in TimelineRules.objects.all()}
    agreement_url = url_maker("consultations:agreement")
    ending = _some(FundingAgreement.objects.filter(ending_notice__isnull=True), ids).values_list(
        "pk", "ends_on", "title", "funder__compact_id", "funder_id", "recipient_id"
    )
    for pk, ends_on, title, compact_id, funder_id, recipient_id in ending.iterator(chunk_size=5000):
        due_on = rules.renewal_decision_due_on(ends_on, by_compact.get(compact_id) or TimelineRules())
        yield Deadline(
            "funding_renewal_decision",
            due_on,
            f"Decide whether to renew, or consult on not renewing: {title}",
            agreement_url(pk),
            compact_id,
            (funder_id, recipient_id),
            f"agreement:{pk}:renewal",
            source=f"agreement_renewal:{pk}",
            shows_from=workdays.first_day_within_months(due_on, RENEWAL_WARNING_MONTHS),
            shows_until=ends_on,
        )
