from . import BOARD, EVERYONE, Rule

RULES = {
    "undertakings:compact": Rule(EVERYONE, lambda w: {"slug": w.compact.slug}),
    "undertakings:undertaking": Rule(EVERYONE, lambda w: {
        "slug": w.compact.slug, "edition_pk": w.edition.pk, "section_slug": "funding", "reference": "public-1"}),
    "undertakings:compare": Rule(BOARD, lambda w: {"slug": w.compact.slug}),
}
