"""Reads of compacts and their text used by several views."""

from django.db.models import Prefetch, Q

from signatories import selectors as signatory_selectors

from .models import Edition, Undertaking

default_compact = signatory_selectors.default_compact  # one home, in signatories


def sections_with_undertakings(edition: Edition, party: str | None = None, parties=None):
    """The edition's sections with their undertakings; given `party` or `parties`, only those
    parties' undertakings, and only the sections that have some."""
    undertakings = Undertaking.objects.order_by("position")
    if party:
        parties = [party]
    if parties is not None:
        undertakings = undertakings.filter(party__in=parties)
    sections = edition.sections.order_by("position").prefetch_related(Prefetch("undertakings", queryset=undertakings))
    return [s for s in sections if s.undertakings.all()] if parties is not None else list(sections)


def search_undertakings(edition: Edition, query: str):
    words = [w for w in query.replace("\x00", " ").split() if w]  # PostgreSQL refuses a null byte in a query
    found = Undertaking.objects.filter(section__edition=edition).select_related("section", "section__edition__compact")
    for word in words:
        found = found.filter(Q(text__icontains=word) | Q(section__title__icontains=word))
    return found.order_by("section__position", "position")


def undertaking_key(undertaking: Undertaking) -> tuple[str, str]:
    """What identifies an undertaking across editions: its section title and its text's start."""
    return (undertaking.section.title.strip().lower(), " ".join(undertaking.text.split()).lower())


def compare_editions(old: Edition, new: Edition) -> dict:
    """Added, removed and changed undertakings between two editions. An undertaking is the
    "same" when it keeps its section and party and position; changed when its text differs."""

    def index(edition):
        rows = Undertaking.objects.filter(section__edition=edition).select_related("section")
        return {(u.section.title.strip().lower(), u.party, u.reference): u for u in rows}

    before, after = index(old), index(new)
    added = [after[k] for k in after.keys() - before.keys()]
    removed = [before[k] for k in before.keys() - after.keys()]
    changed = [
        (before[k], after[k])
        for k in before.keys() & after.keys()
        if " ".join(before[k].text.split()) != " ".join(after[k].text.split())
    ]
    order = lambda u: (u.section.position, u.position)  # noqa: E731
    return {
        "added": sorted(added, key=order),
        "removed": sorted(removed, key=order),
        "changed": sorted(changed, key=lambda pair: order(pair[1])),
        "unchanged": len(before.keys() & after.keys()) - len(changed),
    }
