"""The annual review as a publication: the cover names the compact and its partners (with the
uploaded logo), the chair's foreword, headline figures, charts, periods in weeks, rows of zeros
folded into sentences, counts under five withheld in the public version (page and PDF alike)
while the board's draft shows them, no count per undertaking of breach concerns, and the annual
meeting's agenda, minutes and actions. A second compact without these reads as its own.
REVIEW_PDF_OUT=folder keeps the PDFs rendered here, to look at."""

import os
import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from reviews import demo as review_demo
from reviews import report as review_report
from reviews import services as review_services
from reviews import tasks
from reviews.models import AnnualMeeting, AnnualReview
from signatories.models import BoardMembership, BoardSelfReview, User
from tests import factories
from undertakings.models import Compact


def _flat(text):
    return " ".join(text.split())


def _png(width=40, height=20) -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), "#1d70b8").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def demo(db):
    from tools import demo as portal_demo

    portal_demo.load("a-demo-password-for-tests")
    compact = Compact.objects.get(name="The Riverside Compact")
    for module in ("consultations.demo", "disputes.demo", "funding.demo"):
        __import__(module, fromlist=["load"]).load(compact)
    review = review_demo.load_review_demo(compact)
    return {"compact": compact, "review": review, "board": User.objects.get(email="board@riverside.example")}


def _render(review, by=None):
    rendering = review_services.request_rendering(review=review, by=by)
    tasks.render_annual_review(rendering.pk)
    rendering.refresh_from_db()
    assert rendering.status == "done", rendering.error
    with rendering.pdf.open("rb") as handle:
        data = handle.read()
    if os.environ.get("REVIEW_PDF_OUT"):
        Path(os.environ["REVIEW_PDF_OUT"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["REVIEW_PDF_OUT"]) / rendering.filename).write_bytes(data)
    reader = PdfReader(BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


SMALL_COUNT_PHRASES = re.compile(
    r"(?<!Page )\b[1-4] (?:consultations?|breach concerns?|cases?|decisions?|payments?|signator(?:y|ies)|actions?|"
    r"milestones?|ratings?|hearings?|differences?|joined|left|done|of)\b"
)


def test_the_demo_review_pdf_reads_as_a_publication_and_the_public_version_withholds_small_counts(demo, client):
    review, compact, board = demo["review"], demo["compact"], demo["board"]
    _, draft_pages = _render(review, by=board)
    draft = _flat("\n".join(draft_pages))
    cover = _flat(draft_pages[0])
    assert "The Riverside Compact" in cover and "Annual review" in cover
    for partner in ("Riverside Borough Council", "Riverside Integrated Care Board", "Riverside Police"):
        assert partner in cover
    assert "Riverside Council for Voluntary Service" in cover  # the sector's body on the board
    seated = set(BoardMembership.objects.filter(compact=compact).values_list("organisation_id", flat=True))
    unseated = compact.organisations.signatories().filter(sector="vcs").exclude(pk__in=seated).first()
    assert unseated is not None and unseated.name not in cover  # a signatory, not a partner on the cover
    for partner in compact.organisations.signatories().filter(sector="partner"):
        assert partner.name in cover  # business and other partners where the compact admits them
    assert "Foreword" in draft and review_demo.DEMO_FOREWORD.split(".")[0] in draft
    chairs = review_report.chairs(compact, review.year)
    assert chairs and all(chair in draft for chair in chairs)
    assert re.search(r"standard consultation period is \d+ weeks(?: and \d+ days?)?, and never less than", draft)
    assert not re.search(r"\d+\.\d+ weeks", draft)
    assert "Welcome from the chair" in draft and "Actions agreed" in draft  # the annual meeting
    assert "of signatories say the partnership works well or very well" in draft  # headline from the survey
    assert "The Compact survey" in draft
    # The board's draft shows small counts as they are.
    assert SMALL_COUNT_PHRASES.search(draft), "the demo should have small counts for the draft to show"

    with time_machine.travel(date(review.year + 1, 1, 4)):
        published = review_services.publish_review(review=review, by=board)
    final = published.renderings.get(draft=False)
    tasks.render_annual_review(final.pk)
    reader, public_pages = _render(published, by=board)
    public = _flat("\n".join(public_pages))
    assert "fewer than 5" in public
    assert not SMALL_COUNT_PHRASES.search(public), SMALL_COUNT_PHRASES.search(public)
    assert "Riverside Police" in _flat(public_pages[0]) and review_demo.DEMO_FOREWORD.split(".")[0] in public

    page = client.get(reverse("reviews:annual_review", args=[compact.slug, published.year]))
    html = _flat(re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert page.status_code == 200 and "fewer than 5" in html
    assert not SMALL_COUNT_PHRASES.search(html), SMALL_COUNT_PHRASES.search(html)
    assert "Riverside Police" in html and "data:image/png;base64," in page.content.decode()
    assert 'href="#foreword"' in page.content.decode()


@pytest.fixture
def review(compact, edition, council, vcs_organisation, board_member):
    BoardMembership.objects.filter(user=board_member).update(role=BoardMembership.Role.CHAIR)
    board_member.full_name = "Priya Chair"
    board_member.save()
    return AnnualReview.objects.create(
        compact=compact, edition=edition, year=2026, operation="It ran.", difference_made="It helped."
    )


def test_the_foreword_is_signed_by_the_chair_or_co_chairs_of_the_year(review, compact):
    assert review_report.foreword(review) is None  # none written: no foreword chapter
    review.foreword = "A year of partnership."
    review.save()
    found = review_report.foreword(review)
    assert found["names"] == ["Priya Chair"] and found["signed"] == "Chair of the board of the Testshire Compact"
    co_chair = factories.BoardMembershipFactory(compact=compact, role=BoardMembership.Role.CO_CHAIR, year=2026)
    co_chair.user.full_name = "Sam Second"
    co_chair.user.save()
    assert review_report.foreword(review)["names"] == ["Priya Chair", "Sam Second"]
    assert review_report.foreword(review)["signed"].startswith("Co-chairs")


def test_the_cover_names_public_bodies_and_the_sectors_bodies_on_the_board(review, compact, council, vcs_organisation):
    factories.BoardMembershipFactory(compact=compact, organisation=vcs_organisation, year=2026)
    factories.BoardMembershipFactory(compact=compact, organisation=vcs_organisation, year=2025)
    factories.PublicBodyFactory(compact=compact, name="Applied Council", status="applied")
    partners = review_report.partners(compact, 2026)
    assert partners == {
        "public_bodies": [council.name],
        "infrastructure_bodies": [vcs_organisation.name],
        "other_partners": [],
    }


def test_a_logo_must_be_a_small_png_or_jpeg(review):
    review.logo = SimpleUploadedFile("logo.svg", b"<svg/>", content_type="image/svg+xml")
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert "logo" in error.value.message_dict
    review.logo = SimpleUploadedFile("logo.png", _png() + b"\0" * (1024 * 1024), content_type="image/png")
    with pytest.raises(ValidationError, match="1 MB or smaller"):
        review.full_clean()
    review.logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    review.full_clean()
    review.save()
    assert review_report.logo_data_uri(review).startswith("data:image/png;base64,")


def _body(review):
    return _flat(render_to_string("reviews/report/body.html", review_report.assemble_report(review)))


def test_zero_rows_fold_into_sentences_and_breach_concerns_are_not_counted_by_undertaking(review):
    text = _body(review)
    assert "No consultation ran short of the standard period in 2026." in text
    assert "No departure from the Compact was recorded in 2026." in text
    assert "No funding agreement ended in 2026" in text and "At the end of their term: 0" not in text
    assert "Undertakings named in breach concerns" not in text
    assert "The date of the annual meeting of signatories has not been set yet." in text


def test_the_annual_meeting_prints_its_agenda_minutes_and_actions(review):
    AnnualMeeting.objects.create(
        review=review, agenda="Welcome\n- The review\n\nQuestions", minutes="All agreed.", actions="Write to MPs"
    )
    text = _body(review)
    assert "Agenda" in text and "The review" in text and "All agreed." in text and "Write to MPs" in text


def test_the_boards_self_review_of_the_year_is_printed_as_its_own_chapter(review, compact):
    assert "How the board reviewed itself" not in _body(review)
    BoardSelfReview.objects.create(
        compact=compact,
        year=review.year - 1,
        held_on=date(review.year - 1, 11, 1),
        went_well="Another year's review.",
        to_improve="-",
    )
    assert "Another year's review." not in _body(review)
    BoardSelfReview.objects.create(
        compact=compact,
        year=review.year,
        held_on=date(review.year, 11, 1),
        went_well="We met every quarter.",
        to_improve="Papers went out late.",
        actions="Send papers a week ahead\nMeet once at the chamber",
    )
    text = _body(review)
    assert "How the board reviewed itself" in text and "1 November" in text
    assert "We met every quarter." in text and "Papers went out late." in text
    assert "Send papers a week ahead" in text and "Meet once at the chamber" in text
    assert "Another year's review." not in text


def test_the_draft_shows_small_counts_and_the_public_version_withholds_them(review, compact, council):
    factories.OrganisationFactory(compact=compact)  # three signatories in all
    draft = _body(review)
    assert "3 signatories" in draft
    review.status = AnnualReview.Status.PUBLISHED
    public = _body(review)
    assert "3 signatories" not in public and "fewer than 5 signatories" in public
    assert "Counts from 1 to 4 are shown as “fewer than 5”" in public


def test_a_second_compact_without_foreword_logo_or_survey_reads_as_its_own(demo):
    other = factories.CompactFactory(name="Westshire Compact", area="Westshire")
    edition = factories.EditionFactory(compact=other, label="2019")
    factories.SectionFactory(edition=edition, title="Volunteering", slug="volunteering")
    westshire = AnnualReview.objects.create(compact=other, edition=edition, year=demo["review"].year)
    report = review_report.assemble_report(westshire)
    assert report["foreword"] is None and report["cover"]["logo"] == "" and report["survey"] is None
    assert "foreword" not in [c["id"] for c in report["chapters"]]
    text = _body(westshire)
    assert "The board did not run a Compact survey" in text and "Riverside" not in text
    riverside = review_report.assemble_report(demo["review"])
    assert riverside["foreword"] and riverside["cover"]["logo"] and riverside["survey"]["results"].shown
