"""Page furniture out: contents lists, page numbers, running headers and footers.

Two signs of furniture, both general rather than per-document: a line at the top or bottom of
a page (pages end with a form feed, as the Word and PDF readers and many text exports write
them) that recurs on other pages once its numbers are ignored ("Riverdale Compact 2024 -
page 3"); and a short standalone line repeated three or more times in a text with no pages
("The Wiltshire Compact"). Lines that carry structure are kept even when they repeat.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

# "Introduction.....  3", "Funding …… 4", "Funding<tab>4", "2. Funding . . . . . 4"
_CONTENTS_LINE = re.compile(r"(\.{4,}|…{2,}|(?:\.\s){4,}|_{4,})\s*\d*\s*$|\S(?:\t+| {4,})\d{1,3}\s*$")
_CONTENTS_HEADING = re.compile(r"^(?:#+\s*)?\**(?:table of )?contents\**:?$", re.I)
PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$|^[-–]\s*\d{1,3}\s*[-–]$", re.I)
_EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be furniture


def normalise(text: str) -> list[str]:
    """Lines with Windows line ends, non-breaking spaces and tabs evened out; contents lines
    (dot leaders and page numbers) blanked; page breaks kept as form-feed lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n")
    lines = [
        line
        if line == "\f"
        else ""
        if _CONTENTS_LINE.search(line)
        else line.replace("\u00a0", " ").rstrip().expandtabs(4)
        for line in text.split("\n")
    ]
    return _without_contents_heading(lines)


def _without_contents_heading(lines: list[str]) -> list[str]:
    """A "Contents" heading whose entries were blanked goes too, with the bare page numbers or
    entries without leaders left between it and the next paragraph."""
    for index, line in enumerate(lines):
        if _CONTENTS_HEADING.match(line.strip()):
            lines[index] = ""
    return lines


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _edge_key(line: str, is_structural: Callable[[str], bool]) -> str:
    """Numbers are ignored ("Page 3", "Printed 2024"). A line that carries structure ("Section
    2", "The Council will:", a sentence) is never furniture, however often it recurs at the
    top of a page, unless it names the page."""
    key = _key(line)
    if re.search(r"\bpage\s+#|#\s*(?:of|/)\s*#", key) or not is_structural(line.strip()):
        return key
    return ""


def strip_page_furniture(lines: list[str], is_structural: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    """Blank out page numbers, running headers and footers. Returns the lines and what was
    removed, for the preview to show."""
    removed: set[str] = set()
    pages = _pages(lines)
    if len(pages) >= 3:
        edges: dict[str, int] = {}
        key = partial(_edge_key, is_structural=is_structural)
        for page in pages:
            for found in {key(lines[i]) for i in _edge(page, lines)}:
                edges[found] = edges.get(found, 0) + 1
        running = {found for found, n in edges.items() if found and n >= max(3, len(pages) * 0.3) and len(found) <= 120}
        for page in pages:
            for i in _edge(page, lines):
                if key(lines[i]) in running or PAGE_NUMBER.match(lines[i].strip()):
                    removed.add(lines[i].strip())
                    lines[i] = ""
    padded = ["", *lines, ""]
    counts: dict[str, int] = {}
    for i, line in enumerate(lines, start=1):
        if line.strip() and not padded[i - 1].strip() and not padded[i + 1].strip():
            counts[line.strip()] = counts.get(line.strip(), 0) + 1
    headers = {t for t, n in counts.items() if n >= 3 and len(t) <= 60 and not is_structural(t)}
    removed |= headers
    cleaned = [
        "" if line.strip() in headers or PAGE_NUMBER.match(line.strip()) or line == "\f" else line for line in lines
    ]
    shown = {_key(t): re.sub(r"\s+", " ", t) for t in sorted(removed, reverse=True) if not PAGE_NUMBER.match(t)}
    return cleaned, sorted(shown.values())


def _pages(lines: list[str]) -> list[range]:
    pages, start = [], 0
    for index, line in enumerate(lines):
        if line == "\f":
            pages.append(range(start, index))
            start = index + 1
    pages.append(range(start, len(lines)))
    return [page for page in pages if any(lines[i].strip() for i in page)]


def _edge(page: range, lines: list[str]) -> list[int]:
    filled = [i for i in page if lines[i].strip()]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))
