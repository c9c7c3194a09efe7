"""The Django admin pages a board member can open, as tests/access/admin.py declares them: the
index, and for each model the board may view its change list, its add form (and that form sent
empty, showing its errors), the change form of an existing record, the delete
confirmation where the board may delete, and the page each action leads to (a confirmation, or
the list again with its message).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from compact_portal import workdays
from tests.access.admin import BOARD


@dataclass(frozen=True)
class AdminPage:
    label: str
    url: str
    kind: str  # index, changelist, add, add-errors, change, delete, action
    action: str = ""


def _models():
    return {model._meta.label: model for model in admin.site._registry}


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def board_pages():
    """Every admin page the board's table lets a board member open, in a stable order."""
    pages = [AdminPage("admin index", reverse("admin:index"), "index")]
    models = _models()
    for label, (ops, actions) in sorted(BOARD.items()):
        if "view" not in ops:
            continue
        model = models[label]
        pages.append(AdminPage(f"{label} list", _url(model, "changelist"), "changelist"))
        if "add" in ops:
            pages.append(AdminPage(f"{label} add", _url(model, "add"), "add"))
            pages.append(AdminPage(f"{label} add sent empty", _url(model, "add"), "add-errors"))
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            pages.append(AdminPage(f"{label} change", _url(model, "change", record.pk), "change"))
            if "delete" in ops:
                pages.append(AdminPage(f"{label} delete", _url(model, "delete", record.pk), "delete"))
        for action in sorted(actions):
            pages.append(AdminPage(f"{label} action {action}", _url(model, "changelist"), "action", action))
    return pages


def add_records(world):
    """A record of each model the board may view that the access table's world has none of (a
    scheduled task as the migrations make one, gone after an earlier test emptied the tables); a
    decided consultation with its assessment, feedback and decision, a payment due, a notice of
    a difference resolved internally, a failed reminder, an imported document and a timeline
    rule proposed for a draft edition."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from consultations.models import Consultation, Decision, Feedback, ImpactAssessment, PaymentSchedule
    from disputes.models import InternalDifferenceNotice
    from reviews.models import AnnualMeeting, AnnualReview
    from signatories.models import BoardSelfReview, Reminder
    from tests import factories
    from undertakings.models import (
        AccessibleFormatRequest,
        Edition,
        ImportedDocument,
        ProcedureRules,
        ProposedProcedureRule,
        ProposedTimelineRule,
    )

    every_day, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.get_or_create(
        name="Refresh the deadline snapshot",
        defaults={"task": "signatories.tasks.refresh_deadline_snapshot", "interval": every_day},
    )
    today = workdays.today()
    decided = Consultation.objects.create(
        compact=world.compact,
        owner=world.council,
        kind="funding_reduction",
        title="Decided consultation",
        proposal="Reduce the grant.",
        criteria="Cost per journey.",
        revised_outcomes="Fewer journeys.",
        status=Consultation.Status.DECIDED,
        opens_on=today - timedelta(weeks=20),
        closes_on=today - timedelta(weeks=8),
    )
    ImpactAssessment.objects.create(
        consultation=decided,
        summary="Fewer journeys.",
        equalities="Older people.",
        vcs_representatives="Two.",
        completed_on=today - timedelta(weeks=10),
    )
    Feedback.objects.create(
        consultation=decided,
        what_you_said="Keep the service.",
        what_we_did="Kept half.",
        published_at=timezone.now() - timedelta(weeks=4),
    )
    Decision.objects.create(
        consultation=decided,
        outcome="withdraw",
        rationale="The service is kept.",
        decided_on=today - timedelta(weeks=2),
    )
    PaymentSchedule.objects.create(agreement=world.agreement, due_on=today + timedelta(days=30), amount=Decimal("500"))
    InternalDifferenceNotice.objects.create(
        compact=world.compact,
        organisation=world.vcs_organisation,
        summary="Settled by the chair.",
        resolved_on=today - timedelta(days=3),
        notified_by=world.users["vcs_admin"],
    )
    Reminder.objects.create(
        recipient=world.users["board_member"],
        compact=world.compact,
        kind="test",
        key="admin-sweep",
        title="Due",
        due_on=today,
        lead="due",
        status=Reminder.Status.FAILED,
    )
    ImportedDocument.objects.create(
        compact=world.compact,
        filename="compact.md",
        text="# Compact",
        parsed={"sections": [], "principles": [], "timeline_rules": []},
    )
    draft = factories.EditionFactory(compact=world.compact, label="2027", status=Edition.Status.DRAFT, adopted_on=None)
    ProposedTimelineRule.objects.create(edition=draft, rule="consultation_weeks", value=12, unit="weeks", source="s.2")
    ProcedureRules.objects.get_or_create(compact=world.compact)
    ProposedProcedureRule.objects.create(
        edition=draft, rule="edition_review_months", value=24, source="reviewed after two years"
    )
    review = AnnualReview.objects.filter(compact=world.compact).first()
    if review is not None:
        AnnualMeeting.objects.get_or_create(review=review, defaults={"agenda": "Welcome", "minutes": "Agreed."})
    BoardSelfReview.objects.get_or_create(
        compact=world.compact,
        year=today.year,
        defaults={"held_on": today, "went_well": "Quorate meetings.", "to_improve": "Papers sent late."},
    )
    AccessibleFormatRequest.objects.create(
        compact=world.compact,
        page="/",
        format=AccessibleFormatRequest.Format.LARGE_PRINT,
        name="A reader",
        email="reader@example.org",
        answer_due_on=today + timedelta(days=14),
    )


def without_records():
    """The models the board may view that have no record, so no change form to check."""
    models = _models()
    return sorted(
        label for label, (ops, _) in BOARD.items() if "view" in ops and not models[label]._default_manager.exists()
    )


def open_admin_page(page, admin_page):
    """Goes to the page and brings it to the state to check; returns a reason when it cannot
    (no record to act on), else None."""
    response = page.goto(admin_page.url)
    assert response.status == 200, f"{admin_page.label}: {admin_page.url} answered {response.status}"
    if admin_page.kind == "add-errors":
        form = page.locator("#content-main form")
        with page.expect_navigation():
            form.locator("input[type=submit][name=_save]").click()
        assert page.locator(".errornote").count(), f"{admin_page.label}: sent empty, no errors shown"
    elif admin_page.kind == "action":
        box = page.locator("#result_list input.action-select").first
        if not box.count():
            return "no record in the list to act on"
        box.check()
        page.locator("select[name=action]").select_option(admin_page.action)
        with page.expect_navigation():
            page.locator("button[name=index]").click()
    return None
