"""The Compact's clock for a grant round: the lead-in before applications close, and when the
funder's decisions are due. Pure functions of the compact's `TimelineRules` and dates, so the
form, the lifecycle guards, the public page, the deadlines and the annual review agree. Date
arithmetic goes through `compact_portal.workdays`.
"""

from dataclasses import dataclass
from datetime import date

from compact_portal import workdays
from compact_portal.workdays import format_date
from consultations.rules import NoticeTerms, notice_terms, weeks

# The Compacts fix no time for deciding a round once it closes; the portal reminds the funder
# after four weeks, as it does for a consultation's feedback (consultations.rules.FEEDBACK_WEEKS).
DECISION_WEEKS = 4


def rules_for(grant_round):
    cached = getattr(grant_round, "_timeline_rules", None)
    if cached is None:
        cached = grant_round._timeline_rules = grant_round.compact.rules
    return cached


def lead_in_closes_on(opens_on: date, rules, region: str = workdays.DEFAULT_REGION) -> date:
    """Stafford funding code: a lead-in of up to 12 weeks (`grant_lead_in_weeks`) before
    applications close; a date on a weekend or bank holiday moves to the next working day."""
    return workdays.consultation_closes_on(opens_on, rules.grant_lead_in_weeks, region)


def keeps_lead_in(opens_on: date, closes_on: date, rules) -> bool:
    return closes_on >= workdays.add_weeks(opens_on, rules.grant_lead_in_weeks)


@dataclass(frozen=True)
class LeadInWarning:
    """Applications close before the compact's lead-in has run; `corrected_closes_on` keeps it."""

    lead_in_weeks: int
    closes_on: date
    corrected_closes_on: date

    @property
    def message(self) -> str:
        return (
            f"Applications close before the Compact's lead-in of {weeks(self.lead_in_weeks)}. Closing on "
            f"{format_date(self.corrected_closes_on)} keeps it; a shorter lead-in needs a published reason."
        )


def lead_in_warning(
    opens_on: date, closes_on: date, rules, region: str = workdays.DEFAULT_REGION
) -> LeadInWarning | None:
    if opens_on is None or closes_on is None or closes_on <= opens_on or keeps_lead_in(opens_on, closes_on, rules):
        return None
    return LeadInWarning(rules.grant_lead_in_weeks, closes_on, lead_in_closes_on(opens_on, rules, region))


def lead_in_refusal(opens_on: date, closes_on: date, rules, reason: str = "") -> str | None:
    """Why a round with these dates cannot open, or None. Stafford funding code: up to 12 weeks'
    lead-in; if not, say why."""
    if closes_on <= opens_on:
        return "Enter a closing date after the opening date"
    if not keeps_lead_in(opens_on, closes_on, rules) and not reason.strip():
        return (
            f"Applications must be open for at least the Compact's lead-in of {weeks(rules.grant_lead_in_weeks)} "
            f"(to {format_date(workdays.add_weeks(opens_on, rules.grant_lead_in_weeks))}), or give the reason "
            f"for a shorter lead-in, which is published with the round"
        )
    return None


def decisions_due_on(closes_on: date) -> date:
    return workdays.add_weeks(closes_on, DECISION_WEEKS)


# Ending funding and renewal -------------------------------------------------------------------


def ending_notice_terms(rules) -> NoticeTerms:
    """Notice that funding ends for performance follows the Compact's notice for reducing
    funding: 3 months at least, 6 ideally (Wiltshire funding promise; West Cheshire s.6 (3))."""
    return notice_terms("funding_reduction", rules)


def renewal_decision_due_on(ends_on: date, rules) -> date:
    """When a funder must know whether an agreement will be renewed: early enough for the
    standard consultation and the formal notice a decision not to renew would need before the
    agreement ends (Wiltshire funding promise; West Cheshire s.6 (3), (5))."""
    return workdays.add_weeks(workdays.add_months(ends_on, -rules.notice_months), -rules.consultation_weeks)


def rules_for_agreement(agreement):
    return agreement.funder.compact.rules
