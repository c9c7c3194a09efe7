"""Requests for a published page in another format or language (Wiltshire and Herefordshire
promise documents in accessible formats and community languages on request): when the answer
is due, who may send how many, and the writes that email the requester and the board.

Nobody signs in to ask, so the form is kept from spam as a sign-in form cannot be: a field
people never see (a bot fills it in) and a limit on requests from one client address an hour,
counted in the database from a keyed hash of the address (never the address itself).
"""

import hashlib
import hmac
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from compact_portal import emails, workdays
from signatories.selectors import board_seats

from .models import AccessibleFormatRequest, Compact

# At most this many requests from one client address in an hour; enough for a family or an
# advice centre asking for several pages, too few to flood the board.
REQUESTS_PER_HOUR = 5


def answer_due_on(received_on: date, compact: Compact) -> date:
    """The compact's rule (TimelineRules.accessible_format_answer_days, 10 working days unless
    the board changes it), counted in working days of the compact's bank holiday region."""
    days = compact.rules.accessible_format_answer_days
    return workdays.add_working_days(received_on, days, compact.bank_holiday_region)


def client_address(request) -> str:
    """The client's address: the one the nearest of PROXY_COUNT proxies saw, or REMOTE_ADDR
    without a proxy (the same reading as the sign-in lock-out's)."""
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get(settings.CLIENT_IP_HEADER, "").split(",") if part]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def client_key(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def too_many_from(key: str, now=None) -> bool:
    """Has this client address sent REQUESTS_PER_HOUR requests in the last hour?"""
    since = (now or timezone.now()) - timedelta(hours=1)
    return AccessibleFormatRequest.objects.filter(client_key=key, received_at__gte=since).count() >= REQUESTS_PER_HOUR


def _board_emails(compact: Compact) -> list[str]:
    return sorted({seat.user.email for seat in board_seats(compact=compact).select_related("user")})


def _context(format_request: AccessibleFormatRequest) -> dict:
    return {
        "format_request": format_request,
        "compact": format_request.compact,
        "page_url": emails.absolute_url(format_request.page),
        "due_on": workdays.format_date(format_request.answer_due_on),
        "admin_url": emails.absolute_url(
            reverse("admin:undertakings_accessibleformatrequest_change", args=[format_request.pk])
        ),
    }


@transaction.atomic
def submit_request(*, compact: Compact, client_key: str = "", **fields) -> AccessibleFormatRequest:
    """Record a request, with the date the answer is due, and email a receipt to the requester
    and a notice to the compact's board."""
    now = timezone.now()
    format_request = AccessibleFormatRequest(
        compact=compact,
        client_key=client_key,
        received_at=now,
        answer_due_on=answer_due_on(timezone.localtime(now, workdays.LONDON).date(), compact),
        **fields,
    )
    format_request.full_clean()
    format_request.save()
    context = _context(format_request)
    transaction.on_commit(
        lambda: emails.send("undertakings/emails/format_request_received", format_request.email, context)
    )
    transaction.on_commit(
        lambda: emails.send("undertakings/emails/format_request_to_board", _board_emails(compact), context)
    )
    return format_request


@transaction.atomic
def answer_request(*, format_request: AccessibleFormatRequest, answer: str, by) -> AccessibleFormatRequest:
    """The board's answer: recorded, the deadline closed, and the requester emailed."""
    format_request.answer = answer.strip()
    format_request.status = AccessibleFormatRequest.Status.ANSWERED
    format_request.answered_at = timezone.now()
    format_request.answered_by = by
    format_request.full_clean()
    format_request.save()
    context = _context(format_request)
    transaction.on_commit(
        lambda: emails.send("undertakings/emails/format_request_answered", format_request.email, context)
    )
    return format_request
