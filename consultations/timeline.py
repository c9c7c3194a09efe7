"""Every date in a consultation's life, what is done, what is due next and what is overdue.

The timeline page shows it, and the deadline registry (`deadlines.py`) takes its due dates
from the same functions in `rules.py`, so the two never disagree.
"""

from dataclasses import dataclass
from datetime import date

from compact_portal import workdays

from . import rules
from .models import Consultation

Status = Consultation.Status
AFTER_OPEN = (Status.CLOSED, Status.FEEDBACK_PUBLISHED, Status.DECIDED, Status.NOTICE_PERIOD, Status.COMPLETED)


@dataclass(frozen=True)
class Entry:
    label: str
    on: date | None  # when it happened, or when it is due
    done: bool
    note: str = ""

    def state(self, today: date) -> str:
        if self.done:
            return "done"
        if self.on is None:
            return "later"
        return "overdue" if self.on < today else "due"


def entries(c: Consultation) -> list[Entry]:
    """The consultation's dates in order. Undone entries carry the date they are due."""
    if not (c.opens_on and c.closes_on):
        return [Entry("Dates to be set", None, False, "Enter the opening and closing dates.")]
    timeline_rules = rules.rules_for(c)
    assessment = getattr(c, "impact_assessment", None)
    feedback = getattr(c, "feedback", None)
    decision = getattr(c, "decision", None)
    published_on = rules.local_date(feedback.published_at) if feedback else None
    found = [_consent(consent) for consent in c.consents.all() if consent.is_answered]
    found.append(
        Entry(
            "Consultation opens",
            c.opens_on,
            c.is_published,
            "" if c.is_published else "Launch the consultation on or before this date.",
        )
    )
    found.append(
        Entry(
            "Consultation closes",
            c.closes_on,
            c.status in AFTER_OPEN,
            "Responses are accepted until the end of this day.",
        )
    )
    if assessment and assessment.is_complete:
        found.append(Entry("Joint impact assessment completed", assessment.completed_on, True))
    else:
        found.append(
            Entry(
                "Joint impact assessment due",
                c.closes_on,
                False,
                "Completed during the consultation, including equalities, with named VCS representatives.",
            )
        )
    if published_on:
        found.append(Entry("Feedback published", published_on, True))
    else:
        found.append(
            Entry(
                "Feedback due",
                rules.feedback_due_on(c.closes_on),
                False,
                f"The portal expects feedback within {rules.weeks(rules.FEEDBACK_WEEKS)} of closing.",
            )
        )
    if decision:
        found.append(Entry("Decision recorded", decision.decided_on, True, decision.get_outcome_display()))
    else:
        found.append(
            Entry(
                "Decision due",
                rules.decision_due_on(c.closes_on, published_on),
                False,
                f"The portal expects a decision within {rules.weeks(rules.DECISION_WEEKS)} of feedback.",
            )
        )
    if decision and decision.notice_starts_on and decision.notice_ends_on:
        found.extend(_notice(c, decision, timeline_rules))
    if c.status == Status.COMPLETED:
        found.append(Entry("Consultation completed", rules.local_date(c.completed_at), True))
    return found


def _consent(consent) -> Entry:
    verb = "agreed" if consent.is_agreed else "did not agree"
    note = f"{consent.how}." if consent.on_behalf else f"{consent.how}, by {consent.given_by}."
    return Entry(f"{consent.organisation.name} {verb} to a shorter period", consent.given_on, True, note)


def _notice(c, decision, timeline_rules) -> list[Entry]:
    terms = rules.notice_terms(c.kind, timeline_rules)
    started = c.status in (Status.NOTICE_PERIOD, Status.COMPLETED)
    ends_label = (
        "Funding policy change takes effect" if c.kind == Consultation.Kind.FUNDING_POLICY else "Formal notice ends"
    )
    note = ""
    if terms and terms.is_under_ideal(decision.notice_starts_on, decision.notice_ends_on):
        note = (
            f"Under the ideal of {terms.describe(terms.ideal)} "
            f"({workdays.format_date(terms.ideal_ends_on(decision.notice_starts_on))})."
        )
    return [
        Entry("Formal notice starts", decision.notice_starts_on, started),
        Entry(ends_label, decision.notice_ends_on, c.status == Status.COMPLETED, note),
    ]


def due_next(found: list[Entry], today: date) -> Entry | None:
    upcoming = [e for e in found if e.state(today) == "due"]
    return min(upcoming, key=lambda e: e.on) if upcoming else None


def overdue(found: list[Entry], today: date) -> list[Entry]:
    return [e for e in found if e.state(today) == "overdue"]
