"""Two compacts in one deployment running different dispute procedures side by side.

Testshire runs the portal's defaults: its panel finds a concern upheld, partly upheld or not
upheld, and a case's details are for the parties and the panel. Northfield has confirmed its
own procedure: stages named "Talking first", "Written concern", "Panel" and "Other help", a
panel that decides whether a concern is a Compact matter and then records agreed actions, and
details kept to its whole resolution group."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from compact_portal import workdays
from disputes import permissions, selectors, services, stages
from disputes.forms import OutcomeForm
from disputes.models import Case, Meeting, Outcome, Stage
from signatories.models import Membership, Sector
from signatories.services import grant_board_access
from tests import factories
from undertakings import services as undertaking_services
from undertakings.models import Compact
from undertakings.procedure import DEFAULT_NOTE, procedure_for

from . import helpers

pytestmark = pytest.mark.django_db

NORTHFIELD_PROCEDURE = {
    "stage_names": {
        "informal": "Talking first",
        "stage_1": "Written concern",
        "stage_2": "Panel",
        "stage_3": "Other help",
    },
    "panel_decides": "finding",
    "details_readers": "resolution_group",
    "signposting_bodies": [{"name": "Northfield Mediation Service", "url": "https://mediation.northfield.example/"}],
}
SECRET = "NORTHFIELD-SECRET-ACCOUNT"
TESTSHIRE_SECRET = "TESTSHIRE-SECRET-ACCOUNT"


def _parties(compact, prefix):
    edition = factories.EditionFactory(compact=compact, label="2026")
    section = factories.SectionFactory(edition=edition, title="Funding", slug="funding")
    factories.UndertakingFactory(section=section, party="public", reference="public-1", text="Consult first.")
    vcs = factories.OrganisationFactory(compact=compact, name=f"{prefix} Community Action")
    public = factories.PublicBodyFactory(compact=compact, name=f"{prefix} Council")
    vcs_user = factories.MembershipFactory(organisation=vcs, role=Membership.Role.ADMIN).user
    public_user = factories.MembershipFactory(organisation=public, role=Membership.Role.ADMIN).user
    return vcs, public, vcs_user, public_user


def _referred(compact, prefix, secret):
    vcs, public, vcs_user, public_user = _parties(compact, prefix)
    case = helpers.file_case(complainant=vcs, respondent=public, by=vcs_user, text=secret)
    helpers.to_stage_1(case, vcs_user)
    helpers.to_stage_2(case, public_user, received_on=workdays.today() - timedelta(days=20))
    return case, vcs_user


def _after_hearing(case, board_user):
    """Convened, found to be about the Compact, and heard yesterday."""
    seats = helpers.resolution_group(case.compact, case.referral_received_on.year)
    helpers.convene(case, board_user, seats)
    panel_member = seats[0].user
    services.decide_compact_matter(case=case, by=panel_member, concerns_compact_undertakings=True, reasons="Yes.")
    services.schedule_meeting(
        case=case, by=panel_member, kind=Meeting.Kind.HEARING, scheduled_on=workdays.today() - timedelta(days=1)
    )
    return Case.objects.get(pk=case.pk), panel_member


@pytest.fixture
def northfield(db):
    compact = factories.CompactFactory(name="Northfield Compact", area="Northfield")
    undertaking_services.save_procedure_rules(compact=compact, changes=NORTHFIELD_PROCEDURE)
    return compact


@pytest.fixture
def testshire_case(compact):
    return _referred(compact, "Testshire", TESTSHIRE_SECRET)[0]


@pytest.fixture
def northfield_case(northfield):
    return _referred(northfield, "Northfield", SECRET)[0]


@pytest.fixture
def board_of_both(compact, northfield):
    """A board member of both compacts who also sits in both resolution groups this year."""
    user = factories.BoardMembershipFactory(compact=compact).user
    factories.BoardMembershipFactory(compact=northfield, user=user)
    grant_board_access(user=user)
    year = workdays.today().year
    for each in (compact, northfield):
        factories.ResolutionGroupMembershipFactory(compact=each, user=user, sector=Sector.PUBLIC, year=year)
    return user


def _group_member(compact):
    seat = factories.ResolutionGroupMembershipFactory(compact=compact, sector=Sector.VCS, year=workdays.today().year)
    return seat.user


# Confidentiality, both ways ------------------------------------------------------------------


def test_whole_resolution_group_reads_details_only_where_the_compact_says_so(
    client, testshire_case, northfield_case, compact, northfield
):
    testshire_member, northfield_member = _group_member(compact), _group_member(northfield)
    client.force_login(northfield_member)
    page = client.get(reverse("disputes:case", args=[northfield_case.pk]))
    assert page.status_code == 200 and SECRET in page.content.decode()
    assert "resolution group of the Northfield Compact" in page.content.decode()
    assert client.get(reverse("disputes:case", args=[testshire_case.pk])).status_code == 404

    client.force_login(testshire_member)
    assert client.get(reverse("disputes:case", args=[testshire_case.pk])).status_code == 404
    assert client.get(reverse("disputes:case", args=[northfield_case.pk])).status_code == 404


def test_the_list_of_cases_follows_the_same_rule(client, testshire_case, northfield_case, compact, northfield):
    member = _group_member(northfield)
    factories.ResolutionGroupMembershipFactory(
        compact=compact, user=member, sector=Sector.VCS, year=workdays.today().year
    )
    assert list(selectors.cases_for_user(member)) == [northfield_case]
    client.force_login(member)
    page = client.get(reverse("disputes:my_cases")).content.decode()
    assert f"Case {northfield_case.pk}" in page and f"Case {testshire_case.pk}<" not in page


def test_last_years_resolution_group_does_not_read_the_details(northfield_case, northfield):
    seat = factories.ResolutionGroupMembershipFactory(
        compact=northfield, sector=Sector.VCS, year=workdays.today().year - 1
    )
    assert not permissions.can_see_case_details(seat.user, northfield_case)


def test_the_board_changes_the_rule_in_the_admin_and_the_group_then_reads_the_details(
    client, testshire_case, compact, board_of_both
):
    member = _group_member(compact)
    client.force_login(member)
    assert client.get(reverse("disputes:case", args=[testshire_case.pk])).status_code == 404

    client.force_login(board_of_both)
    form = {
        "compact": compact.pk,
        "informal_stage_name": "Informal stage",
        "stage_1_name": "Stage 1: formal concern",
        "stage_2_name": "Stage 2: resolution panel",
        "stage_3_name": "Stage 3: further help",
        "panel_decides": "upheld",
        "details_readers": "resolution_group",
        "signposting": "Local Government and Social Care Ombudsman | https://www.lgo.org.uk/",
        "edition_review_months": 36,
    }
    response = client.post(reverse("admin:undertakings_procedurerules_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert procedure_for(Compact.objects.get(pk=compact.pk)).details_for_whole_group

    client.force_login(member)
    page = client.get(reverse("disputes:case", args=[testshire_case.pk]))
    assert page.status_code == 200 and TESTSHIRE_SECRET in page.content.decode()


def test_the_admin_shows_each_compacts_stage_names_and_never_the_details(
    client, testshire_case, northfield_case, board_of_both
):
    client.force_login(board_of_both)
    listing = client.get(reverse("admin:disputes_case_changelist")).content.decode()
    assert "Panel" in listing and "Stage 2: resolution panel" in listing
    for case, name in ((northfield_case, "Panel"), (testshire_case, "Stage 2: resolution panel")):
        page = client.get(reverse("admin:disputes_case_change", args=[case.pk])).content.decode()
        assert name in page
        assert SECRET not in page and TESTSHIRE_SECRET not in page


def test_the_board_sees_which_rules_are_the_portal_defaults(client, compact, northfield, board_of_both):
    client.force_login(board_of_both)
    undertaking_services.save_procedure_rules(compact=compact, changes={"edition_review_months": 36})
    rules = procedure_for(compact)
    page = client.get(reverse("admin:undertakings_procedurerules_change", args=[rules.pk])).content.decode()
    assert DEFAULT_NOTE in page and "confirmed by the board" in page
    northfield_rules = procedure_for(northfield)
    page = client.get(reverse("admin:undertakings_procedurerules_change", args=[northfield_rules.pk])).content.decode()
    assert "confidential to the whole resolution group" in page


# What the panel decides ----------------------------------------------------------------------


def test_each_compacts_outcome_form_offers_only_its_panels_outcomes(testshire_case, northfield_case):
    testshire = [value for value, _ in OutcomeForm(case=testshire_case).fields["outcome"].choices]
    northfield = [value for value, _ in OutcomeForm(case=northfield_case).fields["outcome"].choices]
    assert {Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD} <= set(testshire)
    assert Outcome.ACTIONS_AGREED not in testshire
    assert Outcome.ACTIONS_AGREED in northfield
    assert not {Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD} & set(northfield)


def test_a_compact_matter_panel_cannot_find_a_concern_not_upheld(client, northfield_case, board_of_both):
    case, panel_member = _after_hearing(northfield_case, board_of_both)
    client.force_login(panel_member)
    url = reverse("disputes:outcome", args=[case.pk])
    page = client.get(url).content.decode()
    assert "A Compact matter: actions agreed" in page and "Not upheld" not in page
    response = client.post(url, {"outcome": Outcome.NOT_UPHELD, "outcome_summary": "s", "reason": "r"})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).stage == Stage.STAGE_2
    with pytest.raises(ValidationError, match="does not record a case as not upheld"):
        services.close_case(case=case, by=panel_member, outcome=Outcome.NOT_UPHELD, outcome_summary="s", reason="r")

    client.post(url, {"outcome": Outcome.ACTIONS_AGREED, "outcome_summary": "Quarterly meetings agreed", "reason": "r"})
    closed = Case.objects.get(pk=case.pk)
    assert (closed.stage, closed.outcome) == (Stage.CLOSED, Outcome.ACTIONS_AGREED)


def test_an_upheld_panel_cannot_record_agreed_actions_but_can_uphold(testshire_case, board_member):
    case, panel_member = _after_hearing(testshire_case, board_member)
    assert "does not record a case as" in stages.closing_refusal(case, Outcome.ACTIONS_AGREED, panel_member)
    services.close_case(case=case, by=panel_member, outcome=Outcome.PARTLY_UPHELD, outcome_summary="s", reason="r")
    assert Case.objects.get(pk=case.pk).outcome == Outcome.PARTLY_UPHELD


# Stage names and signposting -----------------------------------------------------------------


def test_case_pages_emails_and_the_boards_view_use_the_compacts_stage_names(
    client, northfield, django_capture_on_commit_callbacks
):
    vcs, public, vcs_user, public_user = _parties(northfield, "Northfield")
    with django_capture_on_commit_callbacks(execute=True):
        case = helpers.file_case(complainant=vcs, respondent=public, by=vcs_user)
        helpers.to_stage_1(case, vcs_user)
    assert any("Written concern" in message.body for message in mail.outbox)
    client.force_login(vcs_user)
    page = client.get(reverse("disputes:case", args=[case.pk])).content.decode()
    assert "Written concern" in page and "Talking first to Written concern" in page
    assert "Stage 1: formal concern" not in page
    assert selectors.board_view(Case.objects.get(pk=case.pk)).stage_label == "Written concern"


def test_a_closed_case_points_to_the_compacts_own_bodies(client, northfield_case):
    vcs_user = northfield_case.complainant.memberships.first().user
    services.close_case(
        case=northfield_case, by=vcs_user, outcome=Outcome.WITHDRAWN, outcome_summary="s", reason="Withdrawn."
    )
    client.force_login(vcs_user)
    page = client.get(reverse("disputes:case", args=[northfield_case.pk])).content.decode()
    assert "Northfield Mediation Service" in page and "https://mediation.northfield.example/" in page
    assert "Social Care Ombudsman" not in page


def test_a_compact_that_has_confirmed_nothing_runs_the_marked_defaults(compact):
    rules = procedure_for(compact)
    assert rules.pk is None and rules.panel_decides == "upheld" and not rules.details_for_whole_group
    assert rules.edition_review_months == 36
    assert all(note == DEFAULT_NOTE for _, _, note in rules.in_words_all())


def test_the_closing_email_points_to_the_compacts_bodies_unless_the_case_was_settled(
    testshire_case, northfield_case, board_member, django_capture_on_commit_callbacks
):
    case, panel_member = _after_hearing(testshire_case, board_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_case(case=case, by=panel_member, outcome=Outcome.NOT_UPHELD, outcome_summary="s", reason="r")
    to_parties_and_panel = [m.body for m in mail.outbox if "so they are not in this email" in m.body]
    closing = [body for body in to_parties_and_panel if "The case is closed: not upheld" in body]
    assert closing and all(
        "points organisations to: Local Government and Social Care Ombudsman (https://www.lgo.org.uk/)" in body
        for body in closing
    )

    mail.outbox.clear()
    vcs_user = northfield_case.complainant.memberships.first().user
    with django_capture_on_commit_callbacks(execute=True):
        services.close_case(
            case=northfield_case, by=vcs_user, outcome=Outcome.WITHDRAWN, outcome_summary="s", reason="r"
        )
    assert mail.outbox and not any("points organisations to" in m.body for m in mail.outbox)
