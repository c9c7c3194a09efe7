"""Each organisation's single Compact champion and training date become a champion record
with a training record, before the old fields are removed (0018)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Organisation = apps.get_model("signatories", "Organisation")
    Champion = apps.get_model("signatories", "Champion")
    ChampionTraining = apps.get_model("signatories", "ChampionTraining")
    named = Organisation.objects.filter(champion__isnull=False).values_list("pk", "champion_id", "champion_trained_on")
    for organisation_id, user_id, trained_on in named.iterator(chunk_size=2000):
        champion, _ = Champion.objects.get_or_create(organisation_id=organisation_id, user_id=user_id, department="")
        if trained_on is not None:
            ChampionTraining.objects.get_or_create(champion=champion, trained_on=trained_on, course="")


def backwards(apps, schema_editor):
    """The first champion named and their latest training go back on the organisation."""
    Organisation = apps.get_model("signatories", "Organisation")
    Champion = apps.get_model("signatories", "Champion")
    ChampionTraining = apps.get_model("signatories", "ChampionTraining")
    for champion in Champion.objects.order_by("organisation_id", "id").iterator(chunk_size=2000):
        organisation = Organisation.objects.get(pk=champion.organisation_id)
        if organisation.champion_id is not None:
            continue
        latest = ChampionTraining.objects.filter(champion=champion).order_by("-trained_on").first()
        organisation.champion_id = champion.user_id
        organisation.champion_trained_on = latest.trained_on if latest else None
        organisation.save(update_fields=["champion", "champion_trained_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0016_board_seats_self_review_and_champions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
