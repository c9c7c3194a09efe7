"""The admin change list's template tags, used by templates/admin/change_list.html in place of
Django's `result_list` and `date_hierarchy` (registered as the `portal_admin` library in
settings). What they make is the same; how they make it is in compact_portal/admin_lists.py."""
from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.base import InclusionAdminNode

from . import admin_lists, published

register = template.Library()


class RememberedResults(InclusionAdminNode):
    """Django's table of results, kept in the cache under what it is made from
    (`admin_lists.results_key`): the same rows, columns and query give the same table. Kept
    and read as the published pages are (`published.remember`), cache outages included."""

    def render(self, context):
        key = admin_lists.results_key(self.args[0].resolve(context))
        if key is None:
            return super().render(context)
        make = super().render
        return published.remember(lambda: key, lambda: make(context), timeout=admin_lists.RESULTS_SECONDS,
                                  what="an admin table of results")


@register.tag(name="remembered_result_list")
def remembered_result_list(parser, token):
    return RememberedResults(parser, token, func=admin_list.result_list, template_name="change_list_results.html",
                             takes_context=False)


@register.tag(name="indexed_date_hierarchy")
def indexed_date_hierarchy(parser, token):
    return InclusionAdminNode(parser, token, func=admin_lists.date_hierarchy, template_name="date_hierarchy.html",
                              takes_context=False)
