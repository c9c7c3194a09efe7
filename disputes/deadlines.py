"""What a case makes due, for the board's dashboard and the reminders (the deadline registry
in compact_portal.deadlines), and for the case page.

Stafford procedure stage 2: the board convenes a panel within 2 weeks of receiving the
referral; the hearing is no later than 8 weeks from receipt. The periods are the compact's
rules (TimelineRules), counted in calendar days from receipt: bank holidays do not move them.
Titles carry only the case number: they appear to the board, who may not see details.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from compact_portal import deadlines, workdays
from undertakings.models import TimelineRules

from .models import Case, Meeting, Panel, Stage


@dataclass(frozen=True)
class CaseDeadline:
    kind: str  # "panel_convene" or "hearing"
    label: str  # "Convene the panel"
    due_on: date
    met_on: date | None  # when it was done, if it has been
    is_open: bool  # still to do
    url_name: str

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on < today


def case_deadlines(case: Case, today: date | None = None) -> list[CaseDeadline]:
    """The deadlines of a referred case, done or not."""
    if case.referral_received_on is None:
        return []
    today = today or workdays.today()
    at_stage_2 = case.stage == Stage.STAGE_2
    panel = case.panel_or_none()
    found = [
        CaseDeadline(
            "panel_convene",
            "Convene the panel",
            case.panel_convene_by,
            panel.convened_on if panel else None,
            at_stage_2 and panel is None,
            "disputes:convene",
        )
    ]
    if panel is not None and panel.concerns_compact_undertakings is False:
        return found  # no hearing: the panel found it is not a Compact matter
    hearing = panel.hearing() if panel else None
    held_on = hearing.scheduled_on if hearing and hearing.has_taken_place(today) else None
    found.append(
        CaseDeadline(
            "hearing",
            "Hold the panel hearing",
            case.hearing_by,
            held_on,
            at_stage_2 and held_on is None,
            "disputes:case",
        )
    )
    return found


def _cases_of_panel(panel) -> list[int]:
    return [panel.case_id]


def _cases_of_meeting(meeting) -> list[int]:
    return list(Panel.objects.filter(pk=meeting.panel_id).values_list("case_id", flat=True))


def _cases_of_rules(rules) -> list[int]:
    # The periods are the compact's: a change moves every referred case's deadlines.
    return list(Case.objects.filter(compact_id=rules.compact_id, stage=Stage.STAGE_2).values_list("pk", flat=True))


@deadlines.provider(
    "case",
    feeds={Case: deadlines.itself, Panel: _cases_of_panel, Meeting: _cases_of_meeting, TimelineRules: _cases_of_rules},
)
def dispute_deadlines(ids):
    """Open panel and hearing deadlines of cases at stage 2. The hearing is open until the day
    it is held (the day before it, the last it shows)."""
    cases = (
        Case.objects.filter(stage=Stage.STAGE_2, referral_received_on__isnull=False)
        .select_related("compact__timeline_rules", "panel")
        .prefetch_related("panel__meetings")
    )
    if ids is not None:
        cases = cases.filter(pk__in=list(ids))
    urls = {}  # url_maker for each page a deadline points at: a county has thousands of cases
    for case in cases:
        panel = case.panel_or_none()
        hearing = panel.hearing() if panel else None
        # Worked out as on the day before any hearing: what is open until it is held.
        before = hearing.scheduled_on - timedelta(days=1) if hearing else deadlines.ALWAYS_UNTIL
        for item in case_deadlines(case, before):
            if item.is_open:
                url = urls.setdefault(item.url_name, deadlines.url_maker(item.url_name))
                yield deadlines.Deadline(
                    kind=f"dispute_{item.kind}",
                    due_on=item.due_on,
                    title=f"Case {case.pk}: {item.label.lower()}",
                    url=url(case.pk),
                    compact_id=case.compact_id,
                    key=f"case:{case.pk}:{item.kind}",
                    source=f"case:{case.pk}",
                    shows_until=before if item.kind == "hearing" else deadlines.ALWAYS_UNTIL,
                )
