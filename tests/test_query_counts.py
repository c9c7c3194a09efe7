"""Constant work per page: every page, opened at two sizes of data, makes the same
number of database queries. A query per row shows up as a difference.

The pages are every URL of the access table (tests/access/), opened by every role allowed to
open it, with the objects its `setup` builds, plus the admin's change list and change form of
every registered model, as a superuser. The data is the world of the access table with the
scale builder's data around it (tools.scale, gathered around the world's
organisations and people), first at one size and then at three times that size; the objects
the pages are about (the world's consultation, agreement, case, edition, action plan) gain
children at the same rate. Each page is opened once beforehand, so that what a first visit
does once (a compact's timeline rules created) is not counted.
"""

import importlib
import pkgutil
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compact_portal import workdays
from consultations.models import ConsultationResponse, PaymentSchedule, ShortenedPeriodConsent
from disputes.models import StageMove
from reviews.models import Action, Milestone
from signatories import open_deadlines
from signatories.models import Invitation, Organisation, Sector
from tools import scale

from . import access
from .access import World

BASE = scale.Sizes(
    compacts=1,
    organisations=9,
    users=27,
    assessment_responses=30,
    consultations=6,
    disputes=5,
    deadlines=40,
    agreements=3,
    sections=1,
    actions=1,
)
FACTOR = 3  # the second size: every page list stays under its page size, so growth shows


def _access_modules():
    return [importlib.import_module(f"{access.__name__}.{m.name}") for m in pkgutil.iter_modules(access.__path__)]


TABLE = {name: rule for module in _access_modules() for name, rule in module.RULES.items()}


def portal_pages(world) -> list[tuple[str, str, str]]:
    """(label, url, role) for every URL of the access table and every role allowed to open it.
    The pages no matrix role may open are the panel's (tests/access/disputes.py): a member of
    the world's panel opens those."""
    pages = []
    for name, rule in sorted(TABLE.items()):
        url = reverse(name, kwargs=rule.kwargs(world))
        pages += [(name, url, role) for role in sorted(rule.allowed or {"panel_member"})]
    return pages


def people(world) -> dict:
    return {**world.users, "anonymous": None, "panel_member": world.case.panel.members.first().user}


def admin_pages() -> list[tuple[str, str, str]]:
    """The change list and the change form (of the first object, if any) of every registered model."""
    pages = []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append((f"{prefix}_changelist", reverse(f"{prefix}_changelist"), "superuser"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append((f"{prefix}_change", reverse(f"{prefix}_change", args=[first.pk]), "superuser"))
    return pages


@pytest.fixture
def world(role_users, compact, edition, vcs_organisation, other_vcs_organisation, council, board_member):
    """The access table's world (tests/test_access_matrix.py builds the same)."""
    world = World()
    world.compact, world.edition, world.council = compact, edition, council
    world.vcs_organisation, world.other_vcs_organisation = vcs_organisation, other_vcs_organisation
    world.users = role_users
    world.invitation = Invitation.objects.create(organisation=council, email="new.officer@example.org")
    for module in _access_modules():
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def grow(world, sizes: scale.Sizes, seed: int):
    """Scale data gathered around the world, and children for the objects its pages are about."""
    users = world.users
    scale.build(
        sizes,
        compacts=[world.compact],
        seed=seed,
        focus=scale.Focus(
            vcs=world.vcs_organisation,
            public=world.council,
            people=[users["vcs_member"], users["vcs_admin"], users["council_officer"]],
        ),
    )
    today = workdays.today()
    # Organisations none of the world's people belong to: joining the world's consultation must
    # not give them a second organisation to respond for.
    strangers = list(
        Organisation.objects.filter(compact=world.compact, sector=Sector.VCS, memberships__isnull=False)
        .exclude(memberships__user__in=users.values())
        .distinct()
        .order_by("-pk")[: sizes.consultations]
    )
    consultation = world.consultation
    taken = set(consultation.responses.values_list("organisation_id", flat=True))
    fresh = [o for o in strangers if o.pk not in taken]
    consultation.affected_organisations.add(*fresh)
    ConsultationResponse.objects.bulk_create(
        [ConsultationResponse(consultation=consultation, organisation=o, text="Our view.") for o in fresh]
    )
    ShortenedPeriodConsent.objects.bulk_create(
        [
            ShortenedPeriodConsent(
                consultation=world.draft_consultation, organisation=o, given_by="The chair", given_on=today
            )
            for o in fresh
        ]
    )
    PaymentSchedule.objects.bulk_create(
        [
            PaymentSchedule(agreement=world.agreement, due_on=today + timedelta(days=30 * n), amount=Decimal(100))
            for n in range(sizes.agreements)
        ]
    )
    StageMove.objects.bulk_create(
        [
            StageMove(case=world.case, from_stage="stage_2", to_stage="stage_2", reason="Note.")
            for _ in range(sizes.disputes)
        ]
    )
    for action in Action.objects.filter(compact=world.compact):
        Milestone.objects.bulk_create(
            [
                Milestone(action=action, title=f"Step {n}", due_on=today + timedelta(days=n))
                for n in range(sizes.actions * 2)
            ]
        )
    open_deadlines.rebuild()  # the bulk writes above send no signals


def count_queries(client, users, pages) -> tuple[dict, dict]:
    counts, failures = {}, {}
    for label, url, role in pages:
        client.logout()
        if users.get(role) is not None:
            client.force_login(users[role])
        connection.queries_log.clear()  # the log keeps 9,000 queries; the capture counts within it
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        except Exception as error:  # noqa: BLE001 - reported with the page, below
            failures[(label, role)] = f"{type(error).__name__}: {error}"
            continue
        if response.status_code >= 500:
            failures[(label, role)] = f"status {response.status_code}"
        counts[(label, role)] = len(queries)
    return counts, failures


def test_every_page_makes_the_same_number_of_queries_at_three_times_the_data(client, world, settings):
    users = people(world)
    grow(world, BASE, seed=1)
    pages = portal_pages(world) + admin_pages()
    count_queries(client, users, pages)  # first visits: what happens once is not counted
    before, failures = count_queries(client, users, pages)
    grow(world, BASE.times(FACTOR - 1), seed=2)
    after, more_failures = count_queries(client, users, pages)
    failures.update(more_failures)
    assert not failures, "Pages that failed:\n" + "\n".join(
        f"  {label} as {role}: {why}" for (label, role), why in sorted(failures.items())
    )
    grew = {page: (before[page], after[page]) for page in before if before[page] != after.get(page)}
    assert not grew, "Pages whose queries grow with the data (queries at one size, then at three times):\n" + "\n".join(
        f"  {label} as {role}: {n} -> {m}" for (label, role), (n, m) in sorted(grew.items())
    )


def test_the_page_list_covers_the_access_table_and_the_admin(world):
    grow(world, BASE, seed=1)
    names = {label for label, _, _ in portal_pages(world)}
    assert names == set(TABLE)
    changelists = {label for label, _, _ in admin_pages() if label.endswith("_changelist")}
    assert len(changelists) == len(admin.site._registry)
