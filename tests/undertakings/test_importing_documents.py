"""The importer on Compacts written for the project, one per common layout, each with its counts
written down by hand: numbered themes in plain text with a contents list and page footers;
Markdown with codes as headings and bold party lines; "Part A", "Code of Practice on X" and
"Annex" with lettered sub-groups, marked draft and with signatories; Markdown with statements of
agreement, a procedure under a plain heading and principles inside a code; a Word document built
with heading styles and list paragraphs; a PDF made from the first; and a scan with no text."""

from collections import Counter
from pathlib import Path

import pytest

from undertakings.importing import CompactParseError, parse_compact, read_document
from undertakings.importing.structure import UNSURE_PARTY, UNSURE_PROCEDURE

DOCUMENTS = Path(__file__).parent / "documents"


def imported(path_or_bytes, filename=""):
    return parse_compact(read_document(path_or_bytes, filename), filename=filename or Path(path_or_bytes).name)


def outline(compact):
    return [(s.kind, s.number, s.title, dict(Counter(u.party for u in s.undertakings))) for s in compact.sections]


def rules(compact):
    return {(r.rule, r.value, r.unit) for r in compact.timeline_rules}


def texts(compact):
    return [u.text for s in compact.sections for u in s.undertakings]


# --- numbered themes, party lines, a dot-leader contents list, page footers -------------------

RIVERDALE_OUTLINE = [
    ("other", "2", "Funding and commissioning", {"public": 3, "vcs": 2, "shared": 1}),
    ("other", "3", "Consultation and policy", {"public": 2, "vcs": 1}),
    ("procedure", "4", "Resolving disagreements", {"": 5}),
]
RIVERDALE_RULES = {
    ("notice_months", 3, "months"),
    ("consultation_weeks", 12, "weeks"),
    ("minimum_consultation_weeks", 8, "weeks"),
    ("panel_convene_days", 15, "days"),
    ("panel_members_per_sector", 2, "people"),
    ("representatives_per_party", 2, "people"),
    ("hearing_weeks", 3, "weeks"),
}


def test_numbered_themes_with_party_lines_and_numbered_undertakings():
    compact = imported(DOCUMENTS / "riverdale.txt")
    assert compact.title == "The Riverdale Compact"
    assert outline(compact) == RIVERDALE_OUTLINE
    funding = compact.sections[0].undertakings
    assert [u.number for u in funding] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert funding[2].text == "Offer funding agreements of three years where possible."
    assert funding[4].text == "Tell funders early about any difficulty in delivering a service they are paid for."
    assert rules(compact) == RIVERDALE_RULES


def test_contents_list_and_page_footers_do_not_leak():
    compact = imported(DOCUMENTS / "riverdale.txt")
    assert not [t for t in texts(compact) if "Page" in t or "...." in t or "Riverdale Compact 2024" in t]
    assert any("Removed repeating page headers and footers" in w for w in compact.warnings)


def test_a_procedure_without_party_lists_is_a_procedure_whose_steps_belong_to_no_party():
    procedure = imported(DOCUMENTS / "riverdale.txt").sections[2]
    assert procedure.purpose == "Either partner may raise a concern that the Compact has not been kept."
    assert procedure.unsure == UNSURE_PROCEDURE
    assert all(u.party == "" and not u.unsure for u in procedure.undertakings)


# --- Markdown: codes as headings, bold party lines --------------------------------------------


def test_markdown_codes_with_bold_party_lines():
    compact = imported(DOCUMENTS / "eastmoor.md")
    assert compact.title == "The Eastmoor Compact"
    assert outline(compact) == [
        ("code", None, "Funding Code", {"public": 2, "vcs": 1, "shared": 1}),
        ("code", None, "Consultation Code", {"public": 2, "vcs": 1}),
        ("code", None, "Volunteering Code", {"public": 1, "vcs": 1, "": 1}),
    ]
    assert len(compact.principles) == 3
    assert rules(compact) == {("notice_months", 3, "months"), ("consultation_weeks", 6, "weeks")}
    assert not [t for t in texts(compact) if "**" in t]


def test_an_unknown_party_is_flagged_for_the_board_not_guessed():
    compact = imported(DOCUMENTS / "eastmoor.md")
    [unknown] = [u for u in compact.sections[2].undertakings if not u.party]
    assert unknown.text == "Publish an annual report on volunteering."
    assert unknown.unsure == UNSURE_PARTY.format(line="The Partnership Board will")
    assert any("The Partnership Board will:" in w for w in compact.warnings)


# --- Part A, Code of Practice on X, Annex; lettered sub-groups; draft; signatories ------------


def test_parts_codes_and_annexes_with_lettered_sub_groups():
    compact = imported(DOCUMENTS / "northbridge.txt")
    assert compact.title == "The Northbridge Compact"
    assert outline(compact) == [
        ("other", "A", "Working together", {"public": 2, "vcs": 1}),
        ("code", None, "Funding", {"public": 4, "vcs": 1}),
        ("code", None, "Volunteering", {"shared": 2}),
        ("procedure", "1", "Settling differences", {"": 3}),
    ]
    working = compact.sections[0].undertakings
    assert working[1].text == "Share the information the sector needs, including:\n- budgets;\n- timetables."
    funding = compact.sections[1].undertakings
    assert [u.group for u in funding] == ["Better funding"] * 2 + ["Fairer decisions"] * 2 + [""]
    assert [u.group for u in compact.sections[3].undertakings] == ["Stage 1", "Stage 2", "Stage 2"]
    assert rules(compact) == {
        ("funding_policy_notice_weeks", 12, "weeks"),
        ("panel_convene_days", 14, "days"),
        ("hearing_weeks", 8, "weeks"),
    }


def test_a_draft_with_signatories_proposes_them_and_says_it_is_a_draft():
    compact = imported(DOCUMENTS / "northbridge.txt")
    assert compact.draft
    assert [(s.name, s.sector) for s in compact.signatories] == [
        ("Northbridge Borough Council", "public"),
        ("Northbridge Council for Voluntary Service", "vcs"),
        ("Northbridge and District NHS Trust", "public"),
        ("Northbridge Faith Forum", "vcs"),
    ]
    assert not [t for t in texts(compact) if "Northbridge" in t]


# --- Markdown: statements of agreement, a procedure under a plain heading, a code's principles -


def test_statements_of_agreement_are_principles_and_commitments_among_them_undertakings():
    compact = imported(DOCUMENTS / "kelmarsh.md")
    assert compact.title == "The Kelmarsh Compact"
    assert outline(compact) == [
        ("other", None, "Working with small groups", {"shared": 1, "public": 2}),
        ("procedure", None, "Resolving differences", {"": 3}),
        ("code", None, "Funding", {"public": 3, "vcs": 1}),
    ]
    small_groups = compact.sections[0]
    assert small_groups.principles == [
        "Small groups find it hard to answer a consultation quickly.",
        "Small groups should be offered help to take part in partnerships.",
    ]
    assert small_groups.undertakings[0].text == "We will hold an open meeting for small groups every year."
    assert compact.principles == []


def test_a_procedure_under_a_plain_heading_keeps_its_stages_and_leaves_out_a_caption():
    compact = imported(DOCUMENTS / "kelmarsh.md")
    procedure = compact.sections[1]
    assert procedure.purpose == "Either partner may say that the Compact has not been kept."
    assert [u.group for u in procedure.undertakings] == ["Informal stage", "Formal stage", "Formal stage"]
    assert not [u for u in procedure.undertakings if "How a concern moves" in u.text]
    assert any("How a concern moves" in w and "nothing under it" in w for w in compact.warnings)
    assert rules(compact) == {("panel_convene_days", 21, "days")}


def test_principles_inside_a_code_are_the_codes_and_lettered_groups_head_its_lists():
    funding = imported(DOCUMENTS / "kelmarsh.md").sections[2]
    assert funding.principles == [
        "Funding decisions are made in the open.",
        "Money for a service should cover its full cost.",
    ]
    assert [u.group for u in funding.undertakings] == ["Before a grant round"] * 2 + ["After a decision", ""]


# --- Word: heading styles and list paragraphs -------------------------------------------------


def southwold_docx(path):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Southwold Compact: agreed text"
    document.sections[0].footer.paragraphs[0].text = "Printed on recycled paper"
    document.add_heading("The Southwold Compact", 0)
    document.add_paragraph("An agreement between the public bodies and the voluntary sector of Southwold.")
    document.add_heading("Funding", 1)
    document.add_paragraph("How money passes between the sectors.")
    document.add_heading("Public bodies will", 2)
    document.add_paragraph("Pay grants in advance.", style="List Bullet")
    document.add_paragraph("Explain decisions in writing.", style="List Bullet")
    document.add_heading("Voluntary organisations will", 2)
    document.add_paragraph("Keep proper accounts.", style="List Number")
    document.add_heading("Consultation", 1)
    document.add_heading("Both sectors will", 2)
    document.add_paragraph("Consult for no fewer than eight weeks on any change of policy.", style="List Bullet")
    document.add_paragraph("Publish the responses.", style="List Bullet")
    document.add_heading("Disputes", 1)
    document.add_paragraph(
        "A panel of two members from each sector hears a concern, and each party may bring up to two representatives."
    )
    document.save(path)
    return path


def test_word_document_with_heading_styles_and_list_paragraphs(tmp_path):
    compact = imported(southwold_docx(tmp_path / "southwold.docx"))
    assert compact.title == "The Southwold Compact"
    assert outline(compact) == [
        ("other", None, "Funding", {"public": 2, "vcs": 1}),
        ("other", None, "Consultation", {"shared": 2}),
        ("procedure", None, "Disputes", {}),
    ]  # a procedure under a Word heading, described in one paragraph: kept, and its rules found
    assert compact.sections[0].purpose == "How money passes between the sectors."
    assert compact.sections[2].purpose.startswith("A panel of two members from each sector")
    assert rules(compact) == {
        ("minimum_consultation_weeks", 8, "weeks"),
        ("panel_members_per_sector", 2, "people"),
        ("representatives_per_party", 2, "people"),
    }
    assert not [t for t in texts(compact) if "recycled" in t or "agreed text" in t]


# --- PDF made from the numbered-themes document, with running footers; a scan ----------------


def riverdale_pdf() -> bytes:
    """The Riverdale text set as a PDF: themes as headings, a contents page with dot leaders,
    a running footer with the page number on every page."""
    import html
    import re

    from weasyprint import HTML

    pages = (DOCUMENTS / "riverdale.txt").read_text().split("\f")
    body = []
    for page in pages:
        blocks = [
            b.strip() for b in page.split("\n\n") if b.strip() and not b.strip().startswith("Riverdale Compact 2024")
        ]
        parts = []
        for block in blocks:
            for line in block.split("\n") if re.match(r"^\d\.\d ", block) or "...." in block else [block]:
                tag = "h2" if re.match(r"^\d\. [A-Z][^.]*$", line) else "p"
                parts.append(f"<{tag}>{html.escape(' '.join(line.split()))}</{tag}>")
        body.append("".join(parts))
    document = (
        '<html><head><style>@page { size: A4; margin: 2cm; @bottom-center { content: "Riverdale Compact 2024 - Page " '
        "counter(page); font-size: 9pt } } body { font-size: 11pt } h2 { font-size: 16pt } p { margin: 0 0 1em }"
        "</style></head><body>" + '<div style="break-before: page"></div>'.join(body) + "</body></html>"
    )
    return HTML(string=document).write_pdf()


def test_pdf_reads_as_its_text_does():
    compact = imported(riverdale_pdf(), "riverdale.pdf")
    assert compact.title == "The Riverdale Compact"
    assert outline(compact) == RIVERDALE_OUTLINE
    assert rules(compact) == RIVERDALE_RULES
    assert not [t for t in texts(compact) if "Page" in t or "Riverdale Compact 2024" in t]


def test_a_scanned_pdf_with_no_text_is_refused_clearly():
    from weasyprint import HTML

    scan = HTML(
        string='<svg width="500" height="700"><rect x="40" y="40" width="400" height="12"/>'
        '<rect x="40" y="70" width="380" height="12"/></svg>'
    ).write_pdf()
    with pytest.raises(CompactParseError) as caught:
        read_document(scan, "scanned.pdf")
    assert "has no text in it" in str(caught.value) and "scanned" in str(caught.value)


def test_the_benchmark_document_imports_whole():
    from tools.import_timing import measure_pdf_import

    figure = measure_pdf_import(pages=4)
    assert (figure["pages"], figure["sections"], figure["undertakings"]) == (5, 4, 48)
