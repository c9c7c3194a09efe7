"""How the admin's change lists stay quick with a county's data in them, for every model the
admin site holds (the portal's own and the libraries'): `tune(site)` is called once, where the
site is set up (compact_portal/urls.py). Nothing here is cached: every list is read afresh.

- The size of a whole, unfiltered table of more than `ESTIMATE_FROM` rows is PostgreSQL's
  estimate (kept by ANALYZE, which autovacuum runs) instead of a COUNT(*) over every row;
  the list says "about" before it. Filtered and searched lists are counted exactly.
- One count a page, not two (`show_full_result_count = False`).
- `IndexedValuesFilter` lists a column's values by stepping along its index, instead of a
  DISTINCT over every row (a filter over a large table of a few distinct values).
"""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

ESTIMATE_FROM = 10_000


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
            "FROM found WHERE found.value IS NOT NULL) SELECT value FROM found WHERE value IS NOT NULL"
        )
        return [value for (value,) in cursor.fetchall()]


class IndexedValuesFilter(admin.AllValuesFieldListFilter):
    """A filter by a column's values, found along the column's index (`distinct_values`)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = distinct_values(model, field.column)


def tune(site: admin.AdminSite) -> None:
    """Every registered admin counts a large table by its estimate, and once a page."""
    for model_admin in site._registry.values():
        if model_admin.paginator is Paginator:
            model_admin.paginator = EstimatedCountPaginator
        model_admin.show_full_result_count = False
