"""What every admin of the site allows beyond Django's model permissions.

Django's admin trusts its users: a change list accepts a lookup on any field from the query
string (`?what_happened__startswith=M` reads a confidential field a character at a time), and
a delete page lists every related record, links and names included. The board's admin holds
councils' and charities' data and the details of breach concerns, so every ModelAdmin of the
site is built on `DeclaredAccessAdmin`:

- `lookup_allowed` accepts only the parameters of the admin's own declared filters
  (`list_filter`, `date_hierarchy`); anything else is refused (Django answers 400);
- `get_deleted_objects` never names a record whose model is confidential to the parties of a
  case and its panel (a model that sets `CONFIDENTIAL_TO_PARTIES = True`): it says only that
  such records exist, and only to someone who may delete, which on this site is a superuser.

This module imports no app: a model declares its own confidentiality.
"""

from django.contrib.admin import EmptyFieldListFilter, SimpleListFilter
from django.contrib.admin.utils import NestedObjects, get_fields_from_path, quote
from django.db import models, router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from . import security
from .admin_widgets import LabelledSplitDateTime

CONFIDENTIAL_LINE = "Records kept confidential to the parties of a case and its panel (not listed)"


def is_confidential(model) -> bool:
    """A model whose records are for a case's parties and panel only, or its audit history."""
    model = getattr(model, "instance_type", model)  # django-simple-history's historical models
    return bool(getattr(model, "CONFIDENTIAL_TO_PARTIES", False))


def filter_parameters(model, list_filter, date_hierarchy=None) -> set[str]:
    """The query-string parameters that the declared filters and date drill-down use: the
    parameters Django's own filter classes read, and nothing else."""
    allowed = set()
    for entry in list_filter:
        if isinstance(entry, type) and issubclass(entry, SimpleListFilter):
            allowed.add(entry.parameter_name)
            continue
        path, filter_class = entry if isinstance(entry, (list, tuple)) else (entry, None)
        field = get_fields_from_path(model, path)[-1]
        if filter_class is not None and issubclass(filter_class, EmptyFieldListFilter):
            allowed.add(f"{path}__isempty")
            continue
        allowed |= {f"{path}__exact", f"{path}__isnull"}
        if field.is_relation:
            allowed.add(f"{path}__{field.target_field.name}__exact")
        elif isinstance(field, models.DateField):
            allowed |= {f"{path}__gte", f"{path}__lt"}
    if date_hierarchy:
        allowed |= {f"{date_hierarchy}__year", f"{date_hierarchy}__month", f"{date_hierarchy}__day"}
    return allowed


def deleted_objects(objs, request, admin_site):
    """Django's `admin.utils.get_deleted_objects`, with confidential records left unnamed."""
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def describe(obj):
        model, opts = obj.__class__, obj._meta
        if is_confidential(model):
            return None
        if not admin_site.is_registered(model):
            return f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.get_model_admin(model).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    hidden = any(is_confidential(model) for model in collector.model_objs)
    to_delete = _without_hidden(collector.nested(describe))
    if hidden:
        to_delete.append(CONFIDENTIAL_LINE)
    protected = [line for line in map(describe, collector.protected) if line is not None]
    if any(is_confidential(type(obj)) for obj in collector.protected):
        protected.append(CONFIDENTIAL_LINE)
    counts = {
        model._meta.verbose_name_plural: len(found)
        for model, found in collector.model_objs.items()
        if not is_confidential(model)
    }
    return to_delete, counts, perms_needed, protected


def _without_hidden(nested: list) -> list:
    """Drop the unnamed (confidential) entries and everything nested under them."""
    kept, skip_children = [], False
    for item in nested:
        if isinstance(item, list):
            if not skip_children:
                kept.append(_without_hidden(item))
            skip_children = False
        elif item is None:
            skip_children = True
        else:
            kept.append(item)
            skip_children = False
    return kept


class DeclaredAccessAdmin:
    """Mix into every ModelAdmin of the site, before Django's class. Its date-and-time fields
    get labelled boxes (admin_widgets.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and "widget" not in kwargs:
            kwargs["widget"] = LabelledSplitDateTime
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def lookup_allowed(self, lookup, value, request=None):
        declared = self.get_list_filter(request) if request is not None else self.list_filter
        if lookup in filter_parameters(self.model, declared, self.date_hierarchy):
            return True
        security.log_event("admin_lookup_refused", request, model=self.model._meta.label, lookup=lookup)
        return False

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)


class ReadOnlyAdmin:
    """For records a lifecycle governs (consultations and what follows them, cases): the admin
    shows them; the pages that apply the lifecycle's rules change them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
