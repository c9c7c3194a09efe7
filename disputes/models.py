"""Breach concerns (cases) and the staged procedure that carries them to an outcome.

The procedure is the Stafford Conflict Resolution Procedure as DOMAIN.md ("Disputes") sets it
out, with Wiltshire's mediation undertaking and West Cheshire's Resolution Process: informal,
stage 1 (formal written concern), stage 2 (referral to the board, a panel from the resolution
group, a hearing), stage 3 (signposting to national advocacy or mediation).

Confidentiality: the details of a case are for the parties and its panel only, or for the
compact's whole resolution group where its procedure says so (Stafford procedure, monitoring:
case details stay confidential to the group; undertakings.procedure, disputes.permissions).
Fields and models that hold details are marked CONFIDENTIAL below. `Case.BOARD_FIELDS` lists
everything the board may see; the admin, the board's pages, the CSV export and the audit
history are built from that list alone, and the audit history (django-simple-history) does
not record the confidential fields at all.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from compact_portal import workdays
from signatories.models import Sector
from undertakings.models import Compact
from undertakings.procedure import ProcedureRules, procedure_for


class Stage(models.TextChoices):
    INFORMAL = "informal", "Informal stage"
    STAGE_1 = "stage_1", "Stage 1: formal concern"
    STAGE_2 = "stage_2", "Stage 2: resolution panel"
    STAGE_3 = "stage_3", "Stage 3: further help"
    CLOSED = "closed", "Closed"


OPEN_STAGES = (Stage.INFORMAL, Stage.STAGE_1, Stage.STAGE_2, Stage.STAGE_3)


class Outcome(models.TextChoices):
    RESOLVED_BY_AGREEMENT = "resolved_by_agreement", "Resolved by agreement"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REFERRED_ON = "referred_on", "Referred on to national advocacy or mediation"
    NOT_COMPACT_MATTER = "not_compact_matter", "Not a Compact matter"
    # What the panel decides depends on the compact's procedure (undertakings.procedure): a
    # finding that it is a Compact matter with actions agreed (Stafford), or upheld or not.
    ACTIONS_AGREED = "actions_agreed", "A Compact matter: actions agreed"
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"


def rules_for(compact):
    """The compact's timeline rules, using the row `select_related` already fetched if any."""
    try:
        return compact.timeline_rules
    except ObjectDoesNotExist:
        return compact.rules


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage=Stage.CLOSED)

    def with_details_for(self, user):
        """Cases whose details this person may read: their organisation is a party, they sit
        on the panel, or the compact keeps details to its whole resolution group and they sit
        on it this year. Mirrors permissions.can_see_case_details for lists."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        whole_group = Compact.objects.filter(
            procedure_rules__details_readers=ProcedureRules.DetailsReaders.RESOLUTION_GROUP,
            resolution_group__user=user,
            resolution_group__year=workdays.today().year,
        )
        return self.filter(
            Q(complainant__memberships__user=user)
            | Q(respondent__memberships__user=user)
            | Q(panel__members__user=user)
            | Q(compact__in=whole_group)
        ).distinct()


class Case(models.Model):
    """A breach concern one signatory raises about another."""

    CONFIDENTIAL_TO_PARTIES = True  # compact_portal.admin_access: never named outside the case

    # What the board may see of a case, and nothing else: the case number, its stage, its dates
    # and deadlines, the action being taken and the outcome written for the annual report.
    # The parties' names are details too: they identify the case.
    BOARD_FIELDS = (
        "id",
        "compact",
        "stage",
        "filed_at",
        "referral_received_on",
        "outcome",
        "outcome_summary",
        "closed_at",
    )
    CONFIDENTIAL_FIELDS = ("what_happened", "what_has_been_tried", "outcome_hoped_for")

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.PROTECT, related_name="cases")
    complainant = models.ForeignKey(
        "signatories.Organisation",
        on_delete=models.PROTECT,
        related_name="cases_raised",
        verbose_name="organisation raising the concern",
    )
    respondent = models.ForeignKey(
        "signatories.Organisation",
        on_delete=models.PROTECT,
        related_name="cases_received",
        verbose_name="organisation the concern is about",
    )
    undertakings = models.ManyToManyField(
        "undertakings.Undertaking", related_name="cases", verbose_name="undertakings believed breached"
    )
    # CONFIDENTIAL: the parties' own account.
    what_happened = models.TextField()
    what_has_been_tried = models.TextField()
    outcome_hoped_for = models.TextField()

    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.INFORMAL)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    # Copied from the referral letter so that the board's pages and the deadlines never read
    # the (confidential) letter itself.
    referral_received_on = models.DateField("referral received by the board on", null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField("summary for the annual report", blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Audit trail without the details: who filed, who the parties are and what they wrote are
    # not recorded, so the history can be shown to the board.
    history = HistoricalRecords(
        excluded_fields=["complainant", "respondent", "filed_by", "closed_by", *CONFIDENTIAL_FIELDS]
    )
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["referral_received_on"])]

    def __str__(self):
        return f"Case {self.pk}" if self.pk else "New case"

    @property
    def number(self):
        return self.pk

    def get_absolute_url(self):
        return reverse("disputes:case", args=[self.pk])

    @property
    def is_open(self):
        return self.stage != Stage.CLOSED

    @property
    def parties(self):
        return (self.complainant, self.respondent)

    @property
    def procedure(self) -> ProcedureRules:
        return procedure_for(self.compact)

    @property
    def stage_name(self) -> str:
        """The stage as the compact names it ("Panel", "Stage 2: resolution panel")."""
        return self.procedure.stage_name(self.stage)

    # Deadlines: the one home for each. Calendar days and weeks, as the procedure counts them;
    # bank holidays do not move them.
    @property
    def panel_convene_by(self) -> date | None:
        """Stafford procedure stage 2: the board convenes a panel within 2 weeks of receipt."""
        if self.referral_received_on is None:
            return None
        return self.referral_received_on + timedelta(days=rules_for(self.compact).panel_convene_days)

    @property
    def hearing_by(self) -> date | None:
        """Stafford procedure stage 2: a hearing no later than 8 weeks from receipt."""
        if self.referral_received_on is None:
            return None
        return workdays.add_weeks(self.referral_received_on, rules_for(self.compact).hearing_weeks)

    def panel_or_none(self):
        try:
            return self.panel
        except ObjectDoesNotExist:
            return None


class StageMove(models.Model):
    """A step in a case's life: filing, each move on, and closing. Who, when and why."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=Stage.choices)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()  # CONFIDENTIAL

    class Meta:
        ordering = ["moved_at", "id"]

    def __str__(self):
        return f"{self.case}: {self.from_stage or 'filed'} to {self.to_stage}"

    @property
    def from_stage_name(self) -> str:
        return self.case.procedure.stage_name(self.from_stage) if self.from_stage else ""

    @property
    def to_stage_name(self) -> str:
        return self.case.procedure.stage_name(self.to_stage)


class OutcomeAcceptance(models.Model):
    """Whether a party accepts what a stage has produced. The case may move on only when at
    least one party does not (Stafford procedure: a case goes to the next stage only when
    the current one has not produced an outcome both parties agree)."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acceptances")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    organisation = models.ForeignKey("signatories.Organisation", on_delete=models.CASCADE, related_name="+")
    accepts = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "stage", "organisation"], name="one_acceptance_per_party_and_stage")
        ]

    def __str__(self):
        return f"{self.case}: answer on the outcome of {self.get_stage_display().lower()}"


class FormalConcern(models.Model):
    """Stage 1: the formal written concern to the other organisation, naming the undertakings
    (the case's undertakings). CONFIDENTIAL."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="formal_concern")
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Formal concern in {self.case}"


class RespondentResponse(models.Model):
    """Stage 1: the respondent's response under its own complaints procedure. CONFIDENTIAL."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="respondent_response")
    text = models.TextField()
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Response in {self.case}"


class ReferralLetter(models.Model):
    """Stage 2: either party writes to the board asking for referral. The letter names the
    organisations (the case's parties), the undertakings, the nature of the difference and what
    has been tried. CONFIDENTIAL: the board sees only that it was received, and when."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral_letter")
    referred_by_organisation = models.ForeignKey("signatories.Organisation", on_delete=models.PROTECT, related_name="+")
    undertakings = models.ManyToManyField("undertakings.Undertaking", related_name="+")
    nature_of_difference = models.TextField()
    what_has_been_tried = models.TextField()
    received_on = models.DateField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Referral letter in {self.case}"


class Panel(models.Model):
    """Stage 2: the panel the board convenes from that year's resolution group."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="panel")
    convened_on = models.DateField()
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concerns_compact_undertakings = models.BooleanField(null=True)
    compact_matter_reasons = models.TextField(blank=True)  # CONFIDENTIAL
    decided_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"Panel for {self.case}"

    def hearing(self):
        return next((m for m in self.meetings.all() if m.kind == Meeting.Kind.HEARING), None)


class PanelMember(models.Model):
    CONFIDENTIAL_TO_PARTIES = True
    # Stafford procedure stage 2: members from each of the two sectors, public and voluntary.
    SECTORS = [(Sector.PUBLIC.value, Sector.PUBLIC.label), (Sector.VCS.value, Sector.VCS.label)]
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats")
    sector = models.CharField(max_length=10, choices=SECTORS)
    seat = models.ForeignKey(
        "signatories.ResolutionGroupMembership", null=True, on_delete=models.SET_NULL, related_name="panel_seats"
    )

    class Meta:
        ordering = ["sector", "user__full_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="one_seat_per_panel")]

    def __str__(self):
        return f"{self.user} ({self.get_sector_display()})"


class ConflictDeclaration(models.Model):
    """A resolution group member says they are connected with a case, so cannot sit on its
    panel (Stafford procedure stage 2: no one connected with the dispute sits on the panel).
    The reason is kept for the record and shown to no one else."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_declaration_per_case")]

    def __str__(self):
        return f"Conflict of interest in {self.case}"


class Meeting(models.Model):
    """The hearing, and any further meetings the panel arranges. Notes are CONFIDENTIAL."""

    CONFIDENTIAL_TO_PARTIES = True

    class Kind(models.TextChoices):
        HEARING = "hearing", "Hearing"
        FURTHER = "further", "Further meeting"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    scheduled_on = models.DateField("date")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scheduled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel"], condition=Q(kind="hearing"), name="one_hearing_per_panel")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {workdays.format_date(self.scheduled_on)}"

    def has_taken_place(self, today: date | None = None) -> bool:
        return self.scheduled_on <= (today or workdays.today())


class Representative(models.Model):
    """Someone a party brings to the hearing: up to the compact's number per party, one of whom
    may come from a supporting organisation (Stafford procedure stage 2). CONFIDENTIAL."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="representatives")
    organisation = models.ForeignKey("signatories.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    from_supporting_organisation = models.BooleanField(default=False)
    supporting_organisation = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "added_at", "id"]

    def __str__(self):
        return f"Representative in {self.case}"


class Signposting(models.Model):
    """Stage 3: where the panel points the parties for further help. CONFIDENTIAL."""

    CONFIDENTIAL_TO_PARTIES = True

    class Resource(models.TextChoices):
        ADVOCACY = "advocacy", "National Compact advocacy"
        MEDIATION = "mediation", "National Compact mediation"
        OTHER = "other", "Other help"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="signposts")
    resource = models.CharField(max_length=10, choices=Resource.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"Signposting in {self.case}"


def attachment_path(instance, filename):
    """A random name under the case's folder: the uploader's file name is never used on disk."""
    suffix = instance.stored_extension if instance.stored_extension.isalnum() else ""
    return f"disputes/{instance.case_id}/{uuid.uuid4().hex}{'.' + suffix if suffix else ''}"


class Attachment(models.Model):
    """A document filed with a case. Stored under MEDIA_ROOT, served only through a view that
    checks permissions. CONFIDENTIAL, including its name."""

    CONFIDENTIAL_TO_PARTIES = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    stored_extension = models.CharField(max_length=10, blank=True)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"Attachment {self.pk} to {self.case}"


class InternalDifferenceNotice(models.Model):
    """A signatory tells the board of a Compact difference it resolved internally, so the board
    can monitor and report it (Stafford procedure, monitoring: differences are notified even
    when settled by the organisation's own procedures). Written for the board: not a case, not confidential from it."""

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="difference_notices")
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="difference_notices"
    )
    undertakings = models.ManyToManyField("undertakings.Undertaking", blank=True, related_name="+")
    summary = models.TextField("what the difference was and how it was resolved")
    resolved_on = models.DateField()
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-notified_at"]
        verbose_name = "notice of a difference resolved internally"
        verbose_name_plural = "notices of differences resolved internally"

    def __str__(self):
        return f"{self.organisation}: difference resolved {workdays.format_date(self.resolved_on)}"
