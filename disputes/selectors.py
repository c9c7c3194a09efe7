"""Reads of cases used by several views, the CSV export and the annual review.

What the board sees of a case is built here once, as a `BoardView` that holds only
non-confidential facts (Case.BOARD_FIELDS, deadlines, the action being taken). The board's
page, list and CSV export render a BoardView, never the case itself, so they cannot show a
detail by accident.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from compact_portal import workdays
from signatories.models import ResolutionGroupMembership
from signatories.selectors import board_seats
from undertakings.models import Undertaking
from undertakings.procedure import procedure_for

from .deadlines import CaseDeadline, case_deadlines
from .models import Case, InternalDifferenceNotice, Meeting, Outcome, Stage, StageMove
from .stages import IN_A_SENTENCE, outcomes_under


def case_for_page(pk: int):
    """The case with everything its pages show, in a fixed number of queries; None if there is
    none. Who may see it is for the caller to decide."""
    return (
        Case.objects.select_related(
            "compact__timeline_rules",
            "compact__procedure_rules",
            "complainant",
            "respondent",
            "filed_by",
            "panel__chair",
            "formal_concern__written_by",
            "respondent_response__responded_by",
            "referral_letter__referred_by_organisation",
        )
        .prefetch_related(
            Prefetch("undertakings", Undertaking.objects.select_related("section__edition__compact")),
            Prefetch("moves", StageMove.objects.select_related("moved_by")),
            "acceptances",
            "attachments",
            "representatives__organisation",
            "signposts",
            "panel__members__user",
            "panel__meetings",
            Prefetch("referral_letter__undertakings", Undertaking.objects.select_related("section")),
        )
        .filter(pk=pk)
        .first()
    )


def cases_for_user(user):
    """The cases whose details this person may read: as a party, on the panel, or in the
    resolution group where the compact keeps details to the whole group."""
    return (
        Case.objects.with_details_for(user)
        .select_related("complainant", "respondent", "compact__procedure_rules")
        .order_by("-filed_at", "-id")
    )


def cases_for_board(user):
    """The cases of the compacts this person sits on the board of this year (all, for a superuser)."""
    cases = Case.objects.select_related(
        "compact__timeline_rules", "compact__procedure_rules", "panel__chair"
    ).prefetch_related("panel__meetings", "panel__members__user")
    if user.is_superuser:
        return cases
    compacts = board_seats(user=user).values("compact")
    return cases.filter(compact__in=compacts)


def cases_awaiting_panel_for(user):
    """Referred cases still waiting for a panel, in the resolution group this person sits on
    that year: they may declare a conflict of interest. Case numbers only."""
    if not (user and user.is_authenticated):
        return Case.objects.none()
    seats = [
        Q(compact_id=compact_id, referral_received_on__year=year)
        for compact_id, year in ResolutionGroupMembership.objects.filter(user=user).values_list("compact_id", "year")
    ]
    if not seats:
        return Case.objects.none()
    return Case.objects.filter(Q.create(seats, connector=Q.OR), stage=Stage.STAGE_2, panel__isnull=True).order_by(
        "referral_received_on", "id"
    )


@dataclass
class BoardView:
    """A case as the board sees it: that it exists, its stage, deadlines, the action being
    taken and the outcome written for the annual report. Nothing that identifies the parties."""

    number: int
    compact: str
    stage: str
    stage_label: str
    filed_on: date
    referral_received_on: date | None
    deadlines: list[CaseDeadline]
    actions: list[tuple[date, str]] = field(default_factory=list)
    panel_members: list[str] = field(default_factory=list)
    panel_chair: str = ""
    outcome: str = ""
    outcome_summary: str = ""
    closed_on: date | None = None

    def deadline(self, kind) -> CaseDeadline | None:
        return next((d for d in self.deadlines if d.kind == kind), None)


def _local_date(moment) -> date:
    return timezone.localtime(moment, workdays.LONDON).date()


def board_view(case: Case, today: date | None = None, with_actions: bool = True) -> BoardView:
    today = today or workdays.today()
    panel = case.panel_or_none()
    view = BoardView(
        number=case.pk,
        compact=case.compact.name,
        stage=case.stage,
        stage_label=case.stage_name,
        filed_on=_local_date(case.filed_at),
        referral_received_on=case.referral_received_on,
        deadlines=case_deadlines(case, today),
        outcome=case.get_outcome_display() if case.outcome else "",
        outcome_summary=case.outcome_summary,
        closed_on=_local_date(case.closed_at) if case.closed_at else None,
    )
    if panel is not None:
        view.panel_members = [f"{m.user} ({m.get_sector_display()})" for m in panel.members.all()]
        view.panel_chair = str(panel.chair) if panel.chair else ""
    if with_actions:
        view.actions = actions_taken(case, today)
    return view


# Where each kind of event falls among those of the same day, so a day reads in procedure order.
_ORDER = {
    Stage.INFORMAL: 0,
    Stage.STAGE_1: 1,
    Stage.STAGE_2: 2,
    "referral": 3,
    "panel": 4,
    "decision": 5,
    "meeting": 6,
    Stage.STAGE_3: 7,
    Stage.CLOSED: 9,
}


def actions_taken(case: Case, today: date) -> list[tuple[date, str]]:
    """The action being taken, as dated events in plain words. Stage moves give their stages,
    never their reasons."""
    events = []
    named = case.procedure.stage_name
    for move in case.moves.all():
        when = _local_date(move.moved_at)
        if not move.from_stage:
            events.append((when, _ORDER[move.to_stage], f"Concern raised at {IN_A_SENTENCE[move.to_stage]}"))
        elif move.to_stage == Stage.CLOSED:
            events.append((when, _ORDER[Stage.CLOSED], f"Closed: {case.get_outcome_display().lower()}"))
        else:
            events.append(
                (when, _ORDER[move.to_stage], f"Moved to {IN_A_SENTENCE[move.to_stage]} ({named(move.to_stage)})")
            )
    if case.referral_received_on:
        events.append((case.referral_received_on, _ORDER["referral"], "Referral received by the board"))
    panel = case.panel_or_none()
    if panel is not None:
        events.append((panel.convened_on, _ORDER["panel"], "Panel convened"))
        if panel.decided_on:
            finding = "is" if panel.concerns_compact_undertakings else "is not"
            events.append(
                (panel.decided_on, _ORDER["decision"], f"Panel found the concern {finding} about Compact undertakings")
            )
        for meeting in panel.meetings.all():
            verb = "held" if meeting.has_taken_place(today) else "set for this date"
            events.append((meeting.scheduled_on, _ORDER["meeting"], f"{meeting.get_kind_display()} {verb}"))
    return [(when, what) for when, _, what in sorted(events, key=lambda event: event[:2])]


# The board's CSV export: these columns and no others.
BOARD_COLUMNS = [
    "Case",
    "Compact",
    "Stage",
    "Raised on",
    "Referral received on",
    "Convene the panel by",
    "Panel convened on",
    "Hold the hearing by",
    "Hearing on",
    "Outcome",
    "Closed on",
    "Summary for the annual report",
]


def board_row(view: BoardView, case: Case) -> list:
    panel = case.panel_or_none()
    hearing = panel.hearing() if panel else None
    convene, hearing_due = view.deadline("panel_convene"), view.deadline("hearing")
    iso = lambda day: day.isoformat() if day else ""  # noqa: E731
    return [
        view.number,
        view.compact,
        view.stage_label,
        iso(view.filed_on),
        iso(view.referral_received_on),
        iso(convene.due_on if convene else None),
        iso(panel.convened_on if panel else None),
        iso(hearing_due.due_on if hearing_due else None),
        iso(hearing.scheduled_on if hearing else None),
        view.outcome,
        iso(view.closed_on),
        view.outcome_summary,
    ]


def annual_summary(compact, year: int) -> dict:
    """For the annual review and annual meeting (Stafford procedure: a summary of the issues
    goes to the annual meeting): counts of the cases raised in `year` by stage reached, outcome and undertaking, the
    outcome summaries written for the report, and the differences resolved internally.
    Nothing that identifies a case or a party."""
    cases = Case.objects.filter(compact=compact, filed_at__year=year)
    procedure = procedure_for(compact)
    offered = set(outcomes_under(procedure))
    by_stage = Counter(dict(cases.values_list("stage").annotate(n=Count("id"))))
    by_outcome = Counter(dict(cases.exclude(outcome="").values_list("outcome").annotate(n=Count("id"))))
    referred = cases.filter(referral_received_on__isnull=False).count()
    # filter() before annotate(): the count is of this year's cases only.
    undertakings = (
        Undertaking.objects.filter(cases__in=cases)
        .select_related("section")
        .annotate(n=Count("cases"))
        .order_by("-n", "section__position", "position")
    )
    summaries = sorted({s for s in cases.exclude(outcome_summary="").values_list("outcome_summary", flat=True)})
    return {
        "year": year,
        "total": cases.count(),
        "referred_to_panel": referred,
        # Under the compact's names for its stages, and the outcomes its procedure has (an
        # outcome of another procedure appears only if a case was closed with it).
        "by_stage": [(procedure.stage_name(value), by_stage.get(value, 0)) for value, _ in Stage.choices],
        "by_outcome": [
            (label, by_outcome.get(value, 0))
            for value, label in Outcome.choices
            if value in offered or by_outcome.get(value)
        ],
        "by_undertaking": [(u, u.n) for u in undertakings],
        "outcome_summaries": summaries,
        "differences_resolved_internally": InternalDifferenceNotice.objects.filter(
            compact=compact, resolved_on__year=year
        ).count(),
        "hearings": Meeting.objects.filter(panel__case__in=cases, kind=Meeting.Kind.HEARING).count(),
    }


def is_party_to_open_case(organisation) -> bool:
    """The organisation complains or responds in a case not yet closed."""
    return Case.objects.open().filter(Q(complainant=organisation) | Q(respondent=organisation)).exists()
