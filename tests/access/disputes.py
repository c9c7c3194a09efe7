"""Breach concerns. `setup` puts a case at stage 2 on the world, with its panel convened, a
hearing set and a document filed: the VCS organisation (vcs_member, vcs_admin) raised it about
the council (council_officer); panel_member sits on its panel. The board and superusers see
the case page in its restricted form (no details; tests/disputes/test_confidentiality.py
checks that); pages with the details are 404 to them, as to everyone outside the parties and
the panel. Parties and panel members know the case, so an action that is not theirs answers
403."""

from datetime import timedelta

from compact_portal import workdays
from disputes import services
from disputes.models import Meeting

from . import BOARD, NOT_FOUND, PANEL, SIGNED_IN, Rule

COMPLAINANT = frozenset({"vcs_member", "vcs_admin"})
RESPONDENT = frozenset({"council_officer"})
PARTIES = COMPLAINANT | RESPONDENT


def setup(world):
    from tests.disputes import helpers

    users = world.users
    case = helpers.file_case(
        complainant=world.vcs_organisation, respondent=world.council, by=users["vcs_admin"], attachments=[helpers.pdf()]
    )
    helpers.to_stage_1(case, users["vcs_admin"])
    helpers.to_stage_2(case, users["council_officer"], received_on=workdays.today() - timedelta(days=3))
    seats = helpers.resolution_group(world.compact, case.referral_received_on.year)
    helpers.convene(case, users["board_member"], seats)
    member = seats[0].user
    services.decide_compact_matter(case=case, by=member, concerns_compact_undertakings=True, reasons="Yes")
    world.meeting = services.schedule_meeting(
        case=case, by=member, kind=Meeting.Kind.HEARING, scheduled_on=workdays.today() + timedelta(days=7)
    )
    world.case = case
    world.attachment = case.attachments.get()
    users["panel_member"] = member


def case_kwargs(world):
    return {"pk": world.case.pk}


def _case_page(allowed, kwargs=case_kwargs, **rule):
    """A page of the case: 404 to anyone who may not know it exists."""
    return Rule(allowed, kwargs, refused=NOT_FOUND, **rule)


def _party_action(allowed=PARTIES):
    """Something a party does: the panel knows the case, so it is told this is not its to do."""
    return _case_page(allowed, post=True, forbidden=(PARTIES | PANEL) - allowed)


def _panel_action(kwargs=case_kwargs):
    return _case_page(PANEL, kwargs, post=True, forbidden=PARTIES)


RULES = {
    "disputes:my_cases": Rule(SIGNED_IN),
    # Signed-in people with no organisation get a page saying why they cannot raise one.
    "disputes:file": Rule(SIGNED_IN),
    # Raising one: question pages kept in the person's own session; the check page and the
    # confirmation send back to the questions until there is something to show.
    "disputes:file_question": Rule(SIGNED_IN, lambda w: {"question": "organisation"}, post=True),
    "disputes:file_check": Rule(SIGNED_IN, ok_status=(200, 302), post=True),
    "disputes:file_done": Rule(SIGNED_IN, ok_status=(200, 302)),
    "disputes:notify_difference": Rule(SIGNED_IN, post=True),
    "disputes:case": _case_page(PARTIES | PANEL | BOARD),
    "disputes:accept": _party_action(),
    "disputes:escalate": _party_action(),
    "disputes:respond": _party_action(RESPONDENT),
    "disputes:refer": _party_action(),
    "disputes:representatives": _party_action(),
    "disputes:outcome": _party_action(PARTIES | PANEL),
    "disputes:attachment_add": _party_action(),
    # The documents are details: the parties and the panel read them.
    "disputes:attachment": _case_page(PARTIES | PANEL, lambda w: {"pk": w.case.pk, "attachment_pk": w.attachment.pk}),
    # The board convenes; the parties and the panel, who know the case, are told it is not theirs.
    "disputes:convene": _case_page(BOARD, post=True, forbidden=PARTIES | PANEL),
    # The year's resolution group (the panel among them) may declare a conflict; it learns the number only.
    "disputes:declare_conflict": _case_page(PANEL, post=True),
    "disputes:choose_chair": _panel_action(),
    "disputes:compact_matter": _panel_action(),
    "disputes:meeting_add": _panel_action(),
    "disputes:meeting_edit": _panel_action(lambda w: {"pk": w.case.pk, "meeting_pk": w.meeting.pk}),
    "disputes:signpost": _panel_action(),
    "disputes:board_cases": Rule(BOARD, refused=NOT_FOUND),
    "disputes:board_cases_csv": Rule(BOARD, refused=NOT_FOUND),
    "disputes:annual_summary": Rule(BOARD, refused=NOT_FOUND),
}
