"""A daily schedule for removing superseded annual review PDFs, editable by the board in the
admin (django-celery-beat's Periodic tasks)."""
from django.db import migrations

NAME = "Remove superseded annual review PDFs"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="3", day_of_week="*", day_of_month="*",
                                                       month_of_year="*", timezone="Europe/London")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": "reviews.tasks.remove_superseded_review_pdfs",
                                                            "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_tables_and_content_types"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(create, remove)]
