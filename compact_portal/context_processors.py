from django.conf import settings

from signatories import permissions


def portal(request):
    """What every page needs: the service name and the signed-in person's roles."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "is_board_member": bool(user and permissions.is_board_member(user)),
    }
