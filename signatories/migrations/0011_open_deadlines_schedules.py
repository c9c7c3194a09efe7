"""No more refreshing of a deadline snapshot every minute: the open deadlines are kept on every
write (signatories.open_deadlines). The rows the snapshot stored say nothing of where they
come from, so they are cleared; `manage.py rebuild_deadlines --if-empty` (run by bin/release)
works them out again. A daily task deletes sent reminders older than REMINDER_RETENTION_DAYS."""
from django.db import migrations

SNAPSHOT = ("Refresh the deadline snapshot", "signatories.tasks.refresh_deadline_snapshot")
RETENTION = ("Delete old sent reminders", "signatories.tasks.delete_old_reminders")


def forwards(apps, schema_editor):
    OpenDeadline = apps.get_model("signatories", "OpenDeadline")
    OpenDeadline.organisations.through.objects.all().delete()
    OpenDeadline.objects.all().delete()
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SNAPSHOT[0]).delete()
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="40", hour="3", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Europe/London")
    PeriodicTask.objects.get_or_create(name=RETENTION[0], defaults={"task": RETENTION[1], "crontab": crontab})


def backwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=RETENTION[0]).delete()
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="*", hour="*", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Europe/London")
    PeriodicTask.objects.get_or_create(name=SNAPSHOT[0], defaults={"task": SNAPSHOT[1], "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [("signatories", "0010_open_deadlines_kept_on_write"),
                    ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(forwards, backwards)]
