"""Demo data: one breach concern at stage 1, from Riverside Food Bank about Riverside Borough
Council, raised by the food bank's admin (see tools/demo.py for the organisations and
logins), under the Riverside Compact's own procedure, which differs from the portal's
defaults. Safe to load twice: it leaves an existing demo case alone."""

from django.db import transaction

from signatories.models import Organisation, User
from undertakings import services as undertaking_services
from undertakings.models import Undertaking

from . import services
from .models import Case, Stage

COMPLAINANT, RESPONDENT, FILED_BY = "Riverside Food Bank", "Riverside Borough Council", "vcs-admin@riverside.example"


# The Riverside Compact's procedure: its own stage names, a panel that finds whether a concern
# is a Compact matter and then seeks agreed actions, details kept to the whole resolution
# group, a local mediation service before the Ombudsman, and a review every two years.
RIVERSIDE_PROCEDURE = {
    "stage_names": {
        "informal": "Talking it through",
        "stage_1": "Formal concern",
        "stage_2": "Panel",
        "stage_3": "Further help",
    },
    "panel_decides": "finding",
    "details_readers": "resolution_group",
    "signposting_bodies": [
        {"name": "Riverside Community Mediation", "url": "https://mediation.riverside.example/"},
        {"name": "Local Government and Social Care Ombudsman", "url": "https://www.lgo.org.uk/"},
    ],
    "edition_review_months": 24,
}


def configure_procedure(compact):
    """The demo compact's confirmed procedure; saving the same rules again changes nothing."""
    return undertaking_services.save_procedure_rules(compact=compact, changes=RIVERSIDE_PROCEDURE)


@transaction.atomic
def load(compact) -> Case | None:
    configure_procedure(compact)
    complainant = Organisation.objects.filter(compact=compact, name=COMPLAINANT).first()
    respondent = Organisation.objects.filter(compact=compact, name=RESPONDENT).first()
    filed_by = User.objects.filter(email=FILED_BY).first()
    edition = compact.adopted_edition()
    if not (complainant and respondent and filed_by and edition):
        return None
    existing = Case.objects.filter(compact=compact, complainant=complainant, respondent=respondent).first()
    if existing:
        return existing
    # The demo compact's funding promise: consult before reducing funding, then give notice.
    undertakings = Undertaking.objects.filter(
        section__edition=edition, party="public", text__icontains="consult"
    ).order_by("section__position", "position")[:1]
    return services.file_concern(
        complainant=complainant,
        respondent=respondent,
        by=filed_by,
        undertakings=list(undertakings),
        starting_stage=Stage.STAGE_1,
        what_happened="The council told us in March that our grant for the winter food programme would stop at the "
        "end of April. There was no consultation and only six weeks' notice.",
        what_has_been_tried="We met the commissioning officer in March and wrote to the head of service, who said "
        "the decision had been made.",
        outcome_hoped_for="The grant continues until the council has consulted for twelve weeks and given three "
        "months' notice of any decision, as the Compact says.",
    )
