"""An admin change list page kept whole in the cache, under a key made from everything the page
is made from (`page_key`). `admin_lists.tune` puts `changelist_view` in place of Django's for
every model admin that uses Django's view and the portal's change list template
(`keeps_pages`).

The key holds what the table of results is made from (`admin_lists.table_parts`: the
columns, the query string, language, time zone and date) with the page's rows (`_rows`: on
PostgreSQL a digest of them made by the database), and what the rest of the page shows: the
person (who they are, how they are named, what they may do), the counts and pages, each
filter's choices, the date drill-down, the actions on offer. The change list is built and its
rows read on every request, as Django does, so a row changed in any way (by a bulk update
too), a filter choice added, a permission taken away gives a new key: nothing needs clearing
and nothing stale is shown. What is saved is rendering the page, most of a large list's time.

Not kept: anything but a GET; a page with messages waiting to be shown; lists that edit rows
in place; anything Django's view answers with other than its change list (a redirect for a
bad filter, say). The page's CSRF token is not kept: the page is made with a stand-in, and
each request gets its own token in its place."""
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac

from . import admin_lists, published

PAGE_SECONDS = admin_lists.RESULTS_SECONDS
TEMPLATE = "admin/change_list.html"  # the portal's (templates/admin/change_list.html), in front of Django's


def keeps_pages(model_admin) -> bool:
    """Whether the model admin's change list pages can be kept: Django's own view, rendered
    with the portal's change list template (no other template in front of it), so that
    `page_key` knows everything the page is made from."""
    if type(model_admin).changelist_view is not admin.ModelAdmin.changelist_view or model_admin.change_list_template:
        return False
    meta = model_admin.opts
    try:
        template = select_template([f"admin/{meta.app_label}/{meta.model_name}/change_list.html",
                                    f"admin/{meta.app_label}/change_list.html", TEMPLATE])
    except TemplateDoesNotExist:
        return False
    return Path(template.origin.name) == settings.BASE_DIR / "templates" / TEMPLATE


def csrf_stand_in() -> str:
    """What the page is made with in place of its CSRF token: the same in every process, and not
    to be guessed (it is derived from the secret key), so no one can put it in a row's value."""
    return "csrf" + salted_hmac("compact_portal.admin_pages", "csrf stand-in", algorithm="sha256").hexdigest()[:60]


class _NotAPage(Exception):
    """Django's view answered with something other than its change list page."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def changelist_view(model_admin, request, extra_context=None):
    """Django's change list view, with the page kept in the cache under `page_key`."""
    django_view = partial(type(model_admin).changelist_view, model_admin)
    if request.method != "GET" or extra_context or _messages_waiting(request):
        return django_view(request, extra_context)
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    try:
        cl = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        return django_view(request)  # Django's own answer to a bad filter
    request.portal_changelist = cl  # Django's view takes it (get_changelist_instance): built and read once
    try:
        return _kept_page(request, model_admin, cl, django_view)
    finally:
        request.__dict__.pop("portal_changelist", None)


def _kept_page(request, model_admin, cl, django_view):
    key = page_key(request, model_admin, cl)
    if key is None:
        return django_view(request)
    made = []

    def make():
        response = django_view(request, {"csrf_token": csrf_stand_in()})
        if not isinstance(response, TemplateResponse) or response.status_code != 200:
            raise _NotAPage(response)
        made.append(response.render())
        return response.content.decode(response.charset)

    try:
        page = published.remember(lambda: key, make, timeout=PAGE_SECONDS, what="an admin change list page")
    except _NotAPage as answer:
        return answer.response
    response = made[0] if made else HttpResponse()
    response.content = page.replace(csrf_stand_in(), get_token(request))
    return response


def get_changelist_instance(model_admin, request):
    """The change list `changelist_view` has built for this request, else a new one."""
    return request.__dict__.pop("portal_changelist", None) or type(model_admin).get_changelist_instance(model_admin,
                                                                                                        request)


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(messages.get_messages(request)) > 0


def page_key(request, model_admin, cl) -> str | None:
    """The cache key of a change list page, or None where the page is not kept."""
    if getattr(cl, "formset", None) is not None:
        return None
    user = request.user
    every_permission = user.is_active and user.is_superuser  # has_perm answers yes without reading any
    parts = (
        admin_lists.table_parts(cl, _rows(cl)), request.get_full_path(),
        (user.pk, user.get_username(), user.get_short_name(), str(user), user.is_active, user.is_staff,
         user.is_superuser, user.has_usable_password(),
         None if every_permission else sorted(user.get_all_permissions())),
        model_admin.has_add_permission(request),
        [(name, str(description)) for name, description in model_admin.get_action_choices(request)]
        if model_admin.get_actions(request) else None,
        (cl.result_count, cl.full_result_count, cl.paginator.count, cl.paginator.num_pages,
         getattr(cl.paginator, "estimated", False), cl.page_num, cl.show_all, cl.can_show_all, cl.multi_page),
        (cl.has_filters, cl.has_active_filters, cl.clear_all_filters_qs,
         [_filter_shown(spec, cl) for spec in cl.filter_specs]),
        _plain(admin_lists.date_hierarchy(cl)) if cl.date_hierarchy else None,
    )
    return admin_lists.content_key("admin:page:", parts)


def _rows(cl):
    """The page's rows, for the key: on PostgreSQL a digest of the rows of the change list's own
    query (the related rows joined to it included) in their order, made where they are, so
    that no value is sent over or turned into a Python object; elsewhere the rows' values.
    Where the query also reads other rows after it (prefetch_related), the model objects'
    values, as the table's own key has them."""
    result_list = cl.result_list
    if not isinstance(result_list, QuerySet) or result_list._prefetch_related_lookups \
            or result_list._result_cache is not None:
        return [admin_lists.row_values(obj) for obj in result_list]
    connection = connections[result_list.db]
    try:
        sql, params = result_list.query.sql_with_params()
    except EmptyResultSet:  # a query that can match nothing (none())
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The ORM's own SQL for the page, as a subquery; every value in it is a parameter.
            cursor.execute("SELECT encode(sha256(convert_to(array_agg(q)::text, 'UTF8')), 'hex'), count(*) "  # nosec B608
                           f"FROM ({sql}) AS q", params)
            return cursor.fetchone()
        cursor.execute(sql, params)
        return cursor.fetchall()


def _filter_shown(spec, cl) -> tuple:
    """A filter as the page shows it: its kind, title, template and choices."""
    return (admin_lists._name(type(spec)), str(spec.title), spec.template, spec.has_output(),
            [_plain(choice) for choice in spec.choices(cl)])


def _plain(value):
    """Dicts, lists and lazy text turned into plain values for the key."""
    if isinstance(value, dict):
        return tuple(sorted((str(name), _plain(item)) for name, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(item) for item in value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)
