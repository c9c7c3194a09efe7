# The deadline snapshot (signatories.snapshot): open deadlines stored for the pages that list them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signatories', '0004_reminder_schedules'),
        ('undertakings', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlineSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('taken_on', models.DateField(help_text='The day the deadlines were worked out for')),
                ('taken_at', models.DateTimeField()),
                ('seconds', models.FloatField(default=0)),
                ('count', models.PositiveIntegerField(default=0)),
                ('by_day', models.JSONField(default=dict)),
            ],
        ),
        migrations.CreateModel(
            name='OpenDeadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=255, unique=True)),
                ('kind', models.CharField(max_length=50)),
                ('due_on', models.DateField()),
                ('title', models.CharField(max_length=300)),
                ('url', models.CharField(max_length=500)),
                ('notify_board', models.BooleanField(default=False)),
                ('fingerprint', models.CharField(help_text='Changes when anything above changes', max_length=32)),
                ('compact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='undertakings.compact')),
                ('organisations', models.ManyToManyField(blank=True, related_name='+', to='signatories.organisation')),
            ],
            options={
                'ordering': ['due_on', 'title'],
                'indexes': [models.Index(fields=['due_on', 'title'], name='signatories_due_on_48fb19_idx')],
            },
        ),
    ]
