"""Compact Portal: administers a UK local Compact."""

from .celery import app as celery_app

__all__ = ("celery_app",)
