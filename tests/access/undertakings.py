"""The Compact itself: public, except comparing editions, which is the board's."""

from . import BOARD, EVERYONE, NOT_FOUND, Rule

RULES = {
    "undertakings:compact": Rule(EVERYONE, lambda w: {"slug": w.compact.slug}),
    "undertakings:undertaking": Rule(
        EVERYONE,
        lambda w: {
            "slug": w.compact.slug,
            "edition_pk": w.edition.pk,
            "section_slug": "funding",
            "reference": "public-1",
        },
    ),
    "undertakings:compare": Rule(BOARD, lambda w: {"slug": w.compact.slug}, refused=NOT_FOUND),
    # Adopting an edition: the board, after a confirmation (the world's edition is adopted already).
    "undertakings:adopt": Rule(BOARD, lambda w: {"pk": w.edition.pk}, post=True, refused=NOT_FOUND),
}
