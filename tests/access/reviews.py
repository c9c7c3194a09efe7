"""The yearly review. `setup` opens this year's self-assessment for the world's compact, writes
a draft annual review for this year with one finished PDF, and a published review of last year
with its final PDF; and adds an action to the plan. Board pages answer 404 to everyone else;
an organisation's self-assessment is for its own members (the board may read it), 404 to
anyone else; only an admin submits it. Published reviews, their PDFs and the action plan are
public."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from compact_portal import workdays
from reviews import services as review_services
from reviews import survey as review_survey
from reviews.models import Action, AnnualReview, ReviewRendering

from . import BOARD, EVERYONE, NOT_FOUND, OWN_VCS, SIGNED_IN, Rule

FAKE_PDF = b"%PDF-1.7\n%fake for the access table\n%%EOF\n"


def setup(world):
    today = workdays.today()
    board = world.users["board_member"]
    world.review_year = today.year
    review_services.open_round(
        compact=world.compact, year=today.year, opens_on=today, due_on=today + timedelta(weeks=6), by=board
    )
    draft = review_services.save_review(
        compact=world.compact,
        year=today.year,
        by=board,
        operation="It operated.",
        difference_made="It helped.",
        annual_meeting_on=None,
        commentary={},
    )
    rendering = ReviewRendering.objects.create(
        review=draft, version=1, status=ReviewRendering.Status.DONE, progress=100, page_count=1
    )
    rendering.pdf.save(rendering.filename, ContentFile(FAKE_PDF))
    world.rendering = rendering
    published = AnnualReview.objects.create(
        compact=world.compact,
        year=today.year - 1,
        status=AnnualReview.Status.PUBLISHED,
        published_at=timezone.now(),
        published_html="<p>The published report.</p>",
    )
    final = ReviewRendering.objects.create(
        review=published, version=1, draft=False, status=ReviewRendering.Status.DONE, progress=100, page_count=1
    )
    final.pdf.save(final.filename, ContentFile(FAKE_PDF))
    world.published_year = published.year
    Action.objects.create(compact=world.compact, title="Train champions", year_agreed=today.year, owner=world.council)
    review_survey.open_survey(
        compact=world.compact, year=today.year, opens_on=today, closes_on=today + timedelta(weeks=4), by=board
    )


def board_year(world):
    return {"slug": world.compact.slug, "year": world.review_year}


def own_assessment(world):
    return {"slug": world.vcs_organisation.slug, "year": world.review_year}


def _board(allowed=BOARD, kwargs=board_year, **rule):
    return Rule(allowed, kwargs, refused=NOT_FOUND, **rule)


RULES = {
    # The board's pages (one compact: the index sends the board member straight to it).
    "reviews:review_index": _board(kwargs=lambda w: {}, ok_status=(200, 302)),
    "reviews:review_home": _board(kwargs=lambda w: {"slug": w.compact.slug}),
    "reviews:assessment_open": _board(kwargs=lambda w: {"slug": w.compact.slug}, post=True),
    "reviews:assessment_round": _board(),
    "reviews:assessment_chase": _board(post=True),
    "reviews:assessment_results": _board(),
    "reviews:annual_review_edit": _board(post=True),
    "reviews:annual_review_preview": _board(),
    "reviews:annual_review_build": _board(post=True),
    "reviews:annual_review_publish": _board(post=True),
    "reviews:rendering_status": _board(kwargs=lambda w: {**board_year(w), "version": w.rendering.version}),
    "reviews:rendering_pdf": _board(kwargs=lambda w: {**board_year(w), "version": w.rendering.version}),
    "reviews:rendering_progress": _board(kwargs=lambda w: {**board_year(w), "version": w.rendering.version}),
    # The Compact survey: the board opens it and reads the totals; an organisation's admin answers.
    "reviews:survey_open": _board(kwargs=lambda w: {"slug": w.compact.slug}, post=True),
    "reviews:survey_results": _board(),
    "reviews:survey_answer": Rule(
        frozenset({"vcs_admin"}), own_assessment, post=True, refused=NOT_FOUND, forbidden=frozenset({"vcs_member"})
    ),
    # A signatory's own self-assessment: members fill it in, an admin submits it, the board reads it.
    "reviews:my_assessments": Rule(SIGNED_IN),
    "reviews:assessment": Rule(OWN_VCS | BOARD, own_assessment, refused=NOT_FOUND),
    "reviews:assessment_section": Rule(
        OWN_VCS, lambda w: {**own_assessment(w), "section_slug": "funding"}, post=True, refused=NOT_FOUND
    ),
    "reviews:assessment_submit": Rule(
        frozenset({"vcs_admin"}), own_assessment, post=True, refused=NOT_FOUND, forbidden=frozenset({"vcs_member"})
    ),
    # The public site: published reviews only.
    "reviews:annual_reviews": Rule(EVERYONE, lambda w: {"slug": w.compact.slug}),
    "reviews:annual_review": Rule(EVERYONE, lambda w: {"slug": w.compact.slug, "year": w.published_year}),
    "reviews:annual_review_pdf": Rule(EVERYONE, lambda w: {"slug": w.compact.slug, "year": w.published_year}),
    "reviews:action_plan": Rule(EVERYONE, lambda w: {"slug": w.compact.slug}),
}
