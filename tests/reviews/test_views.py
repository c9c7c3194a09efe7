"""The yearly review's pages: the board opens, follows, chases and reads a self-assessment;
a signatory saves a draft and submits; the board writes, builds and publishes the annual
review; the public reads published reviews only. Query counts for the board's busiest pages."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from compact_portal import workdays
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.models import Action, AnnualReview, Assessment, Milestone, ReviewRendering
from signatories.models import Membership
from tests import factories
from tests.dates import boxes_kept, date_boxes
from tests.reviews.test_services import ALL_VCS, MET, rate, with_review_edition
from undertakings.models import Undertaking

YEAR = workdays.today().year


@pytest.fixture
def opened(
    compact,
    edition,
    vcs_organisation,
    other_vcs_organisation,
    council,
    vcs_admin,
    vcs_member,
    council_officer,
    board_member,
):
    with_review_edition(edition)
    today = workdays.today()
    return review_services.open_round(
        compact=compact, year=YEAR, opens_on=today, due_on=today + timedelta(weeks=6), by=board_member
    )


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def _answers(organisation, section_slug, ratings: dict[str, str], evidence="Minutes of the meeting"):
    data = {}
    for undertaking in Undertaking.objects.filter(
        section__edition__compact=organisation.compact, section__slug=section_slug
    ):
        if undertaking.reference in ratings:
            data[f"u{undertaking.pk}_rating"] = ratings[undertaking.reference]
            data[f"u{undertaking.pk}_evidence"] = evidence
    return data


# The board opens and follows a self-assessment ------------------------------------------------


def test_the_board_opens_a_self_assessment_and_signatories_are_emailed(
    client, compact, edition, vcs_organisation, vcs_admin, board_member, django_capture_on_commit_callbacks
):
    client.force_login(board_member)
    page = client.get(_url("assessment_open", compact.slug))
    assert page.status_code == 200 and f'value="{YEAR}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("assessment_open", compact.slug), {"year": YEAR, "opens_on": "2/11/2026", "due_on": "14/12/2026"}
        )
    assert response.status_code == 302 and response["Location"] == _url("assessment_round", compact.slug, YEAR)
    assert any(vcs_admin.email in m.to for m in mail.outbox)
    progress = client.get(response["Location"]).content.decode()
    assert vcs_organisation.name in progress and "Not started" in progress


def test_opening_with_a_due_date_before_the_opening_keeps_the_input_and_says_why(
    client, compact, edition, board_member
):
    client.force_login(board_member)
    page = client.post(
        _url("assessment_open", compact.slug),
        {"year": YEAR, **date_boxes("opens_on", "14/12/2026"), **date_boxes("due_on", "2/12/2026")},
    )
    html = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in html
    assert "The due date must be after the opening date, 14 December 2026" in html
    assert boxes_kept(html, "due_on", "2/12/2026") and html.count("govuk-input--error") == 3


def test_the_progress_page_needs_the_same_queries_for_three_or_thirty_signatories(
    client, opened, compact, board_member, django_assert_max_num_queries
):
    client.force_login(board_member)
    client.get(_url("assessment_round", compact.slug, YEAR))
    with django_assert_max_num_queries(20) as few:
        client.get(_url("assessment_round", compact.slug, YEAR))
    expected = len(few.captured_queries)  # read now: the next request empties the query log
    for _ in range(27):
        organisation = factories.OrganisationFactory(compact=compact)
        rate(review_selectors.assessment_of(organisation, opened), {"funding/vcs-1": MET}, submit=False)
    client.get(_url("assessment_round", compact.slug, YEAR))  # warm again: new organisations empty the caches
    with django_assert_max_num_queries(expected) as many:
        page = client.get(_url("assessment_round", compact.slug, YEAR))
    assert page.content.decode().count("In progress") >= 27
    assert len(many.captured_queries) == expected


def test_the_results_page_needs_the_same_queries_however_many_submitted(
    client, opened, compact, board_member, django_assert_max_num_queries
):
    client.force_login(board_member)
    client.get(_url("assessment_results", compact.slug, YEAR))
    with django_assert_max_num_queries(20) as few:
        client.get(_url("assessment_results", compact.slug, YEAR))
    expected = len(few.captured_queries)  # read now: the next request empties the query log
    for _ in range(10):
        organisation = factories.OrganisationFactory(compact=compact)
        rate(review_selectors.assessment_of(organisation, opened), dict.fromkeys(ALL_VCS, MET), submit=True)
    client.get(_url("assessment_results", compact.slug, YEAR))  # warm again: new organisations empty the caches
    with django_assert_max_num_queries(expected):
        page = client.get(_url("assessment_results", compact.slug, YEAR))
    html = page.content.decode()
    assert "<svg" in html and "100% met" in html and "Ratings of each undertaking" in html


def test_the_board_chases_those_that_have_not_submitted(
    client, opened, compact, council, council_officer, board_member, django_capture_on_commit_callbacks
):
    client.force_login(board_member)
    confirm = client.get(_url("assessment_chase", compact.slug, YEAR)).content.decode()
    assert council.name in confirm and "Send the emails" in confirm
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("assessment_chase", compact.slug, YEAR), follow=True)
    assert "Emailed the admins of 3 organisations." in response.content.decode()
    assert any(council_officer.email in m.to and "What to do" in m.body for m in mail.outbox)


# A signatory's self-assessment ----------------------------------------------------------------


def test_a_member_saves_a_draft_and_comes_back_to_it(client, opened, vcs_organisation, vcs_member):
    client.force_login(vcs_member)
    section_url = _url("assessment_section", vcs_organisation.slug, YEAR, "consulting-early")
    form = client.get(section_url).content.decode()
    assert "How well did your organisation keep undertaking 1?" in form and "Not applicable" in form
    response = client.post(
        section_url, _answers(vcs_organisation, "consulting-early", {"shared-1": "met", "bme-1": "not_met"})
    )
    assert response.status_code == 302
    overview = client.get(_url("assessment", vcs_organisation.slug, YEAR)).content.decode()
    assert "You have answered 2 of 5 undertakings." in overview and "2 of 4 answered" in overview
    again = client.get(section_url).content.decode()
    bme = Undertaking.objects.get(section__slug="consulting-early", reference="bme-1")
    assert re.search(rf'name="u{bme.pk}_rating"[^>]*value="not_met"\s*checked="checked"', again)
    assert len(re.findall(r'checked="checked"', again)) == 2
    assessment = Assessment.objects.get(round=opened, organisation=vcs_organisation)
    assert dict(assessment.responses.values_list("undertaking__reference", "rating")) == {
        "shared-1": "met",
        "bme-1": "not_met",
    }


def test_evidence_that_is_too_long_is_refused_with_the_input_kept(client, opened, vcs_organisation, vcs_member):
    client.force_login(vcs_member)
    section_url = _url("assessment_section", vcs_organisation.slug, YEAR, "funding")
    page = client.post(section_url, _answers(vcs_organisation, "funding", {"vcs-1": "met"}, evidence="x" * 10_001))
    html = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in html
    assert "Evidence must be 10,000 characters or fewer" in html
    assert not Assessment.objects.get(round=opened, organisation=vcs_organisation).responses.exists()


def test_a_member_cannot_submit_only_an_admin_can(client, opened, vcs_organisation, vcs_member):
    client.force_login(vcs_member)
    assert client.get(_url("assessment_submit", vcs_organisation.slug, YEAR)).status_code == 403
    assert (
        "an admin of Testshire Community Action submits"
        in client.get(_url("assessment", vcs_organisation.slug, YEAR)).content.decode()
    )


def test_submitting_lists_each_unanswered_undertaking_with_a_link(client, opened, vcs_organisation, vcs_admin):
    client.force_login(vcs_admin)
    rate(Assessment.objects.get(round=opened, organisation=vcs_organisation), {"funding/vcs-1": MET})
    page = client.post(_url("assessment_submit", vcs_organisation.slug, YEAR))
    html = page.content.decode()
    assert "Rate every undertaking before submitting" in html and "4 undertakings are not answered yet" in html
    assert (
        f"{_url('assessment_section', vcs_organisation.slug, YEAR, 'consulting-early')}#u-consulting-early-bme-1"
        in html
    )
    assert Assessment.objects.get(round=opened, organisation=vcs_organisation).status == "draft"


def test_an_admin_submits_a_complete_self_assessment(client, opened, vcs_organisation, vcs_admin):
    client.force_login(vcs_admin)
    rate(Assessment.objects.get(round=opened, organisation=vcs_organisation), dict.fromkeys(ALL_VCS, MET))
    response = client.post(_url("assessment_submit", vcs_organisation.slug, YEAR), follow=True)
    html = response.content.decode()
    assert f"Submitted the {YEAR} self-assessment for {vcs_organisation.name}" in html
    assert "Submitted by" in html and "Check and submit" not in html
    assert client.get(_url("assessment_section", vcs_organisation.slug, YEAR, "funding")).status_code == 302


def test_another_organisations_self_assessment_is_not_acknowledged(
    client, opened, vcs_organisation, other_vcs_organisation
):
    outsider = factories.MembershipFactory(organisation=other_vcs_organisation, role=Membership.Role.ADMIN).user
    client.force_login(outsider)
    for url in (
        _url("assessment", vcs_organisation.slug, YEAR),
        _url("assessment_submit", vcs_organisation.slug, YEAR),
        _url("assessment_section", vcs_organisation.slug, YEAR, "funding"),
    ):
        assert client.get(url).status_code == 404


def test_the_board_reads_a_submitted_self_assessment(client, opened, vcs_organisation, board_member):
    rate(Assessment.objects.get(round=opened, organisation=vcs_organisation), dict.fromkeys(ALL_VCS, MET), submit=True)
    client.force_login(board_member)
    html = client.get(_url("assessment", vcs_organisation.slug, YEAR)).content.decode()
    assert "Evidence: Evidence for funding/vcs-1" in html and "Check and submit" not in html


def test_my_self_assessments_lists_each_organisation_and_year(client, opened, vcs_organisation, vcs_member):
    client.force_login(vcs_member)
    html = client.get(_url("my_assessments")).content.decode()
    assert vcs_organisation.name in html and "To do" in html


# The annual review ----------------------------------------------------------------------------


def test_the_board_writes_the_annual_review_and_the_figures_are_assembled(
    client, opened, compact, edition, board_member
):
    client.force_login(board_member)
    funding = edition.sections.get(slug="funding")
    response = client.post(
        _url("annual_review_edit", compact.slug, YEAR),
        {
            "operation": "The board met four times.",
            "difference_made": "Funding decisions came earlier.",
            f"section_{funding.pk}": "Grants were agreed on time.",
            "annual_meeting_on": "",
        },
    )
    assert response.status_code == 302
    saved = AnnualReview.objects.get(compact=compact, year=YEAR)
    assert saved.operation == "The board met four times." and saved.commentaries.get(section=funding).text
    preview = client.get(_url("annual_review_preview", compact.slug, YEAR)).content.decode()
    assert "Grants were agreed on time." in preview and "0 of 3" in preview and "The year at a glance" in preview


def test_building_the_pdf_runs_the_task_and_the_status_page_shows_progress(
    client, opened, compact, board_member, django_capture_on_commit_callbacks
):
    draft = review_services.save_review(
        compact=compact,
        year=YEAR,
        by=board_member,
        operation="x",
        difference_made="y",
        annual_meeting_on=None,
        commentary={},
    )
    pending = ReviewRendering.objects.create(review=draft, version=1)
    client.force_login(board_member)
    waiting = client.get(pending.get_absolute_url())
    assert "Refresh" not in waiting and "0% done" in waiting.content.decode()
    assert "Check again" in waiting.content.decode()
    progress = client.get(_url("rendering_progress", compact.slug, YEAR, 1)).json()
    assert progress["finished"] is False and progress["announcement"] == "Waiting to start: 0% done."
    pending.status = ReviewRendering.Status.FAILED
    pending.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("annual_review_build", compact.slug, YEAR))
    built = draft.renderings.get(version=2)
    assert response["Location"] == built.get_absolute_url()
    built.refresh_from_db()
    assert built.status == "done", built.error  # CELERY_TASK_ALWAYS_EAGER: the task ran on commit
    status = client.get(built.get_absolute_url())
    assert "Refresh" not in status and "The PDF is ready" in status.content.decode()
    progress = client.get(_url("rendering_progress", compact.slug, YEAR, 2)).json()
    assert progress["finished"] is True and progress["announcement"].startswith("The PDF is ready")
    assert "Download version 2 of the PDF" in progress["html"]
    download = client.get(_url("rendering_pdf", compact.slug, YEAR, 2))
    assert download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content).startswith(b"%PDF")


def test_drafts_are_never_public(client, opened, compact, board_member, vcs_admin):
    draft = review_services.save_review(
        compact=compact,
        year=YEAR,
        by=board_member,
        operation="x",
        difference_made="y",
        annual_meeting_on=None,
        commentary={},
    )
    ReviewRendering.objects.create(review=draft, version=1, status="done", pdf="annual-reviews/x.pdf")
    client.force_login(vcs_admin)
    assert client.get(_url("annual_review", compact.slug, YEAR)).status_code == 404
    assert client.get(_url("annual_review_pdf", compact.slug, YEAR)).status_code == 404
    assert client.get(_url("rendering_pdf", compact.slug, YEAR, 1)).status_code == 404
    assert f"Annual review {YEAR}" not in client.get(_url("annual_reviews", compact.slug)).content.decode()


def test_publishing_asks_for_confirmation_then_puts_the_report_on_the_public_site(
    client, opened, compact, board_member, django_capture_on_commit_callbacks
):
    draft = review_services.save_review(
        compact=compact,
        year=YEAR,
        by=board_member,
        operation="The board met.",
        difference_made="It helped.",
        annual_meeting_on=None,
        commentary={},
    )
    ReviewRendering.objects.create(review=draft, version=1, status="done")
    client.force_login(board_member)
    too_soon = client.get(_url("annual_review_publish", compact.slug, YEAR)).content.decode()
    assert f"can be published from 1 January {YEAR + 1}" in too_soon
    factories.BoardMembershipFactory(compact=compact, user=board_member, year=YEAR + 1)  # the board of the new year
    with time_machine.travel(date(YEAR + 1, 1, 4), tick=False):
        client.force_login(board_member)
        confirm = client.get(_url("annual_review_publish", compact.slug, YEAR)).content.decode()
        assert "Once published, the review cannot be changed." in confirm
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("annual_review_publish", compact.slug, YEAR), follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and f"Published the {YEAR} annual review" in html and "The board met." in html
    final = draft.renderings.get(version=2)
    assert final.draft is False and final.status == "done"
    client.logout()
    listing = client.get(_url("annual_reviews", compact.slug)).content.decode()
    assert f"Annual review {YEAR}" in listing and _url("annual_review_pdf", compact.slug, YEAR) in listing
    edit = client.get(_url("annual_review_edit", compact.slug, YEAR))
    assert edit.status_code == 302  # sent to sign in: the board's page


def test_a_published_review_has_no_form_to_change_it(client, opened, compact, board_member):
    AnnualReview.objects.create(
        compact=compact,
        year=YEAR,
        status=AnnualReview.Status.PUBLISHED,
        published_at=workdays.start_of_day(date(YEAR, 3, 20)),
        published_html="<p>Done</p>",
    )
    client.force_login(board_member)
    html = client.get(_url("annual_review_edit", compact.slug, YEAR)).content.decode()
    assert "cannot be changed" in html and "Save the annual review" not in html


def test_the_public_action_plan_carries_unfinished_actions(client, compact, council):
    action = Action.objects.create(compact=compact, title="Train champions", year_agreed=YEAR - 2, owner=council)
    Milestone.objects.create(action=action, title="First session", due_on=date(YEAR, 12, 1))
    Action.objects.create(
        compact=compact,
        title="Old and done",
        year_agreed=YEAR - 2,
        status=Action.Status.DONE,
        done_on=date(YEAR - 1, 2, 1),
    )
    html = client.get(_url("action_plan", compact.slug)).content.decode()
    assert "Train champions" in html and "(carried over)" in html and "Old and done" not in html
    assert f'id="action-{action.pk}"' in html


def test_the_board_keeps_the_action_plan_and_chases_from_the_admin(
    client, opened, compact, council, board_member, django_capture_on_commit_callbacks
):
    action = Action.objects.create(compact=compact, title="Train champions", year_agreed=YEAR, owner=council)
    Milestone.objects.create(action=action, title="First session", due_on=date(YEAR, 12, 1))
    client.force_login(board_member)
    for name, args in [
        ("reviews_action_changelist", []),
        ("reviews_action_change", [action.pk]),
        ("reviews_action_add", []),
        ("reviews_assessmentround_change", [opened.pk]),
        ("reviews_assessment_changelist", []),
        ("reviews_annualreview_add", []),
    ]:
        page = client.get(reverse(f"admin:{name}", args=args))
        assert page.status_code == 200, name
    assert "First session" in client.get(reverse("admin:reviews_action_change", args=[action.pk])).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:reviews_assessmentround_changelist"), {"action": "chase", "_selected_action": [opened.pk]}
        )
    assert len(mail.outbox) == 3


def test_the_review_home_offers_last_years_review_that_the_queue_counts(client, compact, edition, board_member):
    client.force_login(board_member)
    page = client.get(reverse("reviews:review_home", args=[compact.slug])).content.decode()
    edit = reverse("reviews:annual_review_edit", args=[compact.slug, YEAR - 1])
    assert f'href="{edit}">Write the {YEAR - 1} annual review</a>' in page
    assert f"Write the {YEAR} annual review" in page
