"""Organisations that sign the Compact, the people in them, and the roles they hold."""
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from . import validators


class WebsiteField(models.URLField):
    """A website address; one typed without a scheme is taken as https, the default Django 6
    makes its own (set here rather than with the transitional FORMS_URLFIELD_ASSUME_HTTPS)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with an email address; belongs to organisations through memberships."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "An email for each reminder"
        DIGEST = "digest", "One email a day with all my reminders"

    reminder_delivery = models.CharField("how reminders reach me", max_length=10, choices=Delivery.choices,
                                         default=Delivery.IMMEDIATE)
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False,
                                      help_text="Secret part of the private calendar address; reset to revoke it")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Sector(models.TextChoices):
    PUBLIC = "public", "Public sector"
    VCS = "vcs", "Voluntary and community sector"


class OrganisationType(models.TextChoices):
    COUNCIL = "council", "Council"
    PARISH = "parish", "Parish or town council"
    NHS = "nhs", "NHS body"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    PROBATION = "probation", "Probation"
    OTHER_PUBLIC = "other_public", "Other public body"
    CHARITY = "charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation"
    COMMUNITY_GROUP = "community_group", "Community group"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    FAITH_GROUP = "faith_group", "Faith group"
    BME_LED = "bme_led", "BME-led organisation"
    OTHER_VCS = "other_vcs", "Other voluntary or community organisation"


PUBLIC_TYPES = {
    OrganisationType.COUNCIL, OrganisationType.PARISH, OrganisationType.NHS,
    OrganisationType.POLICE, OrganisationType.FIRE, OrganisationType.PROBATION,
    OrganisationType.OTHER_PUBLIC,
}
VCS_TYPES = set(OrganisationType) - PUBLIC_TYPES


class IncomeBand(models.TextChoices):
    UNDER_10K = "under_10k", "Under £10,000"
    UNDER_100K = "10k_100k", "£10,000 to £100,000"
    UNDER_1M = "100k_1m", "£100,000 to £1 million"
    OVER_1M = "over_1m", "Over £1 million"


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations the public may see: approved or signed, never applied or declined."""
        return self.filter(status__in=[Organisation.Status.APPROVED, Organisation.Status.SIGNED])

    def signatories(self):
        return self.filter(status=Organisation.Status.SIGNED)


class Organisation(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        SIGNED = "signed", "Signed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    sector = models.CharField(max_length=10, choices=Sector.choices)
    type = models.CharField("type of organisation", max_length=30, choices=OrganisationType.choices)
    charity_number = models.CharField("registered charity number", max_length=12, blank=True,
                                      validators=[validators.validate_charity_number])
    company_number = models.CharField(max_length=8, blank=True, validators=[validators.validate_company_number])
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8, validators=[validators.validate_postcode])
    website = WebsiteField(blank=True)
    contact_email = models.EmailField()
    income_band = models.CharField(max_length=20, choices=IncomeBand.choices, blank=True)
    area_of_benefit = models.CharField(max_length=200, blank=True, help_text="Where the people you serve live, for example “North Wiltshire”")
    description = models.TextField("what the organisation does", blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decline_reason = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    champion = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="championed_organisations", verbose_name="Compact champion")
    champion_trained_on = models.DateField("Compact champion trained on", null=True, blank=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "sector"]), models.Index(fields=["charity_number"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("signatories:organisation", args=[self.slug])

    def save(self, *args, **kwargs):
        self.postcode = validators.normalise_postcode(self.postcode)
        self.charity_number = validators.normalise_identifier(self.charity_number)
        self.company_number = validators.normalise_identifier(self.company_number)
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    @property
    def is_public_sector(self):
        return self.sector == Sector.PUBLIC

    @property
    def is_visible_to_public(self):
        return self.status in (self.Status.APPROVED, self.Status.SIGNED)

    def latest_signature(self):
        return self.signatures.select_related("edition").order_by("-signed_on", "-id").first()


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Membership(models.Model):
    """A person's place in an organisation. Admins manage its details, signing and members."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Organisation admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class BoardMembership(models.Model):
    """A seat on a compact's board for one year (Wiltshire "Compact Board", West Cheshire
    "Compact Implementation Group", Stafford "Joint COMPACT Steering Group")."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        INDEPENDENT_CHAIR = "independent_chair", "Independent chair"

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="board_memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveIntegerField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["compact", "user", "year"], name="one_board_seat_a_year")]
        ordering = ["-year", "compact", "role"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.compact} board {self.year}"


class ResolutionGroupMembership(models.Model):
    """Membership of the resolution group, agreed annually (Stafford procedure), from which
    dispute panels are drawn."""

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="resolution_group")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resolution_group_memberships")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sector = models.CharField(max_length=10, choices=Sector.choices)
    year = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["compact", "user", "year"], name="one_resolution_seat_a_year")]
        ordering = ["-year", "sector"]

    def __str__(self):
        return f"{self.user} – resolution group {self.year} ({self.get_sector_display()})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """The board invites a council officer to join their public-sector organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    def get_absolute_url(self):
        return reverse("signatories:accept_invitation", args=[self.token])

    @property
    def is_usable(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


class ResolutionGroupInvitation(models.Model):
    """The board invites someone by email to the resolution group of a year; accepting (with a
    new account and password, or the one they have) gives them the seat."""

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="resolution_invitations")
    year = models.PositiveIntegerField()
    sector = models.CharField(max_length=10, choices=Sector.choices)
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to the {self.year} resolution group of {self.compact}"

    def get_absolute_url(self):
        return reverse("signatories:accept_resolution_invitation", args=[self.token])

    @property
    def is_usable(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


class Signature(models.Model):
    """An organisation's signature of one edition of a compact."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signatures")
    edition = models.ForeignKey("undertakings.Edition", on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signatory_name = models.CharField("name of the person signing", max_length=200)
    signatory_role = models.CharField("their role in the organisation", max_length=200)
    signed_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "edition"], name="one_signature_per_edition")]
        ordering = ["-signed_on"]

    def __str__(self):
        return f"{self.organisation} signed {self.edition} on {self.signed_on:%-d %B %Y}"


class Reminder(models.Model):
    """One reminder email to one person about one deadline at one lead time: the outbox row.
    Written in the same transaction as the sweep that decides it; the unique key makes a
    second sweep, a retry or a re-run a no-op."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=255, help_text="deadline | recipient | kind | lead time")  # unique: Meta
    deadline_key = models.CharField(max_length=200)
    kind = models.CharField(max_length=50)
    lead = models.CharField(max_length=10)
    due_on = models.DateField()
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    # The deadline's compact: whose board sees the reminder (indexed with the newest first below).
    # A label more than a link: no database constraint to check for each of a sweep's rows.
    compact = models.ForeignKey("undertakings.Compact", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", db_index=False, db_constraint=False)
    digest = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Newest first: rows are numbered as they are written, so the primary key's own index
        # serves the admin and the board's dashboard. A sweep writes a county's backlog in one
        # statement, which keeps every index below up to date row by row: keep them few.
        ordering = ["-id"]
        constraints = [
            # A constraint, not unique=True, which on PostgreSQL adds a second index for LIKE.
            models.UniqueConstraint(fields=["key"], name="reminder_key_unique"),
        ]
        indexes = [models.Index(fields=["status", "digest", "next_attempt_at"]),
                   models.Index(fields=["compact", "-id"], name="reminder_compact_latest"),
                   models.Index(fields=["kind"], name="reminder_kind")]  # the admin's filter

    def __str__(self):
        return f"{self.title} ({self.get_lead_display()}) to {self.recipient}"

    LEADS = {"14d": "14 days before", "3d": "3 days before", "due": "on the day", "overdue": "overdue"}

    def get_lead_display(self):
        return self.LEADS.get(self.lead, self.lead)


class OpenDeadline(models.Model):
    """One open deadline as the registry (compact_portal.deadlines) last gave it: a row of the
    deadline snapshot (signatories.snapshot). The board's dashboard, the reminder settings
    page and the calendar feeds read these rows: asking every provider on each request takes
    seconds once a county has 100,000 open deadlines."""

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=50)
    due_on = models.DateField()
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    compact = models.ForeignKey("undertakings.Compact", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisations = models.ManyToManyField(Organisation, related_name="+", blank=True)
    notify_board = models.BooleanField(default=False)
    fingerprint = models.CharField(max_length=32, help_text="Changes when anything above changes")

    class Meta:
        ordering = ["due_on", "title"]
        # The second serves a board member of some of a deployment's compacts (the dashboard).
        indexes = [models.Index(fields=["due_on", "title"]), models.Index(fields=["compact", "due_on", "title"])]

    def __str__(self):
        return self.title


class DeadlineSnapshot(models.Model):
    """When the deadline snapshot was last taken (one row)."""

    taken_on = models.DateField(help_text="The day the deadlines were worked out for")
    taken_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    count = models.PositiveIntegerField(default=0)
    # How many fall due on each day ({"2026-11-24": 12, ...}): the dashboard's counts of
    # overdue and coming deadlines without counting a hundred thousand rows on each view.
    by_day = models.JSONField(default=dict)
    # The same for each compact ({"3": {"2026-11-24": 4, ...}}): a board of some of the compacts.
    by_compact = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.count} open deadlines as of {self.taken_at:%Y-%m-%d %H:%M}"

    def count_due(self, after=None, until=None, compact_ids=None) -> int:
        """Deadlines due after `after` and on or before `until` (either may be open), of these
        compacts (None: every compact's, and those of no compact)."""
        low, high = after.isoformat() if after else "", until.isoformat() if until else "9999"
        days = ([self.by_day] if compact_ids is None
                else [self.by_compact.get(str(compact_id), {}) for compact_id in compact_ids])
        return sum(n for by_day in days for day, n in by_day.items() if low < day <= high)
