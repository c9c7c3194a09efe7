"""Writes with rules for consultations: drafting, consent, impact assessment, feedback, the
lifecycle moves, the decision and responses.

Every write to a consultation starts from the `version` the officer's page showed: the row is
locked, the version compared, and a stale one refused with `ConsultationChanged`, so two
officers never overwrite each other silently. Emails go out on commit, one per person (no
address is shown to another organisation).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from compact_portal import emails, workdays
from signatories import selectors as signatory_selectors
from signatories.models import Membership

from . import lifecycle, permissions, rules
from .models import (
    Consultation,
    ConsultationResponse,
    Decision,
    Feedback,
    ImpactAssessment,
    ImpactAssessmentParticipation,
    OrganisationAnswer,
    ShortenedPeriodConsent,
)

Answer = OrganisationAnswer.Answer


class ConsultationChanged(Exception):
    """Someone saved the consultation after this person opened their page."""

    def __init__(self, current: Consultation):
        self.current = current
        record = current.history.first()
        who = getattr(record, "history_user", None) if record else None
        when = timezone.localtime(record.history_date, workdays.LONDON).strftime("%H:%M") if record else ""
        by = f" by {who}" if who else ""
        at = f" at {when}" if when else ""
        super().__init__(
            f"This consultation was changed{by}{at}, after you opened this page, so your changes have "
            f"not been saved. Your answers are below: check them against the current version, then "
            f"save again."
        )


def _locked(consultation: Consultation, version: int | None) -> Consultation:
    current = Consultation.objects.select_for_update().select_related("compact", "owner").get(pk=consultation.pk)
    if version is not None and current.version != version:
        raise ConsultationChanged(current)
    return current


def _save(consultation: Consultation, by) -> Consultation:
    consultation.version += 1
    if by is not None:
        consultation._history_user = by
    consultation.save()
    return consultation


# Drafting ---------------------------------------------------------------------------------

DRAFT_FIELDS = {
    "kind",
    "title",
    "proposal",
    "criteria",
    "revised_outcomes",
    "opens_on",
    "closes_on",
    "shortened_reason",
    "holiday_extension_days",
    "holiday_reason",
}


@transaction.atomic
def create_draft(*, owner, by, kind: str, title: str) -> Consultation:
    if not permissions.is_officer_for(by, owner):
        raise PermissionDenied("Only officers of the public body can start its consultations.")
    consultation = Consultation(compact=owner.compact, owner=owner, created_by=by, kind=kind, title=title.strip())
    consultation._history_user = by
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def update_draft(
    *,
    consultation: Consultation,
    version: int,
    by,
    fields: dict | None = None,
    affected_organisations=None,
    affected_agreements=None,
) -> Consultation:
    """Save one step of the multi-step form to the draft."""
    consultation = _locked(consultation, version)
    if consultation.status != Consultation.Status.DRAFT:
        raise ValidationError("The consultation has been launched, so its details can no longer be changed.")
    for name, value in (fields or {}).items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} is not a draft field")
        setattr(consultation, name, value.strip() if isinstance(value, str) else value)
    consultation.full_clean()
    _save(consultation, by)
    if affected_organisations is not None:
        consultation.affected_organisations.set(affected_organisations)
    if affected_agreements is not None:
        consultation.affected_agreements.set(affected_agreements)
    _ask_about_shorter_period(consultation, by)
    return consultation


@transaction.atomic
def record_consent(
    *, consultation: Consultation, version: int, by, organisation, given_by: str, given_on, reason: str
) -> ShortenedPeriodConsent:
    """An officer records, on an affected organisation's behalf, that it agreed at the outset to
    a shorter period (West Cheshire s.2 (3)). The organisation normally answers for itself
    (`answer_question`); recording it for them needs the reason, which is shown with it."""
    consultation = _locked(consultation, version)
    if consultation.status != Consultation.Status.DRAFT:
        raise ValidationError("Agreement to a shorter period is recorded at the outset, before launch.")
    if not consultation.affected_organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(f"{organisation} is not one of the organisations affected.")
    if not reason.strip():
        raise ValidationError(f"Give the reason you are recording agreement on behalf of {organisation}.")
    consent = ShortenedPeriodConsent.objects.filter(
        consultation=consultation, organisation=organisation
    ).first() or ShortenedPeriodConsent(consultation=consultation, organisation=organisation)
    _record_on_behalf(consent, by=by, given_by=given_by, given_on=given_on, reason=reason)
    consent.asked_closes_on = consultation.closes_on
    consent.full_clean(exclude=["consultation", "organisation"])
    consent.save()
    _save(consultation, by)
    return consent


@transaction.atomic
def record_participation(
    *,
    consultation: Consultation,
    version: int,
    by,
    organisation,
    representative: str,
    given_by: str,
    given_on,
    reason: str,
) -> ImpactAssessmentParticipation:
    """An officer records, on an affected organisation's behalf and with the reason, that it
    took part in the joint impact assessment."""
    consultation = _locked(consultation, version)
    refusal = participation_refusal(consultation)
    if refusal:
        raise ValidationError(refusal)
    if not consultation.affected_organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(f"{organisation} is not one of the organisations affected.")
    if not reason.strip():
        raise ValidationError(f"Give the reason you are recording this on behalf of {organisation}.")
    participation = ImpactAssessmentParticipation.objects.filter(
        consultation=consultation, organisation=organisation
    ).first() or ImpactAssessmentParticipation(consultation=consultation, organisation=organisation)
    _record_on_behalf(participation, by=by, given_by=given_by, given_on=given_on, reason=reason)
    participation.representative = representative.strip()
    participation.full_clean(exclude=["consultation", "organisation"])
    participation.save()
    _save(consultation, by)
    return participation


def _record_on_behalf(row: OrganisationAnswer, *, by, given_by: str, given_on, reason: str) -> None:
    row.answer, row.given_by, row.given_on = Answer.AGREED, given_by.strip(), given_on
    row.answered_by, row.on_behalf_reason = None, reason.strip()
    row.recorded_by, row.recorded_at = by, timezone.now()


# Asking the affected organisations, and their answers ------------------------------------

QUESTIONS = {
    # the slug in the answer page's address: (model, email template)
    "shorter-period": (ShortenedPeriodConsent, "consultations/emails/shorter_period_asked"),
    "impact-assessment": (ImpactAssessmentParticipation, "consultations/emails/impact_assessment_asked"),
}


def answer_url(row: OrganisationAnswer) -> str:
    return reverse("consultations:answer", args=[row.question_slug, row.pk])


def _ask(consultation: Consultation, rows: list[OrganisationAnswer], by) -> None:
    """Save each row as a question not yet answered and email its organisation's admins."""
    now = timezone.now()
    for row in rows:
        row.answer, row.given_by, row.given_on, row.answered_by, row.on_behalf_reason = Answer.ASKED, "", None, None, ""
        row.asked_at, row.recorded_by, row.recorded_at = now, by, now
        row.full_clean(exclude=["consultation", "organisation"])
        row.save()
    if not rows:
        return
    template = QUESTIONS[rows[0].question_slug][1]
    addresses = signatory_selectors.admin_emails([row.organisation for row in rows])
    context = {
        "consultation": consultation,
        "compact_name": consultation.compact.the_name,
        "standard_weeks": rules.rules_for(consultation).consultation_weeks,
    }
    letters = [
        (
            address,
            {**context, "organisation": row.organisation.name, "answer_url": emails.absolute_url(answer_url(row))},
        )
        for row in rows
        for address in addresses[row.organisation.pk]
        if address
    ]

    def send():
        for address, letter in letters:
            emails.send(template, address, letter)

    transaction.on_commit(send)


def _ask_about_shorter_period(consultation: Consultation, by) -> None:
    """A draft that proposes a period under the standard, with its reason, asks each affected
    organisation to agree (Wiltshire funding and consulting promises; West Cheshire s.2 (3):
    mutual consent at the outset). An organisation is asked again only when the period is made
    shorter than the one it answered about."""
    c = consultation
    if not (c.opens_on and c.closes_on and c.shortened_reason.strip()):
        return
    if not rules.is_shortened(c.opens_on, c.closes_on, rules.rules_for(c)):
        return
    existing = {consent.organisation_id: consent for consent in c.consents.all()}
    rows = []
    for organisation in c.affected_organisations.order_by("name"):
        consent = existing.get(organisation.pk)
        if consent is None:
            consent = ShortenedPeriodConsent(consultation=c, organisation=organisation)
        elif consent.asked_closes_on is None or consent.asked_closes_on <= c.closes_on:
            continue  # answered (or being asked) about this period or a shorter one
        consent.asked_closes_on = c.closes_on
        rows.append(consent)
    _ask(c, rows, by)


def participation_refusal(consultation: Consultation) -> str | None:
    if consultation.status not in (Consultation.Status.DRAFT, Consultation.Status.OPEN, Consultation.Status.CLOSED):
        return "The impact assessment cannot be changed once feedback is published."
    assessment = getattr(consultation, "impact_assessment", None)
    if assessment is not None and assessment.is_complete:
        return "The impact assessment is complete."
    return None


@transaction.atomic
def ask_to_take_part(*, consultation: Consultation, version: int, by) -> list[ImpactAssessmentParticipation]:
    """Ask every affected organisation not yet asked to take part in the joint impact
    assessment (Wiltshire funding promise; West Cheshire s.6 (5): with VCS representation)."""
    consultation = _locked(consultation, version)
    refusal = participation_refusal(consultation)
    if refusal:
        raise ValidationError(refusal)
    asked = set(consultation.participations.values_list("organisation_id", flat=True))
    rows = [
        ImpactAssessmentParticipation(consultation=consultation, organisation=organisation)
        for organisation in consultation.affected_organisations.order_by("name")
        if organisation.pk not in asked
    ]
    if not rows:
        raise ValidationError("Every organisation affected has already been asked.")
    _ask(consultation, rows, by)
    _save(consultation, by)
    return rows


def answer_refusal(row: OrganisationAnswer, today=None) -> str | None:
    """Why the organisation can no longer answer (or change its answer), or None."""
    c, today = row.consultation, today or workdays.today()
    if isinstance(row, ShortenedPeriodConsent):
        # Wiltshire; West Cheshire s.2 (3): agreement is given at the outset.
        if c.status != Consultation.Status.DRAFT:
            return "The consultation has been launched, so the answer given at the outset stands."
        if c.opens_on and today > c.opens_on:
            return (
                f"The consultation was to open on {workdays.format_date(c.opens_on)}, so agreement can no "
                f"longer be given at the outset. {c.owner.name} must change its dates first."
            )
        return None
    return participation_refusal(c)


@transaction.atomic
def answer_question(
    *, row: OrganisationAnswer, by, agree: bool, given_by: str, representative: str = ""
) -> OrganisationAnswer:
    """The organisation's own admin agrees or refuses, in the portal."""
    if not permissions.can_answer(by, row):
        raise PermissionDenied("Only the organisation's admins can answer for it.")
    consultation = _locked(row.consultation, None)
    row = type(row).objects.select_for_update().select_related("organisation").get(pk=row.pk)
    row.consultation = consultation
    refusal = answer_refusal(row)
    if refusal:
        raise ValidationError(refusal)
    row.answer = Answer.AGREED if agree else Answer.REFUSED
    row.given_by, row.given_on, row.answered_by, row.on_behalf_reason = given_by.strip(), workdays.today(), by, ""
    if isinstance(row, ImpactAssessmentParticipation):
        if agree and not representative.strip():
            raise ValidationError("Enter the name and role of the person who will take part.")
        row.representative = representative.strip() if agree else ""
    row.full_clean(exclude=["consultation", "organisation"])
    row.save()
    _tell_the_officer_of_the_answer(row)
    return row


def _tell_the_officer_of_the_answer(row: OrganisationAnswer) -> None:
    """The officer who asked (else whoever started the consultation) hears of each answer."""
    consultation = row.consultation
    officer = row.recorded_by or consultation.created_by
    if officer is None or not officer.email:
        return
    context = {
        "consultation": consultation,
        "organisation": row.organisation.name,
        "agreed": row.is_agreed,
        "given_by": row.given_by,
        "question": "shorter" if isinstance(row, ShortenedPeriodConsent) else "impact",
        "representative": getattr(row, "representative", ""),
        "compact_name": consultation.compact.the_name,
        "manage_url": emails.absolute_url(reverse("consultations:manage", args=[consultation.pk])),
    }
    address = officer.email
    transaction.on_commit(lambda: emails.send("consultations/emails/question_answered", address, context))


# During and after the consultation ---------------------------------------------------------


@transaction.atomic
def save_impact_assessment(
    *, consultation: Consultation, version: int, by, summary: str, equalities: str, completed_on
) -> ImpactAssessment:
    """The VCS side of the assessment is the organisations that agreed to take part
    (`ask_to_take_part`, `answer_question`), not names the officer types."""
    consultation = _locked(consultation, version)
    if consultation.status not in (Consultation.Status.DRAFT, Consultation.Status.OPEN, Consultation.Status.CLOSED):
        raise ValidationError("The impact assessment cannot be changed once feedback is published.")
    assessment, _ = ImpactAssessment.objects.update_or_create(
        consultation=consultation,
        defaults={
            "summary": summary.strip(),
            "equalities": equalities.strip(),
            "completed_on": completed_on,
            "updated_by": by,
        },
    )
    _save(consultation, by)
    return assessment


@transaction.atomic
def save_feedback(
    *, consultation: Consultation, version: int, by, what_you_said: str, what_we_did: str, reviewed: bool
) -> Feedback:
    consultation = _locked(consultation, version)
    if consultation.status not in (Consultation.Status.OPEN, Consultation.Status.CLOSED):
        raise ValidationError("Feedback is written once the consultation is open, and cannot change once published.")
    feedback, _ = Feedback.objects.get_or_create(consultation=consultation)
    feedback.what_you_said, feedback.what_we_did = what_you_said.strip(), what_we_did.strip()
    feedback.reviewed_by, feedback.reviewed_at = (by, timezone.now()) if reviewed else (None, None)
    feedback.save()
    _save(consultation, by)
    return feedback


@transaction.atomic
def transition(*, consultation: Consultation, name: str, version: int | None, by) -> Consultation:
    """Perform a lifecycle move (not `decide`, which has its own service) and its effects."""
    if name == "decide":
        raise ValueError("Use services.decide to record a decision.")
    consultation = _locked(consultation, version)
    lifecycle.move(consultation, name)
    now = timezone.now()
    if name == "launch":
        consultation.launched_at = now
        _notify(consultation, "consultations/emails/consultation_opened")
    elif name == "close":
        consultation.closed_at = now
    elif name == "publish_feedback":
        consultation.feedback.published_at = now
        consultation.feedback.save(update_fields=["published_at"])
        _notify(consultation, "consultations/emails/feedback_published")
    elif name == "start_notice":
        _notify(consultation, "consultations/emails/notice_started")
    elif name == "complete":
        consultation.completed_at = now
    return _save(consultation, by)


@transaction.atomic
def decide(
    *,
    consultation: Consultation,
    version: int,
    by,
    outcome: str,
    rationale: str,
    appeal_route: str,
    decided_on,
    financial_information: str = "",
    notice_starts_on=None,
    notice_ends_on=None,
    exceptional_reason: str = "",
) -> Decision:
    """Record the decision. A withdrawal completes the consultation; a decision to proceed with a
    funding change starts formal notice at once (Wiltshire funding promise; West Cheshire s.6 (3))."""
    consultation = _locked(consultation, version)
    reason = lifecycle.refusal(consultation, "decide")
    if reason:
        raise lifecycle.TransitionRefused(reason)
    proceeds = outcome in (Decision.Outcome.PROCEED, Decision.Outcome.PROCEED_WITH_CHANGES)
    terms = rules.notice_terms(consultation.kind, rules.rules_for(consultation))
    gives_notice = proceeds and terms is not None
    decision = Decision(
        consultation=consultation,
        outcome=outcome,
        rationale=rationale.strip(),
        appeal_route=appeal_route.strip(),
        decided_on=decided_on,
        decided_by=by,
        financial_information=financial_information.strip() if proceeds else "",
        notice_starts_on=notice_starts_on if gives_notice else None,
        notice_ends_on=notice_ends_on if gives_notice else None,
        exceptional_reason=exceptional_reason.strip() if gives_notice else "",
    )
    decision._history_user = by
    decision.full_clean()
    decision.save()
    lifecycle.move(consultation, "decide")
    _save(consultation, by)
    if outcome == Decision.Outcome.WITHDRAW:
        lifecycle.move(consultation, "complete")
        consultation.completed_at = timezone.now()
        _save(consultation, by)
    elif gives_notice:
        lifecycle.move(consultation, "start_notice")
        _save(consultation, by)
    _notify(consultation, "consultations/emails/decision_published")
    return decision


# Responses ----------------------------------------------------------------------------------


@transaction.atomic
def submit_response(
    *, consultation: Consultation, organisation, author, text: str, attachment=None, checked=None
) -> ConsultationResponse:
    """A VCS organisation responds, or changes its response while the consultation is open.
    `checked` is the `uploads.Checked` result for `attachment`."""
    # Read the status afresh: the consultation may have closed since the page was opened.
    consultation.refresh_from_db(fields=["status", "opens_on", "closes_on"])
    refusal = permissions.response_refusal(author, consultation)
    if refusal:
        raise PermissionDenied(refusal)
    if not permissions.responding_organisations(author, consultation).filter(pk=organisation.pk).exists():
        raise PermissionDenied(f"You are not a member of {organisation}.")
    response = ConsultationResponse.objects.select_for_update().filter(
        consultation=consultation, organisation=organisation
    ).first() or ConsultationResponse(consultation=consultation, organisation=organisation)
    response.author, response.text = author, text.strip()
    if attachment is not None:
        if checked is None:
            raise ValueError("Check the attachment with uploads.validate_attachment first.")
        old = response.attachment.name if response.attachment else ""
        response.attachment.save(f"response{checked.extension}", attachment, save=False)
        response.attachment_name = attachment.name[:200]
        response.attachment_content_type = checked.content_type
        if old:
            transaction.on_commit(lambda: response.attachment.storage.delete(old))
    # The consultation, organisation and author were read in this request: no need to look them
    # up again; one response per organisation is also the database's constraint.
    response.full_clean(exclude=["consultation", "organisation", "author"])
    changed = response.pk is not None
    response.save()
    _send_receipt(response, changed=changed)
    return response


def _send_receipt(response: ConsultationResponse, *, changed: bool) -> None:
    """A receipt to the person who responded, for every response sent or changed."""
    if not response.author.is_active:
        return
    consultation = response.consultation
    context = {
        "consultation": consultation,
        "organisation": response.organisation.name,
        "changed": changed,
        "compact_name": consultation.compact.the_name,
        "response_url": emails.absolute_url(response.get_absolute_url()),
        "has_attachment": bool(response.attachment_name),
    }
    address = response.author.email
    transaction.on_commit(lambda: emails.send("consultations/emails/response_receipt", address, context))


# Telling the organisations ------------------------------------------------------------------


def people_to_tell(consultation: Consultation) -> list[str]:
    """Everyone in the affected and responding organisations, and those organisations' own
    contact addresses."""
    organisation_ids = set(consultation.affected_organisations.values_list("pk", flat=True))
    organisation_ids |= set(consultation.responses.values_list("organisation_id", flat=True))
    addresses = set(
        Membership.objects.filter(organisation_id__in=organisation_ids, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    addresses |= set(consultation.affected_organisations.values_list("contact_email", flat=True))
    return sorted(a for a in addresses if a)


def _notify(consultation: Consultation, template: str) -> None:
    def send():
        fresh = Consultation.objects.select_related("owner", "compact").get(pk=consultation.pk)
        context = {
            "consultation": fresh,
            "decision": getattr(fresh, "decision", None),
            "feedback": fresh.published_feedback(),
            "page_url": emails.absolute_url(fresh.get_absolute_url()),
            "respond_url": emails.absolute_url(reverse("consultations:respond", args=[fresh.pk])),
            "timeline_url": emails.absolute_url(reverse("consultations:timeline", args=[fresh.pk])),
        }
        for address in people_to_tell(fresh):
            emails.send(template, address, context)

    transaction.on_commit(send)


# The forward plan ---------------------------------------------------------------------------


@transaction.atomic
def add_planned(*, by, owner, kind: str, title: str, expected_month, summary: str = "", consultation=None):
    """An entry on a public body's forward plan (West Cheshire s.2; Stafford)."""
    from .models import PlannedConsultation

    if not permissions.is_officer_for(by, owner):
        raise PermissionDenied("Only officers of the public body keep its forward plan.")
    if consultation is not None and consultation.owner_id != owner.pk:
        raise ValidationError("Choose one of this public body's own consultations.")
    entry = PlannedConsultation(
        compact=owner.compact,
        owner=owner,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        expected_month=expected_month.replace(day=1),
        consultation=consultation,
        created_by=by,
    )
    entry.full_clean(exclude=["compact", "owner", "created_by", "consultation"])
    entry.save()
    return entry
