from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from compact_portal import workdays

from . import BOARD, EVERYONE, NOT_FOUND, OFFICER, OFFICERS, OTHER_VCS, OWN_VCS, PANEL, SIGNED_IN, Rule

PDF = b"%PDF-1.4\n%%EOF\n"


def setup(world):
    """An open grant round by world.council with an application from world.vcs_organisation
    and its document; a draft round. The agreement is the one tests/access/consultations.py makes."""
    from funding.models import GrantApplication, GrantRound

    today = workdays.today()
    common = {
        "compact": world.compact,
        "funder": world.council,
        "summary": "Small grants.",
        "eligibility": "Signatories.",
        "criteria": "Need.",
        "amount_available": Decimal("10000"),
        "opens_on": today,
        "closes_on": workdays.add_weeks(today, 12),
        "grants_start_on": today + timedelta(days=120),
        "grants_end_on": today + timedelta(days=1200),
    }
    world.grant_round = GrantRound.objects.create(title="Open round", status="open", **common)
    world.draft_round = GrantRound.objects.create(title="Draft round", **common)
    world.application = GrantApplication(
        grant_round=world.grant_round,
        organisation=world.vcs_organisation,
        submitted_by=world.users["vcs_admin"],
        project_title="Lunches",
        project_summary="Lunches in August.",
        amount_requested=Decimal("5000"),
        attachment_name="budget.pdf",
        attachment_content_type="application/pdf",
    )
    world.application.attachment.save("budget.pdf", ContentFile(PDF), save=False)
    world.application.save()


def _open(w):
    return {"pk": w.grant_round.pk}


def _application(w):
    return {"pk": w.application.pk}


def _officer_page(kwargs, **rule):
    """The funder's officers only; anyone else is told nothing (404)."""
    return Rule(OFFICER, kwargs, refused=NOT_FOUND, **rule)


RULES = {
    # The public: open and past rounds, a published round, the awards as open data.
    "funding:list": Rule(EVERYONE),
    "funding:round": Rule(EVERYONE, _open),
    "funding:open_data_json": Rule(EVERYONE),
    "funding:open_data_csv": Rule(EVERYONE),
    "funding:mine": Rule(SIGNED_IN),
    # Members of signed VCS signatories of the compact apply (the other VCS organisation too).
    "funding:apply": Rule(OWN_VCS | OTHER_VCS, _open, post=True, refused=NOT_FOUND),
    # An application: its organisation, the funder's officers and the board.
    "funding:application": Rule(OWN_VCS | OFFICER | BOARD, _application, refused=NOT_FOUND),
    "funding:attachment": Rule(OWN_VCS | OFFICER | BOARD, _application, refused=NOT_FOUND),
    # Officers of any accepted public body start rounds (the panel member is one).
    "funding:start": Rule(OFFICERS | PANEL, post=True, refused=NOT_FOUND),
    "funding:edit": _officer_page(lambda w: {"pk": w.draft_round.pk}, post=True),
    "funding:manage": _officer_page(_open),
    "funding:transition": _officer_page(lambda w: {"pk": w.grant_round.pk, "name": "close"}, post=True),
    "funding:decide": _officer_page(_application, post=True),
    # Ending funding for performance: the funder's officers.
    "funding:improvement_plan": _officer_page(lambda w: {"pk": w.agreement.pk}, post=True),
    "funding:notice": _officer_page(lambda w: {"pk": w.agreement.pk}, post=True),
}
