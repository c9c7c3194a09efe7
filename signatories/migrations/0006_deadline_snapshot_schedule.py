"""Refresh the deadline snapshot every minute, so the board's dashboard and the calendar feeds
are at most a minute or so behind the record (editable in the admin's Periodic tasks)."""
from django.db import migrations

NAME = "Refresh the deadline snapshot"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="*", hour="*", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Europe/London")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": "signatories.tasks.refresh_deadline_snapshot",
                                                            "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("signatories", "0005_deadline_snapshot")]
    operations = [migrations.RunPython(create, remove)]
