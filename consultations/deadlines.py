"""What consultations and funding agreements make due, for the board's dashboard and reminders.

Due dates come from `rules.py`, the same functions the timeline page uses. Feedback and
decision reminders use the portal's assumed four weeks each (rules.FEEDBACK_WEEKS,
rules.DECISION_WEEKS); the Compacts fix no period for them.
"""
from compact_portal import workdays
from compact_portal.deadlines import Deadline, provider, url_maker

from . import rules
from .models import Consultation, FundingAgreement, PaymentSchedule

Status = Consultation.Status

# Funding agreements show on the dashboard from six months before they end: time for the 12
# weeks' consultation and 3 months' notice a decision not to renew would need.
AGREEMENT_ENDING_MONTHS = 6
# Unpaid payments show from four weeks before they are due, and every day after until paid.
PAYMENT_WARNING_WEEKS = 4

# The providers read plain values (values_list), not model instances, and make URLs with
# url_maker: a county has tens of thousands of these, and the snapshot and the reminder
# sweep walk them all.


def _consultations(*statuses, fields=()):
    """(pk, title, compact_id, owner_id, closes_on, *fields) of the consultations in these statuses."""
    return (Consultation.objects.filter(status__in=statuses)
            .values_list("pk", "title", "compact_id", "owner_id", "closes_on", *fields).order_by("pk"))


def _affected(*statuses) -> dict[int, list[int]]:
    """The affected organisations of the consultations in these statuses, in one query."""
    through = Consultation.affected_organisations.through
    found: dict[int, list[int]] = {}
    for consultation_id, organisation_id in (through.objects.filter(consultation__status__in=statuses)
                                             .values_list("consultation_id", "organisation_id")):
        found.setdefault(consultation_id, []).append(organisation_id)
    return found


def _organisations(owner_id: int, affected: list[int]) -> tuple:
    return (owner_id, *sorted(affected))


@provider
def consultations_closing(today):
    affected, detail = _affected(Status.OPEN), url_maker("consultations:detail")
    for pk, title, compact_id, owner_id, closes_on in _consultations(Status.OPEN):
        yield Deadline("consultation_closes", closes_on, f"Consultation closes: {title}", detail(pk), compact_id,
                       _organisations(owner_id, affected.get(pk, [])), f"consultation:{pk}:closes")


@provider
def feedback_due(today):
    manage = url_maker("consultations:manage")
    for pk, title, compact_id, owner_id, closes_on in _consultations(Status.OPEN, Status.CLOSED):
        yield Deadline("consultation_feedback", rules.feedback_due_on(closes_on),
                       f"Publish feedback on the consultation: {title}", manage(pk), compact_id,
                       (owner_id,), f"consultation:{pk}:feedback")


@provider
def decision_due(today):
    manage = url_maker("consultations:manage")
    for pk, title, compact_id, owner_id, closes_on, published_at in _consultations(
            Status.FEEDBACK_PUBLISHED, fields=["feedback__published_at"]):
        yield Deadline("consultation_decision", rules.decision_due_on(closes_on, rules.local_date(published_at)),
                       f"Record the decision on the consultation: {title}", manage(pk), compact_id,
                       (owner_id,), f"consultation:{pk}:decision")


@provider
def notice_ending(today):
    affected, timeline = _affected(Status.NOTICE_PERIOD), url_maker("consultations:timeline")
    for pk, title, compact_id, owner_id, _, kind, notice_ends_on in _consultations(
            Status.NOTICE_PERIOD, fields=["kind", "decision__notice_ends_on"]):
        if notice_ends_on is None:
            continue
        if kind == Consultation.Kind.FUNDING_POLICY:
            deadline_kind, text = "funding_policy_change", f"Funding policy change takes effect: {title}"
        else:
            deadline_kind, text = "formal_notice_ends", f"Formal notice ends: {title}"
        yield Deadline(deadline_kind, notice_ends_on, text, timeline(pk), compact_id,
                       _organisations(owner_id, affected.get(pk, [])), f"consultation:{pk}:notice")


@provider
def agreements_ending(today):
    horizon = workdays.add_months(today, AGREEMENT_ENDING_MONTHS)
    agreement_url = url_maker("consultations:agreement")
    ending = (FundingAgreement.objects.filter(ends_on__gte=today, ends_on__lte=horizon)
              .values_list("pk", "ends_on", "title", "recipient__name", "funder__compact_id", "funder_id", "recipient_id"))
    for pk, ends_on, title, recipient, compact_id, funder_id, recipient_id in ending:
        yield Deadline("funding_agreement_ends", ends_on, f"Funding agreement ends: {title} ({recipient})",
                       agreement_url(pk), compact_id, (funder_id, recipient_id), f"agreement:{pk}:ends")


@provider
def payments_due(today):
    horizon = workdays.add_weeks(today, PAYMENT_WARNING_WEEKS)
    agreement_url = url_maker("consultations:agreement")
    unpaid = (PaymentSchedule.objects.filter(paid_on__isnull=True, due_on__lte=horizon)
              .values_list("pk", "due_on", "agreement_id", "agreement__title", "agreement__recipient__name",
                           "agreement__funder__compact_id", "agreement__funder_id", "agreement__recipient_id"))
    for pk, due_on, agreement_id, title, recipient, compact_id, funder_id, recipient_id in unpaid.iterator(chunk_size=5000):
        late = due_on < today
        yield Deadline("payment_late" if late else "payment_due", due_on,
                       f"{'Late payment' if late else 'Payment due'}: {title} to {recipient}",
                       agreement_url(agreement_id), compact_id, (funder_id, recipient_id), f"payment:{pk}:due")
