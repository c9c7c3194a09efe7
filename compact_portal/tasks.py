"""Celery tasks that belong to no one app."""

import smtplib

from celery import shared_task

from . import emails


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=12,
)
def send_email(subject: str, text: str, html: str, recipients: list[str]) -> None:
    """Send an email rendered by `emails.send`; retried with backoff while the mail server is
    down: twelve tries, up to ten minutes apart."""
    emails.send_rendered(subject, text, html, recipients)
