"""The board's yearly cycle (Wiltshire "Reviewing the operation of The Compact annually";
Stafford 7): signatories assess themselves against their undertakings, the board keeps an
action plan with milestones, and publishes an annual review, rendered to a versioned PDF.

Imported into `undertakings.models`; the rules that act on these records live in
`reviews.services`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from undertakings.models import Compact, Edition, Section, Undertaking

__all__ = [
    "Rating",
    "AssessmentRound",
    "Assessment",
    "AssessmentResponse",
    "Action",
    "Milestone",
    "AnnualReview",
    "ReviewCommentary",
    "ReviewRendering",
]


class Rating(models.TextChoices):
    """How well an organisation kept an undertaking, in its own judgement."""

    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class AssessmentRound(models.Model):
    """The board opens a year's self-assessment against one edition of the Compact."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="assessment_rounds")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="assessment_rounds")
    year = models.PositiveIntegerField(help_text="The year signatories assess, for example 2026")
    opens_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "-year"]
        constraints = [models.UniqueConstraint(fields=["compact", "year"], name="one_assessment_round_a_year")]
        verbose_name = "self-assessment round"

    def __str__(self):
        return f"{self.compact} self-assessment {self.year}"

    def get_absolute_url(self):
        return reverse("reviews:assessment_round", args=[self.compact.slug, self.year])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Assessment(models.Model):
    """One signatory's self-assessment in a round: a draft it can come back to, then submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessments")
    organisation = models.ForeignKey("signatories.Organisation", on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_chased_at = models.DateTimeField(null=True, blank=True)
    times_chased = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="one_assessment_per_round")]
        indexes = [models.Index(fields=["round", "status"], name="undertaking_round_i_a98bf2_idx")]
        verbose_name = "self-assessment"

    def __str__(self):
        return f"{self.organisation} – self-assessment {self.round.year}"

    def get_absolute_url(self):
        return reverse("reviews:assessment", args=[self.organisation.slug, self.round.year])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class AssessmentResponse(models.Model):
    """An organisation's rating of one undertaking its party gives. A blank rating is a
    question not answered yet (a draft may have evidence typed and no rating chosen)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    undertaking = models.ForeignKey(Undertaking, on_delete=models.PROTECT, related_name="assessment_responses")
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    comments = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "undertaking__section__position", "undertaking__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "undertaking"], name="one_response_per_undertaking")
        ]
        verbose_name = "self-assessment answer"

    def __str__(self):
        return f"{self.assessment.organisation}: {self.get_rating_display() or 'not answered'}"


class Action(models.Model):
    """An action in the board's action plan. Until it is done it is carried into each new year
    (see `reviews.selectors.actions_for_year`)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        "signatories.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compact_actions",
        verbose_name="owner organisation",
    )
    year_agreed = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True, help_text="Filled in with today's date when marked done")
    notes = models.TextField(blank=True, help_text="For the board; not published")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "year_agreed", "title"]
        verbose_name = "action plan action"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # An action is done on a day: that day decides which years it is still carried into.
        if self.status == self.Status.DONE and self.done_on is None:
            self.done_on = timezone.localdate()
        elif self.status != self.Status.DONE:
            self.done_on = None
        super().save(*args, **kwargs)


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["action", "due_on", "id"]

    def __str__(self):
        return self.title

    def met_on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_on


class AnnualReview(models.Model):
    """The board's annual review of a year: its own words on how the Compact and each promise
    operated and the difference it made; the rest of the report is assembled from the record.
    Published once; the public page shows the report as it stood when published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="annual_reviews")
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveIntegerField()
    operation = models.TextField("how the Compact operated", blank=True)
    difference_made = models.TextField("the difference the Compact made", blank=True)
    annual_meeting_on = models.DateField("annual meeting of signatories", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_html = models.TextField(
        blank=True, editable=False, help_text="The report as published, shown on the public page"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "published_html"])

    class Meta:
        ordering = ["compact", "-year"]
        constraints = [models.UniqueConstraint(fields=["compact", "year"], name="one_annual_review_a_year")]

    def __str__(self):
        return f"{self.compact} annual review {self.year}"

    def get_absolute_url(self):
        """The public page; only published reviews have one."""
        return reverse("reviews:annual_review", args=[self.compact.slug, self.year])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def title(self) -> str:
        return f"{self.compact.name}: annual review {self.year}"


class ReviewCommentary(models.Model):
    """The board's words on how one promise or code of practice operated in the year."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="commentaries")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "section__position"]
        constraints = [models.UniqueConstraint(fields=["review", "section"], name="one_commentary_per_section")]
        verbose_name_plural = "review commentaries"

    def __str__(self):
        return f"{self.review}: {self.section}"


def rendering_upload_to(rendering, filename):
    review = rendering.review
    return f"annual-reviews/{review.compact.slug}/{review.year}/annual-review-{review.year}-v{rendering.version}.pdf"


class ReviewRendering(models.Model):
    """One PDF of an annual review. Each build is a new version; older ones are kept. Stored
    under MEDIA_ROOT and served only through views that check who may have it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RENDERING = "rendering", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="renderings")
    version = models.PositiveIntegerField()
    draft = models.BooleanField(default=True, help_text="Rendered before publication, with the DRAFT watermark")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent")
    pdf = models.FileField(upload_to=rendering_upload_to, blank=True, max_length=300)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "-version"]
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="one_rendering_per_version")]
        verbose_name = "annual review PDF"

    def __str__(self):
        return f"{self.review}, version {self.version}"

    def get_absolute_url(self):
        return reverse("reviews:rendering_status", args=[self.review.compact.slug, self.review.year, self.version])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def status_sentence(self) -> str:
        """What the status page says, and its live region announces, about the build."""
        if self.status == self.Status.DONE:
            return f"The PDF is ready: {self.page_count} page{'s' if self.page_count != 1 else ''}."
        if self.status == self.Status.FAILED:
            return "The PDF could not be built."
        return f"{self.get_status_display()}: {self.progress}% done."

    @property
    def filename(self) -> str:
        suffix = "-draft" if self.draft else ""
        return f"{self.review.compact.slug}-annual-review-{self.review.year}-v{self.version}{suffix}.pdf"
