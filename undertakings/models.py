"""Compacts, their editions, the sections (promises, codes of practice) and the undertakings
inside them, and the per-compact timeline rules every deadline in the portal reads."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from compact_portal import workdays
from signatories.governance import BOARD_TERM_REMINDER_WEEKS, CHAMPION_TRAINING_MONTHS
from signatories.models import SELF_REGISTERING, Sector


def default_admitted_sectors() -> list[str]:
    """Public bodies and the voluntary and community sector: the two sides of every Compact."""
    return [Sector.PUBLIC.value, Sector.VCS.value]


class Compact(models.Model):
    """An area's agreement. One deployment may host several, each with its own board."""

    class BankHolidayRegion(models.TextChoices):
        ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    area = models.CharField(max_length=200, help_text="The area the Compact covers, for example “Wiltshire”")
    summary = models.TextField(blank=True, help_text="Plain-English explanation shown on the home page")
    bank_holiday_region = models.CharField(
        max_length=20, choices=BankHolidayRegion.choices, default=BankHolidayRegion.ENGLAND_AND_WALES
    )
    admitted_sectors = models.JSONField(
        "groups of signatories it admits",
        default=default_admitted_sectors,
        help_text="Public sector, voluntary and community sector, and business and other partners if the "
        "Compact admits them (Herefordshire's signatories include a chamber of commerce)",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def the_name(self) -> str:
        """The name as it reads inside a sentence, "the Riverside Compact", whether or not it
        was given with its article ("The Riverside Compact"). `|capfirst` starts a sentence."""
        name = self.name.strip()
        if name[:4].lower() == "the ":
            name = name[4:].lstrip()
        return f"the {name}"

    def get_absolute_url(self):
        return reverse("undertakings:compact", args=[self.slug])

    def save(self, *args, **kwargs):
        adding = self._state.adding
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)
        if adding:
            from .holiday_periods import seed_default_holiday_periods

            seed_default_holiday_periods(self)

    def consultation_holiday_periods(self) -> list[workdays.HolidayPeriod]:
        """The holiday periods this compact's consultations should avoid (West Cheshire s.2 (3)),
        as workdays reads them."""
        return [period.as_period() for period in self.holiday_periods.all()]

    def admits(self, sector: str) -> bool:
        return sector in (self.admitted_sectors or [])

    @property
    def sectors(self) -> list[str]:
        """The groups it admits, in the order Sector lists them."""
        return [sector for sector in Sector.values if self.admits(sector)]

    @property
    def registering_sectors(self) -> list[str]:
        """The groups whose organisations may register themselves with it (public bodies are
        invited by the board)."""
        return [sector for sector in self.sectors if sector in SELF_REGISTERING]

    @property
    def rules(self) -> "TimelineRules":
        """The compact's timeline rules, created with the defaults on first use."""
        rules, _ = TimelineRules.objects.get_or_create(compact=self)
        return rules

    def adopted_edition(self):
        return self.editions.filter(status=Edition.Status.ADOPTED).order_by("-adopted_on", "-id").first()


class TimelineRules(models.Model):
    """The Compact's timelines, edited by the board. Defaults are those of the seed Compacts
    (Wiltshire, West Cheshire, Stafford); every deadline in the portal reads these."""

    compact = models.OneToOneField(Compact, on_delete=models.CASCADE, related_name="timeline_rules")
    consultation_weeks = models.PositiveSmallIntegerField("standard consultation (weeks)", default=12)
    minimum_consultation_weeks = models.PositiveSmallIntegerField("absolute minimum consultation (weeks)", default=8)
    notice_months = models.PositiveSmallIntegerField("formal notice after a funding decision (months)", default=3)
    ideal_notice_months = models.PositiveSmallIntegerField("ideal formal notice (months)", default=6)
    funding_policy_notice_weeks = models.PositiveSmallIntegerField(
        "notice of changes to funding policy (weeks)", default=12
    )
    grant_lead_in_weeks = models.PositiveSmallIntegerField("grant application lead-in (weeks)", default=12)
    panel_convene_days = models.PositiveSmallIntegerField("days to convene a dispute panel", default=14)
    hearing_weeks = models.PositiveSmallIntegerField("weeks from referral to hearing", default=8)
    panel_members_per_sector = models.PositiveSmallIntegerField("panel members from each sector", default=2)
    representatives_per_party = models.PositiveSmallIntegerField("representatives each party may bring", default=2)
    avoid_holiday_periods = models.BooleanField(
        "consultations should avoid the compact's holiday periods",
        default=True,
        help_text="Christmas, Easter and the school summer holidays, as entered under the compact's holiday periods",
    )
    accessible_format_answer_days = models.PositiveSmallIntegerField(
        "working days to answer a request for a page in another format or language", default=10
    )
    # No seed Compact states these: blank is the portal's default, and says so in the admin.
    champion_training_months = models.PositiveSmallIntegerField(
        "Compact champion training lasts (months)",
        null=True,
        blank=True,
        help_text=f"Leave blank for the portal's default, {CHAMPION_TRAINING_MONTHS} months (no Compact states it)",
    )
    board_term_reminder_weeks = models.PositiveSmallIntegerField(
        "remind the board before a term of office ends (weeks)",
        null=True,
        blank=True,
        help_text=f"Leave blank for the portal's default, {BOARD_TERM_REMINDER_WEEKS} weeks",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "timeline rules"
        verbose_name_plural = "timeline rules"

    def __str__(self):
        return f"Timeline rules for {self.compact}"

    # Each rule in words, as the board reads it in the importer's preview and the admin.
    IN_WORDS = {
        "consultation_weeks": "Consultations run for {n} week{s}",
        "minimum_consultation_weeks": "A consultation runs for at least {n} week{s}, whatever is agreed",
        "notice_months": "Formal notice of a funding change is at least {n} month{s}",
        "ideal_notice_months": "Formal notice of a funding change is ideally {n} month{s}",
        "funding_policy_notice_weeks": "Changes to funding policy are given {n} week{s}' notice",
        "grant_lead_in_weeks": "Grant applications have a lead-in of up to {n} week{s}",
        "panel_convene_days": "A dispute panel is convened within {n} day{s} of the referral",
        "hearing_weeks": "A panel hearing is held no later than {n} week{s} from the referral",
        "panel_members_per_sector": "A panel has {n} member{s} from each sector",
        "representatives_per_party": "Each party may bring up to {n} representative{s} to a hearing",
        "accessible_format_answer_days": (
            "A request for a page in another format or language is answered within {n} working day{s}"
        ),
    }

    @property
    def training_months(self) -> int:
        """How long a Compact champion's training lasts: the compact's rule or the portal's default."""
        return self.champion_training_months or CHAMPION_TRAINING_MONTHS

    @property
    def term_reminder_weeks(self) -> int:
        return self.board_term_reminder_weeks or BOARD_TERM_REMINDER_WEEKS

    @classmethod
    def in_words(cls, rule: str, value) -> str:
        """ "Consultations run for 12 weeks": a rule and its value as a sentence."""
        if value is None:
            return rule.replace("_", " ").capitalize()
        number = f"{float(value):g}"
        template = cls.IN_WORDS.get(rule)
        if template is None:
            return f"{rule.replace('_', ' ').capitalize()}: {number}"
        return template.format(n=number, s="" if number == "1" else "s")

    # The importer proposes rules by these names (undertakings.importing.ProposedTimelineRule).
    RULE_FIELDS = (
        "consultation_weeks",
        "minimum_consultation_weeks",
        "notice_months",
        "ideal_notice_months",
        "funding_policy_notice_weeks",
        "grant_lead_in_weeks",
        "panel_convene_days",
        "hearing_weeks",
        "panel_members_per_sector",
        "representatives_per_party",
    )


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ADOPTED = "adopted", "Adopted"
        SUPERSEDED = "superseded", "Superseded"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="editions")
    label = models.CharField("version", max_length=100, help_text="For example “2015 and beyond”")
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    principles = models.JSONField(default=list, blank=True, help_text="Shared principles, one per item")
    source_filename = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "-adopted_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["compact", "label"], name="unique_edition_label")]

    @property
    def edition_name(self) -> str:
        """The label as a name: "2027 edition", also when the label already says "2027 edition"."""
        label = self.label.strip()
        return label if label.lower().endswith("edition") else f"{label} edition"

    def __str__(self):
        return f"{self.compact} ({self.label})"


class Section(models.Model):
    """A promise, code of practice or other set of undertakings, or a procedure (settling
    disputes, monitoring, review) whose steps are nobody's undertakings."""

    class Kind(models.TextChoices):
        PROMISE = "promise", "Promise"
        CODE = "code", "Code of practice"
        OTHER = "other", "Other undertakings"
        PROCEDURE = "procedure", "Procedure"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120)
    purpose = models.TextField(blank=True)
    principles = models.JSONField(
        default=list,
        blank=True,
        help_text="What the section states as agreed or as its principles, one per item: not undertakings",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="unique_section_slug")]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def is_procedure(self) -> bool:
        """A procedure's steps are kept in order under their stages but belong to no party."""
        return self.kind == self.Kind.PROCEDURE


class Party(models.TextChoices):
    SHARED = "shared", "Shared (all partners)"
    PUBLIC = "public", "Public sector partners"
    VCS = "vcs", "VCS (third sector) partners"
    COMMUNITY = "community", "Community groups"
    BME = "bme", "Organisations working with BME and excluded communities"
    PARTNER = "partner", "Business and other partners"


def parties_given_by(sector: str) -> tuple[str, ...]:
    """The parties whose undertakings an organisation of `sector` gives: its own group's and
    those shared by all partners. Stafford's community-group and BME undertakings are given by
    voluntary and community organisations; business and other partners give the shared ones
    and their own, where a compact gives them any."""
    if sector == Sector.PUBLIC:
        return (Party.SHARED, Party.PUBLIC)
    if sector == Sector.PARTNER:
        return (Party.SHARED, Party.PARTNER)
    return (Party.SHARED, Party.VCS, Party.COMMUNITY, Party.BME)


class Undertaking(models.Model):
    """What a party undertakes in a section; in a procedure, one of its steps (no party)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="undertakings")
    party = models.CharField(
        max_length=10, choices=Party.choices, blank=True, help_text="Blank only for a step of a procedure"
    )
    number = models.CharField(max_length=20, blank=True)
    group = models.CharField(
        max_length=300,
        blank=True,
        help_text="The lettered or named sub-group it is listed under, for example “Stage 2”",
    )
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    reference = models.CharField(max_length=40, help_text="Stable reference used in links, for example “funding-vcs-3”")

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["section", "reference"], name="unique_undertaking_reference")]

    def __str__(self):
        return f"{self.section.title}: {self.text[:80]}"

    @property
    def anchor(self):
        return f"u-{self.section.slug}-{self.reference}"

    def get_absolute_url(self):
        edition = self.section.edition
        return reverse(
            "undertakings:undertaking", args=[edition.compact.slug, edition.pk, self.section.slug, self.reference]
        )


class ProposedTimelineRule(models.Model):
    """A timeline the importer found in a document, waiting for the board to confirm it.
    Never applied silently (issue: importer)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="proposed_rules")
    rule = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=6, decimal_places=1)
    unit = models.CharField(max_length=10)
    source = models.TextField(help_text="The sentence it came from")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        ordering = ["edition", "rule"]

    def __str__(self):
        return self.in_words

    @property
    def in_words(self) -> str:
        return TimelineRules.in_words(self.rule, self.value)


class ImportedDocument(models.Model):
    """An uploaded Compact document and what the importer made of it, kept while the board
    previews and corrects it before adopting it as a draft edition."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=200)
    text = models.TextField()
    parsed = models.JSONField(default=dict, blank=True)
    report = models.TextField(blank=True)
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_by = models.ForeignKey("signatories.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.filename


class HolidayPeriod(models.Model):
    """A holiday period this compact's consultations should avoid (West Cheshire s.2 (3):
    "extended holiday periods (e.g Christmas and summer holiday periods)"). Entered per year,
    both ends inclusive, because Easter and the local school holidays move from year to year.
    Periods the portal seeded from its own reading are marked as such until the board edits them."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="holiday_periods")
    name = models.CharField(max_length=100, help_text="For example “Easter holidays”")
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    is_portal_default = models.BooleanField(
        "the portal's default",
        default=False,
        help_text="Seeded by the portal from an approximation of English school holidays, not yet checked by the "
        "board against the local school calendar",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "starts_on", "name"]
        indexes = [models.Index(fields=["compact", "starts_on"], name="holiday_period_compact_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="holiday_period_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.name} {workdays.format_date(self.starts_on)} to {workdays.format_date(self.ends_on)}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Enter a last day on or after the first day"})

    def as_period(self) -> workdays.HolidayPeriod:
        return workdays.HolidayPeriod(self.name, self.starts_on, self.ends_on)


class AccessibleFormatRequest(models.Model):
    """Someone asked for a published page in another format or language (Wiltshire and
    Herefordshire promise documents in accessible formats and community languages on
    request). Nobody needs to sign in to ask; the board answers within the compact's rule
    (TimelineRules.accessible_format_answer_days) and the requester is emailed."""

    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        AUDIO = "audio", "Audio"
        BRAILLE = "braille", "Braille"
        LANGUAGE = "language", "Another language"
        OTHER = "other", "Another format"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for an answer"
        ANSWERED = "answered", "Answered"

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="accessible_format_requests")
    page = models.CharField("page asked about", max_length=500)
    format = models.CharField(max_length=20, choices=Format.choices)
    language = models.CharField("language asked for", max_length=100, blank=True)
    format_details = models.CharField("other format asked for", max_length=200, blank=True)
    name = models.CharField("requester's name", max_length=200)
    email = models.EmailField("requester's email address")
    phone = models.CharField("requester's phone number", max_length=40, blank=True)
    # A keyed hash of the client address, never the address itself: only to limit how many
    # requests one address can send in an hour (undertakings.format_requests).
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    answer_due_on = models.DateField("answer due on")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    answer = models.TextField("answer to the requester", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        "signatories.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["compact", "status"], name="format_request_compact_status"),
            models.Index(fields=["client_key", "received_at"], name="format_request_client_time"),
        ]

    def __str__(self):
        return f"{self.format_asked_for} of {self.page}"

    @property
    def format_asked_for(self) -> str:
        """What was asked for, in words: "Large print", "Polish", "Another format: sign language video"."""
        if self.format == self.Format.LANGUAGE and self.language:
            return self.language
        if self.format == self.Format.OTHER and self.format_details:
            return f"Another format: {self.format_details}"
        return self.get_format_display()


# Each compact's dispute procedure and review interval live in their own module.
from .procedure import ProcedureRules, ProposedProcedureRule  # noqa: E402, F401
