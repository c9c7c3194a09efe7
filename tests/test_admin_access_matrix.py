"""Every registered admin against the board member (on no panel), a staff member without the
board group and a superuser: change list, add, change, delete, history, autocomplete and
actions as tests/access/admin.py declares, and undeclared lookups on every field refused."""

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from compact_portal.admin_access import DeclaredAccessAdmin, filter_parameters

from . import factories, test_access_matrix
from .access.admin import ADMIN

# The access matrix's world (built once for the module), so that every admin has records to open.
built_world, world = test_access_matrix.built_world, test_access_matrix.world

REGISTRY = admin.site._registry
LABELS = sorted(model._meta.label for model in REGISTRY)
MODELS = {model._meta.label: model for model in REGISTRY}
ROLES = sorted(ADMIN)


def test_every_registered_admin_is_declared():
    for role, table in ADMIN.items():
        missing = sorted(set(LABELS) - table.keys())
        assert not missing, f"State what {role} may do with these admins in tests/access/admin.py: {missing}"
        assert not sorted(table.keys() - set(LABELS)), "the table names only registered admins"


def test_every_admin_accepts_only_its_declared_lookups():
    assert [label for label, model in MODELS.items() if not isinstance(REGISTRY[model], DeclaredAccessAdmin)] == []


@pytest.fixture
def person(world, role):
    if role == "staff":
        return factories.UserFactory(is_staff=True)
    return world.users[role]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", LABELS)
def test_role_uses_the_admin_as_declared(client, world, person, role, label):
    model = MODELS[label]
    ops, actions = ADMIN[role][label]
    client.force_login(person)
    expect = {True: 200, False: 403}
    assert client.get(_url(model, "changelist")).status_code == expect["view" in ops], "change list"
    assert client.get(_url(model, "add")).status_code == expect["add" in ops], "add"
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        assert client.get(_url(model, "change", obj.pk)).status_code == expect["view" in ops], "change page"
        assert client.get(_url(model, "history", obj.pk)).status_code == expect["view" in ops], "history"
        assert client.get(_url(model, "delete", obj.pk)).status_code in ((200,) if "delete" in ops else (403, 302)), (
            "delete page"
        )
        request = RequestFactory().get("/")
        request.user = person
        assert REGISTRY[model].has_change_permission(request, obj) == ("change" in ops), "change"
    request = RequestFactory().get("/")
    request.user = person
    offered = set(REGISTRY[model].get_actions(request)) if "view" in ops else set()
    assert offered == set(actions), "actions"


@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_answers_as_declared(client, world, person, role):
    client.force_login(person)
    for model, model_admin in REGISTRY.items():
        for field_name in model_admin.autocomplete_fields:
            target = model._meta.get_field(field_name).related_model
            may = {"view"} <= ADMIN[role][model._meta.label][0] and {"view"} <= ADMIN[role][target._meta.label][0]
            response = client.get(
                reverse("admin:autocomplete"),
                {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field_name},
            )
            assert response.status_code == (200 if may else 403), f"{role}: {model._meta.label}.{field_name}"


def _probes(model):
    """An undeclared lookup on every field: text by its first letter, relations by id."""
    for field in model._meta.get_fields():
        if field.is_relation:
            target = field.related_model
            if target is None:
                continue
            yield f"{field.name}__{target._meta.pk.name}__exact", "1"
            yield f"{field.name}__id__in", "1"
        elif isinstance(field, models.Field):
            yield f"{field.name}__startswith", "x"
            yield f"{field.name}__gt", "0"


@pytest.mark.parametrize("role", ["board_member", "superuser"])
@pytest.mark.parametrize("label", LABELS)
def test_an_undeclared_lookup_never_narrows_a_list(client, world, person, role, label):
    model = MODELS[label]
    if "view" not in ADMIN[role][label][0]:
        return
    client.force_login(person)
    model_admin = REGISTRY[model]
    request = RequestFactory().get("/")
    request.user = person
    declared = filter_parameters(model, model_admin.get_list_filter(request), model_admin.date_hierarchy)
    for parameter, value in _probes(model):
        if parameter in declared:
            continue
        response = client.get(_url(model, "changelist"), {parameter: value})
        refused = response.status_code == 400 or (response.status_code == 302 and "e=1" in response["Location"])
        assert refused, f"?{parameter}={value} was accepted by the {label} list"


def test_the_case_list_refuses_reading_details_a_letter_at_a_time(client, world, caplog):
    client.force_login(world.users["board_member"])
    for parameter in [
        "what_happened__startswith",
        "complainant",
        "respondent__id__exact",
        "filed_by",
        "undertakings__id__exact",
    ]:
        assert client.get(reverse("admin:disputes_case_changelist"), {parameter: "1"}).status_code == 400
    assert "event=admin_lookup_refused" in caplog.text
    assert client.get(reverse("admin:disputes_case_changelist"), {"stage__exact": "informal"}).status_code == 200
