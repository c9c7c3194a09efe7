"""Who signed, and whether the document is a draft.

Signatories are read from the two shapes Compacts use: a "Signatories" (or "Signed by", "Signed
on behalf of") heading followed by organisation names, and signature blocks of a person and
their role ("Jo Bloggs, Chief Executive") over the organisation's name. Each is proposed with
the sector its name suggests; nothing is created until the board confirms it.
"""

from __future__ import annotations

import re

from .parties import party_of
from .results import ProposedSignatory

_ROLE = (
    r"chief\s+executive|chair(?:man|woman|person)?|vice[\s-]chair|director|leader|manager|head|officer"
    r"|representative|superintendent|secretary|president|mayor|trustee|co-?ordinator|convenor|commissioner"
    r"|chief\s+constable|chief\s+officer|lead"
)
_SIGNED_BY = re.compile(
    rf"^(?P<person>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,3}}),\s+(?P<role>(?:[\w-]+\s+){{0,3}}(?:{_ROLE})\b.{{0,60}})$",
    re.I,
)
HEADING = re.compile(
    r"^(?:#+\s*)?\**(?:our\s+)?(?:signatories|signed(?:\s+on\s+behalf\s+of|\s+by)?|list of signatories)\**\s*:?$", re.I
)
_ORGANISATION_WORDS = re.compile(
    r"\b(?:council|nhs|trust|police|constabulary|fire|service|association|partnership|"
    r"consortium|assembly|chamber|group|network|forum|society|charity|centre|"
    r"foundation|alliance|board|commission|authority|cvs|voluntary|community|college|"
    r"university|church|diocese|housing|care)\b",
    re.I,
)
_PUBLIC_BODY = re.compile(
    r"\b(?:council|nhs|primary\s+care\s+trust|hospital|police|constabulary|fire|probation|"
    r"government|authority|commissioning|integrated\s+care|learning\s+and\s+skills|jobcentre|"
    r"clinical|health\s+board|department)\b",
    re.I,
)
_DRAFT = re.compile(
    r"^(?:\**)(?:consultation\s+|final\s+)?draft(?:\s+(?:for\s+consultation|v(?:ersion)?\s*[\d.]+|\d{4}|copy))?"
    r"(?:\**)$|\bdraft\s+(?:compact|for\s+consultation|version)\b",
    re.I,
)


def is_draft(lines: list[str]) -> bool:
    """A line that says DRAFT, or a title that calls the document a draft."""
    return any(_DRAFT.search(line.strip()) for line in lines if len(line.strip()) <= 80)


_PARTNER_BODY = re.compile(
    r"\b(?:chambers?\s+of\s+commerce|federation\s+of\s+small\s+businesses|business(?:es)?|"
    r"housing\s+association)\b",
    re.I,
)


def sector_of(name: str) -> str:
    """public, vcs or partner from an organisation's name; the board confirms it."""
    if _PARTNER_BODY.search(name) and not re.search(r"\b(?:voluntary|charit\w*|community\s+interest)\b", name, re.I):
        return "partner"  # Herefordshire's signatories include a chamber of commerce
    if re.search(r"\b(?:voluntary|community|faith|charit\w*|cvs|third\s+sector)\b", name, re.I):
        return "vcs"  # "Council for Voluntary Service" is the sector's own body
    return "public" if _PUBLIC_BODY.search(name) or party_of(name) == "public" else "vcs"


def signatories(lines: list[str]) -> list[ProposedSignatory]:
    """Organisations named as signatories, in the order they appear, each once."""
    found: dict[str, ProposedSignatory] = {}
    filled = [line.strip().strip("*").strip() for line in lines if line.strip().strip("*").strip()]
    for index, line in enumerate(filled):
        if (match := _SIGNED_BY.match(line)) and index + 1 < len(filled):
            name = filled[index + 1]
            if re.search(r"(?:\band|,|&)$", name) and index + 2 < len(filled):  # a name wrapped onto two lines
                name = f"{name} {filled[index + 2]}"
            organisation = _organisation(name)
            if organisation and not _SIGNED_BY.match(filled[index + 1]):
                found.setdefault(
                    organisation.lower(),
                    ProposedSignatory(
                        organisation, sector_of(organisation), f"{match['person']}, {match['role'].strip()}"
                    ),
                )
        elif HEADING.match(line):
            for entry in filled[index + 1 :]:
                organisation = _organisation(re.sub(r"^[-*•]\s+", "", entry))
                if not organisation or not _ORGANISATION_WORDS.search(organisation):
                    break
                found.setdefault(organisation.lower(), ProposedSignatory(organisation, sector_of(organisation)))
    return list(found.values())


def _organisation(line: str) -> str:
    """An organisation's name: a short line in capitals that is not a sentence."""
    line = re.sub(r"\s+", " ", line).strip(" *")
    if not line or len(line) > 100 or line.endswith((".", ":", ";", "?")) or not line[0].isupper():
        return ""
    return line
