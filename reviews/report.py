"""The annual review report: everything it shows, from the record and the board's words. The
HTML page and the PDF render the same dictionary (templates/reviews/report/). Each other app's
chapter comes from that app's selectors, which hold its rules and keep confidential details out."""

from datetime import date

from compact_portal import workdays
from consultations import selectors as consultation_selectors
from disputes import selectors as dispute_selectors
from funding import selectors as funding_selectors
from signatories import selectors as signatory_selectors
from signatories.models import Organisation

from .charts import bar_chart
from .models import Action, AnnualReview, AssessmentRound
from .selectors import (
    Results,
    actions_for_year,
    edition_for_year,
    milestone_summary,
    results,
    review_sections,
    section_label,
)

# Assembling the report ---------------------------------------------------------------------


def assemble_report(review: AnnualReview, today: date | None = None) -> dict:
    """Everything the report shows, from the record and the board's words. The HTML page and
    the PDF render this same dictionary (templates/reviews/report/)."""
    today = today or workdays.today()
    compact, year = review.compact, review.year
    edition = review.edition or edition_for_year(compact, year)
    assessment_round = AssessmentRound.objects.filter(compact=compact, year=year).select_related("edition").first()
    found = results(assessment_round) if assessment_round else None
    commentary = {c.section_id: c.text for c in review.commentaries.all()} if review.pk else {}
    section_results = {row.item.pk: row for row in found.by_section} if found else {}
    sections = [
        {
            "section": s,
            "label": section_label(s),
            "commentary": commentary.get(s.pk, ""),
            "result": section_results.get(s.pk),
        }
        for s in review_sections(review)
    ]
    actions = list(actions_for_year(compact, year))
    report = {
        "review": review,
        "compact": compact,
        "year": year,
        "edition": edition,
        "today": today,
        "is_draft": not review.is_published,
        "period_starts_on": date(year, 1, 1),
        "period_ends_on": date(year, 12, 31),
        "sections": sections,
        "assessment": _assessment_facts(assessment_round, found),
        "consultations": consultation_selectors.annual_facts(compact, year, today),
        "grants": funding_selectors.annual_facts(compact, year, public=review.is_published),
        "disputes": dispute_selectors.annual_summary(compact, year),
        "signatories": signatory_selectors.annual_facts(compact, year),
        "action_plan": {
            "actions": actions,
            "milestones": milestone_summary(actions, year, today),
            "done": sum(1 for a in actions if a.status == Action.Status.DONE),
            "carried_over": sum(1 for a in actions if a.year_agreed < year),
        },
    }
    report["chapters"] = [{"id": chapter_id, "title": title} for chapter_id, title in CHAPTERS]
    return report


CHAPTERS = (
    ("at-a-glance", "The year at a glance"),
    ("operation", "How the Compact operated"),
    ("promises", "The promises and codes of practice"),
    ("compliance", "Keeping the undertakings"),
    ("consultations", "Consultations"),
    ("funding", "Funding changes"),
    ("disputes", "Breach concerns and disputes"),
    ("signatories", "Signatories and Compact champions"),
    ("action-plan", "The action plan"),
    ("difference", "The difference the Compact made"),
)


def _assessment_facts(assessment_round, found: Results | None) -> dict | None:
    if assessment_round is None or found is None:
        return None
    invited = assessment_round.assessments.filter(organisation__status=Organisation.Status.SIGNED).count()
    return {
        "round": assessment_round,
        "results": found,
        "invited": invited,
        "by_section_chart": bar_chart("chart-by-promise", "Undertakings met, by promise or code", found.by_section),
        "by_sector_chart": bar_chart("chart-by-sector", "Undertakings met, by sector", found.by_sector),
        "least_met": sorted(
            (row for row in found.by_undertaking if row.tally.rated and row.tally.percent_met < 100),
            key=lambda row: (row.tally.percent_met, -row.tally.rated),
        )[:5],
    }
