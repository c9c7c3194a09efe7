"""How the admin's change lists stay quick with a county's data in them, for every model the
admin site holds (the portal's own and the libraries'): `tune(site)` is called once, where the
site is set up (compact_portal/urls.py).

- The size of a whole, unfiltered table of more than `ESTIMATE_FROM` rows is PostgreSQL's
  estimate (kept by ANALYZE, which autovacuum runs) instead of a COUNT(*) over every row;
  the list says "about" before it. Filtered and searched lists are counted exactly.
- One count a page, not two (`show_full_result_count = False`).
- Each row's checkbox for the actions is written out (`action_checkbox`), not rendered as a
  form widget through two templates a row: a fifth of a 50-row list's time.
- The table of results is kept in the cache under a key made from everything it is made
  from (`results_key`): the rows' values as read for this request (and those of the related
  rows read with them), the columns, the query string, the language, the time zone and the
  date. A row changed in any way gives a new key, so nothing needs clearing and nothing
  stale is shown; rendering the cells (about 0.2 ms a row) is done once for each state.
  Lists that edit rows in place (`list_editable`) are not kept. Most lists' whole pages are
  kept the same way (compact_portal/admin_pages.py, installed here).
- The date drill-down lists the years that have rows by asking, for each year between the
  first date and the last, whether any row falls in it (along the date's index), instead of
  a DISTINCT over every row (`date_hierarchy`: 17 ms with 86,000 scheduled payments), the
  first date, the last and the years in one query (PostgreSQL; elsewhere Django's own).
- `IndexedValuesFilter` lists a column's values by stepping along its index, instead of a
  DISTINCT over every row (the reminders' kinds: 50 ms with 124,000 reminders).
"""
import pickle  # nosec B403 - only dumps, to make a cache key; nothing is loaded
from hashlib import blake2b
from types import MethodType

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import workdays

ESTIMATE_FROM = 10_000
YEARS_ASKED = 60  # the most years the date drill-down asks about one by one
RESULTS_SECONDS = 300  # how long a table of results is kept (a deployment's new code takes over within it)


def estimated_rows(model, using: str = "default") -> int | None:
    """PostgreSQL's estimate of the rows in the model's table, or None (another database, or a
    table not yet analysed)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [model._meta.db_table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None and row[0] >= 0 else None


class EstimatedCountPaginator(Paginator):
    """A paginator that takes the table's estimated size for a whole, large table."""

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is not None and not query.where and not query.distinct and not query.combinator:
            estimate = estimated_rows(queryset.model, queryset.db)
            if estimate is not None and estimate >= ESTIMATE_FROM:
                self.estimated = True
                return estimate
        return super().count


def distinct_values(model, column: str, using: str = "default") -> list:
    """The column's distinct values, smallest first, by a recursive query that takes the next
    larger value from the column's index each step: as many steps as there are values."""
    connection = connections[using]
    table, name = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        # Table and column names come from the model, quoted; there are no values in it.
        cursor.execute(
            f"WITH RECURSIVE found(value) AS (SELECT MIN({name}) FROM {table} "  # nosec B608
            f"UNION ALL SELECT (SELECT MIN({name}) FROM {table} WHERE {name} > found.value) "
            "FROM found WHERE found.value IS NOT NULL) SELECT value FROM found WHERE value IS NOT NULL")
        return [value for (value,) in cursor.fetchall()]


class IndexedValuesFilter(admin.AllValuesFieldListFilter):
    """A filter by a column's values, found along the column's index (`distinct_values`)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = distinct_values(model, field.column)


def action_checkbox(model_admin, obj):
    """The markup of `ModelAdmin.action_checkbox`, the same to the character, made directly."""
    label = format_html(_("Select this object for an action - {}"), str(obj))
    return format_html('<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
                       helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label)


def tune(site: admin.AdminSite) -> None:
    from . import admin_pages

    for model_admin in site._registry.values():
        if type(model_admin).action_checkbox is admin.ModelAdmin.action_checkbox:
            model_admin.action_checkbox = MethodType(action_checkbox, model_admin)
        if model_admin.paginator is Paginator:
            model_admin.paginator = EstimatedCountPaginator
        model_admin.show_full_result_count = False
        if admin_pages.keeps_pages(model_admin):
            model_admin.changelist_view = MethodType(admin_pages.changelist_view, model_admin)
            model_admin.get_changelist_instance = MethodType(admin_pages.get_changelist_instance, model_admin)


def results_key(cl) -> str | None:
    """The cache key of a change list's table of results, or None where it is not kept. Made
    from what the table is made from; the rows are those the change list has already read."""
    if getattr(cl, "formset", None) is not None:
        return None
    return content_key("admin:results:", table_parts(cl, [row_values(obj) for obj in cl.result_list]))


def table_parts(cl, rows) -> tuple:
    """What a change list's table is made from, with `rows` standing for its rows' values."""
    return (cl.model._meta.label, _name(type(cl.model_admin)), tuple(map(_name, cl.list_display)),
            tuple(map(_name, cl.list_display_links or ())), sorted(cl.params.items()), cl.is_popup, cl.to_field,
            getattr(cl, "preserved_filters", ""), translation.get_language(),
            timezone.get_current_timezone_name(), workdays.today().isoformat(), rows)


def content_key(prefix: str, parts) -> str | None:
    """A cache key that is a digest of `parts`, or None when they cannot be pickled."""
    try:
        text = pickle.dumps(parts, protocol=5)  # half the time of repr(), and as faithful
    except (pickle.PicklingError, TypeError, AttributeError):  # a value that cannot be pickled: not kept
        return None
    return prefix + blake2b(text, digest_size=20).hexdigest()


def _name(entry) -> str:
    """A column or class by name, the same in every process (a function's str() holds its address)."""
    if isinstance(entry, str):
        return entry
    return f"{getattr(entry, '__module__', '')}.{getattr(entry, '__qualname__', repr(entry))}"


def row_values(obj, depth: int = 0) -> tuple:
    """A row's values as read, with those of the related rows read with it (select_related,
    prefetch_related), as a tuple for the key."""
    own = tuple((name, value) for name, value in obj.__dict__.items()
                if name not in ("_state", "_prefetched_objects_cache"))
    if depth > 3:
        return (type(obj).__name__, own)
    related = tuple((name, None if other is None else row_values(other, depth + 1))
                    for name, other in sorted(obj._state.fields_cache.items()))
    prefetched = tuple((name, tuple(row_values(other, depth + 1) for other in objects))
                       for name, objects in sorted(obj.__dict__.get("_prefetched_objects_cache", {}).items()))
    return (type(obj).__name__, own, related, prefetched)


class _Drilled:
    """A change list as the date drill-down sees it, with a year (and month) chosen."""

    def __init__(self, cl, params: dict):
        self._cl, self.params = cl, {**cl.params, **params}

    def __getattr__(self, name):
        return getattr(self._cl, name)


def date_hierarchy(cl):
    """Django's date drill-down (`admin_list.date_hierarchy`), the same links and titles. With
    no date chosen, on PostgreSQL, the years that have rows are found by one EXISTS a year
    (`_span_and_years`) instead of a DISTINCT over every row; the rest is Django's own. Made
    once for a change list: the page's key asks for it, then its template."""
    if "_date_hierarchy" not in cl.__dict__:
        cl.__dict__["_date_hierarchy"] = _date_hierarchy(cl)
    return cl.__dict__["_date_hierarchy"]


def _date_hierarchy(cl):
    field_name = cl.date_hierarchy
    chosen = [cl.params.get(f"{field_name}__{part}") for part in ("year", "month", "day")]
    field = get_fields_from_path(cl.model, field_name)[-1]
    naive = isinstance(field, models.DateTimeField) and not settings.USE_TZ
    if any(chosen) or connections[cl.queryset.db].vendor != "postgresql" or naive:
        return admin_list.date_hierarchy(cl)  # SQLite is not the database for a county's data
    try:
        dates = cl.queryset.order_by().values(drill_date=models.F(field_name)).query.sql_with_params()
    except EmptyResultSet:  # a query that can match nothing (none())
        return {"show": True, "back": None, "choices": []}
    first, last, found = _span_and_years(cl, field, dates)
    if not (first and last):
        return {"show": True, "back": None, "choices": []}
    if isinstance(field, models.DateTimeField):
        first, last = (timezone.localtime(v) for v in (first, last))
    if first.year == last.year:
        drilled = {f"{field_name}__year": first.year}
        if first.month == last.month:
            drilled[f"{field_name}__month"] = first.month
        return admin_list.date_hierarchy(_Drilled(cl, drilled))
    if last.year - first.year > YEARS_ASKED:  # dates far apart: Django's one DISTINCT is cheaper
        return admin_list.date_hierarchy(cl)
    field_generic = f"{field_name}__"
    return {"show": True, "back": None,
            "choices": [{"link": cl.get_query_string({f"{field_name}__year": str(year)}, [field_generic]),
                         "title": str(year)}
                        for year in range(first.year, last.year + 1) if year in found]}


def _span_and_years(cl, field, dates) -> tuple:
    """The first and last dates of the change list's rows, and which years between them have
    rows, in one PostgreSQL query: `dates` is the change list's query for its dates, compiled
    once; for each year the query asks whether a row falls between its first moment and the
    next year's (along the date's index; years and first moments in the page's time zone)."""
    connection = connections[cl.queryset.db]
    aware = isinstance(field, models.DateTimeField)
    inner, params = dates
    zone = [timezone.get_current_timezone_name()] if aware else []

    def year_of(value: str) -> str:
        return f"EXTRACT(YEAR FROM {value} AT TIME ZONE %s)::int" if aware else f"EXTRACT(YEAR FROM {value})::int"

    def start_of(year: str) -> str:
        return f"make_timestamptz({year}, 1, 1, 0, 0, 0, %s)" if aware else f"make_date({year}, 1, 1)"

    # The ORM's own SQL for the change list's dates, as a subquery, and SQL written here; every
    # value is a parameter.
    sql = (f"SELECT s.first, s.last, ARRAY(SELECT y FROM generate_series({year_of('s.first')}, "  # nosec B608
           f"LEAST({year_of('s.last')}, {year_of('s.first')} + %s)) AS y WHERE EXISTS (SELECT 1 FROM ({inner}) AS q "
           f"WHERE q.drill_date >= {start_of('y')} AND q.drill_date < {start_of('y + 1')})) "
           f"FROM (SELECT MIN(q.drill_date) AS first, MAX(q.drill_date) AS last FROM ({inner}) AS q) AS s")
    values = [*zone, *zone, *zone, YEARS_ASKED, *params, *zone, *zone, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        first, last, years = cursor.fetchone()
    return first, last, set(years or ())
