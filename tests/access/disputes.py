"""Breach concerns. `setup` puts a case at stage 2 on the world, with its panel convened, a
hearing set and a document filed: the VCS organisation (vcs_member, vcs_admin) raised it about
the council (council_officer). The board and superusers see the case page in its restricted
form (no details; tests/disputes/test_confidentiality.py checks that); party-only pages are
404 to them. Panel pages are for panel members, none of whom is a matrix role."""
from datetime import timedelta

from compact_portal import workdays
from disputes import services
from disputes.models import Meeting

from . import BOARD, SIGNED_IN, Rule

PARTIES = frozenset({"vcs_member", "vcs_admin", "council_officer"})
NOBODY = frozenset()


def setup(world):
    from tests.disputes import helpers

    users = world.users
    case = helpers.file_case(complainant=world.vcs_organisation, respondent=world.council, by=users["vcs_admin"],
                             attachments=[helpers.pdf()])
    helpers.to_stage_1(case, users["vcs_admin"])
    helpers.to_stage_2(case, users["council_officer"], received_on=workdays.today() - timedelta(days=3))
    seats = helpers.resolution_group(world.compact, case.referral_received_on.year)
    helpers.convene(case, users["board_member"], seats)
    member = seats[0].user
    services.decide_compact_matter(case=case, by=member, concerns_compact_undertakings=True, reasons="Yes")
    world.meeting = services.schedule_meeting(case=case, by=member, kind=Meeting.Kind.HEARING,
                                              scheduled_on=workdays.today() + timedelta(days=7))
    world.case = case
    world.attachment = case.attachments.get()


def case_kwargs(world):
    return {"pk": world.case.pk}


RULES = {
    "disputes:my_cases": Rule(SIGNED_IN),
    # Signed-in people with no organisation get a page saying why they cannot raise one.
    "disputes:file": Rule(SIGNED_IN),
    "disputes:notify_difference": Rule(SIGNED_IN),
    "disputes:case": Rule(PARTIES | BOARD, case_kwargs),
    "disputes:accept": Rule(PARTIES, case_kwargs),
    "disputes:escalate": Rule(PARTIES, case_kwargs),
    "disputes:respond": Rule(frozenset({"council_officer"}), case_kwargs),
    "disputes:refer": Rule(PARTIES, case_kwargs),
    "disputes:representatives": Rule(PARTIES, case_kwargs),
    "disputes:outcome": Rule(PARTIES, case_kwargs),
    "disputes:attachment_add": Rule(PARTIES, case_kwargs),
    "disputes:attachment": Rule(PARTIES, lambda w: {"pk": w.case.pk, "attachment_pk": w.attachment.pk}),
    "disputes:convene": Rule(BOARD, case_kwargs),
    "disputes:declare_conflict": Rule(NOBODY, case_kwargs),
    "disputes:choose_chair": Rule(NOBODY, case_kwargs),
    "disputes:compact_matter": Rule(NOBODY, case_kwargs),
    "disputes:meeting_add": Rule(NOBODY, case_kwargs),
    "disputes:meeting_edit": Rule(NOBODY, lambda w: {"pk": w.case.pk, "meeting_pk": w.meeting.pk}),
    "disputes:signpost": Rule(NOBODY, case_kwargs),
    "disputes:board_cases": Rule(BOARD),
    "disputes:board_cases_csv": Rule(BOARD),
    "disputes:annual_summary": Rule(BOARD),
}
