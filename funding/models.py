"""Grant rounds and their applications, and ending a funding agreement for performance.

A round's lifecycle lives in `lifecycle.py`, its lead-in rule in `rules.py`, and the steps
before funding may be ended for performance in `ending.py`. The funding agreement an award
becomes is `consultations.FundingAgreement`: consultations on reducing funding name the
agreements they affect, so the agreement stays in the app beneath this one.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from compact_portal import workdays
from consultations.models import FundingAgreement
from signatories.models import Organisation, Sector


class GrantRound(models.Model):
    """A call for grant applications by a public body (Stafford funding code; West Cheshire
    section 1): clear eligibility and criteria, a lead-in of up to the compact's
    `grant_lead_in_weeks` before applications close, decisions with reasons, recipients
    published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for applications"
        CLOSED = "closed", "Closed: being assessed"
        DECIDED = "decided", "Decisions announced"

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.PROTECT, related_name="grant_rounds")
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grant_rounds",
        limit_choices_to={"sector": Sector.PUBLIC},
        verbose_name="public body",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField("what the round funds", blank=True)
    eligibility = models.TextField("who may apply", blank=True)
    criteria = models.TextField("how applications are assessed", blank=True)
    amount_available = models.DecimalField(
        "amount available (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    short_lead_in_reason = models.TextField("reason for a shorter lead-in", blank=True)
    grants_start_on = models.DateField("grants start on", null=True, blank=True)
    grants_end_on = models.DateField("grants end on", null=True, blank=True)
    payment_timing = models.CharField(
        max_length=10, choices=FundingAgreement.PaymentTiming.choices, default=FundingAgreement.PaymentTiming.ADVANCE
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-closes_on", "title"]
        indexes = [models.Index(fields=["compact", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:round", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    def accepts_applications(self, today=None) -> bool:
        today = today or workdays.today()
        return (
            self.status == self.Status.OPEN and self.opens_on is not None and self.opens_on <= today <= self.closes_on
        )

    def clean(self):
        errors = {}
        if self.funder_id and self.funder.sector != Sector.PUBLIC:
            errors["funder"] = "Grant rounds are run by public-sector signatories."
        if self.amount_available is not None and self.amount_available <= 0:
            errors["amount_available"] = "Enter an amount greater than £0."
        if self.opens_on and self.closes_on and self.closes_on <= self.opens_on:
            errors["closes_on"] = "Enter a closing date after the opening date."
        if self.grants_start_on and self.grants_end_on and self.grants_end_on <= self.grants_start_on:
            errors["grants_end_on"] = "Enter an end date after the date the grants start."
        if errors:
            raise ValidationError(errors)


def application_upload_to(application, filename):
    """A random name under the round's folder, with the extension the content proved."""
    extension = Path(filename).suffix.lower()
    return f"funding/{application.grant_round_id}/{uuid.uuid4().hex}{extension}"


class GrantApplication(models.Model):
    """A signed VCS organisation's application to a round, its assessment against the round's
    criteria and the decision with its reasons. Seen by the organisation, the funder's officers
    and the board; an award is published once the round's decisions are announced."""

    class Outcome(models.TextChoices):
        UNDECIDED = "", "Not decided"
        AWARDED = "awarded", "Awarded"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"

    grant_round = models.ForeignKey(GrantRound, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grant_applications")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    project_title = models.CharField(max_length=200)
    project_summary = models.TextField("what the money would do")
    amount_requested = models.DecimalField("amount requested (£)", max_digits=12, decimal_places=2)
    attachment = models.FileField(upload_to=application_upload_to, blank=True, max_length=200)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_content_type = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    assessment = models.TextField("assessment against the criteria", blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.UNDECIDED, blank=True)
    reasons = models.TextField("reasons for the decision", blank=True)
    amount_awarded = models.DecimalField("amount awarded (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    agreement = models.OneToOneField(
        FundingAgreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="grant_application"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["grant_round", "organisation"], name="one_application_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation} to {self.grant_round}"

    def get_absolute_url(self):
        return reverse("funding:application", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return bool(self.outcome and self.reasons.strip())

    @property
    def is_award(self) -> bool:
        return self.outcome == self.Outcome.AWARDED

    @property
    def outcome_announced(self) -> bool:
        return self.grant_round.status == GrantRound.Status.DECIDED


class ImprovementPlan(models.Model):
    """A performance concern about a funding agreement and the improvement plan agreed with the
    recipient, with its timetable. Funding may be ended for performance only after the plan
    has run its course (West Cheshire 6 (1); Stafford "Concluding funding")."""

    class Outcome(models.TextChoices):
        OPEN = "", "Running"
        MET = "met", "Improvement made"
        NOT_MET = "not_met", "Improvement not made"

    agreement = models.ForeignKey(FundingAgreement, on_delete=models.CASCADE, related_name="improvement_plans")
    concern = models.TextField("the performance concern")
    actions = models.TextField("what the organisation will do, and the support offered")
    agreed_with = models.CharField("agreed with (name and role)", max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN, blank=True)
    outcome_notes = models.TextField("what happened", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"Improvement plan: {self.agreement}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "Enter an end date for the timetable after its start."})


class EndingNotice(models.Model):
    """Notice that a funding agreement ends early for performance, with reasons, the compact's
    notice period and the winding-down costs considered (West Cheshire 6 (1), 6 (3); Stafford
    "Concluding funding")."""

    agreement = models.OneToOneField(FundingAgreement, on_delete=models.CASCADE, related_name="ending_notice")
    improvement_plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    winding_down_costs = models.TextField("winding-down costs considered")
    notice_starts_on = models.DateField()
    notice_ends_on = models.DateField()
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    def __str__(self):
        return f"Notice: {self.agreement}"
