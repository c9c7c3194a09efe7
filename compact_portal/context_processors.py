import time

from django.conf import settings

from signatories import permissions

from . import middleware


def portal(request):
    """What every page needs: the service name, the signed-in person's roles and how long
    their session has left (for the warning before it ends)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "is_board_member": bool(user and permissions.is_board_member(user)),
        "session_seconds_left": middleware.seconds_left(request.session, int(time.time())) if signed_in else None,
        "session_warning_seconds": SESSION_WARNING_SECONDS,
    }


# GOV.UK's timeout pattern: warn two minutes before the session ends.
SESSION_WARNING_SECONDS = 120
