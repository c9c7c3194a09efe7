"""Tests for undertakings.importer: reading real Compact documents into sections, undertakings,
principles and proposed timeline rules.

The seed documents are read at run time from ../shared/seeds (relative to the project root);
their text is never copied into the project, so assertions use short fragments and counts.
"""

import io
import json
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from undertakings.importing import (
    CompactParseError,
    ParsedCompact,
    parse_compact,
    read_document,
)
from undertakings.importing.units import ends_sentence

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
WILTSHIRE = "000_d1620d52f0a20e41.txt"
CASE_STUDY = "001_fc6af1fbbece92eb.txt"
WEST_CHESHIRE = "002_f30ed67e52769cc3.txt"
STAFFORD = "003_341c66fb8679a426.txt"
HEREFORDSHIRE = "004_9e10f9e48502f52e.txt"


@cache
def seed_text(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed document {path} is not available")
    return read_document(path)


@cache
def parsed(name: str) -> ParsedCompact:
    return parse_compact(seed_text(name), filename=name)


def counts(section) -> dict[str, int]:
    return dict(Counter(u.party for u in section.undertakings))


def section(compact: ParsedCompact, title: str):
    return next(s for s in compact.sections if s.title == title)


def party_of(compact: ParsedCompact, title: str, fragment: str) -> str:
    return find(section(compact, title), fragment).party


def find(section, fragment: str):
    """The single undertaking of this section whose text contains the fragment."""
    matches = [u for u in section.undertakings if fragment in u.text]
    assert len(matches) == 1, f"{fragment!r} found {len(matches)} times in {section.title!r}"
    return matches[0]


def rules(compact: ParsedCompact) -> set[tuple[str, int, str]]:
    return {(r.rule, r.value, r.unit) for r in compact.timeline_rules}


def plain(text: str) -> str:
    """Text without Markdown emphasis and with whitespace collapsed, for substring checks."""
    return re.sub(r"\s+", " ", text.replace("\\", "").replace("*", ""))


def assert_undertakings_are_excerpts(compact: ParsedCompact, name: str) -> None:
    """Every line of every undertaking appears in the document as written: nothing from a page
    header, table of contents or footer was glued on."""
    source = plain(seed_text(name))
    for s in compact.sections:
        for u in s.undertakings:
            assert "....." not in u.text
            for line in u.text.split("\n"):
                assert plain(line.removeprefix("- ")) in source, line


# --- The Wiltshire Compact: plain text, page headers, five promises ----------------------------


def test_wiltshire_has_a_general_block_and_five_promises():
    compact = parsed(WILTSHIRE)
    assert compact.title == "The Wiltshire Compact"
    assert [s.kind for s in compact.sections] == ["other"] + ["promise"] * 5
    assert [s.title for s in compact.sections] == [
        "Compact Promises",
        "Funding and performance management",
        "Working with partners",
        "Consulting, engaging and involving",
        "Community groups and volunteering",
        "Equalities",
    ]
    assert all(s.number is None for s in compact.sections)


def test_wiltshire_undertakings_per_section_and_party():
    compact = parsed(WILTSHIRE)
    assert [counts(s) for s in compact.sections] == [
        {"shared": 9, "vcs": 5, "public": 7},
        {"vcs": 5, "public": 11},
        {"shared": 15, "vcs": 3, "public": 4},
        {"shared": 7, "vcs": 6, "public": 8},
        {"shared": 6, "vcs": 5, "public": 5},
        {"shared": 10},
    ]


def test_wiltshire_known_undertakings_land_under_the_right_section_and_party():
    compact = parsed(WILTSHIRE)
    funding, consulting = "Funding and performance management", "Consulting, engaging and involving"
    assert party_of(compact, "Compact Promises", "Appoint and train a Compact champion") == "shared"
    assert party_of(compact, funding, "12 week period of consultation") == "public"
    assert party_of(compact, funding, "financial reserves policy") == "vcs"
    assert party_of(compact, "Working with partners", "statutory frameworks") == "vcs"
    assert party_of(compact, consulting, "a standard period of 12 weeks") == "public"


def test_wiltshire_sub_points_stay_inside_their_undertaking():
    compact = parsed(WILTSHIRE)
    groups = find(section(compact, "Community groups and volunteering"), "Encourage community")
    assert groups.party == "vcs"
    assert groups.text.startswith("Encourage community groups to\n- ")
    assert groups.text.count("\n- ") == 6
    assert "\n- Promote local decision" in groups.text
    equality = find(section(compact, "Equalities"), "Include equality and diversity")
    assert equality.text.count("\n- ") == 3
    resourcing = find(section(compact, "Working with partners"), "Be clear whose responsibility")
    assert resourcing.text.count("\n- ") == 8


def test_wiltshire_page_headers_and_contents_do_not_leak():
    compact = parsed(WILTSHIRE)
    assert_undertakings_are_excerpts(compact, WILTSHIRE)
    texts = [u.text for s in compact.sections for u in s.undertakings]
    header = "The Wiltshire Compact"
    assert not [t for t in texts if t.endswith(header) or f"\n{header}" in t]
    assert any("Removed repeating page headers" in w and header in w for w in compact.warnings)


def test_wiltshire_shared_principles_and_timeline_rules():
    compact = parsed(WILTSHIRE)
    assert len(compact.principles) == 8
    assert compact.principles[0].startswith("The public and voluntary and community sectors affirm")
    assert rules(compact) == {("consultation_weeks", 12, "weeks"), ("notice_months", 3, "months")}
    by_name = {r.rule: r for r in compact.timeline_rules}
    assert by_name["consultation_weeks"].source.startswith("Commence a 12 week period")
    assert "three month period of formal notice" in by_name["notice_months"].source


# --- The West Cheshire Compact: Markdown, numbered undertakings, "Section N" ------------------

WEST_CHESHIRE_TITLES = [
    "Grant Funding, Commissioning and Procurement Code",
    "Consultation and Policy Appraisal Code",
    "Volunteering Code",
    "Equality and Diversity Code",
    "Working Within Partnerships, Collaborative, Consortium or other Joint Working Arrangements",
    "Managing Changes to Services",
]


def test_west_cheshire_has_four_codes_and_two_further_sets():
    compact = parsed(WEST_CHESHIRE)
    assert compact.title == "The West Cheshire Compact"
    assert [s.number for s in compact.sections] == ["1", "2", "3", "4", "5", "6"]
    assert [s.kind for s in compact.sections] == ["code"] * 4 + ["other"] * 2
    assert [s.title for s in compact.sections] == WEST_CHESHIRE_TITLES


def test_west_cheshire_undertakings_per_section_and_party():
    compact = parsed(WEST_CHESHIRE)
    assert [counts(s) for s in compact.sections] == [
        {"shared": 3, "public": 21, "vcs": 13},
        {"shared": 8, "public": 12, "vcs": 14},  # "Third Sector Commitments"
        {"shared": 8, "public": 5, "vcs": 7},
        {"shared": 10, "public": 15, "bme": 6, "vcs": 8},
        {"shared": 16, "public": 3, "vcs": 3},  # two numbered lists of shared undertakings
        {"shared": 2, "public": 8, "vcs": 8},
    ]


def test_west_cheshire_keeps_the_document_numbering():
    funding = parsed(WEST_CHESHIRE).sections[0]
    public = [u for u in funding.undertakings if u.party == "public"]
    assert [u.number for u in public] == [str(n) for n in range(1, 22)]
    assert [u.number for u in funding.undertakings if u.party == "shared"] == [None, None, None]
    assert find(funding, "Give at least 12 weeks notice").number == "1"
    assert find(funding, "Ensure that grant funding, commissioning").text.count("\n- ") == 5


def test_west_cheshire_list_items_broken_by_a_page_break_are_joined():
    compact = parsed(WEST_CHESHIRE)
    consultation = compact.sections[1]
    broken = find(consultation, "Where direct consultation with service users")
    assert (broken.party, broken.number) == ("vcs", "5")
    assert "organisations should indicate that they are responding" in broken.text
    in_advance = find(compact.sections[0], "payment in advance")
    assert "commissioning opportunities and increase the sustainability" in in_advance.text
    definition = find(compact.sections[4], "Promote community development")
    assert 'definition: "Community development is about building' in definition.text


def test_west_cheshire_equality_code_names_the_organisations_working_with_bme_communities():
    equality = parsed(WEST_CHESHIRE).sections[3]
    assert find(equality, "Participate actively within the wider community").party == "bme"
    assert find(equality, "eliminate unlawful discrimination").party == "vcs"


def test_west_cheshire_markup_is_stripped_and_nothing_leaks():
    compact = parsed(WEST_CHESHIRE)
    texts = [u.text for s in compact.sections for u in s.undertakings]
    assert not [t for t in texts if "**" in t or "#" in t]
    assert find(compact.sections[2], "must be a choice freely made").number == "1"
    assert_undertakings_are_excerpts(compact, WEST_CHESHIRE)


def test_west_cheshire_timeline_rules():
    compact = parsed(WEST_CHESHIRE)
    assert rules(compact) == {
        ("consultation_weeks", 12, "weeks"),
        ("minimum_consultation_weeks", 8, "weeks"),
        ("notice_months", 3, "months"),
        ("ideal_notice_months", 6, "months"),
        ("funding_policy_notice_weeks", 12, "weeks"),
    }
    by_name = {r.rule: r for r in compact.timeline_rules}
    assert "absolute minimum" in by_name["minimum_consultation_weeks"].source
    assert "ideally six months" in by_name["ideal_notice_months"].source
    assert by_name["funding_policy_notice_weeks"].source.startswith("Give at least 12 weeks notice")
    assert len(compact.principles) == 8  # the Compact values; each code's own principles are not the Compact's
    assert compact.principles[0].startswith("Everything we do as partners")


# --- The Stafford Borough Community Compact: codes of practice with sub-groups ---------------

STAFFORD_CODES = [
    "Community Groups and Black and Minority Ethnic Voluntary and Community Organisations",
    "Funding",
    "Partnerships",
    "Policy and Consultation",
    "Volunteering",
    "Conflict Resolution Procedure",
]


def test_stafford_keeps_its_responsibilities_its_procedures_and_its_codes():
    compact = parsed(STAFFORD)
    assert compact.title == "The Stafford Borough Community Compact"
    assert [(s.kind, s.number, s.title) for s in compact.sections] == [
        ("other", "5", "Responsibilities"),
        ("other", "6", "Community Participation"),
        ("other", "7", "Implementation and Review"),
        ("procedure", "8", "Resolving Disagreement"),
    ] + [("code", None, title) for title in STAFFORD_CODES[:-1]] + [("procedure", None, STAFFORD_CODES[-1])]


def test_stafford_undertakings_per_section_and_party():
    compact = parsed(STAFFORD)
    assert [counts(s) for s in compact.sections] == [
        {"shared": 7, "vcs": 4, "public": 4},  # "Responsibilities of the Public Sector are:"
        {},  # "We agree that:" statements, none of which commits anyone: the section's principles
        {"shared": 9},  # "All signatories agree that:" statements that commit someone, then "... will:"
        {"": 2},  # a procedure: steps, no party
        {"shared": 10, "public": 27, "community": 2, "vcs": 3},  # public: a] to e] sub-groups
        {"shared": 11, "public": 30, "vcs": 14},  # named sub-groups: General, Procurement, ...
        {"shared": 14, "public": 3, "vcs": 3},
        {"shared": 8, "public": 6, "vcs": 5},
        {"shared": 5, "public": 6, "vcs": 4},
        {"": 18},  # the staged procedure's steps; the diagram's title after it is not one
    ]


def test_stafford_conflict_procedure_is_a_section_with_its_stages_as_sub_groups():
    procedure = section(parsed(STAFFORD), "Conflict Resolution Procedure")
    assert procedure.unsure
    groups = [u.group for u in procedure.undertakings]
    assert groups.count("Stage 1") == 5 and groups.count("Stage 2") == 5 and groups.count("Stage 3") == 1
    assert "2 members from each sector" in find(procedure, "consist of").text
    assert not [u for u in procedure.undertakings if u.party or not ends_sentence(u.text)]


def test_stafford_statements_of_agreement_are_principles_not_undertakings():
    compact = parsed(STAFFORD)
    participation = section(compact, "Community Participation")
    assert (participation.undertakings, len(participation.principles)) == ([], 4)
    review = section(compact, "Implementation and Review")
    assert len(review.principles) == 1
    assert find(review, "We are committed to making").party == "shared"


def test_west_cheshire_principles_inside_a_code_are_kept_with_the_code():
    compact = parsed(WEST_CHESHIRE)
    assert [len(s.principles) for s in compact.sections] == [0, 0, 3, 3, 12, 4]
    assert compact.sections[3].principles[2].count("\n- ") == 4


def test_stafford_lettered_sub_groups_are_headings_not_glued_on():
    community = parsed(STAFFORD).sections[4]
    value = [u for u in community.undertakings if u.group.startswith("Value the work, knowledge")]
    assert len(value) == 8 and all(u.party == "public" for u in value)
    assert not [u for u in community.undertakings if "BME sector b]" in u.text or u.text.startswith("Value the work")]
    assert any(
        u.group.startswith("Ensure that public sector bodies and practices do not discriminate")
        for u in community.undertakings
    )  # "d] Ensure ..." heads a sub-group


def test_stafford_community_group_undertakings_and_sub_group_labels():
    compact = parsed(STAFFORD)
    community = compact.sections[4]
    assert find(community, "part of the wider VCS").party == "community"
    assert find(community, "levels of funding to the BME").party == "public"
    texts = [u.text for s in compact.sections for u in s.undertakings]
    labels = ("a]", "b]", "General", "Procurement")
    assert not [t for t in texts if t.startswith(labels) or "■" in t]
    assert find(section(compact, "Funding"), "12 weeks lead in time for applications").party == "public"


def test_stafford_lead_in_written_as_a_list_item_is_not_an_undertaking():
    policy = section(parsed(STAFFORD), "Policy and Consultation")
    shared = [u.text for u in policy.undertakings if u.party == "shared"]
    assert shared[0].startswith("Adhering to the key principles")
    assert find(policy, "12 weeks lead in time. If this").party == "shared"  # one item
    assert not [t for t in shared if t.startswith("All partners")]


def test_stafford_glyph_sub_points_stay_inside_their_undertaking():
    compact = parsed(STAFFORD)
    volunteering = section(compact, "Volunteering")
    benefits = find(volunteering, "Ensure mutual benefits of volunteering")
    assert benefits.text.count("\n- ") == 6
    # the last sub-point comes after a page break, flush left but still marked "- ■"
    assert benefits.text.split("\n")[-1].startswith("- Ensure that volunteering activities")
    assert find(section(compact, "Partnerships"), "Accept joint responsibility").text.count("\n- ") == 8
    assert_undertakings_are_excerpts(compact, STAFFORD)


def test_stafford_dispute_procedure_timelines():
    compact = parsed(STAFFORD)
    assert rules(compact) == {
        ("grant_lead_in_weeks", 12, "weeks"),
        ("notice_months", 3, "months"),
        ("panel_convene_days", 14, "days"),
        ("hearing_weeks", 8, "weeks"),
        ("panel_members_per_sector", 2, "people"),
        ("representatives_per_party", 2, "people"),
    }
    by_name = {r.rule: r for r in compact.timeline_rules}
    assert by_name["panel_convene_days"].source.endswith("within 2 weeks.")
    assert "no later than 8 weeks" in by_name["hearing_weeks"].source
    assert "2 members from each sector" in by_name["panel_members_per_sector"].source
    assert "up to 2 representatives" in by_name["representatives_per_party"].source


# --- The Herefordshire Compact (2007 draft): principles and commitments to action -------------


def test_herefordshire_commitments_to_action_are_shared_undertakings():
    compact = parsed(HEREFORDSHIRE)
    assert [(s.kind, s.title) for s in compact.sections] == [("other", "Commitment to Action")]
    commitments = compact.sections[0].undertakings
    assert [u.party for u in commitments] == ["shared"] * 5
    assert commitments[0].text.startswith("We will develop and promote joint strategies")
    codes = find(compact.sections[0], "Codes of Good Practice")
    assert codes.text.count("\n- ") == 5 and "\n- Community Groups" in codes.text
    assert not [u for u in commitments if "Chief Executive" in u.text or "DRAFT" in u.text]


def test_herefordshire_principles_and_no_invented_rules():
    compact = parsed(HEREFORDSHIRE)
    assert len(compact.principles) == 8
    assert all(p.startswith("We ") for p in compact.principles)
    assert compact.timeline_rules == []
    assert compact.title == "Compact"  # the cover says only this; the board names it
    assert any("title" in w for w in compact.warnings)


def test_herefordshire_is_a_draft_and_proposes_its_signatories():
    compact = parsed(HEREFORDSHIRE)
    assert compact.draft
    signed = {s.name: (s.sector, s.signed_by) for s in compact.signatories}
    assert len(signed) == 8
    assert signed["Herefordshire Council"] == ("public", "Neil Pringle, Chief Executive")
    assert signed["Voluntary Sector Assembly"][0] == "vcs"
    assert signed["West Mercia Constabulary"][0] == "public"


# --- documents it cannot make sense of ---------------------------------------------------------


def test_case_study_without_undertakings_raises_with_a_report():
    with pytest.raises(CompactParseError) as caught:
        parse_compact(seed_text(CASE_STUDY), filename=CASE_STUDY)
    error = caught.value
    assert "no promise, code of practice or section with undertakings" in str(error)
    report = "\n".join(error.report)
    assert re.search(r"^Headings seen: .*Compact Principles", report, re.M)
    assert re.search(r"^Party headings seen.*none$", report, re.M)
    assert "end of the document" in error.stopped_at and error.stopped_at in str(error)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "lorem ipsum\n\n- dolor sit\n- amet\n"])
def test_garbage_raises_a_parse_error(text):
    with pytest.raises(CompactParseError) as caught:
        parse_compact(text)
    assert caught.value.report and caught.value.stopped_at


def test_binary_content_raises():
    with pytest.raises(CompactParseError, match="binary"):
        read_document(b"%PDF-1.7\x00\x01\x02stream", "compact.txt")
    with pytest.raises(CompactParseError):
        parse_compact("Our promise: X\x00\x00")


def test_random_input_raises_only_parse_errors():
    rng = random.Random(20071)
    alphabet = "abc ABC\n\n-•*o■#:.;()1234567890\t…"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        try:
            compact = parse_compact(text)
        except CompactParseError:
            continue
        assert compact.sections and all(s.undertakings for s in compact.sections)
        assert all(u.text.strip() for s in compact.sections for u in s.undertakings)


# --- read_document -----------------------------------------------------------------------------


def test_read_document_decodes_utf8_bom_and_windows_1252():
    text = "Caf\u00e9 \u2013 12 weeks"
    assert read_document(text.encode(), "a.txt") == text
    assert read_document(b"\xef\xbb\xbfShared Undertakings", "a.md") == "Shared Undertakings"
    assert read_document(b"\x93Promise\x94 \xa3100", "a.TXT") == "\u201cPromise\u201d \u00a3100"
    assert read_document("Joint undertakings".encode("utf-16"), "a.txt") == "Joint undertakings"


def test_read_document_accepts_paths_and_uploads(tmp_path):
    path = tmp_path / "compact.md"
    path.write_text("# The Testshire Compact\n", encoding="utf-8")
    assert read_document(path) == "# The Testshire Compact\n"
    assert read_document(str(path), "compact.md") == "# The Testshire Compact\n"
    assert read_document(io.BytesIO(b"plain"), "upload.txt") == "plain"


@pytest.mark.parametrize("filename", ["compact.doc", "compact.odt", "compact", ""])
def test_read_document_rejects_other_file_types(filename):
    with pytest.raises(CompactParseError) as caught:
        read_document(b"Shared Undertakings", filename)
    assert ".docx" in str(caught.value) and caught.value.stopped_at == "the file name"


@pytest.mark.parametrize("filename, message", [("compact.pdf", "not a PDF"), ("compact.docx", "not a Word document")])
def test_read_document_says_a_damaged_word_or_pdf_file_cannot_be_opened(filename, message):
    with pytest.raises(CompactParseError, match=message):
        read_document(b"Shared Undertakings", filename)


# --- to_dict -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [WILTSHIRE, WEST_CHESHIRE, STAFFORD, HEREFORDSHIRE])
def test_to_dict_matches_the_schema(name):
    data = parsed(name).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"title", "sections", "principles", "timeline_rules", "procedure_rules"}
    assert isinstance(data["title"], str) and data["title"]
    assert all(isinstance(p, str) for p in data["principles"])
    for s in data["sections"]:
        assert set(s) == {"kind", "number", "title", "principles", "undertakings"}
        assert s["kind"] in {"promise", "code", "other", "procedure"}
        assert s["number"] is None or isinstance(s["number"], str)
        assert isinstance(s["title"], str) and (s["undertakings"] or s["principles"] or s["kind"] == "procedure")
        assert all(isinstance(p, str) and p for p in s["principles"])
        for u in s["undertakings"]:
            assert set(u) == {"party", "number", "text"}
            procedure = s["kind"] == "procedure"
            assert u["party"] in ({""} if procedure else {"shared", "public", "vcs", "community", "bme"})
            assert u["number"] is None or isinstance(u["number"], str)
            assert isinstance(u["text"], str) and u["text"].strip()
    for r in data["timeline_rules"]:
        assert set(r) == {"rule", "value", "unit", "source"}
        assert isinstance(r["value"], (int, float)) and not isinstance(r["value"], bool)
        assert r["unit"] in {"weeks", "months", "days", "people"} and r["source"]


# --- small documents written here: Markdown and plain text -------------------------------------

MARKDOWN = """# The Testshire Compact

## Section 1

### Funding Code

This code says how money flows between the sectors.

## Shared Undertakings

Both sectors agree to:

1. Talk to each other early.
2. Share plans, including:
   - budgets
   - timetables
3. Review this code each year.

## Public Sector Undertakings

* Pay grants in advance.
* Give 12 weeks notice of changes to funding policy.

## Third Sector Undertakings

(1) Keep good records.
(2) Report on time.

## Section 2

### Working Together

## Joint undertakings

- Meet twice a year.
"""

PLAIN = """The Exampleton Compact

Contents
Our promise: Working together.....  2

The Exampleton Compact

Our promise: Working together

"We will work together."

We all jointly undertake to:

a) Meet twice a year;
b) Publish the minutes of every meeting and

The Exampleton Compact

send them to all signatories;

The Exampleton Compact

Public sector partners undertake to:

\u2022 Consult for twelve weeks on any change;
o Publish the outcome.

VCS partners undertake to:
- Represent members fairly.

The Exampleton Compact

Page 3
"""


def test_markdown_document_with_numbered_and_bulleted_lists():
    compact = parse_compact(MARKDOWN, filename="testshire.md")
    assert compact.title == "The Testshire Compact"
    assert [(s.kind, s.number, s.title) for s in compact.sections] == [
        ("code", "1", "Funding Code"),
        ("other", "2", "Working Together"),
    ]
    funding = compact.sections[0]
    assert funding.purpose == "This code says how money flows between the sectors."
    assert [(u.party, u.number, u.text) for u in funding.undertakings] == [
        ("shared", "1", "Talk to each other early."),
        ("shared", "2", "Share plans, including:\n- budgets\n- timetables"),
        ("shared", "3", "Review this code each year."),
        ("public", None, "Pay grants in advance."),
        ("public", None, "Give 12 weeks notice of changes to funding policy."),
        ("vcs", "1", "Keep good records."),
        ("vcs", "2", "Report on time."),
    ]
    together = compact.sections[1].undertakings
    assert [(u.party, u.text) for u in together] == [("shared", "Meet twice a year.")]
    assert rules(compact) == {("funding_policy_notice_weeks", 12, "weeks")}


def test_plain_text_document_with_page_headers_and_mixed_bullets():
    compact = parse_compact(PLAIN, filename="exampleton.txt")
    assert compact.title == "The Exampleton Compact"
    [promise] = compact.sections
    assert (promise.kind, promise.title) == ("promise", "Working together")
    assert promise.purpose == "We will work together."
    assert [(u.party, u.number, u.text) for u in promise.undertakings] == [
        ("shared", "a", "Meet twice a year;"),
        ("shared", "b", "Publish the minutes of every meeting and send them to all signatories;"),
        ("public", None, "Consult for twelve weeks on any change;"),
        ("public", None, "Publish the outcome."),
        ("vcs", None, "Represent members fairly."),
    ]
    assert rules(compact) == {("consultation_weeks", 12, "weeks")}


@pytest.mark.parametrize(
    "heading, party",
    [
        ("We all jointly undertake to:", "shared"),
        ("Shared Undertakings", "shared"),
        ("Joint undertakings", "shared"),
        ("Public sector partners undertake to:", "public"),
        ("VCSE sector partners undertake to:", "vcs"),
        ("VCSE partners undertake to:", "vcs"),
        ("Third Sector Undertakings", "vcs"),
        ("Third Sector Commitments", "vcs"),
        ("Voluntary and Community Sector undertakings", "vcs"),
        ("Community Group undertakings", "community"),
        ("BME organisations undertake to:", "bme"),
    ],
)
def test_party_headings(heading, party):
    compact = parse_compact(f"Our promise: Testing\n\n{heading}\n\n- Do the thing.\n")
    assert [u.party for u in compact.sections[0].undertakings] == [party]


def test_timeline_rules_read_number_words_and_keep_the_first_source():
    minimum = "Allow eight weeks as the absolute minimum for a consultation."
    notice = "Give a minimum of two months, and ideally four months' notice."
    text = (
        "Code of Practice\n\nConsultation\n\nPublic sector partners undertake to:\n\n"
        f"- Consult for twelve weeks. {minimum}\n"
        "- Consult for 12 weeks on grants.\n"
        "- Convene a panel within 10 days of a referral.\n"
        f"- {notice}\n"
    )
    compact = parse_compact(text)
    assert [(r.rule, r.value, r.unit, r.source) for r in compact.timeline_rules] == [
        ("consultation_weeks", 12, "weeks", "Consult for twelve weeks."),
        ("minimum_consultation_weeks", 8, "weeks", minimum),
        ("panel_convene_days", 10, "days", "Convene a panel within 10 days of a referral."),
        ("notice_months", 2, "months", notice),
        ("ideal_notice_months", 4, "months", notice),
    ]
