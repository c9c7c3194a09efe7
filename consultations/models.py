"""Funding agreements and the consultations that change them.

A consultation's lifecycle (which status may follow which, and why not) lives in
`lifecycle.py`; the Compact's period and notice arithmetic in `rules.py`; departures from the
Compact in `compliance.py`. The models here hold the record and small facts about themselves.
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from compact_portal import workdays
from signatories.models import Organisation, Sector


class FundingAgreement(models.Model):
    """A grant or contract from a public-sector signatory to a VCS signatory.

    Wiltshire funding promise, West Cheshire s.1 (11), (15) and Stafford's funding code prefer
    three-year agreements paid in advance; `is_three_year` and `payment_timing` show whether
    this one is.
    """

    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        CONTRACT = "contract", "Contract"

    class PaymentTiming(models.TextChoices):
        ADVANCE = "advance", "In advance"
        ARREARS = "arrears", "In arrears"

    class FullCostRecovery(models.TextChoices):
        NOT_RECORDED = "", "Not recorded"
        INCLUDED = "included", "Core costs and overheads included"
        NOT_INCLUDED = "not_included", "Core costs and overheads not included"

    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_given", limit_choices_to={"sector": Sector.PUBLIC}
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_received", limit_choices_to={"sector": Sector.VCS}
    )
    title = models.CharField(max_length=200, help_text="What the money is for, for example “Volunteer centre”")
    reference = models.CharField(max_length=50, blank=True, help_text="The funder's own reference, if any")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GRANT)
    amount = models.DecimalField("total amount (£)", max_digits=12, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    payment_timing = models.CharField(max_length=10, choices=PaymentTiming.choices, default=PaymentTiming.ADVANCE)
    # Full cost recovery (all the Compacts): the funder pays a fair share of core costs and
    # overheads, or says why not.
    full_cost_recovery = models.CharField(
        max_length=15, choices=FullCostRecovery.choices, blank=True, default=FullCostRecovery.NOT_RECORDED
    )
    full_cost_recovery_reason = models.TextField("why core costs and overheads are not included", blank=True)
    reserves_and_underspends = models.TextField("what happens to reserves and under-spends", blank=True)
    monitoring = models.TextField(
        "the agreed monitoring",
        blank=True,
        help_text="What the organisation reports, how often, in proportion to the amount",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self):
        return f"{self.title} ({self.recipient})"

    def get_absolute_url(self):
        return reverse("consultations:agreement", args=[self.pk])

    @property
    def compact_id(self):
        return self.funder.compact_id

    def clean(self):
        errors = {}
        if self.funder_id and self.funder.sector != Sector.PUBLIC:
            errors["funder"] = "The funder must be a public-sector signatory."
        if self.recipient_id and self.recipient.sector != Sector.VCS:
            errors["recipient"] = "The recipient must be a voluntary or community sector signatory."
        if self.funder_id and self.recipient_id and self.funder.compact_id != self.recipient.compact_id:
            errors["recipient"] = "The funder and the recipient must be signatories of the same Compact."
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = "Enter an end date after the start date."
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "Enter an amount greater than £0."
        if self.full_cost_recovery == self.FullCostRecovery.NOT_INCLUDED and not self.full_cost_recovery_reason.strip():
            errors["full_cost_recovery_reason"] = "Say why core costs and overheads are not included."
        if errors:
            raise ValidationError(errors)

    @property
    def term_months(self) -> int:
        """Whole calendar months the agreement runs, counting its last day: 1 April 2026 to
        31 March 2029 is 36 months."""
        after_end = self.ends_on + timedelta(days=1)
        months = (after_end.year - self.starts_on.year) * 12 + after_end.month - self.starts_on.month
        if workdays.add_months(self.starts_on, months) > after_end:
            months -= 1
        return months

    @property
    def term_display(self) -> str:
        years, months = divmod(self.term_months, 12)
        parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
        if months or not parts:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return " and ".join(parts)

    @property
    def is_three_year(self) -> bool:
        """Three-year agreements where possible (Wiltshire; West Cheshire s.1 (11); Stafford)."""
        return self.term_months >= 36


def late_payment(today, prefix: str = "") -> models.Q:
    """The one rule for a late payment, as a query (`prefix` reaches payments from another model,
    e.g. "payments__"): paid after its due date, or unpaid after its due date. A payment due today
    and unpaid is not late yet; one paid late stays late. `PaymentSchedule.is_late`, the admin's
    filter and count, and the annual review's count all ask this."""
    return models.Q(**{f"{prefix}paid_on__gt": models.F(f"{prefix}due_on")}) | models.Q(
        **{f"{prefix}paid_on__isnull": True, f"{prefix}due_on__lt": today}
    )


class PaymentScheduleQuerySet(models.QuerySet):
    def late(self, today=None):
        return self.filter(late_payment(today or workdays.today()))


class PaymentSchedule(models.Model):
    """One payment due under a funding agreement. Late payments are what the Compacts ask
    funders to avoid (payment in advance, on time: West Cheshire s.1 (15))."""

    objects = PaymentScheduleQuerySet.as_manager()

    agreement = models.ForeignKey(FundingAgreement, on_delete=models.CASCADE, related_name="payments")
    due_on = models.DateField()
    amount = models.DecimalField("amount (£)", max_digits=12, decimal_places=2)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "due_on"]
        verbose_name = "scheduled payment"
        indexes = [
            models.Index(fields=["due_on", "id"], name="payment_due_order"),  # the admin: latest due first
            # Unpaid payments by due date: the registry's "payments due" walks these.
            models.Index(fields=["due_on"], condition=models.Q(paid_on__isnull=True), name="payment_unpaid_due"),
        ]

    def __str__(self):
        return f"£{self.amount:,.2f} due {workdays.format_date(self.due_on)}"

    def days_late(self, today=None) -> int:
        """Days after the due date it was paid, or has been waiting if unpaid; 0 if on time
        (the rule is `late_payment`: a payment is late exactly when this is more than 0)."""
        until = self.paid_on or today or workdays.today()
        return max(0, workdays.days_between(self.due_on, until))

    @property
    def is_late(self) -> bool:
        return self.days_late() > 0


class Consultation(models.Model):
    """A public body asks the VCS before reducing funding or changing a policy.

    `version` guards against two officers overwriting each other: every write through
    `services` checks the version the officer started from and increments it.
    """

    class Kind(models.TextChoices):
        FUNDING_REDUCTION = "funding_reduction", "Reducing or ending funding (decommissioning)"
        FUNDING_POLICY = "funding_policy", "Changing funding policy or procedures"
        OTHER_POLICY = "other_policy", "Another policy change"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        FEEDBACK_PUBLISHED = "feedback_published", "Feedback published"
        DECIDED = "decided", "Decided"
        NOTICE_PERIOD = "notice_period", "Formal notice"
        COMPLETED = "completed", "Completed"

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.PROTECT, related_name="consultations")
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consultations",
        limit_choices_to={"sector": Sector.PUBLIC},
        verbose_name="public body consulting",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    proposal = models.TextField(blank=True)
    criteria = models.TextField("criteria for the decision", blank=True)
    revised_outcomes = models.TextField(blank=True)
    affected_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="consultations_affecting", limit_choices_to={"sector": Sector.VCS}
    )
    affected_agreements = models.ManyToManyField(FundingAgreement, blank=True, related_name="consultations")
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    shortened_reason = models.TextField("reason for a shorter period", blank=True)
    # Days added to the close date the officer asked for, when they accepted the offer to make
    # up for Christmas or the summer holidays (rules.holiday_warning). Kept so the warning is
    # worked out from the date they asked for, not raised again on the extended one.
    holiday_extension_days = models.PositiveSmallIntegerField(default=0)
    # Why the consultation keeps its dates over one of the compact's holiday periods, when the
    # officer declined the later date. Without it, running over a holiday period counts as a
    # departure from the Compact (compliance.HOLIDAY_PERIOD_WITHOUT_REASON).
    holiday_reason = models.TextField("reason for running over a holiday period", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        indexes = [
            models.Index(fields=["compact", "status"]),
            # The public list of open consultations, soonest to close first, a page at a time.
            models.Index(fields=["status", "closes_on", "title"], name="consultation_closing_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.pk])

    @property
    def is_funding_change(self) -> bool:
        """Funding changes publish criteria and revised outcomes at launch (Wiltshire funding
        promise; West Cheshire s.6 (5))."""
        return self.kind in (self.Kind.FUNDING_REDUCTION, self.Kind.FUNDING_POLICY)

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def requested_closes_on(self):
        """The close date the officer asked for, before any holiday extension."""
        if self.closes_on is None:
            return None
        return self.closes_on - timedelta(days=self.holiday_extension_days)

    def is_scheduled(self, today=None) -> bool:
        """Launched, but its opening date is still to come."""
        today = today or workdays.today()
        return self.status == self.Status.OPEN and self.opens_on is not None and self.opens_on > today

    @property
    def status_label(self) -> str:
        """The status tag's words: a launched consultation reads "Opens on ..." until it opens."""
        if self.is_scheduled():
            return f"Opens on {workdays.format_date(self.opens_on)}"
        return self.get_status_display()

    @property
    def status_sentence(self) -> str:
        """Where the consultation is, as a sentence a reader can take in at once."""
        S, on = self.Status, workdays.format_date
        if self.status == S.OPEN:
            if self.is_scheduled():
                return f"The consultation opens on {on(self.opens_on)}."
            return f"The consultation is open until the end of {on(self.closes_on)}."
        return {
            S.DRAFT: "The consultation is a draft and has not been published.",
            S.CLOSED: "The consultation has closed. Its feedback is being prepared.",
            S.FEEDBACK_PUBLISHED: "The consultation has closed and its feedback has been published.",
            S.DECIDED: "A decision has been made on the consultation.",
            S.NOTICE_PERIOD: "The consultation is in its formal notice period.",
            S.COMPLETED: "The consultation is finished and kept as a record.",
        }[self.status]

    def accepts_responses(self, today=None) -> bool:
        today = today or workdays.today()
        return (
            self.status == self.Status.OPEN and self.opens_on is not None and self.opens_on <= today <= self.closes_on
        )

    def published_feedback(self):
        feedback = getattr(self, "feedback", None)
        return feedback if feedback is not None and feedback.published_at else None


class OrganisationAnswer(models.Model):
    """What an affected organisation answered when the consulting body asked it something: a
    shorter period, or taking part in the joint impact assessment.

    The organisation answers for itself: its admins are emailed and agree or refuse in the
    portal (`answered_by` is the admin). An officer may still record agreement on its behalf,
    but only with a stated reason (`on_behalf_reason`), and it is shown as such wherever it is
    shown. A row with the answer "asked" is a question not yet answered.
    """

    class Answer(models.TextChoices):
        ASKED = "asked", "Not answered yet"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.AGREED)
    given_by = models.CharField("name and role of the person who answered", max_length=200, blank=True)
    given_on = models.DateField("date they answered", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation's admin who answered in the portal",
    )
    on_behalf_reason = models.TextField("why the council recorded it on the organisation's behalf", blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["organisation__name"]

    @property
    def is_answered(self) -> bool:
        return self.answer != self.Answer.ASKED

    @property
    def is_agreed(self) -> bool:
        return self.answer == self.Answer.AGREED

    @property
    def on_behalf(self) -> bool:
        """Recorded by the consulting body, not answered by the organisation itself."""
        return self.is_answered and self.answered_by_id is None

    @property
    def how(self) -> str:
        """How the answer was given, as a reader should see it."""
        if not self.is_answered:
            return "Not answered yet"
        if self.on_behalf:
            reason = self.on_behalf_reason.strip() or "no reason given"
            return f"Recorded by {self.consultation.owner.name} on the organisation's behalf ({reason})"
        return "Answered by the organisation in the portal"


class ShortenedPeriodConsent(OrganisationAnswer):
    """An affected organisation's answer, at the outset, to a period under the standard.

    Wiltshire funding and consulting promises; West Cheshire s.2 (3): shorter only by mutual
    consent agreed at the outset. `asked_closes_on` is the closing date it was asked about:
    agreement to a period does not cover a shorter one proposed later.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="consents")
    asked_closes_on = models.DateField("closing date the organisation was asked about", null=True, blank=True)

    class Meta(OrganisationAnswer.Meta):
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_consent_per_organisation")
        ]

    def __str__(self):
        if self.answer == self.Answer.ASKED:
            return f"{self.organisation} asked about a shorter period"
        return f"{self.organisation} {self.get_answer_display().lower()} on {workdays.format_date(self.given_on)}"

    question_slug = "shorter-period"  # the answer page's address

    def covers(self, consultation) -> bool:
        """Agreement, at the outset, to a period at least as short as the one now proposed."""
        return (
            self.is_agreed
            and self.given_on is not None
            and (consultation.opens_on is None or self.given_on <= consultation.opens_on)
            and (
                self.asked_closes_on is None
                or consultation.closes_on is None
                or self.asked_closes_on <= consultation.closes_on
            )
        )


class ImpactAssessmentParticipation(OrganisationAnswer):
    """An affected organisation's answer to taking part in the joint impact assessment, naming
    its representative (Wiltshire funding promise; West Cheshire s.6 (5): with VCS
    representation)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="participations")
    representative = models.CharField("who takes part for the organisation", max_length=200, blank=True)
    question_slug = "impact-assessment"  # the answer page's address

    class Meta(OrganisationAnswer.Meta):
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_participation_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_answer_display().lower()} to take part"


class ImpactAssessment(models.Model):
    """The joint impact assessment, including equalities, carried out during the consultation
    with named VCS representatives (Wiltshire funding promise; West Cheshire s.6 (5))."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="impact_assessment")
    summary = models.TextField("what the assessment found", blank=True)
    equalities = models.TextField("equalities impact", blank=True)
    # Typed by the officer before organisations confirmed taking part themselves; kept for the
    # assessments recorded that way, no longer asked for.
    vcs_representatives = models.TextField("VCS representatives who took part (recorded by the council)", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Impact assessment: {self.consultation}"

    def taking_part(self) -> list:
        """The affected organisations that agreed to take part (prefetch `participations`)."""
        return [p for p in self.consultation.participations.all() if p.is_agreed]

    @property
    def is_complete(self) -> bool:
        return bool(
            self.completed_on
            and self.summary.strip()
            and self.equalities.strip()
            and (self.taking_part() or self.vcs_representatives.strip())
        )


def response_upload_to(response, filename):
    """A random name under the consultation's folder; the extension is the one the content
    proved (`uploads.validate_attachment`), never the one the person typed."""
    extension = Path(filename).suffix.lower()
    return f"consultations/{response.consultation_id}/{uuid.uuid4().hex}{extension}"


class ConsultationResponse(models.Model):
    """A VCS organisation's response. Seen by the organisation, the consulting body and the
    board; never public."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="consultation_responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("response")
    attachment = models.FileField(upload_to=response_upload_to, blank=True, max_length=200)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_content_type = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_response_per_organisation")
        ]
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.organisation} on {self.consultation}"

    def get_absolute_url(self):
        return reverse("consultations:response", args=[self.pk])


class Feedback(models.Model):
    """ "What you said, what we did": reviewed, then published before any decision
    (Wiltshire; West Cheshire s.2 (7), (10))."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="feedback")
    what_you_said = models.TextField("what you said", blank=True)
    what_we_did = models.TextField("what we did", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"Feedback: {self.consultation}"

    @property
    def is_ready(self) -> bool:
        return bool(self.what_you_said.strip() and self.what_we_did.strip() and self.reviewed_at)


class Decision(models.Model):
    """The decision after feedback, with its rationale, appeal route and formal notice.

    Formal notice after a decision to proceed: 3 months at least, 6 ideally, less only in
    exceptional circumstances (Wiltshire funding promise; West Cheshire s.1 Best Value,
    s.6 (3), (4), (7); Stafford funding code); 12 weeks for funding policy changes (West
    Cheshire s.1 public undertaking 1). `rules.notice_refusal` enforces it.
    """

    class Outcome(models.TextChoices):
        PROCEED = "proceed", "Proceed as proposed"
        PROCEED_WITH_CHANGES = "proceed_with_changes", "Proceed with changes"
        WITHDRAW = "withdraw", "Withdraw the proposal"

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=25, choices=Outcome.choices)
    rationale = models.TextField()
    appeal_route = models.TextField(blank=True)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    financial_information = models.TextField("financial information given to the organisations", blank=True)
    notice_starts_on = models.DateField(null=True, blank=True)
    notice_ends_on = models.DateField(null=True, blank=True)
    exceptional_reason = models.TextField("exceptional circumstances for shorter notice", blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.consultation}"

    @property
    def proceeds(self) -> bool:
        return self.outcome in (self.Outcome.PROCEED, self.Outcome.PROCEED_WITH_CHANGES)


class PlannedConsultation(models.Model):
    """An entry in a public body's forward plan of consultations, kept by its officers so that
    organisations can plan their responses (West Cheshire s.2; Stafford). A consultation
    launched without having been on the plan is flagged on its timeline (`compliance.py`)."""

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.PROTECT, related_name="planned_consultations")
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="planned_consultations",
        limit_choices_to={"sector": Sector.PUBLIC},
        verbose_name="public body",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Consultation.Kind.choices)
    summary = models.TextField("what it is about", blank=True)
    expected_month = models.DateField("expected to open", help_text="The first day of the month it is expected to open")
    consultation = models.ForeignKey(
        Consultation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_entries",
        help_text="The consultation, once launched",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["expected_month", "owner__name", "title"]
        indexes = [models.Index(fields=["compact", "expected_month"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.expected_month:
            self.expected_month = self.expected_month.replace(day=1)
        super().save(*args, **kwargs)

    def was_planned_before(self, moment) -> bool:
        """On the plan before the consultation was launched."""
        return moment is None or self.created_at < moment
