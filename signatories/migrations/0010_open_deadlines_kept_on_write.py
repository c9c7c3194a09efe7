"""The open deadlines kept on write: where each comes from, when it shows, what it is called once
overdue and the reminder stage it has reached; the snapshot's counts are no longer kept."""

import datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signatories', '0009_reminder_compact'),
        ('undertakings', '0003_review_models_moved_to_reviews'),
    ]

    operations = [
        migrations.DeleteModel(
            name='DeadlineSnapshot',
        ),
        migrations.RemoveIndex(
            model_name='opendeadline',
            name='signatories_due_on_48fb19_idx',
        ),
        migrations.RemoveIndex(
            model_name='opendeadline',
            name='signatories_compact_4bb92f_idx',
        ),
        migrations.AddField(
            model_name='opendeadline',
            name='late_kind',
            field=models.CharField(blank=True, help_text='Its kind once overdue, if that changes', max_length=50),
        ),
        migrations.AddField(
            model_name='opendeadline',
            name='late_title',
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name='opendeadline',
            name='reminded',
            field=models.PositiveSmallIntegerField(default=0, help_text='The reminder stage reached (STAGES)'),
        ),
        migrations.AddField(
            model_name='opendeadline',
            name='shows_from',
            field=models.DateField(default=datetime.date(1, 1, 1)),
        ),
        migrations.AddField(
            model_name='opendeadline',
            name='shows_until',
            field=models.DateField(default=datetime.date(9999, 12, 31)),
        ),
        migrations.AddField(
            model_name='opendeadline',
            name='source',
            field=models.CharField(default='', help_text='The record it comes from, e.g. consultation:12', max_length=100),
        ),
        migrations.AddIndex(
            model_name='opendeadline',
            index=models.Index(fields=['source'], name='open_deadline_source'),
        ),
        migrations.AddIndex(
            model_name='opendeadline',
            index=models.Index(fields=['compact', 'due_on', 'title'], include=('shows_from', 'shows_until'), name='open_deadline_compact_due'),
        ),
        migrations.AddIndex(
            model_name='opendeadline',
            index=models.Index(fields=['due_on', 'title'], include=('shows_from', 'shows_until'), name='open_deadline_due'),
        ),
        migrations.AddIndex(
            model_name='opendeadline',
            index=models.Index(fields=['reminded', 'due_on'], name='open_deadline_to_remind'),
        ),
    ]
