"""Joins the resolution group's invitations, written beside the other lines of signatories
migrations. Neither touches what the other changes."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0010_resolution_group_invitation"),
        ("signatories", "0013_merge_equality_led"),
    ]
    operations = []
