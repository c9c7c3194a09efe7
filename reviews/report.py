"""The annual review report: everything it shows, from the record and the board's words. The
HTML page and the PDF render the same dictionary (templates/reviews/report/). Each other app's
chapter comes from that app's selectors, which hold its rules and keep confidential details out."""

import base64
import mimetypes
from collections import Counter
from datetime import date

from compact_portal import figures, workdays
from consultations import selectors as consultation_selectors
from disputes import selectors as dispute_selectors
from funding import selectors as funding_selectors
from signatories import selectors as signatory_selectors
from signatories.models import BoardMembership, Organisation, Sector

from . import survey as review_survey
from .charts import bar_chart, survey_chart, trend_chart, value_chart
from .models import Action, AnnualMeeting, AnnualReview, AssessmentRound
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
    public = review.is_published
    consultations = consultation_selectors.annual_facts(compact, year, today)
    grants = funding_selectors.annual_facts(compact, year, public=public)
    disputes = dispute_selectors.annual_summary(compact, year)
    survey = _survey_facts(compact, year)
    report = {
        "review": review,
        "public": public,
        "cover": cover(review),
        "foreword": foreword(review),
        "consultation_chapter": _consultation_chapter(consultations, year, public),
        "funding_chapter": _funding_chapter(consultations, grants, year, public),
        "dispute_chapter": _dispute_chapter(disputes, year, public),
        "survey": survey,
        "meeting": AnnualMeeting.objects.filter(review=review).first() if review.pk else None,
        "board_self_review": board_self_review(compact, year),
        "compact": compact,
        "year": year,
        "edition": edition,
        "today": today,
        "is_draft": not review.is_published,
        "period_starts_on": date(year, 1, 1),
        "period_ends_on": date(year, 12, 31),
        "sections": sections,
        "assessment": _assessment_facts(assessment_round, found),
        "consultations": consultations,
        "grants": grants,
        "disputes": disputes,
        "signatories": signatory_selectors.annual_facts(compact, year),
        "action_plan": {
            "actions": actions,
            "milestones": milestone_summary(actions, year, today),
            "done": sum(1 for a in actions if a.status == Action.Status.DONE),
            "carried_over": sum(1 for a in actions if a.year_agreed < year),
        },
    }
    report["headlines"] = headlines(report)
    report["chapters"] = [
        {"id": chapter_id, "title": title}
        for chapter_id, title in CHAPTERS
        if (chapter_id != "board-review" or report["board_self_review"])
        and (chapter_id != "foreword" or report["foreword"])
    ]
    return report


CHAPTERS = (
    ("foreword", "Foreword"),
    ("at-a-glance", "The year at a glance"),
    ("operation", "How the Compact operated"),
    ("promises", "The promises and codes of practice"),
    ("compliance", "Keeping the undertakings"),
    ("consultations", "Consultations"),
    ("funding", "Funding changes"),
    ("disputes", "Breach concerns and disputes"),
    ("signatories", "Signatories and Compact champions"),
    ("survey", "The Compact survey"),
    ("action-plan", "The action plan"),
    ("board-review", "How the board reviewed itself"),
    ("annual-meeting", "The annual meeting of signatories"),
    ("difference", "The difference the Compact made"),
)


# The cover and the foreword ------------------------------------------------------------------

CHAIR_ROLES = (
    BoardMembership.Role.INDEPENDENT_CHAIR,
    BoardMembership.Role.CHAIR,
    BoardMembership.Role.CO_CHAIR,
)


def partners(compact, year: int) -> dict:
    """The partners named on the cover: the public bodies that are signatories, and the VCS
    infrastructure bodies, read as the voluntary sector signatories that hold a seat on the
    board in the year (they sign for and represent the sector), and the business and other
    partners that are signatories where the compact admits them."""
    public_bodies = list(
        compact.organisations.signatories().filter(sector=Sector.PUBLIC).order_by("name").values_list("name", flat=True)
    )
    seats = BoardMembership.objects.filter(
        compact=compact, year=year, organisation__sector=Sector.VCS, organisation__status=Organisation.Status.SIGNED
    )
    infrastructure = sorted(set(seats.values_list("organisation__name", flat=True)))
    other_partners = list(
        compact.organisations.signatories()
        .filter(sector=Sector.PARTNER)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return {"public_bodies": public_bodies, "infrastructure_bodies": infrastructure, "other_partners": other_partners}


def chairs(compact, year: int) -> list[str]:
    """The names of the board's chair (or co-chairs) in the year, independent chair first."""
    order = {role: index for index, role in enumerate(CHAIR_ROLES)}
    seats = BoardMembership.objects.filter(compact=compact, year=year, role__in=CHAIR_ROLES).select_related("user")
    return [seat.user.get_full_name() for seat in sorted(seats, key=lambda seat: (order[seat.role], seat.pk))]


def logo_data_uri(review: AnnualReview) -> str:
    """The uploaded logo inline (a data: URL): the PDF renderer fetches nothing, and the public
    page needs no link to where uploads are kept."""
    if not review.logo:
        return ""
    try:
        with review.logo.open("rb") as image:
            data = image.read()
    except (OSError, ValueError):
        return ""
    kind = mimetypes.guess_type(review.logo.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def cover(review: AnnualReview) -> dict:
    return {"partners": partners(review.compact, review.year), "logo": logo_data_uri(review)}


def foreword(review: AnnualReview) -> dict | None:
    if not review.foreword.strip():
        return None
    names = chairs(review.compact, review.year)
    role = "Chair" if len(names) <= 1 else "Co-chairs"
    return {"text": review.foreword, "names": names, "signed": f"{role} of the board of {review.compact.the_name}"}


def board_self_review(compact, year: int):
    """The board's yearly review of its own performance (Wiltshire), printed as its own chapter:
    the latest one recorded for the year, or None."""
    return signatory_selectors.board_self_review(compact, year)


# Figures up front ----------------------------------------------------------------------------


def headlines(report: dict) -> list[dict]:
    """The few figures a reader sees first, each a number and what it counts."""
    public, year = report["public"], report["year"]
    found = [
        {
            "figure": figures.count_text(figures.shown(report["signatories"]["count"], public)),
            "label": "signatories of the Compact",
        },
    ]
    chapter = report["consultation_chapter"]
    if chapter:
        found.append({"figure": chapter["opened_text"], "label": f"consultations opened in {year}"})
        if chapter["percent_standard"] is not None:
            found.append(
                {"figure": f"{chapter['percent_standard']}%", "label": "of them ran for the full standard period"}
            )
    disputes = report["dispute_chapter"]
    if disputes:
        found.append({"figure": figures.count_text(disputes["total"]), "label": "breach concerns raised"})
    survey = report["survey"]
    if survey and survey["results"].overall.percent_well is not None:
        found.append(
            {
                "figure": f"{survey['results'].overall.percent_well}%",
                "label": "of signatories say the partnership works well or very well",
            }
        )
    assessment = report["assessment"]
    if assessment and assessment["results"].overall.rated:
        found.append({"figure": f"{assessment['results'].overall.percent_met}%", "label": "of undertakings met"})
    return found


# Chapters with counts: withheld under five in the public version -----------------------------


def _days(start, end) -> int:
    return workdays.days_between(start, end)


# The chart's labels; the table beside it says each in full.
CONSULTATION_KINDS_SHORT = (
    "Standard period or longer",
    "Shortened, agreed",
    "Shortened, not agreed",
    "Under the minimum",
)


def _consultation_chapter(facts: dict | None, year: int, public: bool) -> dict | None:
    if not facts:
        return None
    rows = facts["rows"]
    agreed = sum(1 for r in rows if r["shortened"] and r["consented"])
    not_agreed = sum(1 for r in rows if r["shortened"] and not r["consented"])
    below = sum(1 for r in rows if r["below_minimum"])
    opened = figures.shown(facts["opened"], public)
    kinds = [
        ("Ran for the standard period or longer", facts["at_standard"]),
        ("Shortened with the agreement of those affected", agreed),
        ("Shortened without every organisation's agreement", not_agreed),
        ("Ran for less than the minimum", below),
    ]
    shown_kinds = [(label, figures.shown(n, public)) for label, n in kinds]
    table, zero_kinds = figures.fold_zeros(shown_kinds)
    departures, zero_departures = figures.fold_zeros([(label, figures.shown(n, public)) for label, n in facts["flags"]])
    total = facts["opened"]
    return {
        "opened": opened,
        "opened_text": figures.count_text(opened),
        "standard_period": figures.format_weeks(facts["standard_weeks"] * 7),
        "minimum_period": figures.format_weeks(facts["minimum_weeks"] * 7),
        # A share of fewer than five says as much as the count: withheld with it.
        "percent_standard": (
            round(100 * facts["at_standard"] / total) if total and figures.shown(total, public) is not None else None
        ),
        "kinds": table,
        "zero_kinds": [label.lower() for label in zero_kinds],
        "chart": value_chart(
            "chart-consultations",
            f"Consultations opened in {year}, by how long they ran",
            [(short, n) for short, (_, n) in zip(CONSULTATION_KINDS_SHORT, shown_kinds, strict=True)],
            describe=lambda n: figures.count_text(n),
        ),
        "shortened": [
            {**r, "length": figures.format_weeks(_days(r["consultation"].opens_on, r["consultation"].closes_on))}
            for r in facts["shortened"]
        ],
        "departures": departures,
        "zero_departures": [label[0].lower() + label[1:] for label in zero_departures],
        "total_departures": figures.shown(facts["total_flags"], public),
    }


def _funding_chapter(facts: dict | None, grants: dict, year: int, public: bool) -> dict:
    rows = []
    if facts:
        rows = [
            ("New funding agreements", facts["agreements_started"]),
            ("Three-year agreements", facts["agreements_three_year"]),
            ("Paid in advance", facts["agreements_in_advance"]),
            ("Funding decisions", len(facts["funding_changes"])),
        ]
    shown_rows = [(label, figures.shown(n, public)) for label, n in rows]
    if grants.get("award_count") is not None or grants.get("round_count"):
        shown_rows.append(("Grants awarded", grants.get("award_count")))
    return {
        # "None ended" in a sentence rather than a row of zeros.
        "none_ended": all(count == 0 for _, count in grants.get("ended_rows", ())),
        "chart": value_chart(
            "chart-funding", f"Funding in {year}", shown_rows, describe=lambda n: figures.count_text(n)
        ),
    }


def _dispute_chapter(facts: dict | None, year: int, public: bool) -> dict | None:
    """Counts by stage, outcome and promise (never by undertaking: a count of one undertaking's
    cases can point to a single case), each withheld under five in the public version."""
    if not facts:
        return None
    by_stage = [(label, figures.shown(n, public)) for label, n in facts["by_stage"]]
    by_outcome, zero_outcomes = figures.fold_zeros(
        [(label, figures.shown(n, public)) for label, n in facts["by_outcome"]]
    )
    sections: Counter = Counter()
    for undertaking, n in facts["by_undertaking"]:
        sections[section_label(undertaking.section)] += n
    return {
        "total": figures.shown(facts["total"], public),
        "referred": figures.shown(facts["referred_to_panel"], public),
        "hearings": figures.shown(facts["hearings"], public),
        "internal": figures.shown(facts["differences_resolved_internally"], public),
        "by_stage": figures.fold_zeros(by_stage)[0],
        "by_outcome": by_outcome,
        "zero_outcomes": [label.lower() for label in zero_outcomes],
        "by_promise": [(label, figures.shown(n, public)) for label, n in sorted(sections.items())],
        "summaries": facts["outcome_summaries"],
        "chart": value_chart(
            "chart-disputes",
            f"Breach concerns raised in {year}, by the stage they reached",
            by_stage,
            describe=lambda n: figures.count_text(n),
        ),
    }


def _survey_facts(compact, year: int) -> dict | None:
    found = review_survey.survey_of_year(compact, year)
    if found is None:
        return None
    results = review_survey.results(found)
    trend = review_survey.trend(compact, year)
    return {
        "survey": found,
        "results": results,
        "chart": survey_chart(results),
        "trend": trend,
        "trend_chart": trend_chart(trend),
        "min_answers": review_survey.MIN_ANSWERS,
    }


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
