"""Organisations that sign the Compact, the people in them, and the roles they hold."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from compact_portal import workdays

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

    reminder_delivery = models.CharField(
        "how reminders reach me", max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    calendar_token = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Secret part of the private calendar address; reset to revoke it",
    )

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
    # Herefordshire's signatories include a chamber of commerce; Stafford's scope covers other
    # partners. A compact says whether it admits them (undertakings.Compact.admitted_sectors).
    PARTNER = "partner", "Business and other partners"


class OrganisationType(models.TextChoices):
    COUNCIL = "council", "Council"
    PARISH = "parish", "Parish or town council"
    NHS = "nhs", "NHS body"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    PROBATION = "probation", "Probation"
    OTHER_PUBLIC = "other_public", "Other public body"
    CHARITY = "charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    CHARITABLE_COMPANY = "charitable_company", "Charitable company limited by guarantee"
    CIC = "cic", "Community interest company (CIC)"
    COMMUNITY_GROUP = "community_group", "Community group"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    FAITH_GROUP = "faith_group", "Faith group"
    BME_LED = "bme_led", "BME-led organisation"
    OTHER_VCS = "other_vcs", "Other voluntary or community organisation"
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", "Chamber of commerce or business association"
    BUSINESS = "business", "Business"
    HOUSING_ASSOCIATION = "housing_association", "Housing association"
    OTHER_PARTNER = "other_partner", "Other partner organisation"


PUBLIC_TYPES = {
    OrganisationType.COUNCIL,
    OrganisationType.PARISH,
    OrganisationType.NHS,
    OrganisationType.POLICE,
    OrganisationType.FIRE,
    OrganisationType.PROBATION,
    OrganisationType.OTHER_PUBLIC,
}
PARTNER_TYPES = {
    OrganisationType.CHAMBER_OF_COMMERCE,
    OrganisationType.BUSINESS,
    OrganisationType.HOUSING_ASSOCIATION,
    OrganisationType.OTHER_PARTNER,
}
VCS_TYPES = set(OrganisationType) - PUBLIC_TYPES - PARTNER_TYPES
TYPES_BY_SECTOR = {Sector.PUBLIC: PUBLIC_TYPES, Sector.VCS: VCS_TYPES, Sector.PARTNER: PARTNER_TYPES}
# Sectors whose organisations register themselves; public bodies are invited by the board.
SELF_REGISTERING = (Sector.VCS, Sector.PARTNER)


def sector_of_type(kind: str) -> str:
    """The sector an organisation of this type belongs to."""
    return next((sector for sector, kinds in TYPES_BY_SECTOR.items() if kind in kinds), Sector.VCS)


def type_choices(sectors) -> list[tuple[str, str]]:
    """The types of organisation in these sectors, in the order OrganisationType lists them."""
    kinds = set().union(*(TYPES_BY_SECTOR[sector] for sector in sectors)) if sectors else set()
    return [(value, label) for value, label in OrganisationType.choices if value in kinds]


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
    charity_number = models.CharField(
        "registered charity number", max_length=12, blank=True, validators=[validators.validate_charity_number]
    )
    company_number = models.CharField(max_length=8, blank=True, validators=[validators.validate_company_number])
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8, validators=[validators.validate_postcode])
    website = WebsiteField(blank=True)
    contact_email = models.EmailField()
    income_band = models.CharField(max_length=20, choices=IncomeBand.choices, blank=True)
    area_of_benefit = models.CharField(max_length=200, blank=True, help_text="Where the people you serve live")
    description = models.TextField("what the organisation does", blank=True)
    # Stafford's BME code and West Cheshire section 4: the annual review reports the share of
    # funding reaching organisations led by and for these communities.
    led_by_bme_communities = models.BooleanField(
        "led by and for Black and minority ethnic communities", default=False, db_default=False
    )
    led_by_disabled_people = models.BooleanField("led by and for disabled people", default=False, db_default=False)
    led_by_other_equality_group = models.BooleanField(
        "led by and for another equality group",
        default=False,
        db_default=False,
        help_text="For example women, LGBT+ people or older people",
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    EQUALITY_LED = (
        ("led_by_bme_communities", "Led by and for Black and minority ethnic communities"),
        ("led_by_disabled_people", "Led by and for disabled people"),
        ("led_by_other_equality_group", "Led by and for another equality group"),
    )

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
    "Compact Implementation Group", Stafford "Joint COMPACT Steering Group"), as the compact
    constitutes it: two chairs, one per sector, or an independent chair with joint vice-chairs
    (one per sector); the sector the seat represents; and the term of office it is held for."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"

    CHAIRS = (Role.CHAIR, Role.CO_CHAIR, Role.INDEPENDENT_CHAIR)

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="board_memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_memberships")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveIntegerField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    sector = models.CharField(
        "sector the seat represents",
        max_length=10,
        choices=Sector.choices,
        blank=True,
        help_text="Leave blank for an independent seat, such as an independent chair",
    )
    term_starts_on = models.DateField("term of office starts", null=True, blank=True)
    term_ends_on = models.DateField(
        "term of office ends",
        null=True,
        blank=True,
        help_text="The board and the seat holder are reminded before it ends",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["compact", "user", "year"], name="one_board_seat_a_year")]
        ordering = ["-year", "compact", "role"]

    def __str__(self):
        return f"{self.user} – {self.role_in_words}, {self.compact} board {self.year}"

    @property
    def role_in_words(self) -> str:
        """ "Vice-chair (Voluntary and community sector)": the role and, if any, its sector."""
        role = self.get_role_display()
        return f"{role} ({self.get_sector_display()})" if self.sector else role

    def clean(self):
        if self.term_starts_on and self.term_ends_on and self.term_ends_on <= self.term_starts_on:
            raise ValidationError({"term_ends_on": "The term of office must end after it starts"})
        if self.role == self.Role.INDEPENDENT_CHAIR and self.sector:
            raise ValidationError({"sector": "An independent chair represents no sector: leave the sector blank"})


class BoardSelfReview(models.Model):
    """The board's yearly review of its own performance (Wiltshire: the board reviews how it
    works each year), recorded in the admin and reported in the annual review."""

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="board_self_reviews")
    year = models.PositiveIntegerField(help_text="The year whose work the board reviewed")
    held_on = models.DateField("date held")
    went_well = models.TextField("what went well")
    to_improve = models.TextField("what to improve")
    actions = models.TextField("actions agreed", blank=True, help_text="One a line, with who does it and by when")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "board self-review"
        ordering = ["-year", "-held_on", "-id"]
        indexes = [models.Index(fields=["compact", "year"], name="board_self_review_year")]

    def __str__(self):
        return f"{self.compact} board's self-review of {self.year}"

    @property
    def action_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.actions.splitlines() if line.strip(" -•\t")]


class Champion(models.Model):
    """A Compact champion (Wiltshire: "Appoint and train a Compact champion in each
    organisation"; Wiltshire and Stafford expect champions within the departments of the large
    bodies): several an organisation, each for a department or service, with training records."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="champions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="champion_roles", verbose_name="person"
    )
    department = models.CharField(
        "department or service", max_length=200, blank=True, help_text="For example “Adult social care”"
    )
    telephone = models.CharField("contact telephone", max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Compact champion"
        ordering = ["organisation", "department", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "department"], name="one_champion_a_department_each"
            )
        ]

    def __str__(self):
        where = f", {self.department}" if self.department else ""
        return f"{self.user} (Compact champion{where}, {self.organisation})"

    def last_trained_on(self) -> date | None:
        """The date of the latest training (from prefetched `trainings` when there are)."""
        dates = [training.trained_on for training in self.trainings.all()]
        return max(dates) if dates else None


class ChampionTraining(models.Model):
    """One Compact training a champion took. Training lapses after the compact's rule
    (signatories.champions.training_months)."""

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="trainings")
    trained_on = models.DateField("date trained")
    course = models.CharField(max_length=200, blank=True, help_text="For example “Compact essentials”")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Compact champion training"
        ordering = ["-trained_on", "-id"]
        indexes = [models.Index(fields=["champion", "trained_on"], name="champion_training_latest")]

    def __str__(self):
        course = f"{self.course}, " if self.course else ""
        return f"{course}{self.trained_on:%-d %B %Y}"


class ResolutionGroupMembership(models.Model):
    """Membership of the resolution group, agreed annually (Stafford procedure), from which
    dispute panels are drawn."""

    compact = models.ForeignKey("undertakings.Compact", on_delete=models.CASCADE, related_name="resolution_group")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resolution_group_memberships"
    )
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
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_count = models.PositiveSmallIntegerField("times sent", default=1)

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        CANCELLED = "cancelled", "Cancelled"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to the {self.year} resolution group of {self.compact}"

    def get_absolute_url(self):
        return reverse("signatories:accept_resolution_invitation", args=[self.token])

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        if self.cancelled_at is not None:
            return self.Status.CANCELLED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.WAITING

    @property
    def is_usable(self):
        return self.status == self.Status.WAITING


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
    compact = models.ForeignKey(
        "undertakings.Compact",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
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
        indexes = [
            models.Index(fields=["status", "digest", "next_attempt_at"]),
            models.Index(fields=["compact", "-id"], name="reminder_compact_latest"),
            models.Index(fields=["kind"], name="reminder_kind"),
        ]  # the admin's filter

    def __str__(self):
        return f"{self.title} ({self.get_lead_display()}) to {self.recipient}"

    LEADS = {"14d": "14 days before", "3d": "3 days before", "due": "on the day", "overdue": "overdue"}

    def get_lead_display(self):
        return self.LEADS.get(self.lead, self.lead)


class OpenDeadline(models.Model):
    """One deadline as its provider (compact_portal.deadlines) gives it, kept current by every
    write to the record that makes it (signatories.open_deadlines). The board's dashboard, the
    reminder settings page, the calendar feeds and the reminder sweep read these rows; each
    reads those open on its day (shows_from to shows_until)."""

    # Reminder stages (reminded): the latest lead time whose reminders have been written.
    STAGES = {"": 0, "14d": 1, "3d": 2, "due": 3, "overdue": 4}
    DONE = 4  # nothing more to remind: overdue reminded, or no longer shown

    key = models.CharField(max_length=255, unique=True)
    source = models.CharField(max_length=100, default="", help_text="The record it comes from, e.g. consultation:12")
    kind = models.CharField(max_length=50)
    due_on = models.DateField()
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    compact = models.ForeignKey(
        "undertakings.Compact", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisations = models.ManyToManyField(Organisation, related_name="+", blank=True)
    notify_board = models.BooleanField(default=False)
    shows_from = models.DateField(default=date.min)
    shows_until = models.DateField(default=date.max)
    late_kind = models.CharField(max_length=50, blank=True, help_text="Its kind once overdue, if that changes")
    late_title = models.CharField(max_length=300, blank=True)
    reminded = models.PositiveSmallIntegerField(default=0, help_text="The reminder stage reached (STAGES)")
    fingerprint = models.CharField(max_length=32, help_text="Changes when anything above changes")

    class Meta:
        ordering = ["due_on", "title"]
        indexes = [
            models.Index(fields=["source"], name="open_deadline_source"),
            # The dashboard: a compact's lists soonest first, and their counts off the index alone.
            models.Index(
                fields=["compact", "due_on", "title"],
                include=["shows_from", "shows_until"],
                name="open_deadline_compact_due",
            ),
            models.Index(fields=["due_on", "title"], include=["shows_from", "shows_until"], name="open_deadline_due"),
            # The sweep: each reminder stage not yet reached, by due date.
            models.Index(fields=["reminded", "due_on"], name="open_deadline_to_remind"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_late(self) -> bool:
        return self.due_on < workdays.today()

    @property
    def title_now(self) -> str:
        """The title as of today: a payment due becomes a late payment."""
        return self.late_title if self.late_title and self.is_late else self.title

    @property
    def kind_now(self) -> str:
        return self.late_kind if self.late_kind and self.is_late else self.kind
