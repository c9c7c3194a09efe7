"""Default schedules for the reminder tasks, editable by the board in the admin
(django-celery-beat's Periodic tasks)."""
from django.db import migrations

SCHEDULES = [
    # (name, task, crontab minute, hour)
    ("Find deadlines and write reminders", "signatories.tasks.sweep_deadlines", "5", "*"),
    ("Deliver pending reminders", "signatories.tasks.deliver_reminders", "*", "*"),
    ("Send daily reminder digests", "signatories.tasks.send_reminder_digests", "0", "7"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(minute=minute, hour=hour, day_of_week="*", day_of_month="*",
                                                           month_of_year="*", timezone="Europe/London")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("signatories", "0003_reminders"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(create, remove)]
