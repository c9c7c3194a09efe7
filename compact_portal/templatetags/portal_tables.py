"""Tables scroll inside their own box, so a narrow screen (320 px, or 400% zoom) never scrolls
the whole page sideways (WCAG 1.4.10 Reflow). The box can take the focus, to be scrolled with
the keyboard, and is a named region, so a screen reader says what it holds.

`{% scroll_table "Label" %}<table>…</table>{% endscroll_table %}` in the portal's templates;
`|scrollable_tables` on HTML already made (a published annual review), naming each box after
its table's caption."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

TABLE = re.compile(r"<table\b.*?</table>", re.S)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)


def scrolling_box(table_html: str, label: str) -> str:
    """The one wrapper every portal table is in."""
    return format_html(
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="{}">{}</div>',
        label,
        mark_safe(table_html),  # nosec B308 B703 - already rendered and escaped by its template
    )


class ScrollTableNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return scrolling_box(self.nodelist.render(context), str(self.label.resolve(context)))


@register.tag
def scroll_table(parser, token):
    try:
        _, label = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError('{% scroll_table "What the table shows" %} names its box') from error
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(parser.compile_filter(label), nodelist)


@register.filter(is_safe=True)
def scrollable_tables(html) -> str:
    """Puts each table of ready-made HTML in its scrolling box, named after its caption."""

    def wrap(match):
        caption = CAPTION.search(match.group(0))
        label = " ".join(strip_tags(caption.group(1)).split()) if caption else "Table"
        return scrolling_box(match.group(0), label)

    return mark_safe(TABLE.sub(wrap, str(conditional_escape(html))))  # nosec B308 B703 - escaped above
