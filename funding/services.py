"""Writes with rules for grant rounds: drafting, the lifecycle moves, applying, assessing and
deciding, announcing (award letters, feedback, funding agreements), and ending funding for
performance. Emails go out on commit, one per person."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from compact_portal import emails, workdays
from consultations.models import FundingAgreement
from signatories import selectors as signatory_selectors

from . import ending, lifecycle, permissions
from .models import EndingNotice, GrantApplication, GrantRound, ImprovementPlan

ROUND_FIELDS = {
    "title",
    "summary",
    "eligibility",
    "criteria",
    "amount_available",
    "opens_on",
    "closes_on",
    "short_lead_in_reason",
    "grants_start_on",
    "grants_end_on",
    "payment_timing",
}


def _locked(grant_round) -> GrantRound:
    return GrantRound.objects.select_for_update().select_related("compact", "funder").get(pk=grant_round.pk)


@transaction.atomic
def create_round(*, funder, by, title: str) -> GrantRound:
    if not permissions.is_officer_for(by, funder):
        raise PermissionDenied("Only officers of the public body can start its grant rounds.")
    grant_round = GrantRound(compact=funder.compact, funder=funder, created_by=by, title=title.strip())
    grant_round._history_user = by
    grant_round.full_clean()
    grant_round.save()
    return grant_round


@transaction.atomic
def update_round(*, grant_round: GrantRound, by, fields: dict) -> GrantRound:
    grant_round = _locked(grant_round)
    if grant_round.status != GrantRound.Status.DRAFT:
        raise ValidationError("The round is open, so its details can no longer be changed.")
    for name, value in fields.items():
        if name not in ROUND_FIELDS:
            raise ValueError(f"{name} is not a round field")
        setattr(grant_round, name, value.strip() if isinstance(value, str) else value)
    grant_round.full_clean()
    grant_round._history_user = by
    grant_round.save()
    return grant_round


@transaction.atomic
def transition(*, grant_round: GrantRound, name: str, by, today=None) -> GrantRound:
    grant_round = _locked(grant_round)
    lifecycle.move(grant_round, name, today)
    now = timezone.now()
    if name == "open":
        grant_round.opened_at = now
    elif name == "close":
        grant_round.closed_at = now
    elif name == "announce":
        grant_round.decided_at = now
        _announce(grant_round)
    grant_round._history_user = by
    grant_round.save()
    return grant_round


def _announce(grant_round: GrantRound) -> None:
    """A funding agreement for each award (Stafford funding code: confirmation of awards), then
    award letters and feedback with reasons to the unsuccessful (West Cheshire section 1)."""
    applications = list(grant_round.applications.select_related("organisation").select_for_update())
    for application in applications:
        if application.is_award and application.agreement_id is None:
            agreement = FundingAgreement(
                funder=grant_round.funder,
                recipient=application.organisation,
                title=application.project_title,
                reference=grant_identifier(application),
                kind=FundingAgreement.Kind.GRANT,
                amount=application.amount_awarded,
                starts_on=grant_round.grants_start_on,
                ends_on=grant_round.grants_end_on,
                payment_timing=grant_round.payment_timing,
            )
            agreement.full_clean()
            agreement.save()
            application.agreement = agreement
            application.save(update_fields=["agreement"])
    pks = [a.pk for a in applications]
    transaction.on_commit(lambda: _send_outcomes(pks))


def grant_identifier(application) -> str:
    from .open_data import grant_id

    return grant_id(application)


def _send_outcomes(pks) -> None:
    for application in GrantApplication.objects.filter(pk__in=pks).select_related(
        "grant_round__funder", "organisation", "agreement"
    ):
        template = "funding/emails/award_letter" if application.is_award else "funding/emails/unsuccessful"
        context = {
            "application": application,
            "grant_round": application.grant_round,
            "page_url": emails.absolute_url(application.get_absolute_url()),
        }
        for address in _addresses(application.organisation):
            emails.send(template, address, context)


def _addresses(organisation) -> list[str]:
    return signatory_selectors.admin_emails([organisation])[organisation.pk]


# Applying ------------------------------------------------------------------------------------


@transaction.atomic
def submit_application(
    *,
    grant_round: GrantRound,
    organisation,
    by,
    project_title: str,
    project_summary: str,
    amount_requested,
    attachment=None,
    checked=None,
) -> GrantApplication:
    """A signed VCS organisation applies, or changes its application while the round is open.
    `checked` is the `uploads.Checked` result for `attachment`."""
    grant_round.refresh_from_db(fields=["status", "opens_on", "closes_on"])
    refusal = permissions.application_refusal(by, grant_round)
    if refusal:
        raise PermissionDenied(refusal)
    if not permissions.applying_organisations(by, grant_round).filter(pk=organisation.pk).exists():
        raise PermissionDenied(f"You are not a member of {organisation}.")
    application = GrantApplication.objects.select_for_update().filter(
        grant_round=grant_round, organisation=organisation
    ).first() or GrantApplication(grant_round=grant_round, organisation=organisation)
    application.submitted_by = by
    application.project_title, application.project_summary = project_title.strip(), project_summary.strip()
    application.amount_requested = amount_requested
    application.submitted_at = timezone.now()
    if attachment is not None:
        if checked is None:
            raise ValueError("Check the attachment with uploads.validate_attachment first.")
        old = application.attachment.name if application.attachment else ""
        application.attachment.save(f"application{checked.extension}", attachment, save=False)
        application.attachment_name = attachment.name[:200]
        application.attachment_content_type = checked.content_type
        if old:
            transaction.on_commit(lambda: application.attachment.storage.delete(old))
    application.full_clean(exclude=["grant_round", "organisation", "submitted_by"])
    application._history_user = by
    application.save()
    return application


@transaction.atomic
def decide_application(
    *, application: GrantApplication, by, assessment: str, outcome: str, reasons: str, amount_awarded=None
) -> GrantApplication:
    """The assessment against the round's criteria and the decision with its reasons. Kept
    private until the round's decisions are announced, and changeable until then."""
    grant_round = _locked(application.grant_round)
    if not permissions.can_manage(by, grant_round):
        raise PermissionDenied("Only officers of the funder decide its applications.")
    if grant_round.status != GrantRound.Status.CLOSED:
        raise ValidationError(
            "Applications are decided once the round has closed, and until the decisions are announced."
        )
    if not reasons.strip():
        raise ValidationError("Give the reasons for the decision; they are sent to the organisation.")
    if outcome == GrantApplication.Outcome.AWARDED:
        if not amount_awarded or amount_awarded <= 0:
            raise ValidationError("Enter the amount awarded.")
    else:
        amount_awarded = None
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    application.assessment, application.reasons = assessment.strip(), reasons.strip()
    application.outcome, application.amount_awarded = outcome, amount_awarded
    application.decided_by, application.decided_on = by, workdays.today()
    application.full_clean(exclude=["grant_round", "organisation", "submitted_by", "decided_by"])
    application._history_user = by
    application.save()
    return application


# Ending funding for performance ---------------------------------------------------------------


@transaction.atomic
def save_improvement_plan(
    *,
    agreement,
    by,
    concern: str,
    actions: str,
    agreed_with: str,
    starts_on,
    ends_on,
    outcome: str = "",
    outcome_notes: str = "",
    plan: ImprovementPlan | None = None,
) -> ImprovementPlan:
    """A performance concern opens an improvement plan with an agreed timetable; its outcome is
    recorded once the timetable has run."""
    if not permissions.can_end_agreement(by, agreement):
        raise PermissionDenied("Only officers of the funder raise performance concerns.")
    if getattr(agreement, "ending_notice", None) is not None:
        raise ValidationError("Notice has already been given on this agreement.")
    plan = plan or ImprovementPlan(agreement=agreement, created_by=by)
    if outcome and workdays.today() < ends_on:
        raise ValidationError(f"Record the outcome once the timetable ends, on {workdays.format_date(ends_on)}.")
    for name, value in {
        "concern": concern,
        "actions": actions,
        "agreed_with": agreed_with,
        "outcome_notes": outcome_notes,
    }.items():
        setattr(plan, name, value.strip())
    plan.starts_on, plan.ends_on, plan.outcome = starts_on, ends_on, outcome
    plan.full_clean(exclude=["agreement", "created_by"])
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def give_notice(
    *, agreement, by, reasons: str, winding_down_costs: str, notice_starts_on, notice_ends_on
) -> EndingNotice:
    if not permissions.can_end_agreement(by, agreement):
        raise PermissionDenied("Only officers of the funder give notice.")
    agreement = (
        FundingAgreement.objects.select_for_update().select_related("funder__compact", "recipient").get(pk=agreement.pk)
    )
    refusal = ending.notice_refusal(
        agreement,
        today=workdays.today(),
        reasons=reasons,
        winding_down_costs=winding_down_costs,
        notice_starts_on=notice_starts_on,
        notice_ends_on=notice_ends_on,
    )
    if refusal:
        raise ValidationError(refusal)
    notice = EndingNotice(
        agreement=agreement,
        improvement_plan=ending.latest_plan(agreement),
        reasons=reasons.strip(),
        winding_down_costs=winding_down_costs.strip(),
        notice_starts_on=notice_starts_on,
        notice_ends_on=notice_ends_on,
        given_by=by,
    )
    notice.full_clean(exclude=["agreement", "improvement_plan", "given_by"])
    notice._history_user = by
    notice.save()
    pk = notice.pk

    def send():
        fresh = EndingNotice.objects.select_related("agreement__funder", "agreement__recipient").get(pk=pk)
        context = {
            "notice": fresh,
            "agreement": fresh.agreement,
            "page_url": emails.absolute_url(fresh.agreement.get_absolute_url()),
        }
        for address in _addresses(fresh.agreement.recipient):
            emails.send("funding/emails/ending_notice", address, context)

    transaction.on_commit(send)
    return notice
