"""Cutting clean lines into units: headings, paragraphs and list items, joining the lines of a
paragraph and an item a page break split."""

from __future__ import annotations

import re
from dataclasses import dataclass

MD_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+)$")
GLYPH_HEADING = re.compile(r"^(?:[■●▪]\s*){2,}(?P<text>\S.*)$")  # "■ ■ Funding"
BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•●▪◦·–]|o(?=\s))\s+(?P<text>\S.*)$")
# (1) (a) (iv) 1. 1) a. a) b] iv. 2.1 2.1.3 — a bare number needs its stop, a dotted one not
NUMBERED = re.compile(
    r"^(?P<indent>\s*)(?:\((?P<n1>\d{1,3}|[a-z]|[ivx]{1,5})\)"
    r"|(?P<n2>\d{1,2}(?:\.\d{1,2}){1,2})\.?"
    r"|(?P<n3>\d{1,3}|[a-z]|[ivx]{1,5})[.)\]])\s+(?P<text>\S.*)$"
)
SUB_GLYPH = re.compile(r"^[■▪◦•●]\s+")  # "- ■ Strategic Plan" is a sub-point
_NUMBER_IN_ITEM = re.compile(r"^(?P<number>\d{1,2}\.\d{1,2})\.?\s+(?P<text>\S.*)$")  # "- 5.2 Responsibilities..."


@dataclass
class Unit:
    kind: str  # "heading" | "para" | "item"
    text: str
    line: int
    indent: int = 0
    number: str | None = None
    sub_glyph: bool = False
    lines: int = 1
    bulleted: bool = False  # an item marked with a bullet rather than a number or letter


def inline(text: str) -> str:
    """Markdown inline markup out (links, **bold**, *italic*, escapes); whitespace collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text).replace("\\*", "\ue000").replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("\ue000", "*")).strip()


def ends_sentence(text: str) -> bool:
    return text.rstrip("”\"'*) ").endswith((".", ";", ":", "!", "?"))


def units(lines: list[str]) -> list[Unit]:
    found: list[Unit] = []
    last: Unit | None = None  # the item or paragraph the next line may continue
    gap = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not inline(stripped):  # blank, or markup with nothing inside ("**")
            gap = True
            continue
        heading = MD_HEADING.match(stripped) or GLYPH_HEADING.match(stripped)
        bullet = BULLET.match(line)
        item = bullet or NUMBERED.match(line)
        if heading:
            found.append(Unit("heading", inline(heading["text"]), number))
            last = None
        elif item and inline(SUB_GLYPH.sub("", item["text"])):
            text, marks = item["text"], item.groupdict()
            number_mark = marks.get("n1") or marks.get("n2") or marks.get("n3")
            if bullet and (inner := _NUMBER_IN_ITEM.match(text)):  # "- 5.2 ..." keeps its number
                number_mark, text = inner["number"], inner["text"]
            last = Unit(
                "item",
                inline(SUB_GLYPH.sub("", text)),
                number,
                len(item["indent"]),
                number_mark,
                bool(SUB_GLYPH.match(text)),
                bulleted=bool(bullet) and not number_mark,
            )
            found.append(last)
        elif last and (not gap or (stripped[0].islower() and not ends_sentence(last.text))):
            # the same paragraph, or a line a page break cut off ("...should" / "indicate
            # that ..."); any page header between them is already blank
            last.text, last.lines = f"{last.text} {inline(stripped)}", last.lines + 1
        else:
            last = Unit("para", inline(stripped), number)
            found.append(last)
        gap = False
    return found
