"""Session and admin safeguards that apply to every request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from . import security

# The time of the last request is written at most once a minute: writing the session on every
# request is a database write per page. An idle session may so end up to a minute early.
SEEN_GRANULARITY_SECONDS = 60


def _remaining(session, now: int) -> int:
    started = session.get("signed_in_at", now)
    last_seen = session.get("last_seen_at", now)
    return min(settings.SESSION_IDLE_SECONDS - (now - last_seen), settings.SESSION_ABSOLUTE_SECONDS - (now - started))


def seconds_left(session, now: int) -> int:
    """How long the signed-in person has before the session ends: SESSION_IDLE_SECONDS after
    their last request, and in any case SESSION_ABSOLUTE_SECONDS after signing in."""
    return max(0, _remaining(session, now))


def keep_alive(session, now: int) -> int:
    """Counts as a request: the idle clock starts again (the absolute limit stays)."""
    session["last_seen_at"] = now
    return seconds_left(session, now)


class SessionTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_SECONDS without a request, and in any case
    SESSION_ABSOLUTE_SECONDS after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            request.session.setdefault("signed_in_at", now)
            last_seen = request.session.get("last_seen_at", now)
            if _remaining(request.session, now) < 0:
                security.log_event("session_expired", request, user=request.user)
                logout(request)
                messages.info(request, "You were signed out to keep your account safe. Sign in again to carry on.")
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if now - last_seen >= SEEN_GRANULARITY_SECONDS or "last_seen_at" not in request.session:
                request.session["last_seen_at"] = now
        return self.get_response(request)


def used_second_factor(request) -> bool:
    records = request.session.get("account_authentication_methods") or []
    return any(record.get("method") == "mfa" for record in records)


# Where a person without a second factor may still go: signing in and out, confirming who
# they are, setting up an authenticator, and the static files those pages need.
OPEN_WITHOUT_SECOND_FACTOR = ("/accounts/", "/static/", "/favicon.ico")


def needs_second_factor(request) -> bool:
    """Staff (board members are staff) use every page only after a second factor, when
    ADMIN_REQUIRES_MFA is on: the admin, the board's pages and exports, panels and reviews."""
    user = request.user
    return (
        settings.ADMIN_REQUIRES_MFA
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not request.path.startswith(OPEN_WITHOUT_SECOND_FACTOR)
        and not used_second_factor(request)
    )


class AdminRequiresMFAMiddleware:
    """Board members and staff use the portal only after signing in with a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request):
            from allauth.mfa.models import Authenticator

            security.log_event("denied_without_mfa", request, user=request.user, path=request.path)
            if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                logout(request)
                messages.info(request, "Sign in again with your authenticator app code to use the board's pages.")
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            messages.info(
                request,
                "Set up an authenticator app before using the board's pages. It protects councils' and charities' "
                "data.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class DeniedAccessLogMiddleware:
    """Every refusal (403) is a security event: who, where, never what they sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            security.log_event("access_denied", request, path=request.path, method=request.method)
        return response
