"""Ending a funding agreement for performance: the steps the Compacts ask for, in order, each
refusal naming the step that is missing (West Cheshire 6 (1): an agreed improvement timetable
before funding ends; 6 (3) and Stafford "Concluding funding": notice with reasons, and the
costs of winding down considered).

    performance concern -> improvement plan (agreed timetable) -> plan ends, not met -> notice
"""

from datetime import date

from compact_portal.workdays import format_date

from . import rules
from .models import ImprovementPlan


def latest_plan(agreement) -> ImprovementPlan | None:
    return agreement.improvement_plans.order_by("-starts_on", "-pk").first()


def steps_refusal(agreement, today: date) -> str | None:
    """The step missing before notice can be given at all, or None."""
    if getattr(agreement, "ending_notice", None) is not None:
        return "Notice has already been given on this agreement."
    if agreement.ends_on < today:
        return "The agreement has already ended."
    plan = latest_plan(agreement)
    if plan is None:
        return (
            "Record the performance concern and agree an improvement plan with a timetable with the "
            "organisation before giving notice."
        )
    if today < plan.ends_on:
        return f"The improvement plan runs until {format_date(plan.ends_on)}. Notice can be given only after it ends."
    if plan.outcome == ImprovementPlan.Outcome.OPEN:
        return "Record whether the improvement plan was met before giving notice."
    if plan.outcome == ImprovementPlan.Outcome.MET:
        return "The improvement plan was met, so there are no performance grounds for ending the funding."
    return None


def notice_refusal(
    agreement,
    *,
    today: date,
    reasons: str = "",
    winding_down_costs: str = "",
    notice_starts_on: date | None = None,
    notice_ends_on: date | None = None,
) -> str | None:
    """Why notice cannot be given now on these terms, or None."""
    missing = steps_refusal(agreement, today)
    if missing:
        return missing
    if not reasons.strip():
        return "Give the reasons for ending the funding; they are sent to the organisation."
    if not winding_down_costs.strip():
        return "Record how the costs of winding down the funded work were considered."
    if notice_starts_on is None or notice_ends_on is None:
        return "Enter when notice starts and ends."
    if notice_starts_on < today:
        return "Notice cannot start before today."
    terms = rules.ending_notice_terms(rules.rules_for_agreement(agreement))
    if terms.is_under_minimum(notice_starts_on, notice_ends_on):
        return (
            f"Notice must be at least the Compact's {terms.describe(terms.minimum)} (to "
            f"{format_date(terms.minimum_ends_on(notice_starts_on))})."
        )
    return None
