"""Demo data for consultations: an open funding-reduction consultation by Riverside Borough
Council affecting Riverside Community Action, and a funding agreement between them with a late
payment. Called from tools.demo.load after the organisations exist; safe to run twice."""

from datetime import timedelta
from decimal import Decimal

from compact_portal import workdays
from signatories.models import Organisation, User

from . import rules, services
from .models import Consultation, FundingAgreement, PaymentSchedule

TITLE = "Reducing the community transport grant"
AGREEMENT_TITLE = "Community transport and volunteer drivers"


def _agreement(council, action, today) -> FundingAgreement:
    """A three-year grant that began a year ago, paid quarterly in advance; the most recent
    payment due has not been made, so it shows as late."""
    starts_on = workdays.add_months(today.replace(day=1), -12)
    agreement, _ = FundingAgreement.objects.update_or_create(
        funder=council,
        recipient=action,
        title=AGREEMENT_TITLE,
        defaults={
            "reference": "RBC-CT-001",
            "kind": FundingAgreement.Kind.GRANT,
            "amount": Decimal("120000.00"),
            "starts_on": starts_on,
            "ends_on": workdays.add_months(starts_on, 36) - timedelta(days=1),
            "payment_timing": FundingAgreement.PaymentTiming.ADVANCE,
        },
    )
    if not agreement.payments.exists():
        due = [workdays.add_months(starts_on, quarter * 3) for quarter in range(12)]
        latest_past = max(d for d in due if d < today)
        for due_on in due:
            paid_on = due_on if due_on < today and due_on != latest_past else None
            PaymentSchedule.objects.create(
                agreement=agreement, due_on=due_on, amount=Decimal("10000.00"), paid_on=paid_on
            )
    return agreement


def load(compact) -> Consultation | None:
    council = Organisation.objects.filter(compact=compact, name="Riverside Borough Council").first()
    action = Organisation.objects.filter(compact=compact, name="Riverside Community Action").first()
    if council is None or action is None:
        return None
    today = workdays.today()
    agreement = _agreement(council, action, today)
    existing = Consultation.objects.filter(compact=compact, title=TITLE).first()
    if existing:
        return existing
    officer = User.objects.filter(memberships__organisation=council).order_by("pk").first()
    consultation = Consultation.objects.create(
        compact=compact, owner=council, created_by=officer, kind=Consultation.Kind.FUNDING_REDUCTION, title=TITLE
    )
    consultation.affected_organisations.set([action])
    consultation.affected_agreements.set([agreement])
    timeline_rules, region = rules.rules_for(consultation), rules.region_for(consultation)
    services.update_draft(
        consultation=consultation,
        version=consultation.version,
        by=officer,
        fields={
            "proposal": "The council proposes to reduce the community transport grant by a quarter from next April, "
            "and to ask the voluntary drivers scheme to focus on medical appointments.",
            "criteria": "The decision will weigh: the number of journeys to medical appointments; the cost per "
            "journey; "
            "other transport available in each ward; the effect on disabled and older residents.",
            "revised_outcomes": "At least 4,000 journeys a year to medical appointments, with priority for residents "
            "who have no other way to travel.",
            "opens_on": today,
            "closes_on": rules.standard_closes_on(today, timeline_rules, region),
            # The demo keeps its dates over a holiday period with a recorded reason: warned, not
            # a departure from the Compact.
            "holiday_reason": "The grant ends in March, so the decision has to be made before then; drop-in "
            "sessions are held after the holidays for anyone who could not respond during them.",
        },
    )
    return services.transition(consultation=consultation, name="launch", version=None, by=officer)
