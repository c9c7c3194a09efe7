"""Template tags for the published report. Each count goes through compact_portal.figures,
so the public page and the PDF withhold the same counts and the board's draft shows them all:
`{% figure n %}` ("12", "fewer than 5") and `{% count n "case" %}` ("1 case", "fewer than 5
cases") read `public` from the report's context; `{{ days|weeks }}` says a period in weeks."""

from django import template

from compact_portal import figures

register = template.Library()


def _public(context) -> bool:
    return bool(context.get("public"))


@register.simple_tag(takes_context=True)
def figure(context, count):
    return figures.count_text(figures.shown(count, _public(context)))


@register.simple_tag(takes_context=True)
def count(context, n, one, many=""):
    shown = figures.shown(n, _public(context))
    noun = one if shown == 1 else (many or one + "s")
    return f"{figures.count_text(shown)} {noun}"


@register.filter
def shown_count(value):
    """A count already passed through figures.shown (None when withheld)."""
    return figures.count_text(value)


@register.filter
def weeks(days):
    return figures.format_weeks(days)
