"""Reads a Compact document (Word, PDF, plain text or Markdown) into sections, undertakings,
shared principles, proposed timeline rules and signatories. Pure Python on purpose: the board
previews and corrects the result before services.create_draft_edition() stores it.

formats      the file into text, keeping the structure Word and PDF carry
furniture    contents lists, page numbers, running headers and footers out
units        headings, paragraphs and list items
parties      whose undertakings a line introduces, by who it names
structure    sections, party blocks, sub-groups, procedures and undertakings
rules        timeline rules in digits and in words
procedure    the dispute procedure and review interval, where the document states them
signatories  who signed, and whether the document is a draft
parse        the passes in order
"""

from .formats import ACCEPTED_EXTENSIONS, read_document
from .parse import parse_compact
from .results import (
    CompactParseError,
    ParsedCompact,
    ParsedSection,
    ParsedUndertaking,
    ProposedProcedureRule,
    ProposedSignatory,
    ProposedTimelineRule,
)

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "CompactParseError",
    "ParsedCompact",
    "ParsedSection",
    "ParsedUndertaking",
    "ProposedProcedureRule",
    "ProposedSignatory",
    "ProposedTimelineRule",
    "parse_compact",
    "read_document",
]
