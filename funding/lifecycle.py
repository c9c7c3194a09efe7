"""A grant round's lifecycle, in one table (the shape of consultations/lifecycle.py).

    draft -> open -> closed -> decided

A guard takes the round and today's date and returns, in plain English, why the move cannot
happen yet, or None. That sentence is what the officer sees. Services move through `move`;
pages show `options`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from compact_portal import workdays
from compact_portal.workdays import format_date

from . import rules
from .models import GrantRound

Status = GrantRound.Status
Guard = Callable[[GrantRound, date], "str | None"]


class TransitionRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Opening -----------------------------------------------------------------------------------


def has_eligibility_and_criteria(r, today):
    # Stafford funding code; West Cheshire section 1: clear eligibility and assessment criteria.
    if not (r.eligibility.strip() and r.criteria.strip()):
        return "Say who may apply and how applications will be assessed before opening the round."


def has_amount(r, today):
    if not r.amount_available:
        return "Enter the amount available before opening the round."


def has_dates(r, today):
    if not (r.opens_on and r.closes_on):
        return "Enter the dates applications open and close before opening the round."
    if not (r.grants_start_on and r.grants_end_on):
        return "Enter when the grants start and end before opening the round."


def opens_today_or_later(r, today):
    if r.opens_on and r.opens_on < today:
        return (
            f"The opening date, {format_date(r.opens_on)}, has passed. Change the dates so that applicants "
            f"have the whole lead-in."
        )


def lead_in_keeps_the_compact(r, today):
    if r.opens_on and r.closes_on:
        refusal = rules.lead_in_refusal(r.opens_on, r.closes_on, rules.rules_for(r), r.short_lead_in_reason)
        return f"{refusal}." if refusal else None


# Closing and deciding ------------------------------------------------------------------------


def closing_date_passed(r, today):
    if r.closes_on and today <= r.closes_on:
        return (
            f"Applications are open until the end of {format_date(r.closes_on)}. The round can be closed from "
            f"{format_date(r.closes_on + timedelta(days=1))}."
        )


def every_application_decided(r, today):
    undecided = [a.organisation.name for a in r.applications.all() if not a.is_decided]
    if undecided:
        return (
            f"Record a decision with reasons on every application before announcing them: still to decide "
            f"{', '.join(undecided)}."
        )


def awards_within_amount(r, today):
    awarded = sum((a.amount_awarded or 0) for a in r.applications.all() if a.is_award)
    if r.amount_available and awarded > r.amount_available:
        return (
            f"The awards add up to £{awarded:,.2f}, more than the £{r.amount_available:,.2f} available. "
            f"Change the amounts awarded."
        )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    guards: tuple[Guard, ...]
    explanation: str = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "open",
            "Open the round",
            (Status.DRAFT,),
            Status.OPEN,
            (has_eligibility_and_criteria, has_amount, has_dates, opens_today_or_later, lead_in_keeps_the_compact),
            "The round, its eligibility, criteria and dates are published and signed organisations can apply. "
            "Its dates can no longer be changed.",
        ),
        Transition(
            "close",
            "Close the round",
            (Status.OPEN,),
            Status.CLOSED,
            (closing_date_passed,),
            "No more applications can be sent. Next, assess each one and record the decision with reasons.",
        ),
        Transition(
            "announce",
            "Announce the decisions",
            (Status.CLOSED,),
            Status.DECIDED,
            (every_application_decided, awards_within_amount),
            "Award letters go to the successful organisations and feedback with reasons to the others; a "
            "funding agreement is made for each award and the awards are published, as open data too.",
        ),
    ]
}


def refusal(grant_round: GrantRound, name: str, today: date | None = None) -> str | None:
    transition = TRANSITIONS[name]
    if grant_round.status not in transition.sources:
        return f"This cannot be done while the round is {grant_round.get_status_display().lower()}."
    today = today or workdays.today()
    for guard in transition.guards:
        reason = guard(grant_round, today)
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


def options(grant_round: GrantRound, today: date | None = None) -> list[Option]:
    return [
        Option(t, refusal(grant_round, t.name, today)) for t in TRANSITIONS.values() if grant_round.status in t.sources
    ]


def move(grant_round: GrantRound, name: str, today: date | None = None) -> GrantRound:
    reason = refusal(grant_round, name, today)
    if reason:
        raise TransitionRefused(reason)
    grant_round.status = TRANSITIONS[name].target
    return grant_round
