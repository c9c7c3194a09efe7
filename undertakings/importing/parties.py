"""Whose undertakings a line introduces, read from who the line names rather than from a
fixed list of headings: "The Council and its partners will:", "What voluntary groups commit
to", "Together we will:", "Third Sector Commitments", "Our commitments".

A line that introduces a list but names a party the importer cannot place gives the party ""
so that the board assigns it in the preview; it is never guessed.
"""

from __future__ import annotations

import re

_VERBS = r"(?:will|shall|undertakes?|agrees?|commits?|promises?|pledges?|are\s+committed|is\s+committed)"
_INTRODUCES = (
    # "X will:", "X undertake to:", "X commits to", "What X commits to", "X agree that:"
    re.compile(rf"^(?:what\s+)?(?P<who>.+?)\s+(?:will\s+)?{_VERBS}(?:\s+(?:to|that|as follows))?\s*:?$", re.I),
    # "Public sector undertakings", "Third Sector Commitments", "Our commitments"
    re.compile(
        r"^(?P<who>.*?)\s*(?:undertakings?|commitments?|responsibilities|promises)(?:\s+include|\s+are)?\s*:?$", re.I
    ),
    # "Undertakings of the council", "Responsibilities of the Public Sector are:"
    re.compile(
        r"^(?:undertakings|commitments|responsibilities|promises)\s+(?:of|by|from|for)\s+(?P<who>.+?)"
        r"(?:\s+(?:are|include))?\s*:?$",
        re.I,
    ),
)
_SHARED = re.compile(
    r"\b(?:joint|jointly|shared|together|both|all\s+(?:partners|signatories|sectors|of\s+us)"
    r"|we(?:\s+all)?|our|us|everyone|each\s+partner|partners)\b",
    re.I,
)
_PUBLIC = re.compile(
    r"\b(?:public|statutory|councils?|county|borough|district|authorit(?:y|ies)|government"
    r"|nhs|health|police|fire|commissioners?|funders?|icb|ccg|trusts?|agencies|"
    r"departments?|parish)\b",
    re.I,
)
_VCS = re.compile(
    r"\b(?:vcse?|voluntary|third\s+sector|civil\s+society|charit\w*|faith|not[\s-]for[\s-]profit"
    r"|social\s+enterprises?|community\s+(?:sector|organisations?)|infrastructure|bme[\s-]led)\b",
    re.I,
)
# Herefordshire's chamber of commerce, Stafford's "other partners": business and other partners.
_PARTNER = re.compile(
    r"\b(?:business(?:es)?|private\s+sector|chambers?\s+of\s+commerce|employers?|other\s+partners"
    r"|partner\s+organisations)\b",
    re.I,
)
_COMMUNITY = re.compile(r"^(?:the\s+)?community\s+groups?\b", re.I)
_BME = re.compile(r"\b(?:bme|black\s+and\s+minority\s+ethnic)\b(?!-led)", re.I)
# subjects that introduce a list but give no undertakings: "This code will:", "The panel will:"
_NOT_A_PARTY = re.compile(
    r"^(?:this|the)?\s*(?:compact|code|document|agreement|section|procedure|process|panel|"
    r"it|they|these|this)\b",
    re.I,
)
MAX_WORDS = 14


def party_line(text: str) -> tuple[str, str] | None:
    """(party, who) when the line introduces a list of undertakings; party is "" when `who` is
    named but not recognised. None when the line introduces no one's undertakings."""
    text = text.strip().strip("*").strip()
    if not text or len(text.split()) > MAX_WORDS or text.endswith((".", "?", "!", ";")):
        return None
    for pattern in _INTRODUCES:
        if match := pattern.match(text):
            who = re.sub(r"^[\d.]+\s*", "", match["who"].strip(" ,–—-"))
            if who.lower() in ("the", "a", "an", "key", "main", "other", "further", "general", "specific"):
                return None  # "The Commitment", "5 Responsibilities": a heading, not a party
            if not who:
                return None  # a bare "Commitments" heading names no one
            if len(who.split()) > 7 or re.search(r"[,;]|\b(?:is|are|be|been|this|these)\b", who, re.I):
                return None  # a sentence that happens to end "... five promises:", not a party
            if _NOT_A_PARTY.match(who) and not (_PUBLIC.search(who) or _VCS.search(who) or _PARTNER.search(who)):
                return None
            return party_of(who), who
    return None


def party_of(who: str) -> str:
    """public, vcs, partner, shared, community or bme from who a line names; "" when unknown."""
    public, vcs = _PUBLIC.search(who), _VCS.search(who)
    if _PARTNER.search(who) and not public and not vcs:
        return "partner"  # "Business and other partners will:"
    if _COMMUNITY.match(who) and not public:
        return "community"  # Stafford: "Community Group undertakings"
    if _BME.search(who) and not public and not re.search(r"\bsector\b", who, re.I):
        return "bme"
    if public and vcs:
        return "shared"
    if public:  # "the Council and its partners": the council's own list
        return "public"
    if vcs:
        return "vcs"
    if _SHARED.search(who):
        return "shared"
    return ""
