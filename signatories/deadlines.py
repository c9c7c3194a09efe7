"""Deadlines the signatories app makes due."""

from compact_portal.deadlines import Deadline, itself, provider, url_maker
from compact_portal.workdays import add_months

from .models import Organisation

# Wiltshire: "Appoint and train a Compact champion in each organisation". The portal reads
# training as lasting a year, so a champion is due a refresher twelve months after training.
CHAMPION_TRAINING_LASTS_MONTHS = 12


@provider("organisation", feeds={Organisation: itself})
def champion_training_lapsing(ids):
    # Plain values, not model instances: there is one of these for every signatory.
    signed = (
        Organisation.objects.signatories()
        .filter(champion__isnull=False, champion_trained_on__isnull=False)
        .values_list("pk", "slug", "name", "compact_id", "champion_trained_on")
    )
    if ids is not None:
        signed = signed.filter(pk__in=list(ids))
    champion_url = url_maker("signatories:champion")
    for pk, slug, name, compact_id, trained_on in signed.iterator(chunk_size=2000):
        yield Deadline(
            kind="champion_training",
            due_on=add_months(trained_on, CHAMPION_TRAINING_LASTS_MONTHS),
            title=f"Compact champion training for {name} lapses",
            url=champion_url(slug),
            compact_id=compact_id,
            organisation_ids=(pk,),
            key=f"organisation:{pk}:champion:{trained_on.isoformat()}",
            source=f"organisation:{pk}",
        )
