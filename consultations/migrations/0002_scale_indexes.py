# Indexes for a county's data (docs/performance.md).
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_initial'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='consultation',
            index=models.Index(fields=['status', 'closes_on', 'title'], name='consultation_closing_order'),
        ),
        migrations.AddIndex(
            model_name='paymentschedule',
            index=models.Index(fields=['due_on', 'id'], name='payment_due_order'),
        ),
        migrations.AddIndex(
            model_name='paymentschedule',
            index=models.Index(condition=models.Q(('paid_on__isnull', True)), fields=['due_on'], name='payment_unpaid_due'),
        ),
    ]
