"""The board's yearly cycle (Wiltshire "Reviewing the operation of The Compact annually";
Stafford 7): signatories assess themselves against their undertakings, the board keeps an
action plan with milestones, and publishes an annual review, rendered to a versioned PDF.

Imported into `undertakings.models`; the rules that act on these records live in
`reviews.services`.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
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
    "SurveyScore",
    "Survey",
    "SurveyParticipation",
    "SurveyAnswer",
    "SurveyRating",
    "AnnualMeeting",
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


LOGO_MAX_BYTES = 1024 * 1024


def validate_logo_size(image):
    if image.size > LOGO_MAX_BYTES:
        raise ValidationError("The logo must be 1 MB or smaller. Save it as a smaller PNG or JPEG and upload it again.")


def logo_upload_to(review, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"annual-reviews/{review.compact.slug}/{review.year}/logo.{extension}"


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
    foreword = models.TextField(
        blank=True, help_text="Written by the chair of the board; printed after the cover with the chair's name"
    )
    logo = models.ImageField(
        upload_to=logo_upload_to,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text="Printed on the cover. A PNG or JPEG of 1 MB or less.",
    )
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


# The annual Compact survey ---------------------------------------------------------------


class SurveyScore(models.IntegerChoices):
    """How well the partnership works, in a signatory's view."""

    VERY_WELL = 5, "Very well"
    WELL = 4, "Well"
    NEITHER = 3, "Neither well nor poorly"
    POORLY = 2, "Poorly"
    VERY_POORLY = 1, "Very poorly"


class Survey(models.Model):
    """The board's yearly relationship survey of every signatory: how well the partnership
    works overall and under each promise or code of the adopted edition."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="surveys")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="surveys")
    year = models.PositiveIntegerField(help_text="The year the survey asks about, for example 2026")
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="Organisations that have not answered are reminded before this date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["compact", "-year"]
        constraints = [models.UniqueConstraint(fields=["compact", "year"], name="one_survey_a_year")]
        verbose_name = "Compact survey"

    def __str__(self):
        return f"{self.compact} survey {self.year}"

    def get_absolute_url(self):
        return reverse("reviews:survey_results", args=[self.compact.slug, self.year])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SurveyParticipation(models.Model):
    """That an organisation has answered, kept only so that it answers once. Its answer is a
    SurveyAnswer that names no organisation, person or time (see reviews.survey)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="survey_participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "organisation"], name="one_survey_answer_per_organisation")
        ]
        verbose_name = "organisation that answered"

    def __str__(self):
        return f"{self.organisation} answered the {self.survey.year} survey"


class SurveyAnswer(models.Model):
    """One organisation's answer, with nothing that leads back to it: a random key (no order of
    arrival), no organisation, no person and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    overall = models.PositiveSmallIntegerField("how well the partnership works overall", choices=SurveyScore.choices)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "survey answer"

    def __str__(self):
        return f"An answer to the {self.survey.year} survey"


class SurveyRating(models.Model):
    """How well the partnership works under one promise or code; blank for "don't know"."""

    answer = models.ForeignKey(SurveyAnswer, on_delete=models.CASCADE, related_name="ratings")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(choices=SurveyScore.choices, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "section"], name="one_survey_rating_per_section")]

    def __str__(self):
        return f"{self.section}: {self.get_score_display() or 'do not know'}"


class AnnualMeeting(models.Model):
    """The annual meeting of signatories where the year's review is presented (Stafford 7): its
    agenda, minutes and the actions agreed, printed in the review. The date is the review's
    `annual_meeting_on`."""

    review = models.OneToOneField(AnnualReview, on_delete=models.CASCADE, related_name="meeting")
    agenda = models.TextField(blank=True, help_text="One item a line")
    minutes = models.TextField(blank=True)
    actions = models.TextField("actions agreed", blank=True, help_text="One action a line, with who will do it")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "annual meeting"

    def __str__(self):
        return f"Annual meeting: {self.review}"

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]

    @property
    def agenda_items(self) -> list[str]:
        return self._lines(self.agenda)

    @property
    def action_items(self) -> list[str]:
        return self._lines(self.actions)
