"""Plain-text and HTML emails rendered from templates.

Each email is a folder of three templates: `<name>/subject.txt`, `<name>/body.txt` and
`<name>/body.html`, under templates/<app>/emails/.

`send` is for emails that follow a change someone has just made (a breach concern raised, an
application approved): it renders the email at once and hands it to a Celery worker, so a slow
or stopped mail server never holds up or fails the request that made the change (the worker
tries again while the mail server is down). If the broker cannot take it, it tries the mail
server directly, and if that fails too it logs the loss; it never raises. `deliver` sends at
once and raises on failure: for the reminder outbox, which records the outcome and tries again.
"""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_id(key: str) -> str:
    """A Message-ID that is the same each time the same thing is sent, so that a message sent
    again after a crash can be recognised as the same one by whoever receives it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"<{digest}@compact-portal>"


def render(template: str, context: dict) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL.rstrip("/"), "portal_name": settings.PORTAL_NAME, **context}
    subject = " ".join(render_to_string(f"{template}/subject.txt", context).split())
    return (
        subject,
        render_to_string(f"{template}/body.txt", context),
        render_to_string(f"{template}/body.html", context),
    )


def send_rendered(subject: str, text: str, html: str, recipients: list[str], headers: dict | None = None) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients, headers=headers or None)
    message.attach_alternative(html, "text/html")
    message.send()


def deliver(template: str, to: list[str] | str, context: dict, *, key: str = "") -> None:
    """Send now; raises if the mail server refuses or cannot be reached. `key` names what is
    sent (a reminder's idempotency key) and fixes the Message-ID."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    headers = {"Message-ID": message_id(key)} if key else None
    send_rendered(*render(template, context), recipients, headers)


def send(template: str, to: list[str] | str, context: dict) -> None:
    """Render now and queue for a worker to send; never raises (see the module docstring)."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    parts = render(template, context)
    from .tasks import send_email

    try:
        send_email.delay(*parts, recipients)
        return
    except Exception:  # noqa: BLE001 - any broker failure: fall back to the mail server
        logger.warning("Broker unavailable; sending %s directly", template)
    try:
        send_rendered(*parts, recipients)
    except Exception:  # noqa: BLE001 - the change is saved; only this email is lost
        logger.exception(
            "Email %s to %d recipients not sent: broker and mail server unavailable", template, len(recipients)
        )
