"""Walking the units into sections, party blocks and undertakings.

A *section marker* opens a section: "Our promise: ...", "Code of Practice on X", "Section 3",
"Part A", "Annex 1", a numbered theme ("2. Funding and commissioning" whose undertakings are
numbered 2.1, 2.2 ...), a numbered heading. A *party line* opens a block ("The Council will:",
see parties.py), and list items in a block are undertakings. A lettered or named line inside
a block that introduces a list ("b] Value the work of the sector") is a sub-group heading, not
an undertaking. A section whose title names a procedure (disputes, monitoring, review), under a
numbered, marked, plain or Word heading, and which has no party lists is a procedure: kept as a
section of its own, its paragraphs and items are its steps, which belong to no party.

Not everything in a party's list is undertaken. "We agree that:" introduces statements of what
the partners hold to be true; those that commit no one ("Community groups should have ...") are
the section's principles, as are the items under a "Shared Principles" heading inside a code.
A statement that commits someone ("... will ...") stays an undertaking.
"""

from __future__ import annotations

import re

from .parties import party_line
from .results import ParsedSection, ParsedUndertaking
from .signatories import HEADING as SIGNATORIES
from .units import Unit, ends_sentence

_DASH = r"[:–—-]"
_PROMISE = re.compile(rf"^(?:our\s+)?promise(?:\s+(?P<number>\d+))?\s*{_DASH}\s*(?P<title>.+?)[\s:]*$", re.I)
_SECTION = re.compile(
    r"^(?:section|part|annex|appendix|schedule|chapter)\s+(?P<number>\d+[a-z]?|[A-Z]|[IVX]{1,4})\b"
    r"[\s:.–—-]*(?P<title>.*)$",
    re.I,
)
_CODE = re.compile(rf"^codes?\s+of\s+(?:good\s+)?practice\b(?:\s*{_DASH}\s*|\s+(?:on|for)\s+)?(?P<title>.*)$", re.I)
_NAMED_CODE = re.compile(r"^(?P<title>[A-Z][^.:;]{2,80}\b[Cc]ode(?: of (?:[Gg]ood )?[Pp]ractice)?)$")
_ACTION = re.compile(r"^(?P<title>commitments?\s+to\s+action)$", re.I)  # Herefordshire
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,3})\.?\s+(?P<title>[A-Z][^.;:!?]{2,100})$")
PRINCIPLES = re.compile(
    r"^(?:our\s+)?(?:shared\s+)?(?:principles|values)(?:\s+we\s+share)?$|^(?:the\s+)?compact\s+values$", re.I
)
# a title that names a way of settling disputes or of monitoring or reviewing the Compact
_PROCEDURE = re.compile(
    r"\b(?:disputes?|disagreements?|conflicts?|resolution|resolving|complaints?|breach\w*|"
    r"differences|settl\w+|mediation|appeals?|monitoring|review|procedure|process)\b",
    re.I,
)
# a party line that introduces statements of agreement rather than commitments
_AGREED_THAT = re.compile(r"\bagrees?\s+that\s*:?$", re.I)
# a statement that commits someone to something: "the Steering Group will", "We are committed to"
_COMMITS = re.compile(r"\b(?:will|shall|undertakes?|commit(?:s|ted)?|pledges?|promises?)\b", re.I)
_COMMITMENT_PROSE = re.compile(r"\b(we|will|shall|commit\w*|undertakes?)\b", re.I)
_LEAD_IN_WORDS = {"to", "of", "including", "include", "includes", "as", "following", "that", "are", "by", "for", "will"}
UNSURE_PARTY = "Whose undertaking this is was not clear from “{line}”: choose a party."
UNSURE_STEP = "A step with no party named, in a section that also has party lists: choose a party."
UNSURE_PROCEDURE = (
    "Read as a procedure: its steps are kept as steps, not as anyone's undertakings. "
    "If it is a list of undertakings, change its kind and choose the parties."
)


def section_marker(text: str) -> tuple[str, str | None, str] | None:
    """(kind, number, title) when the line opens a promise, a code or another set."""
    if len(text) > 120:
        return None
    if m := _PROMISE.match(text):
        return "promise", m["number"], m["title"]
    if m := _SECTION.match(text):  # "Section 4 Equality and Diversity Code", "Part A", "Annex 1: ..."
        kind = "code" if re.search(r"\bcode\b", m["title"], re.I) else "other"
        return kind, m["number"], m["title"]
    if m := _CODE.match(text) or _NAMED_CODE.match(text):
        return "code", None, m["title"]
    if m := _ACTION.match(text):
        return "other", None, m["title"]
    return None


def is_open(text: str) -> bool:
    """Does the item introduce sub-points ("...including:", "Encourage community groups to")?"""
    words = text.rstrip().split()
    last_word = words[-1].strip(";,").lower() if words else ""
    return text.rstrip().endswith(":") or last_word in _LEAD_IN_WORDS


def _label(text: str) -> bool:
    """A short line without closing punctuation: a heading or a sub-group's name."""
    words = text.split()
    return (
        len(text) <= 90
        and 0 < len(words) <= 12
        and not ends_sentence(text)
        and not text.endswith(",")
        and (text[0].isupper() or text[0].isdigit())
        and words[-1].lower() not in _LEAD_IN_WORDS
    )


def plain_heading(unit: Unit) -> bool:
    """A short standalone line without closing punctuation (Wiltshire, Herefordshire)."""
    return unit.kind == "para" and unit.lines == 1 and _label(unit.text)


def theme_headings(units: list[Unit]) -> set[int]:
    """Indexes of numbered lines that are themes, not undertakings: "2. Funding" when items
    numbered 2.1, 2.2 follow, or when a party line comes straight after it."""
    dotted = {u.number.split(".")[0] for u in units if u.kind == "item" and u.number and "." in u.number}
    found = set()
    for index, unit in enumerate(units):
        if unit.kind != "item" or not unit.number or not unit.number.isdigit() or unit.indent:
            continue
        if not _label(unit.text) or unit.text.endswith(":"):
            continue
        following = units[index + 1] if index + 1 < len(units) else None
        if unit.number in dotted or (following and following.kind != "item" and party_line(following.text)):
            found.add(index)
    return found


class Reader:
    """Walks the units. `party` is set inside a block of undertakings; `prose` when the block's
    undertakings are paragraphs (Herefordshire's "We will ..." commitments to action)."""

    def __init__(self):
        self.marked = False  # headings carry "#" or "■ ■": plain short lines are only labels
        self.sections: list[ParsedSection] = []
        self.principles: list[ParsedUndertaking] = []  # unwrapped to text at the end
        self.warnings: list[str] = []
        self.headings: list[str] = []
        self.party_headings: list[str] = []
        self.section: ParsedSection | None = None
        self.provisional = False  # an "other" section a plain heading opened; kept if it fills
        self.party: str | None = None
        self.party_line = ""
        self.group = ""
        self.procedure = False  # the section's title names a procedure
        self.blocks = 0  # party lists in the section: a procedure has none
        self.statements = False  # in a "We agree that:" list
        self.notes: list[ParsedUndertaking] = []  # the section's own principles, unwrapped at its close
        self.prose = self.in_principles = self.purpose_open = self.awaiting_title = False
        self.top: tuple[ParsedUndertaking, int, str] | None = None  # last entry, indent, own text
        self.block_size = 0
        self.current: Unit | None = None  # for the error report

    def read(self, units: list[Unit]) -> None:
        themes = theme_headings(units)
        for index, unit in enumerate(units):
            following = units[index + 1] if index + 1 < len(units) else None
            if index in themes:
                self.current = unit
                self._open_section("other", unit.number, unit.text, f"{unit.number}. {unit.text}")
            else:
                self.feed(unit, following)
        self.close_section()

    def feed(self, unit: Unit, following: Unit | None = None) -> None:
        self.current = unit
        if self.awaiting_title:  # "Section 1" then "### Grant Funding ... Code"
            self.awaiting_title = False
            another = section_marker(unit.text) and not _NAMED_CODE.match(unit.text)
            if (
                unit.kind != "item"
                and unit.lines == 1
                and not ends_sentence(unit.text)
                and not another
                and not party_line(unit.text)
            ):
                self.section.title = unit.text[:200]
                if re.search(r"\bcode\b", unit.text, re.I):
                    self.section.kind = "code"
                self.procedure = bool(_PROCEDURE.search(self.section.title))
                return
        one_line = unit.kind == "heading" or unit.lines == 1
        if one_line and SIGNATORIES.match(unit.text):  # the list of who signed ends the undertakings
            self.close_section()
            self.party = None
            return None
        if unit.kind == "item":
            if unit.text.endswith(":") and (found := party_line(unit.text)):
                return self._open_block(*found, unit.text)  # "- 5.2 Responsibilities of the Public Sector are:"
            if self._sub_group(unit, following):
                return None
            return self._item(unit)
        if one_line and (marker := section_marker(unit.text)):
            return self._open_section(*marker, unit.text)
        if unit.kind == "heading" and (m := _NUMBERED_HEADING.match(unit.text)) and not party_line(m["title"]):
            return self._open_section("other", m["number"], m["title"], unit.text)
        if one_line and (found := party_line(unit.text)):
            return self._open_block(*found, unit.text)
        if self.party is None and self.procedure and self._sub_group(unit, following):
            return None  # "Stage 2" over the steps of a procedure
        if (
            unit.kind == "heading"
            or (one_line and PRINCIPLES.match(unit.text))
            or (not self.marked and plain_heading(unit))
        ):
            return self._heading(unit.text)
        if self._sub_group(unit, following):
            return None
        self._paragraph(unit.text)

    def _sub_group(self, unit: Unit, following: Unit | None) -> bool:
        """ "a] General:" or "b] Value the work of the sector" over a bulleted list, or a named
        label ("Procurement", "Stage 2") inside a block or a procedure, heads what follows."""
        in_procedure = self.party is None and self.procedure
        if not (self.party is not None or in_procedure) or not following:
            return False
        # under a plain heading in a document without marked headings, a label over a paragraph
        # may be the next heading: only a label over a list is taken as a stage
        over_steps = in_procedure and following.kind == "para" and (self.marked or not self.provisional)
        if following.kind != "item" and not over_steps:
            return False
        lettered = unit.kind == "item" and unit.number and not unit.number[0].isdigit() and following.bulleted
        named = (
            unit.kind == "para"
            and unit.lines == 1
            and (_label(unit.text) or (unit.text.endswith(":") and len(unit.text.split()) <= 6))
        )
        if not (lettered or named):
            return False
        if unit.kind == "item" and (len(unit.text) > 160 or (ends_sentence(unit.text) and not unit.text.endswith(":"))):
            return False
        self.group, self.top = unit.text.rstrip(":").strip(), None
        return True

    def _open_section(self, kind: str, number: str | None, title: str, line: str) -> None:
        self.close_section()
        # without a title of its own ("Section 2") the next short line names it
        self.section = ParsedSection(kind, number, title.strip().rstrip(":") or line)
        self.awaiting_title, self.provisional = not title.strip(), False
        self.procedure = bool(_PROCEDURE.search(title))
        self.headings.append(line)
        self.party, self.prose, self.in_principles, self.purpose_open, self.group = None, False, False, True, ""
        self.blocks, self.statements, self.notes = 0, False, []
        if _ACTION.match(line):  # Herefordshire: "We will ..." paragraphs, given by all partners
            self.party, self.prose, self.purpose_open = "shared", True, False

    def _open_block(self, party: str, who: str, line: str) -> None:
        self.party_headings.append(line)
        if self.section is None:
            self.section, self.provisional = ParsedSection("other", None, line.rstrip(":")), True
        self.party, self.party_line, self.group = party, line.rstrip(":"), ""
        self.prose, self.in_principles, self.purpose_open = False, False, False
        self.blocks, self.statements = self.blocks + 1, bool(_AGREED_THAT.search(line.rstrip("*").strip()))
        self.top, self.block_size = None, 0
        if not party:
            self.warnings.append(
                f"Could not tell whose undertakings follow “{line}”: they are marked for you to assign."
            )

    def _heading(self, text: str) -> None:
        self.headings.append(text)
        self.party, self.top, self.block_size, self.group = None, None, 0, ""
        # "Shared Principles" inside a code are the code's own, not the Compact's principles
        self.in_principles = bool(PRINCIPLES.match(text))
        self.statements = False
        if self.section is None or self.provisional:  # Wiltshire: "Compact Promises", general block
            self.close_section()
            self.section = ParsedSection("other", None, text)
            self.provisional = self.purpose_open = True
            # a plain or Word heading may name a procedure ("Disputes"): it is kept even without lists
            self.procedure = bool(_PROCEDURE.search(text)) and not self.in_principles
            self.blocks, self.notes = 0, []
        elif self.section.purpose:
            self.purpose_open = False

    def _paragraph(self, text: str) -> None:
        if self.party is not None and self.prose:
            if _COMMITMENT_PROSE.search(text):
                return self._add(self.section.undertakings, text, None, -1)
            self.party, self.prose = None, False  # signatures and contacts follow the commitments
        elif self.party is not None:
            # a lead-in; West Cheshire's equality code names a narrower third-sector party in it
            if self.party in ("vcs", "bme") and text.endswith(":"):
                if re.search(r"\bwider (third|voluntary)", text, re.I):
                    self.party = "vcs"
                elif re.search(r"\b(bme|black and minority ethnic)\b", text, re.I):
                    self.party = "bme"
        elif self.section and self.purpose_open:
            self.section.purpose = self.section.purpose or text.strip("“”\"' ")
            self.purpose_open = text.endswith(":")
        elif self.section and self.procedure and not self.in_principles:
            if _label(text):  # a title with nothing under it (a diagram's or a table's) is not a step
                self.warnings.append(f"Left out “{text}” in “{self.section.title}”: a title with nothing under it.")
            else:
                self._step(text, None, -1)
        self.top = None

    def _item(self, unit: Unit) -> None:
        entry = (unit.text, unit.number, unit.indent, unit.sub_glyph)
        if self.party is not None and self.statements and not _COMMITS.search(unit.text):
            self._add(self.notes, *entry)  # "We agree that:" – "Community groups should have ..."
        elif self.party is not None:
            # "7.3 During the first year the Steering Group will:" starts a list of commitments
            self.statements = self.statements and not unit.text.endswith(":")
            self._add(self.section.undertakings, *entry)
        elif self.in_principles:
            compacts = self.section is None or self.provisional
            self._add(self.principles if compacts else self.notes, *entry)
        elif self.section and self.procedure:
            self._step(*entry)
        elif self.section and self.purpose_open:
            self.section.purpose = f"{self.section.purpose}\n- {unit.text}".strip()

    def _step(self, text: str, number, indent: int, sub: bool = False) -> None:
        self._add(self.section.undertakings, text, number, indent, sub, step=True)

    def _add(self, target: list, text: str, number, indent: int, sub: bool = False, step: bool = False) -> None:
        """A new entry, or a sub-point of the last one when indented under an open lead-in
        ("...including:") or marked with a second glyph (Stafford "- ■")."""
        top = self.top if self.top and target and self.top[0] is target[-1] else None
        if top and (sub or (indent > top[1] and is_open(top[2]))):
            top[0].text += f"\n- {text}"
            return
        if top and self.block_size == 1 and not self.prose and is_open(top[2]) and "\n" not in top[0].text:
            # Stafford: "- All partners are committed to" is a lead-in written as a list item
            self.warnings.append(f"Skipped a lead-in written as a list item: “{target.pop().text}”")
            self.block_size = 0
        unsure = UNSURE_PARTY.format(line=self.party_line) if self.party == "" and not step else ""
        target.append(ParsedUndertaking("" if step else self.party or "", number, text, self.group, unsure))
        self.top, self.block_size = (target[-1], indent, text), self.block_size + 1

    def close_section(self) -> None:
        section, notes, self.notes = self.section, self.notes, []
        self.section, self.procedure, self.blocks, self.statements = None, self.procedure and self.blocks == 0, 0, False
        if section is None:
            return
        if self.procedure:  # no party lists: what it holds are steps
            section.kind, section.unsure = "procedure", UNSURE_PROCEDURE
        else:
            for step in (u for u in section.undertakings if not u.party and not u.unsure):
                step.unsure = UNSURE_STEP
        if self.provisional and not section.undertakings:  # statements outside any section
            self.principles += notes
            notes = []
        section.principles = [note.text for note in notes]
        if section.undertakings or section.principles or (self.procedure and section.purpose):
            self.sections.append(section)
        elif not self.provisional:
            self.warnings.append(f"Left out “{section.title}”: it has no undertakings.")
        self.procedure = False

    def report(self, units: list[Unit]) -> list[str]:
        """What was found, for a document the importer could not make sense of."""
        items = sum(u.kind == "item" for u in units)
        more = " …" if len(self.headings) > 12 else ""
        return [
            f"Read {len(units)} headings, paragraphs and list items ({items} list items).",
            "Headings seen: " + ("; ".join(self.headings[:12]) + more or "none"),
            "Party headings seen (such as “Public sector partners undertake to:”): "
            + ("; ".join(self.party_headings) or "none"),
            f"Sections with undertakings: {len(self.sections)}.",
            *self.warnings,
        ]
