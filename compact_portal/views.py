"""Pages that gather from several apps: the board's dashboard; and the accessibility statement."""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from signatories import open_deadlines, permissions, reminders
from signatories.models import Reminder

from . import board_queue, middleware, workdays

# Each list on the dashboard shows this many deadlines a page, soonest (or most overdue) first.
DEADLINES_PER_PAGE = 50

# The dashboard's lists: their headings, the table's caption and what an empty list says.
WINDOWS = {
    "overdue": ("Overdue", "Overdue deadlines", "Nothing is overdue."),
    "this_week": ("Due this week", "Deadlines due in the next 7 days", "Nothing is due in the next 7 days."),
    "later": ("Coming up", "Later deadlines", "Nothing else is scheduled."),
}


@login_required
def board_dashboard(request):
    """Overdue, due this week and coming up, from the open deadlines table (kept current by
    every write: signatories.open_deadlines), each list a page at a time, and the reminders."""
    if not permissions.is_board_member(request.user):
        raise Http404
    today = workdays.today()
    compact_ids = permissions.board_compact_ids(request.user)
    return render(
        request,
        "board/dashboard.html",
        {
            "today": today,
            "windows": _windows(request, today, compact_ids),
            "outbox": _outbox(compact_ids),
            "queue": _queue(compact_ids, today),
        },
    )


def _queue(compact_ids, today) -> dict:
    """What waits for the board, above the deadlines (compact_portal.board_queue)."""
    return {"html": render_to_string("board/queue.html", {"waiting": board_queue.waiting_for(compact_ids, today)})}


def _windows(request, today, compact_ids) -> dict:
    html = []
    for name, (rows, count) in open_deadlines.board_windows(today, compact_ids).items():
        heading, caption, empty = WINDOWS[name]
        html.append(
            render_to_string(
                "board/deadline_table.html",
                {
                    "page": _page(rows, count, request.GET.get(name)),
                    "param": name,
                    "heading": heading,
                    "caption": caption,
                    "empty": empty,
                },
            )
        )
    return {"html": mark_safe("".join(html))}  # nosec B308 B703 - templates' output, escaped there


def _outbox(compact_ids) -> dict:
    """The board's view of the reminders: how many wait or failed, and the latest."""
    sent = reminders.for_board(compact_ids)
    return {
        "html": render_to_string(
            "board/outbox.html",
            {
                "sent": sent.select_related("recipient").order_by("-id")[:20],
                "failed_count": _count_up_to(sent.filter(status=Reminder.Status.FAILED)),
                "pending_count": _count_up_to(sent.filter(status=Reminder.Status.PENDING)),
            },
        )
    }


def _page(rows, count: int, number):
    paginator = Paginator(rows, DEADLINES_PER_PAGE)
    paginator.count = count  # known already
    return paginator.get_page(number)


# Reminders waiting or failed are counted up to this many: the exact figure is in the admin.
COUNT_UP_TO = 1000


def _count_up_to(rows) -> str:
    found = rows.order_by()[: COUNT_UP_TO + 1].count()
    return f"more than {COUNT_UP_TO:,}" if found > COUNT_UP_TO else str(found)


def favicon(request):
    """Browsers ask for /favicon.ico on pages (the admin's) that do not name one."""
    return redirect(static("govuk/assets/images/favicon.ico"), permanent=True)


def accessibility_statement(request):
    """The accessibility statement, in the form of GOV.UK's model statement (the Public Sector
    Bodies Accessibility Regulations 2018 ask for one)."""
    return render(
        request,
        "accessibility.html",
        {
            "format_request_url": format_request_url(request.path),
            "contact_email": settings.COMPACT_CONTACT_EMAIL,
            "prepared_on": settings.ACCESSIBILITY_STATEMENT_PREPARED_ON,
            "reviewed_on": settings.ACCESSIBILITY_STATEMENT_REVIEWED_ON,
        },
    )


def format_request_url(page: str) -> str | None:
    """The form for asking for a page in another format, where the portal has one; otherwise
    people write to the Compact's contact address."""
    try:
        return f"{reverse('accessible_format_request')}?{urlencode({'page': page})}"
    except NoReverseMatch:
        return None


@login_required
@require_POST
def session_keep_alive(request):
    """ "Stay signed in" in the warning before a session ends: the idle clock starts again
    (WCAG 2.2.1 Timing adjustable). Answers how many seconds the session now has."""
    return JsonResponse({"seconds_left": middleware.keep_alive(request.session, int(time.time()))})
