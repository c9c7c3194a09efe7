"""Reads a Compact document (plain text or Markdown) into sections, undertakings, shared
principles and proposed timeline rules. Pure Python on purpose: the board previews and corrects
the result before services.create_draft_edition() stores it.

The parser is general rather than per-document, in three passes:
1. clean the lines: drop tables of contents, repeating page headers and page numbers;
2. cut the text into units (headings, paragraphs, list items), joining lines a page break split;
3. walk the units: a *section marker* ("Our promise: ...", "Code of Practice", "Section 3",
   "Commitment to Action") opens a section, a *party heading* ("Public sector partners undertake
   to:", "Third Sector Commitments") opens a block, and list items in a block are undertakings.
Timeline rules are then read sentence by sentence from the whole text.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

ACCEPTED_EXTENSIONS = (".txt", ".md", ".markdown")


class CompactParseError(Exception):
    """The document could not be read as a Compact: `report` lists what was found and
    `stopped_at` says where reading stopped."""

    def __init__(self, message: str, *, report: list[str] | None = None, stopped_at: str = ""):
        self.message, self.report, self.stopped_at = message, list(report or []), stopped_at
        super().__init__(str(self))

    def __str__(self):
        where = f" Stopped at {self.stopped_at}." if self.stopped_at else ""
        found = "".join(f"\n- {line}" for line in self.report)
        return f"Could not import this Compact document: {self.message}{where}{found}"


@dataclass
class ParsedUndertaking:
    party: str  # "shared" | "public" | "vcs" | "community" | "bme"
    number: str | None
    text: str  # sub-points stay inside: "...:\n- a\n- b"


@dataclass
class ParsedSection:
    kind: str  # "promise" | "code" | "other"
    number: str | None
    title: str
    purpose: str = ""
    undertakings: list[ParsedUndertaking] = field(default_factory=list)


@dataclass
class ProposedTimelineRule:
    rule: str  # a TimelineRules field name
    value: float | int
    unit: str  # "weeks" | "months" | "days" | "people"
    source: str  # the sentence it was read from


@dataclass
class ParsedCompact:
    title: str
    sections: list[ParsedSection]
    principles: list[str]
    timeline_rules: list[ProposedTimelineRule]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON the preview and the draft edition use (purpose and warnings stay here)."""
        return {
            "title": self.title,
            "sections": [{"kind": s.kind, "number": s.number, "title": s.title,
                          "undertakings": [asdict(u) for u in s.undertakings]}
                         for s in self.sections],
            "principles": list(self.principles),
            "timeline_rules": [asdict(r) for r in self.timeline_rules],
        }


# --- reading the file --------------------------------------------------------------------------

def read_document(path_or_bytes, filename: str = "") -> str:
    """The text of a .txt/.md file given as a path, bytes or a file object (an upload)."""
    if isinstance(path_or_bytes, (str, Path)):
        filename = filename or Path(path_or_bytes).name
        data = Path(path_or_bytes).read_bytes()
    else:
        data = path_or_bytes.read() if hasattr(path_or_bytes, "read") else bytes(path_or_bytes)
    if not filename.lower().endswith(ACCEPTED_EXTENSIONS):
        raise CompactParseError("only plain text (.txt) and Markdown (.md) files can be imported.",
                                report=[f"File name: {filename or '(none)'}",
                                        "Save the document as plain text and upload it again."],
                                stopped_at="the file name")
    if isinstance(data, str):
        return data
    # Word's "Unicode text" is UTF-16 with a byte-order mark; any other NUL means binary
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        raise CompactParseError("the file is binary, not text.",
                                report=[f"File name: {filename}", f"{len(data)} bytes, some NUL"],
                                stopped_at=f"byte {data.find(bytes(1))}")
    encodings = ["utf-16"] if utf16 else ["utf-8-sig", "cp1252"]
    for encoding in encodings:  # utf-8-sig reads plain UTF-8 too
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            failure = error
    raise CompactParseError("the file is neither UTF-8 nor Windows-1252 text.",
                            report=[f"File name: {filename}"], stopped_at=f"byte {failure.start}")


# --- pass 1: clean the lines -------------------------------------------------------------------

_TOC = re.compile(r"(\.{4,}|…{2,})\s*\d*\s*$|\S\t+\d{1,3}\s*$")  # "Introduction.....  3"
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,3}(\s*(of|/)\s*\d{1,3})?$|^-\s*\d{1,3}\s*-$", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+)$")
_GLYPH_HEADING = re.compile(r"^(?:[■●▪]\s*){2,}(?P<text>\S.*)$")  # Stafford: "■ ■ Funding"
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•●▪◦·–]|o(?=\s))\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<indent>\s*)(?:\((?P<n1>\d{1,3}|[a-z]|[ivx]{1,4})\)"
                       r"|(?P<n2>\d{1,3}|[a-z])[.)])\s+(?P<text>\S.*)$")
_SUB_GLYPH = re.compile(r"^[■▪◦•●]\s+")  # Stafford: "- ■ Strategic Plan" is a sub-point


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    return ["" if _TOC.search(line) else line.replace("\u00a0", " ").rstrip().expandtabs(4)
            for line in text.split("\n")]


def _is_structural(text: str) -> bool:
    """Repeated lines that still carry structure (Stafford repeats "Code of Practice")."""
    return bool(_MD_HEADING.match(text) or _GLYPH_HEADING.match(text) or _BULLET.match(text)
                or _NUMBERED.match(text) or _section_marker(text) or _party_of(text)
                or _PRINCIPLES.match(text) or text.endswith((":", ".", "?", "!", ";", ",")))


def _strip_page_furniture(lines: list[str]) -> tuple[list[str], list[str]]:
    """Blank out page numbers and page headers ("The Wiltshire Compact", "DRAFT"): short
    standalone lines repeated three or more times."""
    padded = ["", *lines, ""]
    counts: dict[str, int] = {}
    for i, line in enumerate(lines, start=1):
        if line.strip() and not padded[i - 1].strip() and not padded[i + 1].strip():
            counts[line.strip()] = counts.get(line.strip(), 0) + 1
    headers = {t for t, n in counts.items() if n >= 3 and len(t) <= 60 and not _is_structural(t)}
    return (["" if line.strip() in headers or _PAGE_NUMBER.match(line.strip()) else line
             for line in lines], sorted(headers))


def _find_title(lines: list[str]) -> str:
    """ "The Wiltshire Compact", "The Stafford Borough Community Compact": near the top."""
    opening = [_inline(line) for line in lines if line.strip()][:15]
    for line in opening:
        if match := re.search(r"\b(?:The|THE)\s+(?:[A-Z][\w'’-]*\s+){1,4}Compact\b", line):
            return match.group(0)
    return next((line for line in opening if "compact" in line.lower() and len(line) <= 80), "")


def _inline(text: str) -> str:
    """Markdown inline markup out (links, **bold**, *italic*, escapes); whitespace collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text).replace("\\*", "\ue000").replace("**", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("\ue000", "*")).strip()


# --- pass 2: units -----------------------------------------------------------------------------

@dataclass
class _Unit:
    kind: str  # "heading" | "para" | "item"
    text: str
    line: int
    indent: int = 0
    number: str | None = None
    sub_glyph: bool = False
    lines: int = 1


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”\"'*) ").endswith((".", ";", ":", "!", "?"))


def _units(lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    last: _Unit | None = None  # the item or paragraph the next line may continue
    gap = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not _inline(stripped):  # blank, or markup with nothing inside ("**")
            gap = True
            continue
        heading = _MD_HEADING.match(stripped) or _GLYPH_HEADING.match(stripped)
        item = _BULLET.match(line) or _NUMBERED.match(line)
        if heading:
            units.append(_Unit("heading", _inline(heading["text"]), number))
            last = None
        elif item and _inline(_SUB_GLYPH.sub("", item["text"])):
            text, marks = item["text"], item.groupdict()
            last = _Unit("item", _inline(_SUB_GLYPH.sub("", text)), number, len(item["indent"]),
                         marks.get("n1") or marks.get("n2"), bool(_SUB_GLYPH.match(text)))
            units.append(last)
        elif last and (not gap or (stripped[0].islower() and not _ends_sentence(last.text))):
            # the same paragraph, or a line a page break cut off (West Cheshire "...should"
            # / "indicate that ..."); any page header between them is already blank
            last.text, last.lines = f"{last.text} {_inline(stripped)}", last.lines + 1
        else:
            last = _Unit("para", _inline(stripped), number)
            units.append(last)
        gap = False
    return units


# --- pass 3: sections, parties, undertakings ---------------------------------------------------

_DASH = r"[:–—-]"
_PROMISE = re.compile(  # Wiltshire: "Our promise: Funding and performance management"
    rf"^(?:our\s+)?promise(?:\s+(?P<number>\d+))?\s*{_DASH}\s*(?P<title>.+?)[\s:]*$", re.I)
_SECTION = re.compile(r"^section\s+(?P<number>\d+[a-z]?)\b[\s:.–—-]*(?P<title>.*)$", re.I)
_CODE = re.compile(rf"^codes?\s+of\s+(?:good\s+)?practice\b(?:\s*{_DASH}\s*|\s+(?:on|for)\s+)?"
                   r"(?P<title>.*)$", re.I)  # Stafford: "Code of Practice", title on the next line
_NAMED_CODE = re.compile(r"^(?P<title>[A-Z][^.:;]{2,80}\b[Cc]ode(?: of (?:[Gg]ood )?[Pp]ractice)?)$")
_ACTION = re.compile(r"^(?P<title>commitments?\s+to\s+action)$", re.I)  # Herefordshire
_PRINCIPLES = re.compile(r"^(?:our\s+)?(?:shared\s+)?principles(?:\s+we\s+share)?$", re.I)
_COMMITMENT_PROSE = re.compile(r"\b(we|will|shall|commit\w*|undertakes?)\b", re.I)
_LEAD_IN_WORDS = {"to", "of", "including", "include", "includes", "as", "following", "that",
                  "are", "by", "for"}


def _section_marker(text: str) -> tuple[str, str | None, str] | None:
    """(kind, number, title) when the line opens a promise, a code or another set."""
    if len(text) > 120:
        return None
    if m := _PROMISE.match(text):
        return "promise", m["number"], m["title"]
    if m := _SECTION.match(text):  # West Cheshire: "Section 4 Equality and Diversity Code"
        kind = "code" if re.search(r"\bcode\b", m["title"], re.I) else "other"
        return kind, m["number"], m["title"]
    if m := _CODE.match(text) or _NAMED_CODE.match(text):
        return "code", None, m["title"]
    if m := _ACTION.match(text):
        return "other", None, m["title"]
    return None


def _party_of(text: str) -> str | None:
    """Whose undertakings a short heading such as "VCSE partners undertake to:" introduces."""
    lower = text.lower()
    if len(text) > 60 or not re.search(r"\bundertak\w*|\bcommitments\b", lower):
        return None
    if re.search(r"\bcommunity groups?\b", lower):  # Stafford: "Community Group undertakings"
        return "community"
    if re.search(r"\b(bme|black and minority ethnic)\b", lower):
        return "bme"
    public = re.search(r"\b(public|statutory)\b", lower)
    vcs = re.search(r"\b(vcse?|voluntary|third sector|community sector|charit\w*)\b", lower)
    if re.search(r"\b(joint|jointly|shared|all partners|we all|both)\b", lower) or (public and vcs):
        return "shared"
    return "public" if public else "vcs" if vcs else None


def _is_open(text: str) -> bool:
    """Does the item introduce sub-points ("...including:", "Encourage community groups to")?"""
    words = text.rstrip().split()  # Herefordshire: "...guidelines on the following;"
    last_word = words[-1].strip(";,").lower() if words else ""
    return text.rstrip().endswith(":") or last_word in _LEAD_IN_WORDS


def _plain_heading(unit: _Unit) -> bool:
    """A short standalone line without closing punctuation (Wiltshire, Herefordshire)."""
    words = unit.text.split()
    return (unit.kind == "para" and unit.lines == 1 and len(unit.text) <= 90 and len(words) <= 12
            and not _ends_sentence(unit.text) and not unit.text.endswith(",")
            and (unit.text[0].isupper() or unit.text[0].isdigit())
            and words[-1].lower() not in _LEAD_IN_WORDS)


class _Reader:
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
        self.prose = self.in_principles = self.purpose_open = self.awaiting_title = False
        self.top: tuple[ParsedUndertaking, int, str] | None = None  # last entry, indent, own text
        self.block_size = 0
        self.current: _Unit | None = None  # for the error report

    def feed(self, unit: _Unit) -> None:
        self.current = unit
        if self.awaiting_title:  # "Section 1" then "### Grant Funding ... Code"
            self.awaiting_title = False
            another = _section_marker(unit.text) and not _NAMED_CODE.match(unit.text)
            if (unit.kind != "item" and unit.lines == 1 and not _ends_sentence(unit.text)
                    and not another and not _party_of(unit.text)):
                self.section.title = unit.text[:200]
                if re.search(r"\bcode\b", unit.text, re.I):
                    self.section.kind = "code"
                return
        if unit.kind == "item":
            return self._item(unit)
        one_line = unit.kind == "heading" or unit.lines == 1
        if one_line and (marker := _section_marker(unit.text)):
            return self._open_section(*marker, unit.text)
        if one_line and (party := _party_of(unit.text)):
            return self._open_block(party, unit.text)
        if (unit.kind == "heading" or (one_line and _PRINCIPLES.match(unit.text))
                or (not self.marked and _plain_heading(unit))):
            return self._heading(unit.text)
        self._paragraph(unit.text)

    def _open_section(self, kind: str, number: str | None, title: str, line: str) -> None:
        self._close_section()
        # without a title of its own ("Section 2") the next short line names it
        self.section = ParsedSection(kind, number, title.strip().rstrip(":") or line)
        self.awaiting_title, self.provisional = not title.strip(), False
        self.headings.append(line)
        self.party, self.prose, self.in_principles, self.purpose_open = None, False, False, True
        if _ACTION.match(line):  # Herefordshire: "We will ..." paragraphs, given by all partners
            self.party, self.prose, self.purpose_open = "shared", True, False

    def _open_block(self, party: str, line: str) -> None:
        self.party_headings.append(line)
        if self.section is None:
            self.section, self.provisional = ParsedSection("other", None, line.rstrip(":")), True
        self.party, self.prose, self.in_principles, self.purpose_open = party, False, False, False
        self.top, self.block_size = None, 0

    def _heading(self, text: str) -> None:
        self.headings.append(text)
        self.party, self.top, self.block_size = None, None, 0
        self.in_principles = bool(_PRINCIPLES.match(text))
        if self.section is None or self.provisional:  # Wiltshire: "Compact Promises", general block
            self._close_section()
            self.section = ParsedSection("other", None, text)
            self.provisional = self.purpose_open = True
        elif self.section.purpose:
            self.purpose_open = False

    def _paragraph(self, text: str) -> None:
        if self.party and self.prose:
            if _COMMITMENT_PROSE.search(text):
                return self._add(self.section.undertakings, text, None, -1)
            self.party, self.prose = None, False  # signatures and contacts follow the commitments
        elif self.party:
            # a lead-in; West Cheshire's equality code names a narrower third-sector party in it
            if self.party in ("vcs", "bme") and text.endswith(":"):
                if re.search(r"\bwider (third|voluntary)", text, re.I):
                    self.party = "vcs"
                elif re.search(r"\b(bme|black and minority ethnic)\b", text, re.I):
                    self.party = "bme"
        elif self.section and self.purpose_open:
            self.section.purpose = self.section.purpose or text.strip("“”\"' ")
            self.purpose_open = text.endswith(":")
        self.top = None

    def _item(self, unit: _Unit) -> None:
        entry = (unit.text, unit.number, unit.indent, unit.sub_glyph)
        if self.party:
            self._add(self.section.undertakings, *entry)
        elif self.in_principles:
            self._add(self.principles, *entry)
        elif self.section and self.purpose_open:
            self.section.purpose = f"{self.section.purpose}\n- {unit.text}".strip()

    def _add(self, target: list, text: str, number, indent: int, sub: bool = False) -> None:
        """A new entry, or a sub-point of the last one when indented under an open lead-in
        ("...including:") or marked with a second glyph (Stafford "- ■")."""
        top = self.top if self.top and target and self.top[0] is target[-1] else None
        if top and (sub or (indent > top[1] and _is_open(top[2]))):
            top[0].text += f"\n- {text}"
            return
        if top and self.block_size == 1 and not self.prose and _is_open(top[2]) \
                and "\n" not in top[0].text:
            # Stafford: "- All partners are committed to" is a lead-in written as a list item
            self.warnings.append(f"Skipped a lead-in written as a list item: “{target.pop().text}”")
            self.block_size = 0
        target.append(ParsedUndertaking(self.party or "", number, text))
        self.top, self.block_size = (target[-1], indent, text), self.block_size + 1

    def _close_section(self) -> None:
        if self.section and self.section.undertakings:
            self.sections.append(self.section)
        elif self.section and not self.provisional:
            self.warnings.append(f"Left out “{self.section.title}”: it has no undertakings.")
        self.section = None

    def report(self, units: list[_Unit]) -> list[str]:
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


# --- timeline rules ----------------------------------------------------------------------------

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NUM = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_DURATION = re.compile(_NUM + r"(?:\s*-\s*|\s+)(week|month|day)s?\b", re.I)
_PEOPLE = (  # Stafford procedure stage 2: "2 members from each sector", "up to 2 representatives"
    ("panel_members_per_sector", re.compile(_NUM + r"\s+members?\s+(?:from|of)\s+each\s+sector",
                                            re.I)),
    ("representatives_per_party", re.compile(r"\bup to\s+" + _NUM + r"\s+representatives\b", re.I)),
)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "nb.", "no.")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in re.finditer(r"[.!?][”\"')]*\s+(?=[A-Z“\"'(])", text):
        if not text[start:match.end()].rstrip().lower().endswith(_ABBREVIATIONS):
            sentences.append(text[start:match.end()].strip())
            start = match.end()
    return sentences + [text[start:].strip()]


def _duration_rule(sentence: str, match: re.Match) -> tuple[str, int, str] | None:
    """Which Compact timeline a "12 weeks" or "three months" in this sentence sets, if any."""
    lower, value, unit = sentence.lower(), _number(match[1]), match[2].lower()
    before = lower[max(0, match.start() - 40):match.start()]
    after = lower[match.end():match.end() + 80]
    if unit == "week":
        if "absolute minimum" in after or re.search(r"absolute minimum(?: of)?\s*$", before):
            return "minimum_consultation_weeks", value, "weeks"  # West Cheshire s.2 (3)
        if re.match(r"\s*(?:of\s+)?lead[\s-]*in", after) and "application" in lower:
            return "grant_lead_in_weeks", value, "weeks"  # Stafford funding code
        if re.match(r"[’']?s?\s*(?:of\s+)?notice", after) and re.search(r"fund|polic", lower):
            return "funding_policy_notice_weeks", value, "weeks"  # West Cheshire s.1 public 1
        if re.search(r"within\s*$", before) and re.search(r"panel|convene", lower):
            return "panel_convene_days", value * 7, "days"  # Stafford stage 2
        if re.search(r"no later than\s*$", before) and re.search(r"hear|complaint|dispute", lower):
            return "hearing_weeks", value, "weeks"  # Stafford stage 2
        if "consult" in lower:
            return "consultation_weeks", value, "weeks"
    if unit == "day" and re.search(r"within\s*$", before) and re.search(r"panel|convene", lower):
        return "panel_convene_days", value, "days"
    if unit == "month" and "notice" in lower:  # West Cheshire s.6 (3): "three ... ideally six"
        if re.search(r"ideal(?:ly)?\s*$", before) or after.lstrip().startswith("ideal"):
            return "ideal_notice_months", value, "months"
        return "notice_months", value, "months"
    return None


def _timeline_rules(units: list[_Unit]) -> list[ProposedTimelineRule]:
    rules: list[ProposedTimelineRule] = []
    seen: set[tuple[str, int]] = set()
    for unit in units:
        for sentence in _sentences(unit.text):
            found = [_duration_rule(sentence, m) for m in _DURATION.finditer(sentence)]
            found += [(rule, _number(m[1]), "people")
                      for rule, pattern in _PEOPLE for m in pattern.finditer(sentence)]
            for rule, value, unit_name in filter(None, found):
                if (rule, value) not in seen:  # the first sentence that says it is the source
                    seen.add((rule, value))
                    rules.append(ProposedTimelineRule(rule, value, unit_name, sentence))
    return rules


# --- the entry point ---------------------------------------------------------------------------

def parse_compact(text: str, *, filename: str = "") -> ParsedCompact:
    """Parse a Compact's text. Raises CompactParseError, never returns a partial result."""
    named = [f"File name: {filename or '(none)'}"]
    if not isinstance(text, str) or "\x00" in text:
        raise CompactParseError("the document is not text.", report=named,
                                stopped_at="the start of the document")
    if not text.strip():
        raise CompactParseError("the document is empty.", report=named, stopped_at="line 1")
    reader, units = _Reader(), []
    try:
        raw = _normalise(text)
        title = _find_title(raw) or Path(filename).stem
        lines, headers = _strip_page_furniture(raw)
        units = _units(lines)
        reader.marked = sum(u.kind == "heading" for u in units) >= 3
        for unit in units:
            reader.feed(unit)
        reader._close_section()
        rules = _timeline_rules(units)
    except Exception as error:  # a bug or a very odd document: still say where and what
        at = reader.current
        raise CompactParseError(f"the importer failed ({type(error).__name__}: {error}).",
                                report=named + reader.report(units),
                                stopped_at=f"line {at.line}: “{at.text[:80]}”" if at else "line 1") from error
    if not reader.sections:
        last = f" (line {units[-1].line}: “{units[-1].text[:60]}”)" if units else ""
        raise CompactParseError(
            "no promise, code of practice or section with undertakings was found.",
            report=named + reader.report(units), stopped_at=f"the end of the document{last}")
    warnings = list(reader.warnings)
    if headers:
        shown = ", ".join(f"“{h}”" for h in headers)
        warnings.insert(0, f"Removed repeating page headers: {shown}")
    if len(title.split()) < 2:
        warnings.append(f"The document's title is only “{title}”; give the compact its full name.")
    principles = [p.text for p in reader.principles]
    return ParsedCompact(title, reader.sections, principles, rules, warnings)
