"""The Celery app. Tasks are thin: they take ids and call services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compact_portal.settings")

app = Celery("compact_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["compact_portal"])  # compact_portal.tasks: emails queued by requests
