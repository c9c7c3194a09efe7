"""What grant rounds and ending funding make due, for the board's dashboard and reminders."""
from compact_portal import workdays
from compact_portal.deadlines import Deadline, provider, url_maker
from consultations.models import FundingAgreement
from undertakings.models import TimelineRules

from . import rules
from .models import GrantRound, ImprovementPlan

# Renewal reminders show from this long before the decision is due.
RENEWAL_WARNING_MONTHS = 3


@provider
def rounds_closing(today):
    manage = url_maker("funding:manage")
    for pk, title, compact_id, funder_id, closes_on in (GrantRound.objects.filter(status=GrantRound.Status.OPEN)
                                                        .values_list("pk", "title", "compact_id", "funder_id", "closes_on")):
        yield Deadline("grant_round_closes", closes_on, f"Grant applications close: {title}", manage(pk), compact_id,
                       (funder_id,), f"grant_round:{pk}:closes")


@provider
def decisions_due(today):
    manage = url_maker("funding:manage")
    for pk, title, compact_id, funder_id, closes_on in (GrantRound.objects.filter(status__in=(GrantRound.Status.OPEN, GrantRound.Status.CLOSED))
                                                        .values_list("pk", "title", "compact_id", "funder_id", "closes_on")):
        yield Deadline("grant_decisions", rules.decisions_due_on(closes_on), f"Decide and announce the grants: {title}",
                       manage(pk), compact_id, (funder_id,), f"grant_round:{pk}:decisions")


@provider
def improvement_plans_ending(today):
    agreement_url = url_maker("consultations:agreement")
    plans = (ImprovementPlan.objects.filter(outcome=ImprovementPlan.Outcome.OPEN)
             .values_list("pk", "ends_on", "agreement_id", "agreement__title", "agreement__funder__compact_id",
                          "agreement__funder_id", "agreement__recipient_id"))
    for pk, ends_on, agreement_id, title, compact_id, funder_id, recipient_id in plans:
        yield Deadline("improvement_plan_ends", ends_on, f"Improvement plan timetable ends: {title}", agreement_url(agreement_id),
                       compact_id, (funder_id, recipient_id), f"improvement_plan:{pk}:ends")


@provider
def renewal_decisions(today):
    """Funding that ends at the end of its term: the funder is reminded when it must decide on
    renewal, early enough to consult for the compact's period and give its notice if it will
    not renew (Wiltshire funding promise; West Cheshire s.6 (3), (5))."""
    by_compact = {r.compact_id: r for r in TimelineRules.objects.all()}
    agreement_url = url_maker("consultations:agreement")
    ending = (FundingAgreement.objects.filter(ends_on__gte=today, ending_notice__isnull=True)
              .values_list("pk", "ends_on", "title", "funder__compact_id", "funder_id", "recipient_id"))
    horizon = workdays.add_months(today, RENEWAL_WARNING_MONTHS)
    for pk, ends_on, title, compact_id, funder_id, recipient_id in ending:
        timeline_rules = by_compact.get(compact_id) or TimelineRules()
        due_on = rules.renewal_decision_due_on(ends_on, timeline_rules)
        if due_on <= horizon:
            yield Deadline("funding_renewal_decision", due_on,
                           f"Decide whether to renew, or consult on not renewing: {title}", agreement_url(pk),
                           compact_id, (funder_id, recipient_id), f"agreement:{pk}:renewal")
