"""Plain-text and HTML emails rendered from templates.

Each email is a folder of three templates: `<name>/subject.txt`, `<name>/body.txt` and
`<name>/body.html`, under templates/<app>/emails/.
"""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send(template: str, to: list[str] | str, context: dict) -> None:
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL.rstrip("/"), "portal_name": settings.PORTAL_NAME, **context}
    subject = " ".join(render_to_string(f"{template}/subject.txt", context).split())
    text = render_to_string(f"{template}/body.txt", context)
    html = render_to_string(f"{template}/body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    message.send()
