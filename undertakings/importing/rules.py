"""Timeline rules read from the text, in digits or in words ("six weeks", "no fewer than eight
weeks", "three calendar months' notice", "15 working days", "two members from each sector"),
each proposed with the sentence it came from for the board to confirm."""

from __future__ import annotations

import re

from .results import ProposedTimelineRule

_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
NUMBER_WORDS = {word: n for n, word in enumerate(_UNITS, start=1)}
NUMBER_WORDS.update(_TENS)
NUMBER_WORDS.update(
    {f"{tens}-{unit}": value + n for tens, value in _TENS.items() for n, unit in enumerate(_UNITS[:9], start=1)}
)
_NUM = r"(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_DURATION = re.compile(
    r"\b" + _NUM + r"(?:\s*-\s*|\s+)(?:\(\d{1,3}\)\s+)?(?:(calendar|working|clear|full)\s+)?(week|month|day)s?\b", re.I
)
_PEOPLE = (  # Stafford procedure stage 2: "2 members from each sector", "up to 2 representatives"
    (
        "panel_members_per_sector",
        re.compile(
            r"\b" + _NUM + r"\s+(?:\w+\s+)?(?:members?|people|representatives?)\s+"
            r"(?:from|of|drawn from)\s+(?:each|both)\s+(?:sectors?|sides?)",
            re.I,
        ),
    ),
    (
        "representatives_per_party",
        re.compile(r"\bup to\s+" + _NUM + r"\s+(?:\w+\s+)?(?:representatives|people|supporters)\b", re.I),
    ),
)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "nb.", "no.")
_MINIMUM = re.compile(
    r"(?:no|not|never)\s+(?:fewer|less|shorter)\s+than\s*$|absolute\s+minimum\s+(?:of\s+)?$"
    r"|at\s+the\s+(?:very\s+)?least\s*$",
    re.I,
)


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def sentences(text: str) -> list[str]:
    found, start = [], 0
    for match in re.finditer(r"[.!?][”\"')]*\s+(?=[A-Z“\"'(])", text):
        if not text[start : match.end()].rstrip().lower().endswith(_ABBREVIATIONS):
            found.append(text[start : match.end()].strip())
            start = match.end()
    return found + [text[start:].strip()]


def _duration_rule(sentence: str, match: re.Match) -> tuple[str, int, str] | None:
    """Which Compact timeline a "12 weeks" or "three months" in this sentence sets, if any."""
    lower, value, unit = sentence.lower(), number(match[1]), match[3].lower()
    before = lower[max(0, match.start() - 40) : match.start()]
    after = lower[match.end() : match.end() + 80]
    panel = re.search(r"panel|convene", lower)
    hearing = re.search(r"\bhear(?:ing|d)?\b|\bmeet(?:ing)?\b", lower) and re.search(
        r"panel|complaint|dispute|referr", lower
    )
    if unit == "week":
        if "absolute minimum" in after or _MINIMUM.search(before):
            if "consult" in lower:
                return "minimum_consultation_weeks", value, "weeks"  # West Cheshire s.2 (3)
        if re.match(r"\s*(?:of\s+)?lead[\s-]*in", after) and "application" in lower:
            return "grant_lead_in_weeks", value, "weeks"  # Stafford funding code
        if re.match(r"[’']?s?\s*(?:of\s+)?(?:written\s+)?notice", after) and re.search(r"fund|polic", lower):
            return "funding_policy_notice_weeks", value, "weeks"  # West Cheshire s.1 public 1
        if re.search(r"within\s*$", before) and panel and not hearing:
            return "panel_convene_days", value * 7, "days"  # Stafford stage 2
        if (
            re.search(r"no later than\s*$", before)
            and re.search(r"hear|complaint|dispute", lower)
            or re.search(r"within\s*$", before)
            and hearing
        ):
            return "hearing_weeks", value, "weeks"  # Stafford stage 2
        if "consult" in lower:
            return "consultation_weeks", value, "weeks"
    if unit == "day" and re.search(r"within\s*$", before):
        if hearing and value % 7 == 0:
            return "hearing_weeks", value // 7, "weeks"
        if panel:
            return "panel_convene_days", value, "days"
    if unit == "month" and "notice" in lower:  # West Cheshire s.6 (3): "three ... ideally six"
        if re.search(r"ideal(?:ly)?\s*$", before) or after.lstrip().startswith("ideal"):
            return "ideal_notice_months", value, "months"
        return "notice_months", value, "months"
    return None


def timeline_rules(texts: list[str]) -> list[ProposedTimelineRule]:
    found_rules: list[ProposedTimelineRule] = []
    seen: set[tuple[str, int]] = set()
    for text in texts:
        for sentence in sentences(text):
            found = [_duration_rule(sentence, m) for m in _DURATION.finditer(sentence)]
            found += [(rule, number(m[1]), "people") for rule, pattern in _PEOPLE for m in pattern.finditer(sentence)]
            for rule, value, unit_name in filter(None, found):
                if (rule, value) not in seen:  # the first sentence that says it is the source
                    seen.add((rule, value))
                    found_rules.append(ProposedTimelineRule(rule, value, unit_name, sentence))
    return found_rules
