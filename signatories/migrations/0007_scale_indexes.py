# Indexes for a county's data (docs/performance.md).

from django.db import migrations, models, transaction

# The public directory searches names and descriptions for words anywhere in them (icontains:
# UPPER(column) LIKE '%WORD%'). On PostgreSQL, trigram indexes on those expressions answer it
# without reading every organisation. Elsewhere (SQLite) there is nothing to do.
TRIGRAM_INDEXES = {
    "organisation_name_trgm": "name",
    "organisation_description_trgm": "description",
}


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to create extensions: the search still works, unindexed
        return
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON signatories_organisation '
                              f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('signatories', '0006_deadline_snapshot_schedule'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(fields=['-created_at', '-id'], name='reminder_latest_first'),
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(fields=['kind'], name='reminder_kind'),
        ),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes),
    ]
