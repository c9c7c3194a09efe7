"""Departures from the Compact in a consultation, flagged on its timeline and counted for the
board's annual review (Wiltshire "Reviewing the operation of The Compact annually").

Flags are computed from the record, never stored, so they cannot go stale. The lifecycle
guards stop most departures; these catch what got through another way (the admin, an edit
after launch, exceptional circumstances) so that the board sees it. Each flag carries the date
that places it in a review year.
"""

from dataclasses import dataclass
from datetime import date

from compact_portal.workdays import format_date

from . import rules
from .lifecycle import missing_consents
from .models import Consultation

PERIOD_SHORTENED_WITHOUT_CONSENT = "period_shortened_without_consent"
PERIOD_BELOW_MINIMUM = "period_below_minimum"
IMPACT_ASSESSMENT_LATE = "impact_assessment_late"
NOTICE_UNDER_MINIMUM = "notice_under_minimum"
DECISION_WITHOUT_PUBLISHED_FEEDBACK = "decision_without_published_feedback"
NOT_ON_FORWARD_PLAN = "not_on_forward_plan"
HOLIDAY_PERIOD_WITHOUT_REASON = "holiday_period_without_reason"

LABELS = {
    PERIOD_SHORTENED_WITHOUT_CONSENT: (
        "Consultation period shortened without the consent of every affected organisation and a stated reason"
    ),
    PERIOD_BELOW_MINIMUM: "Consultation period under the Compact's absolute minimum",
    IMPACT_ASSESSMENT_LATE: "Joint impact assessment not completed during the consultation",
    NOTICE_UNDER_MINIMUM: "Formal notice under the Compact's minimum",
    DECISION_WITHOUT_PUBLISHED_FEEDBACK: "Decision made before feedback was published",
    NOT_ON_FORWARD_PLAN: "Launched without having been on the forward plan of consultations",
    HOLIDAY_PERIOD_WITHOUT_REASON: "Ran over a holiday period without a recorded reason",
}


@dataclass(frozen=True)
class Flag:
    code: str
    detail: str
    dated_on: date

    @property
    def label(self) -> str:
        return LABELS[self.code]


def _one(consultation, name):
    return getattr(consultation, name, None)


def flags(consultation: Consultation, timeline_rules=None, holiday_periods=None) -> list[Flag]:
    """Every departure from the Compact in this consultation. Drafts have none: nothing has
    happened yet. Pass `timeline_rules` and `holiday_periods` when checking many consultations
    of one compact."""
    if not consultation.is_published or not (consultation.opens_on and consultation.closes_on):
        return []
    timeline_rules = timeline_rules or rules.rules_for(consultation)
    c, found = consultation, []

    if rules.is_shortened(c.opens_on, c.closes_on, timeline_rules):
        missing = missing_consents(c)
        if missing or not c.shortened_reason.strip():
            who = ", ".join(o.name for o in missing)
            detail = (
                f"No agreement at the outset recorded from {who}."
                if missing
                else "No reason for the shorter period was published."
            )
            found.append(Flag(PERIOD_SHORTENED_WITHOUT_CONSENT, detail, c.opens_on))
    if rules.is_below_minimum(c.opens_on, c.closes_on, timeline_rules):
        found.append(
            Flag(
                PERIOD_BELOW_MINIMUM,
                f"Ran from {format_date(c.opens_on)} to {format_date(c.closes_on)}, under "
                f"{rules.weeks(timeline_rules.minimum_consultation_weeks)}.",
                c.opens_on,
            )
        )

    # West Cheshire s.2 (3): consultations avoid the compact's holiday periods. Running over one
    # without making up the days is warned; without a recorded reason it is a departure.
    warning = rules.consultation_holiday_warning(c, timeline_rules, holiday_periods)
    if warning and not c.holiday_reason.strip():
        found.append(
            Flag(
                HOLIDAY_PERIOD_WITHOUT_REASON,
                f"Ran over the {warning.names} to {format_date(c.closes_on)} without making up the days lost to "
                f"them (to {format_date(warning.corrected_closes_on)}) or recording why.",
                c.opens_on,
            )
        )

    # West Cheshire s.2; Stafford: public bodies publish the consultations they expect. Counted
    # once the body keeps a forward plan in the portal, so that records from before it did are
    # not flagged for a plan that was kept elsewhere.
    keeps_plan = any(entry.compact_id == c.compact_id for entry in c.owner.planned_consultations.all())
    if keeps_plan and not any(entry.was_planned_before(c.launched_at) for entry in c.planned_entries.all()):
        found.append(
            Flag(
                NOT_ON_FORWARD_PLAN, "No entry on the forward plan was linked to it before it was launched.", c.opens_on
            )
        )

    assessment, feedback, decision = _one(c, "impact_assessment"), _one(c, "feedback"), _one(c, "decision")
    if assessment is not None and assessment.is_complete and assessment.completed_on > c.closes_on:
        found.append(
            Flag(
                IMPACT_ASSESSMENT_LATE,
                f"Completed on {format_date(assessment.completed_on)}, after the "
                f"consultation closed on {format_date(c.closes_on)}.",
                c.closes_on,
            )
        )
    elif feedback is not None and feedback.published_at and not (assessment and assessment.is_complete):
        found.append(
            Flag(
                IMPACT_ASSESSMENT_LATE,
                "Feedback was published without a completed joint impact assessment.",
                c.closes_on,
            )
        )

    if decision is not None:
        if feedback is None or not feedback.published_at or feedback.published_at > decision.recorded_at:
            found.append(
                Flag(
                    DECISION_WITHOUT_PUBLISHED_FEEDBACK,
                    f"Decision of {format_date(decision.decided_on)} recorded before feedback was published.",
                    decision.decided_on,
                )
            )
        terms = rules.notice_terms(c.kind, timeline_rules)
        if (
            decision.proceeds
            and terms
            and decision.notice_starts_on
            and decision.notice_ends_on
            and terms.is_under_minimum(decision.notice_starts_on, decision.notice_ends_on)
        ):
            reason = decision.exceptional_reason.strip()
            found.append(
                Flag(
                    NOTICE_UNDER_MINIMUM,
                    f"Notice from {format_date(decision.notice_starts_on)} to {format_date(decision.notice_ends_on)}, "
                    f"under {terms.describe(terms.minimum)}."
                    + (f" Exceptional circumstances given: {reason}" if reason else ""),
                    decision.decided_on,
                )
            )
    return found
