"""The account adapter: django-allauth's emails in the portal's voice (they name the portal and
the Compact, never the host they were sent from, and their subjects are plain sentences), and
where people start after signing in: board members at the board's work queue, everyone else
at their organisations."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from signatories import permissions
from signatories.selectors import default_compact


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        if permissions.is_board_member(request.user):
            return reverse("board_dashboard")
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        # No "[site]" prefix: the sender's name already says who it is from.
        subject = " ".join(subject.split())
        return subject[:1].upper() + subject[1:]

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_portal(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_portal(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        compact = default_compact()
        context = {
            "portal_name": settings.PORTAL_NAME,
            "site_url": settings.SITE_URL.rstrip("/"),
            "compact_name": compact.the_name if compact else "",  # "the Riverside Compact"
            **context,
        }
        super().send_mail(template_prefix, email, context)


def on_portal(url: str) -> str:
    """The link at the portal's own address (SITE_URL), whatever host the request came in on."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL.rstrip("/") + path
