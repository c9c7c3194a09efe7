"""What consultations and funding agreements make due, for the board's dashboard and reminders.

Due dates come from `rules.py`, the same functions the timeline page uses. Feedback and
decision reminders use the portal's assumed four weeks each (rules.FEEDBACK_WEEKS,
rules.DECISION_WEEKS); the Compacts fix no period for them.
"""

from django.db.models import Q

from compact_portal import workdays
from compact_portal.deadlines import ALWAYS_UNTIL, Deadline, itself, provider, through, url_maker
from signatories.models import Organisation

from . import rules
from .models import Consultation, Decision, Feedback, FundingAgreement, PaymentSchedule

Status = Consultation.Status

# Funding agreements show on the dashboard from six months before they end: time for the 12
# weeks' consultation and 3 months' notice a decision not to renew would need.
AGREEMENT_ENDING_MONTHS = 6
# Unpaid payments show from four weeks before they are due, and every day after until paid.
PAYMENT_WARNING_WEEKS = 4

# The providers read plain values (values_list), not model instances, and make URLs with
# url_maker: a county has tens of thousands of these, and the rebuild works them all out.


def _some(queryset, ids, field="pk"):
    return queryset if ids is None else queryset.filter(**{f"{field}__in": list(ids)})


def _affected(ids) -> dict[int, list[int]]:
    """The affected organisations of these consultations, in one query."""
    rows = _some(
        Consultation.affected_organisations.through.objects.filter(
            consultation__status__in=(Status.OPEN, Status.NOTICE_PERIOD)
        ),
        ids,
        "consultation_id",
    )
    found: dict[int, list[int]] = {}
    for consultation_id, organisation_id in rows.values_list("consultation_id", "organisation_id"):
        found.setdefault(consultation_id, []).append(organisation_id)
    return found


def _organisations(owner_id: int, affected: list[int]) -> tuple:
    return (owner_id, *sorted(affected))


def _agreements_of_organisation(organisation) -> list[int]:
    # Their titles name the recipient; their compact is the funder's.
    return list(
        FundingAgreement.objects.filter(Q(recipient_id=organisation.pk) | Q(funder_id=organisation.pk)).values_list(
            "pk", flat=True
        )
    )


@provider(
    "consultation",
    feeds={
        Consultation: itself,
        Feedback: through("consultation_id"),
        Decision: through("consultation_id"),
        Consultation.affected_organisations.through: "consultation_id",
    },
)
def consultation_deadlines(ids):
    """An open consultation closes and its feedback is due; feedback published, the decision
    is due; in the notice period, the formal notice ends."""
    consultations = _some(
        Consultation.objects.filter(
            status__in=(Status.OPEN, Status.CLOSED, Status.FEEDBACK_PUBLISHED, Status.NOTICE_PERIOD)
        ),
        ids,
    )
    affected = _affected(ids)
    detail, manage = url_maker("consultations:detail"), url_maker("consultations:manage")
    timeline = url_maker("consultations:timeline")
    for (
        pk,
        title,
        compact_id,
        owner_id,
        closes_on,
        status,
        kind,
        published_at,
        notice_ends_on,
    ) in consultations.values_list(
        "pk",
        "title",
        "compact_id",
        "owner_id",
        "closes_on",
        "status",
        "kind",
        "feedback__published_at",
        "decision__notice_ends_on",
    ).order_by("pk"):
        source = f"consultation:{pk}"
        if status == Status.OPEN:
            yield Deadline(
                "consultation_closes",
                closes_on,
                f"Consultation closes: {title}",
                detail(pk),
                compact_id,
                _organisations(owner_id, affected.get(pk, [])),
                f"consultation:{pk}:closes",
                source=source,
            )
        if status in (Status.OPEN, Status.CLOSED):
            yield Deadline(
                "consultation_feedback",
                rules.feedback_due_on(closes_on),
                f"Publish feedback on the consultation: {title}",
                manage(pk),
                compact_id,
                (owner_id,),
                f"consultation:{pk}:feedback",
                source=source,
            )
        if status == Status.FEEDBACK_PUBLISHED:
            yield Deadline(
                "consultation_decision",
                rules.decision_due_on(closes_on, rules.local_date(published_at)),
                f"Record the decision on the consultation: {title}",
                manage(pk),
                compact_id,
                (owner_id,),
                f"consultation:{pk}:decision",
                source=source,
            )
        if status == Status.NOTICE_PERIOD and notice_ends_on is not None:
            if kind == Consultation.Kind.FUNDING_POLICY:
                deadline_kind, text = "funding_policy_change", f"Funding policy change takes effect: {title}"
            else:
                deadline_kind, text = "formal_notice_ends", f"Formal notice ends: {title}"
            yield Deadline(
                deadline_kind,
                notice_ends_on,
                text,
                timeline(pk),
                compact_id,
                _organisations(owner_id, affected.get(pk, [])),
                f"consultation:{pk}:notice",
                source=source,
            )


@provider(
    "agreement",
    feeds={
        FundingAgreement: itself,
        PaymentSchedule: through("agreement_id"),
        Organisation: _agreements_of_organisation,
    },
)
def agreement_deadlines(ids):
    """An agreement ending, shown from six months before it ends until it does; each unpaid
    payment, shown from four weeks before it is due and every day after until paid (a late
    payment once the day has passed)."""
    agreement_url = url_maker("consultations:agreement")
    agreements = _some(FundingAgreement.objects.all(), ids).values_list(
        "pk", "ends_on", "title", "recipient__name", "funder__compact_id", "funder_id", "recipient_id"
    )
    for pk, ends_on, title, recipient, compact_id, funder_id, recipient_id in agreements.iterator(chunk_size=5000):
        yield Deadline(
            "funding_agreement_ends",
            ends_on,
            f"Funding agreement ends: {title} ({recipient})",
            agreement_url(pk),
            compact_id,
            (funder_id, recipient_id),
            f"agreement:{pk}:ends",
            source=f"agreement:{pk}",
            shows_from=workdays.first_day_within_months(ends_on, AGREEMENT_ENDING_MONTHS),
            shows_until=ends_on,
        )
    unpaid = _some(PaymentSchedule.objects.filter(paid_on__isnull=True), ids, "agreement_id").values_list(
        "pk",
        "due_on",
        "agreement_id",
        "agreement__title",
        "agreement__recipient__name",
        "agreement__funder__compact_id",
        "agreement__funder_id",
        "agreement__recipient_id",
    )
    for pk, due_on, agreement_id, title, recipient, compact_id, funder_id, recipient_id in unpaid.iterator(
        chunk_size=5000
    ):
        yield Deadline(
            "payment_due",
            due_on,
            f"Payment due: {title} to {recipient}",
            agreement_url(agreement_id),
            compact_id,
            (funder_id, recipient_id),
            f"payment:{pk}:due",
            source=f"agreement:{agreement_id}",
            shows_from=workdays.first_day_within_weeks(due_on, PAYMENT_WARNING_WEEKS),
            shows_until=ALWAYS_UNTIL,
            late_kind="payment_late",
            late_title=f"Late payment: {title} to {recipient}",
        )
