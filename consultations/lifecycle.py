"""The consultation lifecycle, in one table.

    draft -> open -> closed -> feedback published -> decided -> formal notice -> completed
                                                        \\-> completed (withdrawn, or no notice due)

`TRANSITIONS` lists every move with the statuses it starts from and its guards. A guard takes
the consultation and today's date and returns, in plain English, why the move cannot happen
yet, or None. That sentence is what the officer sees, so it says what to do. Services perform
moves through `move`; pages show `options`. Nothing else decides which move is allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from compact_portal import workdays
from compact_portal.workdays import format_date

from . import rules
from .models import Consultation

Status = Consultation.Status
Guard = Callable[[Consultation, date], "str | None"]


class TransitionRefused(Exception):
    """A move the Compact does not allow yet; `reason` is for the person who asked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _one(consultation, name):
    """A reverse one-to-one (impact assessment, feedback, decision) or None. Django's
    RelatedObjectDoesNotExist is an AttributeError, so getattr's default covers it."""
    return getattr(consultation, name, None)


def _names(organisations) -> str:
    names = [o.name for o in organisations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# Launch -------------------------------------------------------------------------------------


def has_proposal(c, today):
    if not c.proposal.strip():
        return "Describe the proposal before launching the consultation."


def has_affected_organisations(c, today):
    if not c.affected_organisations.all():
        return "Choose the organisations affected by the proposal before launching the consultation."


def funding_change_has_criteria(c, today):
    # Wiltshire funding promise; West Cheshire s.6 (5): criteria and revised outcomes published
    # at the launch of a consultation on a funding change.
    if c.is_funding_change and not (c.criteria.strip() and c.revised_outcomes.strip()):
        return (
            "A funding change cannot be launched without the criteria and revised outcomes on which the "
            "decision will be made. Add them to the proposal."
        )


def has_dates(c, today):
    if not (c.opens_on and c.closes_on):
        return "Enter the dates the consultation opens and closes before launching it."


def opens_today_or_later(c, today):
    if c.opens_on and c.opens_on < today:
        return (
            f"The opening date, {format_date(c.opens_on)}, has passed. Change the dates so that the "
            f"consultation runs its full period from launch."
        )


def period_keeps_the_compact(c, today):
    # West Cheshire s.2 (3): never below the absolute minimum (8 weeks).
    if c.opens_on and c.closes_on:
        refusal = rules.period_refusal(
            c.opens_on, c.closes_on, rules.rules_for(c), rules.region_for(c), rules.holiday_periods_for(c)
        )
        return f"{refusal}." if refusal else None


def missing_consents(c) -> list:
    """Affected organisations that have not agreed, at the outset, to a shorter period."""
    agreed = {consent.organisation_id for consent in c.consents.all() if consent.covers(c)}
    return [o for o in c.affected_organisations.all() if o.pk not in agreed]


def shortened_period_agreed(c, today):
    # Wiltshire funding and consulting promises; West Cheshire s.2 (3): shorter only by mutual
    # consent agreed at the outset, with the reason stated in the documents.
    if not (c.opens_on and c.closes_on) or not rules.is_shortened(c.opens_on, c.closes_on, rules.rules_for(c)):
        return None
    standard = rules.weeks(rules.rules_for(c).consultation_weeks)
    if not c.shortened_reason.strip():
        return f"Give the reason for running the consultation for less than {standard}; it is published with it."
    missing = missing_consents(c)
    if missing:
        return (
            f"{_names(missing)} must agree to a period shorter than {standard}, on or before the opening "
            f"date, before launching. Each affected organisation is asked by email and answers in the portal."
        )


# Close, feedback, decision ---------------------------------------------------------------


def closing_date_passed(c, today):
    # Consultees keep every day of the period, the close date included.
    if c.closes_on and today <= c.closes_on:
        return (
            f"The consultation is open until the end of {format_date(c.closes_on)}. It can be closed from "
            f"{format_date(c.closes_on + timedelta(days=1))}."
        )


def impact_assessment_complete(c, today):
    # Wiltshire funding promise; West Cheshire s.6 (5): a joint impact assessment, including
    # equalities, with VCS representation.
    assessment = _one(c, "impact_assessment")
    if assessment is None or not assessment.is_complete:
        return (
            "Complete the joint impact assessment, including equalities, with at least one affected "
            "organisation agreeing to take part, before publishing feedback."
        )


def feedback_ready(c, today):
    # West Cheshire s.2 (7), (10): review the feedback and publish views and actions.
    feedback = _one(c, "feedback")
    if feedback is None or not (feedback.what_you_said.strip() and feedback.what_we_did.strip()):
        return "Write the feedback (“what you said, what we did”) before publishing it."
    if not feedback.reviewed_at:
        return "Confirm that the feedback has been reviewed before publishing it."


def feedback_is_published(c, today):
    feedback = _one(c, "feedback")
    if feedback is None or not feedback.published_at:
        return "Publish the feedback on the consultation before recording a decision."


# Formal notice and completion ----------------------------------------------------------------


def decision_proceeds(c, today):
    decision = _one(c, "decision")
    if decision is None:
        return "Record the decision first."
    if not decision.proceeds:
        return "The proposal was withdrawn, so there is no formal notice to give."


def notice_applies(c, today):
    if rules.notice_terms(c.kind, rules.rules_for(c)) is None:
        return "The Compact sets formal notice for funding changes only; complete the consultation instead."


def financial_information_given(c, today):
    # Wiltshire funding promise; West Cheshire s.6 (4): enough financial information with notice.
    decision = _one(c, "decision")
    if c.kind == Consultation.Kind.FUNDING_REDUCTION and decision and not decision.financial_information.strip():
        return "Record the financial information given to the organisations before formal notice starts."


def notice_keeps_the_compact(c, today):
    decision = _one(c, "decision")
    terms = rules.notice_terms(c.kind, rules.rules_for(c))
    if decision and terms:
        refusal = rules.notice_refusal(
            terms,
            decided_on=decision.decided_on,
            starts_on=decision.notice_starts_on,
            ends_on=decision.notice_ends_on,
            exceptional_reason=decision.exceptional_reason,
        )
        return f"{refusal}." if refusal else None


def no_notice_outstanding(c, today):
    decision = _one(c, "decision")
    if c.status == Status.DECIDED and decision and decision.proceeds and rules.notice_terms(c.kind, rules.rules_for(c)):
        return "A decision to proceed with a funding change must give formal notice: start it first."


def notice_has_ended(c, today):
    decision = _one(c, "decision")
    if c.status == Status.NOTICE_PERIOD and decision and decision.notice_ends_on and today < decision.notice_ends_on:
        return (
            f"Formal notice runs until {format_date(decision.notice_ends_on)}. "
            f"The consultation can be completed from that date."
        )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: tuple
    target: str
    guards: tuple[Guard, ...]
    explanation: str = ""  # what happens, shown before the officer confirms


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "launch",
            "Launch the consultation",
            (Status.DRAFT,),
            Status.OPEN,
            (
                has_proposal,
                has_affected_organisations,
                funding_change_has_criteria,
                has_dates,
                opens_today_or_later,
                period_keeps_the_compact,
                shortened_period_agreed,
            ),
            "The consultation, its criteria and any reason for a shorter period are published, and the "
            "affected organisations are emailed. Its dates can no longer be changed.",
        ),
        Transition(
            "close",
            "Close the consultation",
            (Status.OPEN,),
            Status.CLOSED,
            (closing_date_passed,),
            "No more responses can be sent. Next, finish the joint impact assessment and publish feedback.",
        ),
        Transition(
            "publish_feedback",
            "Publish the feedback",
            (Status.CLOSED,),
            Status.FEEDBACK_PUBLISHED,
            (impact_assessment_complete, feedback_ready),
            "“What you said, what we did” is published and every affected and responding organisation is emailed.",
        ),
        Transition(
            "decide",
            "Record the decision",
            (Status.FEEDBACK_PUBLISHED,),
            Status.DECIDED,
            (feedback_is_published,),
            "The decision, its rationale and any appeal route are published and the organisations are emailed.",
        ),
        Transition(
            "start_notice",
            "Start formal notice",
            (Status.DECIDED,),
            Status.NOTICE_PERIOD,
            (decision_proceeds, notice_applies, financial_information_given, notice_keeps_the_compact),
            "Formal notice of the change runs from the date in the decision.",
        ),
        Transition(
            "complete",
            "Complete the consultation",
            (Status.DECIDED, Status.NOTICE_PERIOD),
            Status.COMPLETED,
            (no_notice_outstanding, notice_has_ended),
            "The consultation is finished and kept as a record.",
        ),
    ]
}


# What each move has done, to name the step still missing: "after the feedback is published".
DONE = {
    "launch": "the consultation is launched",
    "close": "the consultation has closed",
    "publish_feedback": "the feedback is published",
    "decide": "the decision is recorded",
    "start_notice": "formal notice has started",
    "complete": "the consultation is completed",
}


def _next_step(status: str, name: str) -> Transition | None:
    """The first move on the shortest way from `status` to a status `name` can start from, or
    None when there is none (the move was made already, or the way is past)."""
    wanted = TRANSITIONS[name].sources
    frontier, seen = [(status, None)], {status}
    while frontier:
        following = []
        for current, first in frontier:
            for transition in TRANSITIONS.values():
                if current in transition.sources and transition.target not in seen:
                    step = first or transition
                    if transition.target in wanted:
                        return step
                    seen.add(transition.target)
                    following.append((transition.target, step))
        frontier = following
    return None


def _out_of_order(consultation: Consultation, name: str, today: date) -> str:
    """The refusal of a move made out of order: the step that is missing, and what that step
    is waiting for, if anything."""
    transition = TRANSITIONS[name]
    step = _next_step(consultation.status, name)
    if step is None:
        return (
            f"The consultation is {consultation.get_status_display().lower()}: it is too late to "
            f"{transition.label[0].lower()}{transition.label[1:]}."
        )
    waiting = refusal(consultation, step.name, today)
    return f"{transition.label} after {DONE[step.name]}." + (f" {waiting}" if waiting else "")


def refusal(consultation: Consultation, name: str, today: date | None = None) -> str | None:
    """Why `name` cannot happen to the consultation now, or None if it can."""
    transition = TRANSITIONS[name]
    today = today or workdays.today()
    if consultation.status not in transition.sources:
        return _out_of_order(consultation, name, today)
    for guard in transition.guards:
        reason = guard(consultation, today)
        if reason:
            return reason
    return None


@dataclass(frozen=True)
class Option:
    transition: Transition
    refusal: str | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def options(consultation: Consultation, today: date | None = None) -> list[Option]:
    """The moves from the consultation's status, each with the reason it is refused, if it is."""
    return [
        Option(t, refusal(consultation, t.name, today))
        for t in TRANSITIONS.values()
        if consultation.status in t.sources
    ]


def move(consultation: Consultation, name: str, today: date | None = None) -> Consultation:
    """Set the consultation's new status, or raise TransitionRefused. The caller saves."""
    reason = refusal(consultation, name, today)
    if reason:
        raise TransitionRefused(reason)
    consultation.status = TRANSITIONS[name].target
    return consultation
