from django.db import migrations

MODELS = (
    "action", "annualreview", "assessment", "assessmentresponse", "assessmentround", "milestone", "reviewcommentary",
    "reviewrendering", "historicalaction", "historicalannualreview", "historicalassessment",
    "historicalassessmentround",
)


def move_content_types(apps, schema_editor, old="undertakings", new="reviews"):
    """The models' content types follow them, so their permissions, the groups that hold them and
    the admin's log of changes keep pointing at the same records."""
    content_types = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        moving = content_types.objects.using(db).filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A content type made for the new label before this ran (post_migrate after migrating
        # part way) holds nothing but its default permissions: the old one, with its history, wins.
        content_types.objects.using(db).filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="reviews", new="undertakings")


class Migration(migrations.Migration):
    """The moved models' tables take the reviews app's names, and their content types its label."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0001_initial"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=model, table=None) for model in MODELS],
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
