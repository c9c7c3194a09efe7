"""The compact's dispute procedure and review interval, where the document states them: the
stages' names ("Stage 2 – Referral to a panel"), what the panel decides (whether a concern is a
Compact matter, or whether it is upheld), who the details of cases are confidential to, the
bodies the parties are pointed to at the end, and when the Compact is formally reviewed.

Each is proposed with the text it came from for the board to confirm
(undertakings.procedure.ProcedureRules). A document that says nothing gets no proposal: the
portal's defaults stay, marked as such."""

from __future__ import annotations

import re

from .results import ProposedProcedureRule
from .rules import _NUM, number, sentences

_STAGE_NUMBERS = {
    "one": "stage_1",
    "two": "stage_2",
    "three": "stage_3",
    "1": "stage_1",
    "2": "stage_2",
    "3": "stage_3",
}
# "Stage 2 – Referral to the panel", "Stage two: Panel hearing", "STEP 1 - Formal concern"
_NAMED_STAGE = re.compile(
    r"^(?:stage|step|level)\s+(one|two|three|[123])\s*[:–—-]\s*(?P<name>[A-Za-z][^:.;]{2,60}?)\s*[:.]?$", re.I
)
# "Informal resolution:", "Informal stage", "The informal stage"
_INFORMAL_STAGE = re.compile(r"^(?:the\s+)?(?P<name>informal(?:\s+[a-z]+){1,2})\s*:?$", re.I)
_DISPUTE_WORDS = re.compile(r"dispute|conflict|complain|concern|difference|disagree|breach|panel|resolution", re.I)

_COMPACT_MATTER = re.compile(
    r"\b(?:determine|decide|consider|establish|judge|assess)s?\s+(?:first\s+)?whether\b.{0,80}?"
    r"\b(?:compact|commitments?|undertakings?)\b",
    re.I,
)
_UPHELD = re.compile(r"\b(?:upheld|uphold(?:s|ing)?)\b", re.I)
_PANEL = re.compile(r"\bpanel|\bgroup\b|\bcommittee\b", re.I)

_CONFIDENTIAL_TO = re.compile(
    r"confidential\s+(?:to|between|within)\s+(?P<who>.{2,80}?)(?:[.;,]|\s+(?:and|but|while|whilst)\s+(?!the\s+panel)|$)",
    re.I,
)
_CASE_WORDS = re.compile(r"\bcases?\b|complaint|dispute|concern|referr|difference", re.I)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_GROUP_WORDS = re.compile(r"\b(?:group|committee|pool|network)\b", re.I)
_PARTIES_WORDS = re.compile(r"\b(?:panel|parties|organisations?\s+(?:involved|concerned)|those\s+involved)\b", re.I)

_FURTHER_HELP = re.compile(
    r"mediat|ombudsman|advocacy|further\s+(?:help|resources|support|advice)|signpost|escalat", re.I
)
_BODY = re.compile(
    r"(?:(?:[Nn]ational|[Ll]ocal|[Rr]egional)\s+)?"
    r"(?:[A-Z][\w'’&-]*\s+(?:(?:and|of|for|&)\s+)?){0,6}"
    r"(?:Ombudsman|Scheme|Programme|Program|Service|Services|Mediation|Advocacy|Centre|Network|Bureau)\b"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s)\]>,;]+")

_REVIEW = re.compile(r"\breview", re.I)
_WHOLE_COMPACT = re.compile(r"\bcompact\b|\bagreement\b|\bthis\s+document\b", re.I)
_INTERVAL = re.compile(
    r"\b(?:after|every|within|each|once\s+every|at\s+least\s+every)\s+"
    + _NUM
    + r"(?:\s*\(\d{1,2}\))?\s+(year|month)s?\b",
    re.I,
)


def procedure_rules(texts: list[str], raw: str = "") -> list[ProposedProcedureRule]:
    """The procedure rules the document states, each once, from the first text that says it."""
    found = [
        _stage_names(texts),
        _panel_decides(texts),
        _details_readers(texts, raw),
        _signposting_bodies(texts, raw),
        _review_interval(texts),
    ]
    return [rule for rule in found if rule is not None]


def _near_disputes(texts: list[str], index: int) -> bool:
    return any(_DISPUTE_WORDS.search(text) for text in texts[max(0, index - 8) : index + 8])


def _tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" :.–—-")
    return name[:1].upper() + name[1:]


def _stage_names(texts: list[str]) -> ProposedProcedureRule | None:
    names, sources = {}, []
    for index, text in enumerate(texts):
        line = text.strip()
        if len(line) > 80 or not _near_disputes(texts, index):
            continue
        if match := _NAMED_STAGE.match(line):
            stage = _STAGE_NUMBERS[match[1].lower()]
            if stage not in names:
                names[stage] = _tidy_name(match["name"])
                sources.append(line)
        elif (match := _INFORMAL_STAGE.match(line)) and "informal" not in names:
            names["informal"] = _tidy_name(match["name"])
            sources.append(line)
    if not names:
        return None
    order = ["informal", "stage_1", "stage_2", "stage_3"]
    return ProposedProcedureRule("stage_names", {s: names[s] for s in order if s in names}, " / ".join(sources))


def _panel_decides(texts: list[str]) -> ProposedProcedureRule | None:
    finding = None
    for text in texts:
        for sentence in sentences(text):
            if _UPHELD.search(sentence) and (_PANEL.search(sentence) or _CASE_WORDS.search(sentence)):
                return ProposedProcedureRule("panel_decides", "upheld", sentence)
            if finding is None and _COMPACT_MATTER.search(sentence) and _PANEL.search(sentence):
                finding = sentence
    return ProposedProcedureRule("panel_decides", "finding", finding) if finding else None


def _expand(acronym: str, raw: str) -> str:
    """ "CCRG" as the document spells it out: a run of words whose initials are its letters."""
    letters = len(acronym)
    pattern = r"\b" + r"\s+".join(rf"{letter}[\w'’-]*" for letter in acronym) + r"\b"
    match = re.search(pattern, raw)
    return match.group(0) if match and len(match.group(0).split()) == letters else ""


def _details_readers(texts: list[str], raw: str) -> ProposedProcedureRule | None:
    for text in texts:
        for sentence in sentences(text):
            if "confidential" not in sentence.lower() or not _CASE_WORDS.search(sentence):
                continue
            match = _CONFIDENTIAL_TO.search(sentence)
            if not match:
                continue
            who = match["who"]
            spelled = " ".join(_expand(a, raw) for a in _ACRONYM.findall(who))
            if _GROUP_WORDS.search(who) or _GROUP_WORDS.search(spelled):
                return ProposedProcedureRule("details_readers", "resolution_group", sentence)
            if _PARTIES_WORDS.search(who):
                return ProposedProcedureRule("details_readers", "parties_and_panel", sentence)
    return None


def _link_for(name: str, raw: str) -> str:
    """The link the document gives next to a body's name, if any."""
    spelled = r"\s+".join(re.escape(word) for word in name.split())  # a name may be wrapped
    for at in (m.end() for m in re.finditer(spelled, raw)):
        if url := _URL.search(raw[at : at + 120]):
            link = url.group(0).rstrip(".")
            return link if link.startswith("http") else f"https://{link}"
    return ""


def _signposting_bodies(texts: list[str], raw: str) -> ProposedProcedureRule | None:
    bodies, sources = [], []
    for text in texts:
        for sentence in sentences(text):
            if not _FURTHER_HELP.search(sentence):
                continue
            for match in _BODY.finditer(sentence):
                name = _tidy_name(match.group(0))
                if len(name.split()) < 2 or name.lower() in {b["name"].lower() for b in bodies}:
                    continue  # "Mediation" alone names no body
                bodies.append({"name": name, "url": _link_for(match.group(0), raw)})
                if sentence not in sources:
                    sources.append(sentence)
    return ProposedProcedureRule("signposting_bodies", bodies, " ".join(sources)) if bodies else None


def _review_interval(texts: list[str]) -> ProposedProcedureRule | None:
    for text in texts:
        for sentence in sentences(text):
            if not (_REVIEW.search(sentence) and _WHOLE_COMPACT.search(sentence)):
                continue
            if match := _INTERVAL.search(sentence):
                value = number(match[1])
                months = value * 12 if match[2].lower() == "year" else value
                if 6 <= months <= 120:
                    return ProposedProcedureRule("edition_review_months", months, sentence)
    return None
