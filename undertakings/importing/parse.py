"""The importer's entry point: text in, a ParsedCompact out, in passes that each live in their
own module: furniture (contents, page headers and footers out), units (headings, paragraphs,
list items), structure (sections, parties, undertakings), rules and signatories."""

from __future__ import annotations

import re
from pathlib import Path

from . import furniture, procedure, rules, signatories
from .parties import party_line
from .results import CompactParseError, ParsedCompact
from .structure import PRINCIPLES, Reader, section_marker
from .units import BULLET, GLYPH_HEADING, MD_HEADING, NUMBERED, inline, units


def is_structural(text: str) -> bool:
    """Repeated lines that still carry structure (Stafford repeats "Code of Practice")."""
    return bool(
        MD_HEADING.match(text)
        or GLYPH_HEADING.match(text)
        or BULLET.match(text)
        or NUMBERED.match(text)
        or section_marker(text)
        or party_line(text)
        or PRINCIPLES.match(text)
        or text.endswith((":", ".", "?", "!", ";", ","))
    )


def find_title(lines: list[str]) -> str:
    """ "The Wiltshire Compact", "The Stafford Borough Community Compact": near the top."""
    opening = [inline(line.lstrip("#")) for line in lines if inline(line.lstrip("#"))][:15]
    for line in opening:
        if match := re.search(r"\b(?:The|THE)\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:Compact|COMPACT)\b", line):
            return match.group(0) if not match.group(0).isupper() else match.group(0).title()
    return next((line for line in opening if "compact" in line.lower() and len(line) <= 80), "")


def parse_compact(text: str, *, filename: str = "") -> ParsedCompact:
    """Parse a Compact's text. Raises CompactParseError only for a document with no text or
    no undertakings at all; anything it is unsure of is flagged for the board instead."""
    named = [f"File name: {filename or '(none)'}"]
    if not isinstance(text, str) or "\x00" in text:
        raise CompactParseError("the document is not text.", report=named, stopped_at="the start of the document")
    if not text.strip():
        raise CompactParseError("the document is empty.", report=named, stopped_at="line 1")
    reader, found = Reader(), []
    try:
        raw = furniture.normalise(text)
        title = find_title(raw) or Path(filename).stem
        draft = signatories.is_draft(raw[:80]) or signatories.is_draft([title])
        lines, headers = furniture.strip_page_furniture(list(raw), is_structural)
        found = units(lines)
        reader.marked = sum(u.kind == "heading" for u in found) >= 3
        reader.read(found)
        proposed_rules = rules.timeline_rules([u.text for u in found])
        procedure_rules = procedure.procedure_rules([u.text for u in found], text)
        signed = signatories.signatories(lines)
    except Exception as error:  # a bug or a very odd document: still say where and what
        at = reader.current
        raise CompactParseError(
            f"the importer failed ({type(error).__name__}: {error}).",
            report=named + reader.report(found),
            stopped_at=f"line {at.line}: “{at.text[:80]}”" if at else "line 1",
        ) from error
    if not reader.sections:
        last = f" (line {found[-1].line}: “{found[-1].text[:60]}”)" if found else ""
        raise CompactParseError(
            "no promise, code of practice or section with undertakings was found.",
            report=named + reader.report(found),
            stopped_at=f"the end of the document{last}",
        )
    warnings = list(reader.warnings)
    if headers:
        shown = ", ".join(f"“{h}”" for h in headers)
        warnings.insert(0, f"Removed repeating page headers and footers: {shown}")
    if draft:
        warnings.append("The document is marked as a draft: it is saved as a draft edition.")
    if len(title.split()) < 2:
        warnings.append(f"The document's title is only “{title}”; give the compact its full name.")
    principles = [p.text for p in reader.principles]
    return ParsedCompact(
        title, reader.sections, principles, proposed_rules, warnings, signed, draft, procedure_rules=procedure_rules
    )
