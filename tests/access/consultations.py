from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from compact_portal import workdays

from . import BOARD, EVERYONE, SIGNED_IN, Rule

OWN_MEMBERS = frozenset({"vcs_member", "vcs_admin"})
OFFICER = frozenset({"council_officer"})
PDF = b"%PDF-1.4\n%%EOF\n"


def setup(world):
    """An open consultation by world.council affecting world.vcs_organisation, with a response
    and its attachment; a draft; and a funding agreement between the two."""
    from consultations.models import Consultation, ConsultationResponse, FundingAgreement

    today = workdays.today()
    world.agreement = FundingAgreement.objects.create(
        funder=world.council, recipient=world.vcs_organisation, title="Community transport", amount=Decimal("30000"),
        starts_on=today - timedelta(days=400), ends_on=today + timedelta(days=700))
    common = {"compact": world.compact, "owner": world.council, "kind": "funding_reduction",
              "proposal": "Reduce the grant.", "criteria": "Cost per journey.", "revised_outcomes": "4,000 journeys.",
              "opens_on": today, "closes_on": workdays.add_weeks(today, 12)}
    world.consultation = Consultation.objects.create(title="Open consultation", status="open", **common)
    world.consultation.affected_organisations.set([world.vcs_organisation])
    world.draft_consultation = Consultation.objects.create(title="Draft consultation", **common)
    world.draft_consultation.affected_organisations.set([world.vcs_organisation])
    world.response = ConsultationResponse(consultation=world.consultation, organisation=world.vcs_organisation,
                                          author=world.users["vcs_member"], text="We object.",
                                          attachment_name="response.pdf", attachment_content_type="application/pdf")
    world.response.attachment.save("response.pdf", ContentFile(PDF), save=False)
    world.response.save()


def _open(w):
    return {"pk": w.consultation.pk}


def _draft(w):
    return {"pk": w.draft_consultation.pk}


RULES = {
    # The public
    "consultations:list": Rule(EVERYONE),
    "consultations:detail": Rule(EVERYONE, _open),
    "consultations:timeline": Rule(EVERYONE, _open),
    # Signed in: each sees their own organisations' consultations, responses and agreements.
    "consultations:mine": Rule(SIGNED_IN),
    # VCS signatories respond; a response is seen by its organisation, the consulting body and the board.
    "consultations:respond": Rule(OWN_MEMBERS, _open),
    "consultations:response": Rule(OWN_MEMBERS | OFFICER | BOARD, lambda w: {"pk": w.response.pk}),
    "consultations:attachment": Rule(OWN_MEMBERS | OFFICER | BOARD, lambda w: {"pk": w.response.pk}),
    "consultations:agreement": Rule(OWN_MEMBERS | OFFICER | BOARD, lambda w: {"pk": w.agreement.pk}),
    # Officers of the consulting body only; anyone else is told nothing (404).
    "consultations:start": Rule(OFFICER),
    "consultations:edit": Rule(OFFICER, lambda w: {"pk": w.draft_consultation.pk, "step": "affected"}),
    "consultations:check": Rule(OFFICER, _draft),
    "consultations:consent": Rule(OFFICER, _draft),
    "consultations:manage": Rule(OFFICER, _open),
    "consultations:transition": Rule(OFFICER, lambda w: {"pk": w.consultation.pk, "name": "close"}),
    "consultations:impact_assessment": Rule(OFFICER, _open),
    "consultations:feedback": Rule(OFFICER, _open),
    "consultations:decision": Rule(OFFICER, _open),
}
