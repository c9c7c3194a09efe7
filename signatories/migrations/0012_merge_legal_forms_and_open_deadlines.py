"""Joins two lines of migrations written side by side: the organisations' legal forms and the
open deadlines kept on write. Neither touches what the other changes."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0010_organisation_legal_forms"),
        ("signatories", "0011_open_deadlines_schedules"),
    ]
    operations = []
