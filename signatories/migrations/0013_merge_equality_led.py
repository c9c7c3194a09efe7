"""Joins the organisations' equality-led flags, written beside the other lines of signatories
migrations. Neither touches what the other changes."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0010_equality_led"),
        ("signatories", "0012_merge_legal_forms_and_open_deadlines"),
    ]
    operations = []
