"""Forms of the Compact and its yearly review driven with generated awkward input: the public
search, opening a self-assessment, answering one, submitting it, the board's annual review and
its one-button forms. The action plan and the importer are edited in the admin only. No server
error, every rejection says what is wrong, nothing half-saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from compact_portal import workdays
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.models import (
    AnnualReview,
    Assessment,
    AssessmentResponse,
    AssessmentRound,
    Rating,
    ReviewCommentary,
    ReviewRendering,
)
from tests.reviews.test_services import ALL_VCS, MET, rate, with_review_edition

from .posting import assert_clear_rejection, changed, counts, fetch, rolled_back, saved_or_rejected, submit
from .strategies import AWKWARD, awkward_choices, awkward_dates, awkward_numbers, text_or_awkward

RECORDS = (AssessmentRound, Assessment, AssessmentResponse, AnnualReview, ReviewCommentary, ReviewRendering)


@pytest.fixture
def opened(compact, edition, vcs_organisation, vcs_admin, vcs_member, board_member):
    with_review_edition(edition)
    today = workdays.today()
    return review_services.open_round(
        compact=compact, year=today.year, opens_on=today, due_on=today + timedelta(weeks=6), by=board_member
    )


@pytest.mark.django_db
def test_compact_search_never_fails(client, compact, edition, board_member):
    @given(
        signed_in=st.booleans(),
        page=st.sampled_from(["undertakings:compact", "undertakings:compare"]),
        query=st.dictionaries(st.sampled_from(["q", "party", "edition", "page", "old", "new"]), AWKWARD, max_size=4),
    )
    @example(signed_in=False, page="undertakings:compact", query={"q": "nul\x00byte"})
    @example(signed_in=True, page="undertakings:compare", query={"old": "\x00", "new": "\x00"})
    def check(signed_in, page, query):
        if signed_in:
            client.force_login(board_member)
        else:
            client.logout()
        response = fetch(client, reverse(page, args=[compact.slug]), query)
        # An edition that does not exist (or is a draft) is not found; only the board compares editions.
        assert response.status_code in ((200, 404) if signed_in or page == "undertakings:compact" else (404,))

    check()


@pytest.mark.django_db
def test_open_self_assessment_form(client, compact, edition, vcs_organisation, board_member):
    client.force_login(board_member)
    url = reverse("reviews:assessment_open", args=[compact.slug])
    today = workdays.today()

    @given(
        values=st.fixed_dictionaries(
            {
                "year": awkward_numbers(today.year, today.year - 1),
                "opens_on": awkward_dates(today),
                "due_on": awkward_dates(today + timedelta(weeks=6), today),
            }
        )
    )
    def check(values):
        with rolled_back():
            before = counts(*RECORDS)
            if saved_or_rejected(submit(client, url, values)):
                assert changed(before, *RECORDS) == {"AssessmentRound": 1, "Assessment": 1}
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_self_assessment_section_form(client, opened, vcs_organisation, vcs_member):
    assessment = Assessment.objects.get(round=opened, organisation=vcs_organisation)
    section = opened.edition.sections.get(slug="funding")
    undertakings = list(review_selectors.undertakings_for(vcs_organisation, opened.edition, section))
    client.force_login(vcs_member)
    url = reverse("reviews:assessment_section", args=[vcs_organisation.slug, opened.year, section.slug])
    fields = {}
    for undertaking in undertakings:
        fields[f"u{undertaking.pk}_rating"] = awkward_choices(*Rating.values, "")
        fields[f"u{undertaking.pk}_evidence"] = text_or_awkward("Minutes of the March meeting.")
        fields[f"u{undertaking.pk}_comments"] = text_or_awkward("")

    @given(values=st.fixed_dictionaries(fields))
    def check(values):
        with rolled_back():
            before = list(assessment.responses.order_by("pk").values())
            if saved_or_rejected(submit(client, url, values)):
                saved = {r.undertaking_id: r for r in assessment.responses.all()}
                assert set(saved) <= {u.pk for u in undertakings}
                for response in saved.values():
                    assert response.rating in Rating.values or response.rating == ""
                    assert "\x00" not in response.evidence + response.comments
            else:
                assert list(assessment.responses.order_by("pk").values()) == before

    check()


@pytest.mark.django_db
def test_submit_self_assessment_form(client, opened, vcs_organisation, vcs_admin):
    client.force_login(vcs_admin)
    url = reverse("reviews:assessment_submit", args=[vcs_organisation.slug, opened.year])
    assessment = Assessment.objects.get(round=opened, organisation=vcs_organisation)

    @given(
        answered=st.booleans(),
        values=st.dictionaries(st.sampled_from(["submit", "confirm", "status"]), AWKWARD, max_size=3),
    )
    def check(answered, values):
        with rolled_back():
            if answered:
                rate(Assessment.objects.get(pk=assessment.pk), dict.fromkeys(ALL_VCS, MET))
            response = submit(client, url, values)
            status = Assessment.objects.get(pk=assessment.pk).status
            if answered:
                assert response.status_code == 302 and status == Assessment.Status.SUBMITTED
            else:
                # The page lists what is not answered yet, in the error summary.
                assert_clear_rejection(response)
                assert "Rate every undertaking before submitting" in response.content.decode()
                assert status == assessment.status

    check()


@pytest.mark.django_db
def test_annual_review_form(client, compact, edition, board_member):
    with_review_edition(edition)
    year = workdays.today().year
    sections = review_selectors.review_sections(review_selectors.review_of(compact, year))
    client.force_login(board_member)
    url = reverse("reviews:annual_review_edit", args=[compact.slug, year])

    @given(
        values=st.fixed_dictionaries(
            {
                "operation": text_or_awkward("The board met four times."),
                "difference_made": text_or_awkward("Funding decisions were consulted on."),
                "annual_meeting_on": st.one_of(st.just(""), awkward_dates(workdays.today())),
                **{f"section_{section.pk}": text_or_awkward("It worked well.") for section in sections},
            }
        )
    )
    def check(values):
        with rolled_back():
            before = counts(*RECORDS)
            if saved_or_rejected(submit(client, url, values)):
                assert changed(before, *RECORDS) == {"AnnualReview": 1, "ReviewCommentary": len(sections)}
                saved = AnnualReview.objects.get(compact=compact, year=year)
                assert "\x00" not in saved.operation + saved.difference_made
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_one_button_forms(client, opened, compact, board_member):
    review_services.save_review(
        compact=compact,
        year=opened.year,
        by=board_member,
        operation="",
        difference_made="",
        annual_meeting_on=None,
        commentary={},
    )
    client.force_login(board_member)

    @given(
        name=st.sampled_from(["assessment_chase", "annual_review_build", "annual_review_publish"]),
        values=st.dictionaries(st.sampled_from(["submit", "confirm", "version"]), AWKWARD, max_size=3),
    )
    def check(name, values):
        with rolled_back():
            before = counts(*RECORDS)
            response = submit(client, reverse(f"reviews:{name}", args=[compact.slug, opened.year]), values)
            assert response.status_code == 302
            expected = {"ReviewRendering": 1} if name == "annual_review_build" else {}
            assert changed(before, *RECORDS) == expected

    check()
