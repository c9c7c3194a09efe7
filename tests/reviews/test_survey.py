"""The annual Compact survey: opened by the board with an email to every signatory, answered
once per organisation by an admin, anonymous in every report (no breakdown from fewer than five
answers), reminded through the deadline registry until it closes, and trended over the years.
A second compact runs its own survey side by side."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import survey as review_survey
from reviews.models import Survey, SurveyAnswer, SurveyParticipation, SurveyScore
from signatories.models import Organisation
from tests import deadline_checks, factories

TODAY = date(2026, 10, 5)


@pytest.fixture
def clock():
    with time_machine.travel(date(2026, 10, 5), tick=False):
        yield


@pytest.fixture
def signatories(compact, edition, vcs_organisation, council):
    """Seven signatories: enough for five answers and two that do not answer."""
    others = [factories.OrganisationFactory(compact=compact, name=f"Riverside Group {n}") for n in range(5)]
    return [vcs_organisation, council, *others]


@pytest.fixture
def survey(clock, compact, signatories, board_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return review_survey.open_survey(
            compact=compact, year=2026, opens_on=TODAY, closes_on=TODAY + timedelta(weeks=4), by=board_member
        )


def _answer(survey, organisation, overall=4, score=4, comment=""):
    ratings = {s.pk: score for s in review_survey.sections_of(survey)}
    return review_survey.answer_survey(
        survey=survey, organisation=organisation, overall=overall, ratings=ratings, comment=comment
    )


def test_opening_the_survey_emails_every_signatorys_admins_what_to_do_and_the_link(
    clock, compact, signatories, vcs_admin, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_survey.open_survey(
            compact=compact, year=2026, opens_on=TODAY, closes_on=date(2026, 11, 2), by=board_member
        )
    to_admin = [m for m in mail.outbox if vcs_admin.email in m.to]
    assert len(to_admin) == 1
    body = to_admin[0].body
    assert "What to do" in body and "2 November 2026" in body and "anonymous" in body
    assert reverse("reviews:survey_answer", args=[signatories[0].slug, 2026]) in body


def test_a_survey_is_opened_once_a_year_and_closes_after_it_opens(survey, compact, board_member):
    with pytest.raises(ValidationError, match="already been opened"):
        review_survey.open_survey(
            compact=compact, year=2026, opens_on=TODAY, closes_on=TODAY + timedelta(days=1), by=board_member
        )
    with pytest.raises(ValidationError, match="closing date must be after"):
        review_survey.open_survey(compact=compact, year=2027, opens_on=TODAY, closes_on=TODAY, by=board_member)


def test_an_organisation_answers_once_and_the_answer_does_not_name_it(survey, vcs_organisation):
    _answer(survey, vcs_organisation, comment="Funding talks start late.")
    with pytest.raises(ValidationError, match="already answered"):
        _answer(survey, vcs_organisation)
    assert SurveyParticipation.objects.filter(survey=survey, organisation=vcs_organisation).count() == 1
    answer = SurveyAnswer.objects.get()
    fields = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert not fields & {"organisation", "created_at", "answered_at", "answered_by", "user"}
    assert answer.comment == "Funding talks start late."


def test_only_a_signatory_of_the_compact_answers_and_only_while_the_survey_is_open(survey, signatories):
    outsider = factories.OrganisationFactory(name="Elsewhere Trust")
    with pytest.raises(ValidationError, match="not a signatory"):
        _answer(survey, outsider)
    applied = factories.OrganisationFactory(compact=survey.compact, status=Organisation.Status.APPLIED)
    with pytest.raises(ValidationError, match="not a signatory"):
        _answer(survey, applied)
    with time_machine.travel(date(2026, 11, 3), tick=False):
        with pytest.raises(ValidationError, match="closed on 2 November 2026"):
            _answer(survey, signatories[0])
    review_survey.close_survey(survey=survey)
    with pytest.raises(ValidationError, match="closed"):
        _answer(survey, signatories[0])


def test_results_are_withheld_until_five_organisations_have_answered(survey, signatories):
    for organisation in signatories[:4]:
        _answer(survey, organisation, overall=5, comment="Named by its writer")
    results = review_survey.results(survey)
    assert results.answered == 4 and not results.shown
    assert results.overall.percent_well is None
    assert all(share is None for _, share in results.overall.distribution())
    assert results.comments == []  # four comments could be told apart

    _answer(survey, signatories[4], overall=SurveyScore.POORLY, comment="Better than last year")
    results = review_survey.results(survey)
    assert results.shown and results.answered == 5 and results.invited == 7
    assert results.overall.percent_well == 80  # four of five said very well
    assert results.comments == sorted(results.comments)  # an order that says nothing about who


def test_a_promise_with_fewer_than_five_views_is_withheld_though_the_survey_has_enough(survey, signatories):
    section = review_survey.sections_of(survey)[0]
    for index, organisation in enumerate(signatories[:5]):
        score = None if index < 2 else 4  # two "don't know"
        review_survey.answer_survey(survey=survey, organisation=organisation, overall=4, ratings={section.pk: score})
    results = review_survey.results(survey)
    assert results.shown
    row = results.by_section[0]
    assert row.scores.answered == 3 and row.scores.percent_well is None
    assert results.withheld_sections == [row]


def test_the_trend_gives_each_years_share_and_withholds_a_thin_year(survey, signatories, compact, edition):
    last = Survey.objects.create(
        compact=compact, edition=edition, year=2025, opens_on=date(2025, 10, 1), closes_on=date(2025, 10, 20)
    )
    for overall in (4, 2, 2, 2, 4):
        SurveyAnswer.objects.create(survey=last, overall=overall)
    thin = Survey.objects.create(
        compact=compact, edition=edition, year=2024, opens_on=date(2024, 10, 1), closes_on=date(2024, 10, 20)
    )
    SurveyAnswer.objects.create(survey=thin, overall=5)
    for organisation in signatories[:5]:
        _answer(survey, organisation, overall=4)
    points = review_survey.trend(compact, 2026)
    assert [(p.year, p.answered, p.percent_well) for p in points] == [(2024, 1, None), (2025, 5, 40), (2026, 5, 100)]
    assert [p.year for p in review_survey.trend(compact, 2025)] == [2024, 2025]


def test_organisations_that_have_not_answered_are_reminded_until_the_survey_closes(survey, signatories):
    due = [d for d in deadline_checks.open_deadlines(TODAY) if d.kind == "compact_survey"]
    assert {d.organisation_ids for d in due} == {(o.pk,) for o in signatories}
    assert all(d.due_on == date(2026, 11, 2) for d in due)
    _answer(survey, signatories[0])
    due = [d for d in deadline_checks.open_deadlines(TODAY) if d.kind == "compact_survey"]
    assert (signatories[0].pk,) not in {d.organisation_ids for d in due} and len(due) == 6
    assert not [d for d in deadline_checks.open_deadlines(date(2026, 11, 3)) if d.kind == "compact_survey"]


def test_an_admin_answers_in_the_portal_and_a_member_may_not(survey, client, vcs_admin, vcs_member, vcs_organisation):
    url = reverse("reviews:survey_answer", args=[vcs_organisation.slug, 2026])
    client.force_login(vcs_member)
    assert client.get(url).status_code == 403
    client.force_login(vcs_admin)
    page = client.get(url)
    assert page.status_code == 200 and "anonymous" in page.content.decode()
    sections = review_survey.sections_of(survey)
    refused = client.post(url, {"overall": "4"})
    assert refused.status_code == 200 and "Choose how well the partnership works under" in refused.content.decode()
    data = {"overall": "4", "comment": "Good year", **{f"section_{s.pk}": "dont_know" for s in sections}}
    assert client.post(url, data).status_code == 302
    assert SurveyParticipation.objects.filter(organisation=vcs_organisation).exists()
    assert SurveyAnswer.objects.get().ratings.get().score is None
    again = client.get(url).content.decode()
    assert "has already answered" in again and "<form" not in again.split("govuk-inset-text")[1].split("</main>")[0]


def test_the_boards_results_page_names_no_organisation(survey, signatories, client, board_member):
    for organisation in signatories[:5]:
        _answer(survey, organisation, overall=4, comment="The partnership meets often.")
    client.force_login(board_member)
    page = client.get(reverse("reviews:survey_results", args=[survey.compact.slug, 2026]))
    html = page.content.decode()
    assert page.status_code == 200 and "5 of 7" in html and "100%" in html
    assert "The partnership meets often." in html
    for organisation in signatories:
        assert organisation.name not in html


def test_two_compacts_run_their_own_surveys_side_by_side(survey, signatories, board_member):
    other = factories.CompactFactory(name="Westshire Compact", area="Westshire")
    other_edition = factories.EditionFactory(compact=other, label="2019")
    factories.SectionFactory(edition=other_edition, title="Volunteering", slug="volunteering", position=1)
    factories.SectionFactory(edition=other_edition, title="Equality", slug="equality", position=2)
    westshire = [factories.OrganisationFactory(compact=other) for _ in range(5)]
    other_survey = review_survey.open_survey(
        compact=other, year=2026, opens_on=TODAY, closes_on=TODAY + timedelta(weeks=8), by=None
    )
    assert [s.title for s in review_survey.sections_of(other_survey)] == ["Volunteering", "Equality"]
    assert [s.title for s in review_survey.sections_of(survey)] == ["Funding"]
    for organisation in westshire:
        _answer(other_survey, organisation, overall=2, score=2)
    with pytest.raises(ValidationError, match="not a signatory"):
        _answer(survey, westshire[0])
    assert review_survey.results(other_survey).overall.percent_well == 0
    assert review_survey.results(survey).answered == 0
    due = {d.compact_id: d.due_on for d in deadline_checks.open_deadlines(TODAY) if d.kind == "compact_survey"}
    assert due == {survey.compact_id: date(2026, 11, 2)}  # Westshire's signatories have all answered
