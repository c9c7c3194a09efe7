"""Security events (sign-ins, failures, lock-outs, denied access, confidential views, role
changes, exports) written to the "compact_portal.security" log with who and when, never with
passwords or personal data: people appear by their user id only."""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("compact_portal.security")


def _client(request) -> str:
    """The client's address as django-axes reads it (behind a proxy: the configured header)."""
    if request is None:
        return "-"
    from axes.helpers import get_client_ip_address

    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or "-"


def log_event(event: str, request=None, *, user=None, **details) -> None:
    """One line per event: the event, the user id, the client address and plain details
    (ids and names of things, never personal data or secrets)."""
    user_id = getattr(user, "pk", None) if user is not None else getattr(getattr(request, "user", None), "pk", None)
    extra = " ".join(f"{key}={value}" for key, value in sorted(details.items()))
    logger.info("event=%s user=%s ip=%s %s", event, user_id or "-", _client(request), extra)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_event("login", request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log_event("logout", request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log_event("login_failed", request)  # the attempted address is personal data: not logged


def connect_lockouts():
    from axes.signals import user_locked_out

    @receiver(user_locked_out, weak=False)
    def _locked_out(sender, request, username, ip_address, **kwargs):
        log_event("lockout", request)


def axes_username(request, credentials) -> str:
    """The address being tried: allauth passes it as "email" in the credentials, the sign-in
    form as "login"."""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login")
        if value:
            return str(value).strip().lower()
    return (request.POST.get("login", "") if request is not None and hasattr(request, "POST") else "").strip().lower()


def _is_address(text: str) -> bool:
    """A client address the lock-out records can hold (PostgreSQL stores them as inet)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


LOCKOUT_FIRST = timedelta(minutes=15)
LOCKOUT_LONGEST = timedelta(hours=24)


def lockout_cool_off(request=None) -> timedelta:
    """How long a (address tried, client address) pair stays locked out: 15 minutes at the
    failure limit, doubled for each failure after it, at most a day. django-axes asks this
    (AXES_COOLOFF_TIME) for the pair of the request it is handling."""
    failures = 0
    address = _client(request)
    if request is not None and hasattr(request, "POST") and _is_address(address):
        from axes.models import AccessAttempt

        attempt = (
            AccessAttempt.objects.filter(username=axes_username(request, None), ip_address=address)
            .order_by("-attempt_time")
            .first()
        )
        failures = attempt.failures_since_start if attempt else 0
    extra = max(failures - settings.AXES_FAILURE_LIMIT, 0)
    return min(LOCKOUT_FIRST * 2 ** min(extra, 16), LOCKOUT_LONGEST)
