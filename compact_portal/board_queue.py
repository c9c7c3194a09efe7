"""What is waiting for the board: the work queue at the top of `/board/`.

Each kind of work is one count over an indexed column of the compacts on whose board the
person sits (every compact for a superuser), so the page asks the same few questions however
much data there is. Each item says what is waiting, how many, and where to do it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse

from disputes.models import Case, Meeting, Stage
from reviews.models import AnnualReview, Assessment, AssessmentRound, Survey
from signatories.governance import without_trained_champion
from signatories.models import BoardSelfReview, Organisation, Reminder
from undertakings.holiday_periods import compacts_without_periods_for
from undertakings.models import (
    AccessibleFormatRequest,
    Compact,
    Edition,
    ProposedProcedureRule,
    ProposedTimelineRule,
)


@dataclass(frozen=True)
class Waiting:
    """One line of the queue: "3 applications to decide", linked to where they are decided."""

    key: str
    count: int
    one: str
    many: str
    url: str

    @property
    def label(self) -> str:
        return self.one if self.count == 1 else self.many


def _of(queryset, compact_ids, field="compact_id"):
    return queryset if compact_ids is None else queryset.filter(**{f"{field}__in": compact_ids})


def applications_to_decide(compact_ids):
    return _of(Organisation.objects.filter(status=Organisation.Status.APPLIED), compact_ids)


def panels_to_convene(compact_ids):
    """Stafford procedure stage 2: referred cases the board has not yet convened a panel for."""
    return _of(Case.objects.filter(stage=Stage.STAGE_2, panel__isnull=True), compact_ids)


def hearings_to_arrange(compact_ids):
    """Stage 2 cases with a panel but no hearing yet (no later than 8 weeks from receipt)."""
    hearing = Meeting.objects.filter(panel__case=OuterRef("pk"), kind=Meeting.Kind.HEARING)
    return _of(Case.objects.filter(stage=Stage.STAGE_2, panel__isnull=False).exclude(Exists(hearing)), compact_ids)


def editions_to_adopt(compact_ids):
    return _of(Edition.objects.filter(status=Edition.Status.DRAFT), compact_ids)


def rules_to_confirm(compact_ids):
    return _of(
        ProposedTimelineRule.objects.filter(status=ProposedTimelineRule.Status.PROPOSED),
        compact_ids,
        "edition__compact_id",
    )


def procedure_rules_to_confirm(compact_ids):
    """What the importer read about a compact's dispute procedure and review interval."""
    return _of(
        ProposedProcedureRule.objects.filter(status=ProposedProcedureRule.Status.PROPOSED),
        compact_ids,
        "edition__compact_id",
    )


def assessments_overdue(compact_ids, today: date):
    return _of(
        Assessment.objects.filter(
            status=Assessment.Status.DRAFT,
            round__status=AssessmentRound.Status.OPEN,
            round__due_on__lt=today,
            organisation__status=Organisation.Status.SIGNED,
        ),
        compact_ids,
        "round__compact_id",
    )


def reviews_to_publish(compact_ids, today: date):
    """Compacts with an adopted edition whose review of last year is not yet published."""
    published = AnnualReview.objects.filter(
        compact=OuterRef("pk"), year=today.year - 1, status=AnnualReview.Status.PUBLISHED
    )
    compacts = Compact.objects.filter(editions__status=Edition.Status.ADOPTED).exclude(Exists(published)).distinct()
    return _of(compacts, compact_ids, "pk")


def format_requests_to_answer(compact_ids):
    """Requests for a page in another format or language the board has not answered."""
    return _of(AccessibleFormatRequest.objects.filter(status=AccessibleFormatRequest.Status.WAITING), compact_ids)


def holiday_periods_to_enter(compact_ids, today: date):
    """West Cheshire s.2 (3): compacts whose consultations avoid holiday periods but that have
    none entered for next year (Easter and the school holidays move each year)."""
    return compacts_without_periods_for(today.year + 1, compact_ids)


def surveys_to_close(compact_ids, today: date):
    """Compact surveys past their closing date and still open: the board closes them, and the
    results go into the annual review."""
    return _of(Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=today), compact_ids)


def self_reviews_to_record(compact_ids, today: date):
    """Compacts whose board has not recorded its review of its own performance this year
    (Wiltshire: the board reviews how it works each year)."""
    recorded = BoardSelfReview.objects.filter(compact=OuterRef("pk"), year=today.year)
    compacts = Compact.objects.filter(editions__status=Edition.Status.ADOPTED).exclude(Exists(recorded)).distinct()
    return _of(compacts, compact_ids, "pk")


def organisations_without_champion(compact_ids, today: date):
    """Signatories with no Compact champion named, or whose champions' training has lapsed
    (the compact's rule) or never happened."""
    return without_trained_champion(_of(Organisation.objects.signatories(), compact_ids), today, compact_ids)


def reminders_failed(compact_ids):
    return _of(Reminder.objects.filter(status=Reminder.Status.FAILED), compact_ids)


def waiting_for(compact_ids, today: date) -> list[Waiting]:
    """Everything waiting for the board, in the order the work is usually done; nothing
    waiting is left out of the list."""
    admin = "admin:{}_changelist".format
    items = [
        Waiting(
            "applications",
            applications_to_decide(compact_ids).count(),
            "application to decide",
            "applications to decide",
            reverse("signatories:applications"),
        ),
        Waiting(
            "panels",
            panels_to_convene(compact_ids).count(),
            "panel to convene",
            "panels to convene",
            reverse("disputes:board_cases") + f"?stage={Stage.STAGE_2}",
        ),
        Waiting(
            "hearings",
            hearings_to_arrange(compact_ids).count(),
            "hearing to arrange",
            "hearings to arrange",
            reverse("disputes:board_cases") + f"?stage={Stage.STAGE_2}",
        ),
        Waiting(
            "editions",
            editions_to_adopt(compact_ids).count(),
            "edition to adopt",
            "editions to adopt",
            reverse(admin("undertakings_edition")) + "?status__exact=draft",
        ),
        Waiting(
            "rules",
            rules_to_confirm(compact_ids).count(),
            "timeline rule to confirm",
            "timeline rules to confirm",
            reverse(admin("undertakings_proposedtimelinerule")) + "?status__exact=proposed",
        ),
        Waiting(
            "procedure",
            procedure_rules_to_confirm(compact_ids).count(),
            "dispute procedure rule to confirm",
            "dispute procedure rules to confirm",
            reverse(admin("undertakings_proposedprocedurerule")) + "?status__exact=proposed",
        ),
        Waiting(
            "assessments",
            assessments_overdue(compact_ids, today).count(),
            "self-assessment overdue",
            "self-assessments overdue",
            reverse("reviews:review_index"),
        ),
        Waiting(
            "reviews",
            reviews_to_publish(compact_ids, today).count(),
            f"annual review of {today.year - 1} to build or publish",
            f"annual reviews of {today.year - 1} to build or publish",
            reverse("reviews:review_index"),
        ),
        Waiting(
            "format_requests",
            format_requests_to_answer(compact_ids).count(),
            "request for a page in another format or language to answer",
            "requests for a page in another format or language to answer",
            reverse(admin("undertakings_accessibleformatrequest")) + "?status__exact=waiting",
        ),
        Waiting(
            "holiday_periods",
            holiday_periods_to_enter(compact_ids, today).count(),
            f"compact with no holiday periods entered for {today.year + 1}",
            f"compacts with no holiday periods entered for {today.year + 1}",
            reverse(admin("undertakings_holidayperiod")),
        ),
        Waiting(
            "surveys",
            surveys_to_close(compact_ids, today).count(),
            "Compact survey past its closing date to close",
            "Compact surveys past their closing date to close",
            reverse(admin("reviews_survey")) + "?status__exact=open",
        ),
        Waiting(
            "self_reviews",
            self_reviews_to_record(compact_ids, today).count(),
            f"board self-review of {today.year} to record",
            f"board self-reviews of {today.year} to record",
            reverse(admin("signatories_boardselfreview")),
        ),
        Waiting(
            "champions",
            organisations_without_champion(compact_ids, today).count(),
            "signatory without a trained Compact champion",
            "signatories without a trained Compact champion",
            reverse(admin("signatories_organisation")) + "?champion=untrained",
        ),
        Waiting(
            "reminders",
            reminders_failed(compact_ids).count(),
            "reminder that failed",
            "reminders that failed",
            reverse(admin("signatories_reminder")) + "?status__exact=failed",
        ),
    ]
    return [item for item in items if item.count]
