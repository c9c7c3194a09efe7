"""The annual review rendered from the demo data and read back with pypdf: its figures, page
count, metadata, running footer, the draft watermark, and no confidential detail of any dispute
in the PDF or on the public page. The Celery task is called directly (it is a thin wrapper)."""

import os
import re
import time
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from reviews import demo as review_demo
from reviews import pdf, tasks
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.models import ReviewRendering
from signatories.models import Organisation, User
from undertakings.models import Compact

MARKER = "CONFIDENTIAL-MARKER-REVIEW-7"


def _plant_confidential_markers(compact):
    """A breach concern taken through every stage with the marker in every confidential field
    the procedure produces (the disputes tests' own builder), closed with an outcome summary,
    which is written for the annual report and may be shown."""
    try:
        from disputes.models import Case
        from tests.disputes import helpers
    except ImportError:
        return False
    if not hasattr(helpers, "build_case_through_every_stage"):
        return False
    complainant = Organisation.objects.get(compact=compact, name="Riverside Community Action")
    respondent = Organisation.objects.get(compact=compact, name="Riverside Borough Council")
    case, _ = helpers.build_case_through_every_stage(
        complainant=complainant,
        respondent=respondent,
        complainant_user=User.objects.get(email="vcs-admin@riverside.example"),
        respondent_user=User.objects.get(email="officer@riverside.example"),
        board_user=User.objects.get(email="board@riverside.example"),
        text=lambda field: f"{MARKER}-{field}",
        close=True,
    )
    assert Case.objects.filter(pk=case.pk, what_happened__contains=MARKER).exists()
    Case.objects.filter(pk=case.pk).update(outcome_summary="Both partners agreed to plan funding changes earlier.")
    return True


@pytest.fixture
def demo(db):
    """The portal's demo data, with each app's own demo where it has one, and the review demo."""
    from tools import demo as portal_demo

    portal_demo.load("a-demo-password-for-tests")
    compact = Compact.objects.get(name="The Riverside Compact")
    for module in ("consultations.demo", "disputes.demo"):
        try:
            __import__(module, fromlist=["load"]).load(compact)
        except ImportError:
            pass
    draft = review_demo.load_review_demo(compact)  # already loaded by the portal's demo: returns the draft review
    planted = _plant_confidential_markers(compact)
    return {"compact": compact, "review": draft, "markers_planted": planted}


def _build(draft_review, by=None) -> ReviewRendering:
    rendering = review_services.request_rendering(review=draft_review, by=by)  # on_commit does not run inside the test
    tasks.render_annual_review(rendering.pk)
    rendering.refresh_from_db()
    return rendering


def _read(rendering):
    """The PDF's reader and its text. REVIEW_PDF_OUT=folder keeps a copy, to look at."""
    with rendering.pdf.open("rb") as handle:
        data = handle.read()
    if os.environ.get("REVIEW_PDF_OUT"):
        Path(os.environ["REVIEW_PDF_OUT"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["REVIEW_PDF_OUT"]) / rendering.filename).write_bytes(data)
    reader = PdfReader(BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def assert_tagged_with_title_and_language(reader, title):
    """What a screen reader needs from the PDF (PDF/UA-1): a title, shown as the window title,
    the language, and a structure tree of tagged content."""
    assert reader.metadata.title == title
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    tree = root["/StructTreeRoot"].get_object()
    assert tree.get("/K"), "the structure tree is empty: nothing is tagged"
    assert root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"), "viewers would show the file name, not the title"


def _flat(text):
    return " ".join(text.split())


def test_the_draft_pdf_reads_back_with_its_figures_metadata_footer_and_watermark(demo, capsys):
    draft_review, compact = demo["review"], demo["compact"]
    started = time.monotonic()
    rendering = _build(draft_review)
    elapsed = time.monotonic() - started
    assert (rendering.status, rendering.progress, rendering.error) == ("done", 100, "")

    reader, text = _read(rendering)
    pages = len(reader.pages)
    with capsys.disabled():
        print(f"\nannual review demo PDF: {pages} pages, {rendering.pdf.size:,} bytes, rendered in {elapsed:.2f} s")
    assert pages > 3 and pages == rendering.page_count  # cover, contents and the chapters
    assert_tagged_with_title_and_language(reader, f"{draft_review.title} (draft)")
    assert reader.metadata.author == f"The board of {compact.the_name}"

    # "Page x of y" in the running footer; the cover has none.
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Page 1 of" not in reader.pages[0].extract_text()
    # The contents page gives each chapter's page number, worked out in the layout.
    contents = reader.pages[1].extract_text()
    assert re.search(r"Foreword\s*\.+\s*3\b", contents), contents  # the demo has a foreword
    assert re.search(r"The year at a glance\s*\.+\s*4\b", contents), contents

    # The figures come from the record.
    signatories = Organisation.objects.filter(compact=compact, status=Organisation.Status.SIGNED).count()
    assert f"{signatories} signatories" in text
    results = review_selectors.results(compact.assessment_rounds.get(year=draft_review.year))
    assert results.submitted == 1 and results.overall.rated
    assert f"{results.overall.percent_met}% of {results.overall.rated} ratings" in text
    assert f"{results.overall.percent_met}% met" in text  # drawn in the SVG chart as text
    assert "Train a Compact champion in every signatory" in _flat(text)  # the action plan
    assert draft_review.operation.split(".")[0] in _flat(text)

    assert pdf.WATERMARK_TEXT in text
    assert "Draft for the board" in text


def test_publishing_builds_a_final_pdf_without_the_watermark_and_nothing_confidential_is_shown(demo, client):
    draft_review, compact = demo["review"], demo["compact"]
    board = User.objects.get(email="board@riverside.example")
    _build(draft_review, by=board)
    with time_machine.travel(date(draft_review.year + 1, 1, 4)):  # once the year it reviews has ended
        published = review_services.publish_review(review=draft_review, by=board)
    final = published.renderings.get(draft=False)  # the final version, queued on commit
    tasks.render_annual_review(final.pk)
    final.refresh_from_db()
    assert final.status == "done" and final.version == 2

    reader, text = _read(final)
    assert_tagged_with_title_and_language(reader, published.title)
    assert pdf.WATERMARK_TEXT not in text and "Draft for the board" not in text
    assert "Published by the board of the Riverside Compact on" in _flat(text)

    page = client.get(reverse("reviews:annual_review", args=[compact.slug, published.year]))
    html = page.content.decode()
    assert page.status_code == 200 and "The year at a glance" in html and "<svg" in html
    download = client.get(reverse("reviews:annual_review_pdf", args=[compact.slug, published.year]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    if not demo["markers_planted"]:
        pytest.skip(
            "the disputes app (or its tests' case builder) is missing, so there is nothing confidential to plant"
        )
    assert "Both partners agreed to plan funding changes earlier." in _flat(text)  # the summary written for the report
    assert MARKER not in text
    assert MARKER not in html
    assert MARKER not in published.published_html


def test_a_finished_version_is_not_rendered_twice_and_a_failure_is_recorded(demo, monkeypatch):
    rendering = _build(demo["review"])
    first_file = rendering.pdf.name
    tasks.render_annual_review(rendering.pk)
    rendering.refresh_from_db()
    assert rendering.pdf.name == first_file

    def broken(*args, **kwargs):
        raise RuntimeError("the layout engine fell over")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    failed = review_services.request_rendering(review=demo["review"], by=None)
    assert tasks.render_annual_review(failed.pk) == "failed"
    failed.refresh_from_db()
    assert failed.status == "failed" and "the layout engine fell over" in failed.error
