"""Each compact's dispute procedure and review interval, as rules the board confirms.

Compacts run their procedures differently. Stafford's panel decides whether a concern is a
Compact matter and then seeks actions both parties agree; another compact's panel may find a
concern upheld or not. Stafford keeps the details of cases confidential to its whole
Conflict Resolution Group; another compact keeps them to the parties and the case's panel.
The stages carry the compact's own names, the parties are pointed to the bodies the compact
names when a case ends unresolved, and each edition is reviewed after the compact's interval.

Until the board confirms a rule (by confirming what the importer read in the compact's
document, or by saving it in the admin) it is the portal's default, and it is shown as such.
The stage codes themselves stay those of disputes.models.Stage; only their names change.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from simple_history.models import HistoricalRecords

DEFAULT_NOTE = "portal default, not stated in your Compact"
CONFIRMED_NOTE = "confirmed by the board"

# The stage codes of disputes.models.Stage, each with the field that names it.
STAGE_FIELDS = {
    "informal": "informal_stage_name",
    "stage_1": "stage_1_name",
    "stage_2": "stage_2_name",
    "stage_3": "stage_3_name",
}
CLOSED_NAME = "Closed"


def default_signposting_bodies() -> list[dict]:
    """Where the parties can turn when a case ends unresolved, until the board names its own."""
    return [
        {"name": "Local Government and Social Care Ombudsman", "url": "https://www.lgo.org.uk/"},
        {"name": "Civil Mediation Council: find a mediator", "url": "https://civilmediation.org/"},
    ]


class ProcedureRules(models.Model):
    """The compact's dispute procedure and edition review interval, edited by the board."""

    class PanelDecides(models.TextChoices):
        FINDING = "finding", "Whether it is a Compact matter, and the actions the parties agree"
        UPHELD = "upheld", "Whether the concern is upheld, partly upheld or not upheld"

    class DetailsReaders(models.TextChoices):
        PARTIES_AND_PANEL = "parties_and_panel", "The two organisations and the case's panel only"
        RESOLUTION_GROUP = "resolution_group", "The two organisations and the whole resolution group"

    compact = models.OneToOneField("undertakings.Compact", on_delete=models.CASCADE, related_name="procedure_rules")
    informal_stage_name = models.CharField("name of the informal stage", max_length=80, default="Informal stage")
    stage_1_name = models.CharField("name of stage 1", max_length=80, default="Stage 1: formal concern")
    stage_2_name = models.CharField("name of stage 2", max_length=80, default="Stage 2: resolution panel")
    stage_3_name = models.CharField("name of stage 3", max_length=80, default="Stage 3: further help")
    panel_decides = models.CharField(
        "what the panel decides", max_length=10, choices=PanelDecides.choices, default=PanelDecides.UPHELD
    )
    details_readers = models.CharField(
        "who may read a case's details",
        max_length=20,
        choices=DetailsReaders.choices,
        default=DetailsReaders.PARTIES_AND_PANEL,
    )
    signposting_bodies = models.JSONField(
        "where the parties are pointed when a case ends unresolved",
        default=default_signposting_bodies,
        blank=True,
        help_text="Each with a name and a link",
    )
    edition_review_months = models.PositiveSmallIntegerField("formal review of an edition after (months)", default=36)
    confirmed = models.JSONField(default=list, blank=True, help_text="The rules the board has confirmed")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "dispute procedure and review rules"
        verbose_name_plural = "dispute procedure and review rules"

    def __str__(self):
        return f"Dispute procedure and review rules for {self.compact}"

    # The rules by name, each with the fields it sets: what the importer proposes and the board
    # confirms, one at a time.
    RULES = {
        "stage_names": tuple(STAGE_FIELDS.values()),
        "panel_decides": ("panel_decides",),
        "details_readers": ("details_readers",),
        "signposting_bodies": ("signposting_bodies",),
        "edition_review_months": ("edition_review_months",),
    }

    def stage_name(self, stage: str) -> str:
        """The compact's name for a stage code of disputes.models.Stage."""
        field = STAGE_FIELDS.get(stage)
        return getattr(self, field) if field else CLOSED_NAME

    @property
    def stage_names(self) -> dict[str, str]:
        return {stage: getattr(self, field) for stage, field in STAGE_FIELDS.items()}

    @property
    def details_for_whole_group(self) -> bool:
        return self.details_readers == self.DetailsReaders.RESOLUTION_GROUP

    def is_default(self, rule: str) -> bool:
        return rule not in (self.confirmed or [])

    def note(self, rule: str) -> str:
        """ "portal default, not stated in your Compact" until the board confirms the rule."""
        return DEFAULT_NOTE if self.is_default(rule) else CONFIRMED_NOTE

    def value_of(self, rule: str):
        if rule == "stage_names":
            return self.stage_names
        return getattr(self, self.RULES[rule][0])

    def apply(self, rule: str, value) -> None:
        """Set a rule (not saved) and mark it confirmed. Stage names may be given in part."""
        if rule not in self.RULES:
            raise ValueError(f"“{rule}” is not a procedure rule the portal keeps.")
        if rule == "stage_names":
            for stage, name in dict(value).items():
                if stage in STAGE_FIELDS and str(name).strip():
                    setattr(self, STAGE_FIELDS[stage], str(name).strip()[:80])
        elif rule == "signposting_bodies":
            self.signposting_bodies = [
                {"name": str(body.get("name", "")).strip()[:200], "url": str(body.get("url", "")).strip()[:300]}
                for body in value
                if str(body.get("name", "")).strip()
            ]
        elif rule == "edition_review_months":
            self.edition_review_months = int(value)
        else:
            choices = self.PanelDecides if rule == "panel_decides" else self.DetailsReaders
            if value not in choices.values:
                raise ValueError(f"“{value}” is not one of the choices for {rule.replace('_', ' ')}.")
            setattr(self, rule, value)
        self.confirm(rule)

    def confirm(self, rule: str) -> None:
        if rule not in (self.confirmed or []):
            self.confirmed = [*(self.confirmed or []), rule]

    def in_words_all(self) -> list[tuple[str, str, str]]:
        """Each rule as a sentence, with whether it is the portal's default: (rule, words, note)."""
        return [(rule, in_words(rule, self.value_of(rule)), self.note(rule)) for rule in self.RULES]


_STAGE_IN_WORDS = {"informal": "the informal stage", "stage_1": "stage 1", "stage_2": "stage 2", "stage_3": "stage 3"}


def in_words(rule: str, value) -> str:
    """A procedure rule and its value as the board reads it in the preview and the admin."""
    if rule == "stage_names":
        named = [
            f"{_STAGE_IN_WORDS[stage]} is called “{name}”" for stage, name in value.items() if stage in STAGE_FIELDS
        ]
        return ("The stages are named: " + "; ".join(named)) if named else "The stages keep the portal's names"
    if rule == "panel_decides":
        if value == ProcedureRules.PanelDecides.FINDING:
            return (
                "The panel decides whether the concern is a Compact matter and then seeks actions both "
                "organisations agree; it does not find a concern upheld or not upheld"
            )
        return "The panel finds a concern upheld, partly upheld or not upheld"
    if rule == "details_readers":
        if value == ProcedureRules.DetailsReaders.RESOLUTION_GROUP:
            return "A case's details are confidential to the whole resolution group (and the two organisations)"
        return "A case's details are confidential to the two organisations and the case's panel"
    if rule == "signposting_bodies":
        names = [body.get("name", "") for body in value or [] if body.get("name")]
        return (
            "When a case ends unresolved, the organisations are pointed to " + ", ".join(names)
            if names
            else "No bodies are named for further help"
        )
    if rule == "edition_review_months":
        months = int(value)
        span = f"{months // 12} year{'s' if months // 12 != 1 else ''}" if months % 12 == 0 else f"{months} months"
        return f"Each edition is formally reviewed {span} after it is adopted"
    return f"{rule.replace('_', ' ').capitalize()}: {value}"


def procedure_for(compact) -> ProcedureRules:
    """The compact's procedure rules, using the row `select_related` already fetched if any.
    A compact whose board has not touched them runs the portal's defaults, read without a
    write (an unsaved row): pages never create records."""
    try:
        return compact.procedure_rules
    except ObjectDoesNotExist:
        return ProcedureRules(compact=compact)


class ProposedProcedureRule(models.Model):
    """A procedure rule the importer read in a document, waiting for the board to confirm it.
    Never applied silently, as ProposedTimelineRule."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    edition = models.ForeignKey("undertakings.Edition", on_delete=models.CASCADE, related_name="proposed_procedure")
    rule = models.CharField(max_length=40)
    value = models.JSONField()
    source = models.TextField(help_text="The text it came from")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        ordering = ["edition", "rule"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.in_words

    @property
    def in_words(self) -> str:
        return in_words(self.rule, self.value)
