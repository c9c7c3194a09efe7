"""Celery tasks for reminders: thin, idempotent, acknowledged late."""

from celery import shared_task
from django.db import OperationalError

from . import reminders

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 10}


@shared_task(acks_late=True, **RETRY)
def sweep_deadlines():
    return reminders.sweep()


@shared_task(acks_late=True, **RETRY)
def deliver_reminders():
    return reminders.deliver_pending()


@shared_task(acks_late=True, **RETRY)
def send_reminder_digests():
    return reminders.send_digests()


@shared_task(acks_late=True, **RETRY)
def delete_old_reminders():
    return reminders.delete_old()
