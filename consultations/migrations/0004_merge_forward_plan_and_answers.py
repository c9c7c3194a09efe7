"""Joins two lines of consultations migrations written side by side: the forward plan with
full cost recovery, and organisations answering for themselves. Neither touches what the
other changes."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_forward_plan_and_full_cost_recovery"),
        ("consultations", "0003_organisations_answer"),
    ]
    operations = []
