"""Every portal table scrolls inside its own named, focusable box (WCAG 1.4.10 Reflow), put
there in one way (compact_portal.templatetags.portal_tables), and every table header, in the
pages and the annual review's PDF alike, says whether it heads a column or a row."""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils.safestring import mark_safe

from compact_portal.templatetags.portal_tables import scrollable_tables

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# The Django admin has its own tables; the annual review's body goes into a PDF as it is and is
# put in boxes by the pages that show it (reviews/preview.html, reviews/public_report.html).
NOT_PORTAL_PAGES = ("admin", "disputes/admin")
REPORT_BODY = "reviews/report"


def portal_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not name.startswith(NOT_PORTAL_PAGES):
            yield name, path.read_text()


def test_every_portal_table_is_in_a_scrolling_box():
    unboxed = [
        name
        for name, text in portal_templates()
        if not name.startswith(REPORT_BODY) and text.count("<table") != text.count("{% scroll_table")
    ]
    assert not unboxed, f"Put these tables in {{% scroll_table %}}: {unboxed}"


def test_the_annual_reviews_pages_box_the_reports_tables():
    assert "|scrollable_tables" in (TEMPLATES / "reviews/public_report.html").read_text()
    assert "{% filter scrollable_tables %}" in (TEMPLATES / "reviews/preview.html").read_text()


def test_every_table_header_has_a_scope():
    missing = [
        f"{name}: {header}"
        for name, text in portal_templates()
        for header in re.findall(r"<th\b[^>]*>", text)
        if not re.search(r'scope="(col|row)"', header)
    ]
    assert not missing, missing


def test_the_box_is_focusable_and_named():
    html = Template("{% load portal_tables %}{% scroll_table label %}<table></table>{% endscroll_table %}").render(
        Context({"label": "Cases & deadlines"})
    )
    assert html == (
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Cases &amp; deadlines">'
        "<table></table></div>"
    )


def test_ready_made_tables_are_boxed_and_named_after_their_caption():
    html = scrollable_tables(
        mark_safe(
            "<p>Before</p><table><caption class='c'>Grants <b>awarded</b></caption></table>"
            "<table><tr><td>x</td></tr></table>"
        )
    )
    assert html.count('class="app-table-wrapper" tabindex="0" role="region"') == 2
    assert 'aria-label="Grants awarded"' in html and 'aria-label="Table"' in html
    assert html.startswith("<p>Before</p>")


def test_text_not_marked_safe_is_escaped_not_boxed():
    assert scrollable_tables("<table></table>") == "&lt;table&gt;&lt;/table&gt;"
