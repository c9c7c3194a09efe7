from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from compact_portal import workdays

from . import BOARD, EVERYONE, NOT_FOUND, OFFICER, OFFICERS, OTHER_VCS, OWN_VCS, PANEL, SIGNED_IN, Rule

PDF = b"%PDF-1.4\n%%EOF\n"


def setup(world):
    """An open consultation by world.council affecting world.vcs_organisation, with a response
    and its attachment; a draft; and a funding agreement between the two. The other
    organisations of the world are parties to none of them."""
    from consultations.models import Consultation, ConsultationResponse, FundingAgreement, ShortenedPeriodConsent

    today = workdays.today()
    world.agreement = FundingAgreement.objects.create(
        funder=world.council,
        recipient=world.vcs_organisation,
        title="Community transport",
        amount=Decimal("30000"),
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=700),
    )
    common = {
        "compact": world.compact,
        "owner": world.council,
        "kind": "funding_reduction",
        "proposal": "Reduce the grant.",
        "criteria": "Cost per journey.",
        "revised_outcomes": "4,000 journeys.",
        "opens_on": today,
        "closes_on": workdays.add_weeks(today, 12),
    }
    world.consultation = Consultation.objects.create(title="Open consultation", status="open", **common)
    world.consultation.affected_organisations.set([world.vcs_organisation])
    world.draft_consultation = Consultation.objects.create(title="Draft consultation", **common)
    world.draft_consultation.affected_organisations.set([world.vcs_organisation])
    world.consent_asked = ShortenedPeriodConsent.objects.create(
        consultation=world.draft_consultation, organisation=world.vcs_organisation, answer="asked"
    )
    world.response = ConsultationResponse(
        consultation=world.consultation,
        organisation=world.vcs_organisation,
        author=world.users["vcs_member"],
        text="We object.",
        attachment_name="response.pdf",
        attachment_content_type="application/pdf",
    )
    world.response.attachment.save("response.pdf", ContentFile(PDF), save=False)
    world.response.save()


def _open(w):
    return {"pk": w.consultation.pk}


def _draft(w):
    return {"pk": w.draft_consultation.pk}


def _officer_page(kwargs, **rule):
    """The consulting body's officers only; anyone else is told nothing (404)."""
    return Rule(OFFICER, kwargs, refused=NOT_FOUND, **rule)


def _response(w):
    return {"pk": w.response.pk}


RULES = {
    # The public
    "consultations:list": Rule(EVERYONE),
    # The forward plan and its calendar feed are public; officers of any public body add to it.
    "consultations:forward_plan": Rule(EVERYONE),
    "consultations:forward_plan_ics": Rule(EVERYONE),
    "consultations:plan_entry": Rule(OFFICERS | PANEL, post=True, refused=NOT_FOUND),
    "consultations:detail": Rule(EVERYONE, _open),
    "consultations:timeline": Rule(EVERYONE, _open),
    # Signed in: each sees their own organisations' consultations, responses and agreements.
    "consultations:mine": Rule(SIGNED_IN),
    # Any member of a VCS signatory of the compact may respond, affected or not (permissions.py).
    # It starts at its first question; each question, the check page and the confirmation are
    # kept in the person's own session and refused as the response itself is.
    "consultations:respond": Rule(OWN_VCS | OTHER_VCS, _open, ok_status=(302,), refused=NOT_FOUND),
    "consultations:respond_question": Rule(
        OWN_VCS | OTHER_VCS, lambda w: {"pk": w.consultation.pk, "question": "response"}, post=True, refused=NOT_FOUND
    ),
    "consultations:respond_check": Rule(OWN_VCS | OTHER_VCS, _open, ok_status=(302,), post=True, refused=NOT_FOUND),
    "consultations:respond_done": Rule(OWN_VCS | OTHER_VCS, _open, ok_status=(302,), refused=NOT_FOUND),
    # A response is seen by its organisation, the consulting body and the board.
    "consultations:response": Rule(OWN_VCS | OFFICER | BOARD, _response, refused=NOT_FOUND),
    "consultations:attachment": Rule(OWN_VCS | OFFICER | BOARD, _response, refused=NOT_FOUND),
    # A funding agreement: its two parties and the board.
    "consultations:agreement": Rule(OWN_VCS | OFFICER | BOARD, lambda w: {"pk": w.agreement.pk}, refused=NOT_FOUND),
    # What the consulting body asked an affected organisation: only that organisation's admins
    # answer for it; to anyone else, its members included, the question is not acknowledged.
    "consultations:answer": Rule(
        frozenset({"vcs_admin"}),
        lambda w: {"question": "shorter-period", "pk": w.consent_asked.pk},
        post=True,
        refused=NOT_FOUND,
    ),
    # Officers of any accepted public body start consultations (the panel member is an officer
    # of a public body in the resolution group).
    "consultations:start": Rule(OFFICERS | PANEL, post=True, refused=NOT_FOUND),
    "consultations:edit": _officer_page(lambda w: {"pk": w.draft_consultation.pk, "step": "affected"}, post=True),
    "consultations:check": _officer_page(_draft, post=True),
    "consultations:consent": _officer_page(_draft, post=True),
    "consultations:manage": _officer_page(_open),
    "consultations:transition": _officer_page(lambda w: {"pk": w.consultation.pk, "name": "close"}, post=True),
    "consultations:impact_assessment": _officer_page(_open, post=True),
    "consultations:participation": _officer_page(_open, post=True),
    "consultations:feedback": _officer_page(_open, post=True),
    "consultations:decision": _officer_page(_open, post=True),
}
