"""The Compact itself: public, except comparing editions, which is the board's."""
from . import BOARD, EVERYONE, NOT_FOUND, Rule

RULES = {
    "undertakings:compact": Rule(EVERYONE, lambda w: {"slug": w.compact.slug}),
    "undertakings:undertaking": Rule(EVERYONE, lambda w: {
        "slug": w.compact.slug, "edition_pk": w.edition.pk, "section_slug": "funding", "reference": "public-1"}),
    "undertakings:compare": Rule(BOARD, lambda w: {"slug": w.compact.slug}, refused=NOT_FOUND),
}
