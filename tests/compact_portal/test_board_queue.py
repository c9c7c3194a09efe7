"""The board's work queue: what waits for the board, counted per compact, linked to where it is done."""

from datetime import date, timedelta

from django.urls import reverse

from compact_portal import board_queue
from disputes.models import Case, Meeting, Panel, Stage
from reviews.models import AnnualReview, Assessment, AssessmentRound, Survey
from signatories.models import BoardSelfReview, Organisation, Reminder
from tests import factories
from undertakings.models import Edition, ProposedTimelineRule


def _counts(compact_ids, today):
    return {item.key: item.count for item in board_queue.waiting_for(compact_ids, today)}


def test_nothing_waiting_says_so_and_lists_nothing(compact, edition, board_member):
    AnnualReview.objects.create(compact=compact, year=date.today().year - 1, status=AnnualReview.Status.PUBLISHED)
    BoardSelfReview.objects.create(
        compact=compact, year=date.today().year, held_on=date.today(), went_well="All", to_improve="None"
    )
    assert board_queue.waiting_for({compact.pk}, date.today()) == []


def test_each_kind_of_work_is_counted_for_the_boards_own_compacts(compact, edition, vcs_organisation, council):
    today = date(2027, 2, 1)
    factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPLIED)
    factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPLIED)
    elsewhere = factories.CompactFactory()
    factories.OrganisationFactory(compact=elsewhere, status=Organisation.Status.APPLIED)
    draft = factories.EditionFactory(compact=compact, status=Edition.Status.DRAFT, adopted_on=None)
    ProposedTimelineRule.objects.create(edition=draft, rule="consultation_weeks", value=12, unit="weeks", source="s.2")
    Case.objects.create(
        compact=compact,
        complainant=vcs_organisation,
        respondent=council,
        stage=Stage.STAGE_2,
        referral_received_on=today,
    )
    with_panel = Case.objects.create(
        compact=compact,
        complainant=vcs_organisation,
        respondent=council,
        stage=Stage.STAGE_2,
        referral_received_on=today,
    )
    Panel.objects.create(case=with_panel, convened_on=today)
    heard = Case.objects.create(
        compact=compact,
        complainant=vcs_organisation,
        respondent=council,
        stage=Stage.STAGE_2,
        referral_received_on=today,
    )
    Meeting.objects.create(
        panel=Panel.objects.create(case=heard, convened_on=today),
        kind=Meeting.Kind.HEARING,
        scheduled_on=today + timedelta(weeks=4),
    )
    late = AssessmentRound.objects.create(
        compact=compact, edition=edition, year=2026, opens_on=date(2026, 11, 1), due_on=date(2027, 1, 15)
    )
    Assessment.objects.create(round=late, organisation=vcs_organisation)
    Reminder.objects.create(
        recipient=factories.UserFactory(),
        compact=compact,
        kind="test",
        key="k1",
        title="Due",
        due_on=today,
        lead="due",
        status=Reminder.Status.FAILED,
    )

    counts = _counts({compact.pk}, today)

    assert counts == {
        "applications": 2,
        "panels": 1,
        "hearings": 1,
        "editions": 1,
        "rules": 1,
        "assessments": 1,
        "reviews": 1,
        "self_reviews": 1,
        "champions": 2,  # the charity and the council have named none
        "reminders": 1,
    }
    assert _counts(None, today)["applications"] == 3  # a superuser sees every compact


def test_the_queue_reads_as_sentences_with_links(compact, edition):
    factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPLIED)
    [item] = [i for i in board_queue.waiting_for({compact.pk}, date(2027, 2, 1)) if i.key == "applications"]
    assert (item.count, item.label, item.url) == (1, "application to decide", reverse("signatories:applications"))


def test_the_board_sees_the_queue_above_the_deadlines(client, compact, edition, board_member):
    factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPLIED)
    client.force_login(board_member)
    html = client.get(reverse("board_dashboard")).content.decode()
    assert "Waiting for the board" in html and "1 application to decide" in html
    assert html.index("Waiting for the board") < html.index("Overdue")


def test_a_board_member_lands_on_the_board_after_signing_in(client, board_member, vcs_member):
    for person, lands_on in (
        (board_member, reverse("board_dashboard")),
        (vcs_member, reverse("signatories:dashboard")),
    ):
        person.set_password("a long enough password 123")
        person.save()
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": "a long enough password 123"}
        )
        assert response.status_code == 302 and response.url == lands_on, person
        client.logout()


def test_a_survey_past_its_closing_date_waits_for_the_board_to_close_it(compact, edition):
    today = date(2026, 11, 10)
    survey = Survey.objects.create(
        compact=compact, edition=edition, year=2026, opens_on=date(2026, 10, 1), closes_on=date(2026, 11, 9)
    )
    Survey.objects.create(
        compact=factories.CompactFactory(),
        edition=edition,
        year=2026,
        opens_on=date(2026, 10, 1),
        closes_on=date(2026, 11, 1),
    )
    assert _counts({compact.pk}, date(2026, 11, 9)).get("surveys") is None  # closes at the end of the day
    assert _counts({compact.pk}, today)["surveys"] == 1
    item = next(i for i in board_queue.waiting_for({compact.pk}, today) if i.key == "surveys")
    assert item.label == "Compact survey past its closing date to close"
    assert item.url == reverse("admin:reviews_survey_changelist") + "?status__exact=open"
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert "surveys" not in _counts({compact.pk}, today)
