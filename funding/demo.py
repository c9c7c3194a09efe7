"""Demo data for funding: a grant round by Riverside Borough Council whose decisions were
announced (two awards, one to a BME-led organisation, and one unsuccessful application with
feedback), an open round by the Integrated Care Board, full cost recovery and monitoring on
the agreements, an improvement plan under way, and the forward plan of consultations. Called
from tools.demo.load after the organisations and consultations exist; safe to run twice."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from compact_portal import workdays
from consultations.models import Consultation, FundingAgreement, PlannedConsultation
from signatories.models import Organisation, Sector, User

from . import open_data, rules
from .models import GrantApplication, GrantRound, ImprovementPlan

CHEST = "Riverside Community Chest 2026"
HEALTH = "Tackling health inequalities: small grants"


def _organisation(compact, name, **fields) -> Organisation:
    organisation = Organisation.objects.filter(compact=compact, name=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            compact=compact,
            name=name,
            sector=Sector.VCS,
            status=Organisation.Status.SIGNED,
            address_line_1="Town Hall Annexe",
            town="Riverside",
            postcode="RV1 1AA",
            **fields,
        )
    return organisation


def _decided_round(compact, council, officer, action, elders, forum, today) -> GrantRound:
    existing = GrantRound.objects.filter(compact=compact, title=CHEST).first()
    if existing:
        return existing
    opens_on = workdays.add_months(today, -6)
    grant_round = GrantRound.objects.create(
        compact=compact,
        funder=council,
        created_by=officer,
        title=CHEST,
        status=GrantRound.Status.DECIDED,
        summary="One-year grants of up to £10,000 for projects that reduce loneliness and isolation.",
        eligibility="Voluntary and community organisations that have signed the Riverside Compact, with an annual "
        "income under £500,000, working with residents of the borough.",
        criteria="Need in the area (40%); how many people the project reaches (30%); value for money, with core "
        "costs counted in full (30%).",
        amount_available=Decimal("25000"),
        opens_on=opens_on,
        closes_on=rules.lead_in_closes_on(opens_on, compact.rules, compact.bank_holiday_region),
        grants_start_on=workdays.add_months(today.replace(day=1), -1),
        grants_end_on=workdays.add_months(today.replace(day=1), 11) - timedelta(days=1),
        opened_at=timezone.now(),
        closed_at=timezone.now(),
        decided_at=timezone.now(),
    )
    decided_on = workdays.add_months(today, -1)
    for organisation, title, requested, awarded, reasons in (
        (
            action,
            "Befriending by phone",
            "9500",
            "9000",
            "Scored highly on need and reach; £9,000 awarded because the volunteer expenses line overlapped with an "
            "existing grant.",
        ),
        (
            elders,
            "Lunch club for Caribbean and African elders",
            "8000",
            "8000",
            "Strong evidence of isolation among older residents the club already reaches; good value for money.",
        ),
        (
            forum,
            "Accessible walking group",
            "7500",
            None,
            "A good project, but reach scored lowest of the applications: about 20 people against 150 and more for "
            "the others. The Integrated Care Board's health inequalities round may suit it; we would welcome an "
            "application next year.",
        ),
    ):
        application = GrantApplication.objects.create(
            grant_round=grant_round,
            organisation=organisation,
            submitted_by=None,
            project_title=title,
            project_summary=f"{title}: weekly sessions run by trained volunteers across the borough.",
            amount_requested=Decimal(requested),
            assessment="Assessed by two officers against the published criteria.",
            outcome="awarded" if awarded else "unsuccessful",
            reasons=reasons,
            amount_awarded=Decimal(awarded) if awarded else None,
            decided_by=officer,
            decided_on=decided_on,
        )
        if awarded:
            application.agreement = FundingAgreement.objects.create(
                funder=council,
                recipient=organisation,
                title=title,
                reference=open_data.grant_id(application),
                amount=Decimal(awarded),
                starts_on=grant_round.grants_start_on,
                ends_on=grant_round.grants_end_on,
                full_cost_recovery=FundingAgreement.FullCostRecovery.INCLUDED,
                reserves_and_underspends="Under-spends up to 10% may be carried into the next quarter.",
                monitoring="A short report each quarter: sessions held, people reached, one story of difference made.",
            )
            application.save(update_fields=["agreement"])
    return grant_round


def _open_round(compact, nhs, today) -> None:
    if GrantRound.objects.filter(compact=compact, title=HEALTH).exists():
        return
    GrantRound.objects.create(
        compact=compact,
        funder=nhs,
        title=HEALTH,
        status=GrantRound.Status.OPEN,
        opened_at=timezone.now(),
        summary="Grants of up to £5,000 for community projects that help people reach health services.",
        eligibility="Signed voluntary and community organisations; organisations led by and for the communities "
        "they serve are particularly welcome.",
        criteria="Who the project reaches that services miss (50%); working with GP practices (25%); cost (25%).",
        amount_available=Decimal("40000"),
        opens_on=today,
        closes_on=rules.lead_in_closes_on(today, compact.rules, compact.bank_holiday_region),
        grants_start_on=workdays.add_months(today.replace(day=1), 4),
        grants_end_on=workdays.add_months(today.replace(day=1), 40) - timedelta(days=1),
    )


def _agreements(council, officer, today) -> None:
    transport = FundingAgreement.objects.filter(
        funder=council, title="Community transport and volunteer drivers"
    ).first()
    if transport is None:
        return
    if not transport.full_cost_recovery:
        transport.full_cost_recovery = FundingAgreement.FullCostRecovery.NOT_INCLUDED
        transport.full_cost_recovery_reason = (
            "Overheads are met by the council's separate core grant to Community Action."
        )
        transport.monitoring = "Journeys made each month, by purpose and ward; an annual review meeting."
        transport.save()
    if not transport.improvement_plans.exists():
        ImprovementPlan.objects.create(
            agreement=transport,
            concern="Two quarterly monitoring returns arrived more than a month late.",
            actions="Returns by the 15th of the month after each quarter; the council's officer meets the coordinator "
            "monthly and has offered help setting up the booking system's reports.",
            agreed_with="Priya Shah, Chief Officer",
            starts_on=workdays.add_months(today, -1),
            ends_on=workdays.add_months(today, 2),
            created_by=officer,
        )


def _forward_plan(compact, council, nhs, officer, today) -> None:
    consultation = Consultation.objects.filter(compact=compact, title="Reducing the community transport grant").first()
    entries = [
        (
            council,
            "Reducing the community transport grant",
            Consultation.Kind.FUNDING_REDUCTION,
            0,
            consultation,
            "How the community transport grant is targeted from next April.",
        ),
        (
            council,
            "Refreshing the small grants policy",
            Consultation.Kind.FUNDING_POLICY,
            2,
            None,
            "Lead-in, eligibility and payment in advance for the council's small grants.",
        ),
        (
            nhs,
            "Community mental health support",
            Consultation.Kind.OTHER_POLICY,
            3,
            None,
            "How the Integrated Care Board commissions peer support groups.",
        ),
        (
            council,
            "Library opening hours",
            Consultation.Kind.OTHER_POLICY,
            5,
            None,
            "Proposed changes to opening hours.",
        ),
    ]
    for owner, title, kind, months_ahead, linked, summary in entries:
        if PlannedConsultation.objects.filter(compact=compact, title=title).exists():
            continue
        entry = PlannedConsultation.objects.create(
            compact=compact,
            owner=owner,
            title=title,
            kind=kind,
            summary=summary,
            consultation=linked,
            created_by=officer,
            expected_month=workdays.add_months(today.replace(day=1), months_ahead),
        )
        if linked is not None and linked.launched_at:
            # It was on the plan before it was launched.
            PlannedConsultation.objects.filter(pk=entry.pk).update(created_at=linked.launched_at - timedelta(days=60))


def load(compact) -> None:
    council = Organisation.objects.filter(compact=compact, name="Riverside Borough Council").first()
    nhs = Organisation.objects.filter(compact=compact, name="Riverside Integrated Care Board").first()
    action = Organisation.objects.filter(compact=compact, name="Riverside Community Action").first()
    if council is None or nhs is None or action is None:
        return
    today = workdays.today()
    officer = User.objects.filter(memberships__organisation=council).order_by("pk").first()
    elders = _organisation(
        compact,
        "Riverside Caribbean and African Elders",
        type="community_group",
        contact_email="elders@riverside.example",
        led_by_bme_communities=True,
    )
    forum = _organisation(
        compact,
        "Riverside Disability Forum",
        type="charity",
        charity_number="1187654",
        contact_email="forum@riverside.example",
        led_by_disabled_people=True,
    )
    _decided_round(compact, council, officer, action, elders, forum, today)
    _open_round(compact, nhs, today)
    _agreements(council, officer, today)
    _forward_plan(compact, council, nhs, officer, today)
