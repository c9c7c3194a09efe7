"""The yearly review's rules: who rates which undertakings, drafts and submission, chasing,
results with exact numbers, the action plan carried from year to year, and the deadlines.
`with_review_edition` and `rate` are shared with the other test_review modules."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from compact_portal import workdays
from consultations import selectors as consultation_selectors
from reviews import charts as review_charts
from reviews import demo as review_demo
from reviews import report as review_report
from reviews import selectors as review_selectors
from reviews import services as review_services
from reviews.models import Action, AnnualReview, Assessment, AssessmentRound, Milestone, Rating, ReviewRendering
from reviews.services import Answer
from signatories.models import Membership, Organisation
from tests import deadline_checks, factories
from undertakings.models import Undertaking

MET, PARTLY, NOT_MET, NA = Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_APPLICABLE


def with_review_edition(edition):
    """Adds to the shared edition (Funding: public-1, vcs-1) a second promise with an undertaking
    for every party, so that a VCS signatory rates 5 undertakings and a public body 3."""
    section = factories.SectionFactory(
        edition=edition, title="Consulting early", slug="consulting-early", number="2", position=2
    )
    for party in ("shared", "public", "vcs", "community", "bme"):
        factories.UndertakingFactory(
            section=section,
            party=party,
            reference=f"{party}-1",
            number="1",
            text=f"The {party} partners consult early on everything.",
        )
    return edition


def rate(assessment, ratings: dict[str, str], by=None, submit=False):
    """Answer by "<section slug>/<reference>"; submit if asked."""
    found = {
        f"{u.section.slug}/{u.reference}": u
        for u in Undertaking.objects.filter(section__edition=assessment.round.edition).select_related("section")
    }
    answers = {found[key].pk: Answer(rating, f"Evidence for {key}", "") for key, rating in ratings.items()}
    assessment = review_services.save_answers(assessment=assessment, answers=answers, by=by)
    if submit:
        assessment = review_services.submit_assessment(assessment=assessment, by=by)
    return assessment


ALL_VCS = (
    "funding/vcs-1",
    "consulting-early/shared-1",
    "consulting-early/vcs-1",
    "consulting-early/community-1",
    "consulting-early/bme-1",
)
ALL_PUBLIC = ("funding/public-1", "consulting-early/shared-1", "consulting-early/public-1")


@pytest.fixture
def opened(
    compact,
    edition,
    vcs_organisation,
    other_vcs_organisation,
    council,
    vcs_admin,
    council_officer,
    board_member,
    django_capture_on_commit_callbacks,
):
    with_review_edition(edition)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_round = review_services.open_round(
            compact=compact, year=2026, opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14), by=board_member
        )
    return assessment_round


def assessment(assessment_round, organisation):
    return Assessment.objects.get(round=assessment_round, organisation=organisation)


# Who rates what --------------------------------------------------------------------------------


def test_vcs_signatories_rate_shared_vcs_community_and_bme_undertakings(opened, vcs_organisation):
    rated = {
        f"{u.section.slug}/{u.reference}" for u in review_selectors.undertakings_for(vcs_organisation, opened.edition)
    }
    assert rated == set(ALL_VCS)


def test_public_bodies_rate_shared_and_public_undertakings(opened, council):
    rated = {f"{u.section.slug}/{u.reference}" for u in review_selectors.undertakings_for(council, opened.edition)}
    assert rated == set(ALL_PUBLIC)


def test_opening_a_round_gives_every_signatory_an_assessment_and_emails_its_admins(
    opened, vcs_organisation, other_vcs_organisation, council, vcs_admin, council_officer
):
    assert set(opened.assessments.values_list("organisation__name", flat=True)) == {
        vcs_organisation.name,
        other_vcs_organisation.name,
        council.name,
    }
    to_vcs = [m for m in mail.outbox if vcs_admin.email in m.to]
    assert len(to_vcs) == 1 and "Self-assessment for 2026 is open" in to_vcs[0].subject
    assert f"/self-assessment/{vcs_organisation.slug}/2026/" in to_vcs[0].body
    assert "14 December 2026" in to_vcs[0].body
    # An organisation with no admin is written to at its contact address.
    assert any(other_vcs_organisation.contact_email in m.to for m in mail.outbox)


def test_organisations_that_are_not_signatories_are_not_asked(compact, edition, board_member):
    factories.OrganisationFactory(compact=compact, status=Organisation.Status.APPROVED)
    signed = factories.OrganisationFactory(compact=compact)
    opened = review_services.open_round(
        compact=compact, year=2026, opens_on=date(2026, 1, 5), due_on=date(2026, 2, 5), by=board_member
    )
    assert list(opened.assessments.values_list("organisation", flat=True)) == [signed.pk]


def test_a_year_is_opened_once_and_the_due_date_follows_the_opening(opened, compact, board_member):
    with pytest.raises(ValidationError, match="already been opened"):
        review_services.open_round(
            compact=compact, year=2026, opens_on=date(2026, 1, 5), due_on=date(2026, 2, 5), by=board_member
        )
    with pytest.raises(ValidationError, match="after the opening date, 5 January 2027"):
        review_services.open_round(
            compact=compact, year=2027, opens_on=date(2027, 1, 5), due_on=date(2027, 1, 5), by=board_member
        )


def test_a_compact_without_an_adopted_edition_cannot_open_a_round(db, board_member):
    compact = factories.CompactFactory()
    with pytest.raises(ValidationError, match="no adopted edition"):
        review_services.open_round(
            compact=compact, year=2026, opens_on=date(2026, 1, 5), due_on=date(2026, 2, 5), by=board_member
        )


# Drafts and submission ------------------------------------------------------------------------


def test_a_draft_is_saved_and_kept_when_the_organisation_comes_back(opened, vcs_organisation, vcs_admin):
    draft = rate(assessment(opened, vcs_organisation), {"funding/vcs-1": MET}, by=vcs_admin)
    rate(draft, {"consulting-early/shared-1": PARTLY}, by=vcs_admin)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT
    assert dict(draft.responses.values_list("undertaking__reference", "rating")) == {"vcs-1": MET, "shared-1": PARTLY}
    assert [u.reference for u in review_selectors.unanswered(draft)] == ["vcs-1", "community-1", "bme-1"]


def test_submitting_refuses_an_incomplete_assessment_and_names_what_is_missing(opened, vcs_organisation, vcs_admin):
    draft = rate(
        assessment(opened, vcs_organisation), {"funding/vcs-1": MET, "consulting-early/shared-1": MET}, by=vcs_admin
    )
    with pytest.raises(ValidationError) as refused:
        review_services.submit_assessment(assessment=draft, by=vcs_admin)
    message = refused.value.messages[0]
    assert "3 not answered yet" in message
    assert "Consulting early, community group undertaking 1" in message
    assert "Not applicable" in message
    assert assessment(opened, vcs_organisation).status == Assessment.Status.DRAFT


def test_evidence_without_a_rating_is_still_unanswered(opened, vcs_organisation, vcs_admin):
    found = Undertaking.objects.get(section__slug="funding", reference="vcs-1")
    draft = review_services.save_answers(
        assessment=assessment(opened, vcs_organisation),
        answers={found.pk: Answer("", "Our annual report", "")},
        by=vcs_admin,
    )
    assert draft.responses.get().evidence == "Our annual report"
    assert found in review_selectors.unanswered(draft)


def test_a_complete_assessment_is_submitted_and_then_cannot_change(opened, vcs_organisation, vcs_admin):
    submitted = rate(assessment(opened, vcs_organisation), dict.fromkeys(ALL_VCS, MET), by=vcs_admin, submit=True)
    assert submitted.status == Assessment.Status.SUBMITTED and submitted.submitted_by == vcs_admin
    assert submitted.submitted_at is not None
    with pytest.raises(ValidationError, match="submitted its 2026 self-assessment on"):
        rate(submitted, {"funding/vcs-1": NOT_MET}, by=vcs_admin)


def test_undertakings_of_the_other_sector_are_ignored(opened, council, council_officer):
    vcs_only = Undertaking.objects.get(section__slug="funding", reference="vcs-1")
    draft = review_services.save_answers(
        assessment=assessment(opened, council), answers={vcs_only.pk: Answer(MET)}, by=council_officer
    )
    assert not draft.responses.exists()


def test_nothing_changes_once_the_round_is_closed(opened, vcs_organisation, vcs_admin):
    review_services.close_round(assessment_round=opened)
    with pytest.raises(ValidationError, match="has closed"):
        rate(assessment(opened, vcs_organisation), {"funding/vcs-1": MET}, by=vcs_admin)


def test_an_organisation_that_signs_after_the_round_opened_can_still_assess_itself(opened, compact, edition):
    late = factories.OrganisationFactory(compact=compact, name="Late Signer")
    unsaved = review_selectors.assessment_of(late, opened)
    assert unsaved.pk is None
    saved = rate(unsaved, dict.fromkeys(ALL_VCS, NA), submit=True)
    assert saved.pk and saved.status == Assessment.Status.SUBMITTED


# Progress and chasing -------------------------------------------------------------------------


def test_progress_shows_submitted_in_progress_and_not_started(
    opened, vcs_organisation, other_vcs_organisation, council, vcs_admin
):
    rate(assessment(opened, vcs_organisation), dict.fromkeys(ALL_VCS, MET), by=vcs_admin, submit=True)
    rate(assessment(opened, council), {"funding/public-1": MET})
    rows = {row.organisation.name: row for row in review_selectors.progress(opened)}
    assert rows[vcs_organisation.name].state == "submitted" and rows[vcs_organisation.name].answered == 5
    assert (rows[council.name].state, rows[council.name].answered, rows[council.name].total) == ("in_progress", 1, 3)
    assert rows[other_vcs_organisation.name].state == "not_started"
    assert review_selectors.progress_counts(list(rows.values())) == {
        "submitted": 1,
        "in_progress": 1,
        "not_started": 1,
        "total": 3,
    }


def test_chasing_emails_the_admins_of_those_that_have_not_submitted(
    opened, vcs_organisation, council, vcs_admin, council_officer, board_member, django_capture_on_commit_callbacks
):
    rate(assessment(opened, vcs_organisation), dict.fromkeys(ALL_VCS, MET), by=vcs_admin, submit=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        chased = review_services.chase(assessment_round=opened, by=board_member)
    assert council in chased and vcs_organisation not in chased
    message = next(m for m in mail.outbox if council_officer.email in m.to)
    assert "self-assessment" in message.subject
    assert "What to do" in message.body and f"/self-assessment/{council.slug}/2026/" in message.body
    assert not [m for m in mail.outbox if vcs_admin.email in m.to]
    chased_row = assessment(opened, council)
    assert chased_row.times_chased == 1 and chased_row.last_chased_at is not None


# Results ---------------------------------------------------------------------------------------


def test_results_count_each_rating_by_promise_sector_and_undertaking(
    opened, compact, vcs_organisation, other_vcs_organisation, council
):
    rate(
        assessment(opened, vcs_organisation),
        {
            "funding/vcs-1": MET,
            "consulting-early/shared-1": MET,
            "consulting-early/vcs-1": PARTLY,
            "consulting-early/community-1": NA,
            "consulting-early/bme-1": NOT_MET,
        },
        submit=True,
    )
    rate(
        assessment(opened, other_vcs_organisation),
        {
            "funding/vcs-1": MET,
            "consulting-early/shared-1": NOT_MET,
            "consulting-early/vcs-1": MET,
            "consulting-early/community-1": MET,
            "consulting-early/bme-1": NA,
        },
        submit=True,
    )
    rate(
        assessment(opened, council),
        {"funding/public-1": PARTLY, "consulting-early/shared-1": MET, "consulting-early/public-1": MET},
        submit=True,
    )
    # A draft is not counted.
    draft_organisation = factories.OrganisationFactory(compact=compact)
    rate(review_selectors.assessment_of(draft_organisation, opened), {"funding/vcs-1": NOT_MET})

    results = review_selectors.results(opened)
    assert results.submitted == 3
    overall = results.overall
    assert (overall.met, overall.partly_met, overall.not_met, overall.not_applicable) == (7, 2, 2, 2)
    assert overall.percent_met == 64  # 7 of 11 rated; not applicable left out
    sections = {row.item.slug: row.tally for row in results.by_section}
    assert (sections["funding"].met, sections["funding"].partly_met, sections["funding"].percent_met) == (2, 1, 67)
    assert (
        sections["consulting-early"].met,
        sections["consulting-early"].not_met,
        sections["consulting-early"].not_applicable,
        sections["consulting-early"].percent_met,
    ) == (5, 2, 2, 63)
    sectors = {row.item: row.tally for row in results.by_sector}
    assert (sectors["vcs"].met, sectors["vcs"].rated, sectors["vcs"].percent_met) == (5, 8, 63)
    assert (sectors["public"].met, sectors["public"].rated, sectors["public"].percent_met) == (2, 3, 67)
    shared = next(row for row in results.by_undertaking if row.item.reference == "shared-1")
    assert (
        shared.tally.met,
        shared.tally.not_met,
        shared.by_sector["public"].met,
        shared.by_sector["vcs"].not_met,
    ) == (2, 1, 1, 1)
    bme = next(row for row in results.by_undertaking if row.item.reference == "bme-1")
    assert (bme.tally.not_met, bme.tally.not_applicable, bme.tally.percent_met) == (1, 1, 0)


def test_percentages_round_halves_up_and_nothing_rated_is_not_zero():
    assert review_selectors.percent(1, 8) == 13  # 12.5
    assert review_selectors.percent(2, 3) == 67
    assert review_selectors.percent(0, 0) is None
    assert review_selectors.Tally(not_applicable=3).percent_met is None


def test_results_need_a_fixed_number_of_queries_however_many_signatories(
    opened, compact, django_assert_max_num_queries
):
    for n in range(12):
        organisation = factories.OrganisationFactory(compact=compact)
        rate(
            review_selectors.assessment_of(organisation, opened),
            dict.fromkeys(ALL_VCS, MET if n % 2 else PARTLY),
            submit=True,
        )
    with django_assert_max_num_queries(4):
        results = review_selectors.results(opened)
    assert results.submitted == 12 and results.overall.met == 30


def test_the_chart_draws_each_rating_in_proportion(opened):
    tally = review_selectors.Tally(met=3, partly_met=1, not_met=0, not_applicable=2)
    chart = review_charts.bar_chart("c", "Chart", [review_selectors.ResultRow("Fair funding", tally)])
    met, partly = chart.bars[0].segments
    assert (met.label, met.percent, met.width) == ("Met", 75, review_charts.BAR_AREA * 3 / 4)
    assert partly.x == met.x + met.width and partly.percent == 25
    assert chart.bars[0].note == "75% met"


# The action plan ---------------------------------------------------------------------------------


def test_actions_not_done_carry_over_until_the_year_they_are_done(compact, vcs_organisation):
    older = Action.objects.create(compact=compact, title="Train champions", year_agreed=2024, owner=vcs_organisation)
    done_2025 = Action.objects.create(
        compact=compact,
        title="Agree the funding code",
        year_agreed=2024,
        status=Action.Status.DONE,
        done_on=date(2025, 6, 1),
    )
    done_2026 = Action.objects.create(
        compact=compact,
        title="Publish a forward plan",
        year_agreed=2025,
        status=Action.Status.DONE,
        done_on=date(2026, 3, 1),
    )
    future = Action.objects.create(compact=compact, title="Review the Compact", year_agreed=2027)
    titles = lambda year: {a.title for a in review_selectors.actions_for_year(compact, year)}  # noqa: E731
    assert titles(2025) == {older.title, done_2025.title, done_2026.title}
    assert titles(2026) == {older.title, done_2026.title}
    assert titles(2027) == {older.title, future.title}


def test_marking_an_action_done_records_the_day(compact):
    with time_machine.travel(date(2026, 5, 4)):
        action = Action.objects.create(
            compact=compact, title="Train champions", year_agreed=2026, status=Action.Status.DONE
        )
    assert action.done_on == date(2026, 5, 4)
    action.status = Action.Status.IN_PROGRESS
    action.save()
    assert action.done_on is None


def test_milestones_of_the_year_are_counted_met_on_time_late_or_outstanding(compact):
    action = Action.objects.create(compact=compact, title="Train champions", year_agreed=2026)
    Milestone.objects.create(action=action, title="On time", due_on=date(2026, 3, 1), done_on=date(2026, 2, 20))
    Milestone.objects.create(action=action, title="Late", due_on=date(2026, 4, 1), done_on=date(2026, 5, 1))
    Milestone.objects.create(action=action, title="Outstanding", due_on=date(2026, 6, 1))
    Milestone.objects.create(action=action, title="Next year", due_on=date(2027, 6, 1))
    summary = review_selectors.milestone_summary(
        review_selectors.actions_for_year(compact, 2026), 2026, today=date(2026, 11, 24)
    )
    assert (summary.due, summary.met_on_time, summary.met_late, summary.outstanding) == (3, 1, 1, 1)


# Deadlines ---------------------------------------------------------------------------------------


def _deadlines(kind, today):
    return [d for d in deadline_checks.open_deadlines(today) if d.kind == kind]


def test_each_signatory_that_has_not_submitted_has_a_self_assessment_deadline(
    opened, vcs_organisation, council, vcs_admin
):
    rate(assessment(opened, vcs_organisation), dict.fromkeys(ALL_VCS, MET), by=vcs_admin, submit=True)
    due = _deadlines("self_assessment", date(2026, 12, 1))
    assert {d.organisation_ids for d in due} == {
        (council.pk,),
        (opened.assessments.exclude(organisation__in=[vcs_organisation, council]).get().organisation_id,),
    }
    council_deadline = next(d for d in due if d.organisation_ids == (council.pk,))
    assert council_deadline.due_on == date(2026, 12, 14)
    assert council_deadline.url == f"/self-assessment/{council.slug}/2026/"
    assert not council_deadline.notify_board


def test_the_annual_review_is_due_by_31_march_until_published(opened, compact):
    due = _deadlines("annual_review", date(2026, 12, 1))
    assert [(d.due_on, d.notify_board, d.key) for d in due] == [
        (date(2027, 3, 31), True, f"annual-review:{compact.pk}:2026")
    ]
    AnnualReview.objects.create(compact=compact, year=2026, status=AnnualReview.Status.PUBLISHED)
    assert not _deadlines("annual_review", date(2026, 12, 1))


def test_the_annual_meeting_is_a_deadline_for_every_signatory_and_the_board(compact, vcs_organisation, council):
    AnnualReview.objects.create(compact=compact, year=2026, annual_meeting_on=date(2027, 5, 12))
    meeting = _deadlines("annual_meeting", date(2027, 4, 1))
    assert len(meeting) == 1 and meeting[0].notify_board
    assert set(meeting[0].organisation_ids) == {vcs_organisation.pk, council.pk}
    assert not _deadlines("annual_meeting", date(2027, 5, 13))


def test_milestones_not_met_are_due_for_the_owner_and_the_board(compact, council):
    action = Action.objects.create(compact=compact, title="Forward plan", year_agreed=2026, owner=council)
    waiting = Milestone.objects.create(action=action, title="Draft shared", due_on=date(2026, 12, 1))
    Milestone.objects.create(action=action, title="Met", due_on=date(2026, 10, 1), done_on=date(2026, 9, 1))
    due = _deadlines("action_milestone", date(2026, 11, 24))
    assert [(d.key, d.organisation_ids, d.notify_board) for d in due] == [
        (f"milestone:{waiting.pk}", (council.pk,), True)
    ]
    assert due[0].url.endswith(f"/compacts/{compact.slug}/action-plan/#action-{action.pk}")
    action.status = Action.Status.DONE
    action.save()
    assert not _deadlines("action_milestone", date(2026, 11, 24))


# The annual review -----------------------------------------------------------------------------------


def test_the_board_writes_the_review_with_commentary_on_each_promise(compact, edition, board_member):
    with_review_edition(edition)
    sections = {s.slug: s for s in edition.sections.all()}
    saved = review_services.save_review(
        compact=compact,
        year=2026,
        by=board_member,
        operation="It worked.",
        difference_made="Better funding.",
        annual_meeting_on=date(2027, 5, 12),
        commentary={sections["funding"].pk: "Funding went well.", 999999: "ignored"},
    )
    assert saved.edition == edition and saved.updated_by == board_member
    assert dict(saved.commentaries.values_list("section__slug", "text")) == {"funding": "Funding went well."}


def test_publishing_needs_the_boards_words_and_a_checked_pdf(compact, edition, board_member):
    draft = review_services.save_review(
        compact=compact,
        year=2026,
        by=board_member,
        operation="",
        difference_made="",
        annual_meeting_on=None,
        commentary={},
    )
    assert (
        review_services.publication_refusal(draft)
        == "Write how the Compact operated during the year before publishing."
    )
    draft = review_services.save_review(
        compact=compact,
        year=2026,
        by=board_member,
        operation="It worked.",
        difference_made="A lot.",
        annual_meeting_on=None,
        commentary={},
    )
    assert review_services.publication_refusal(draft) == "Build the PDF and check it before publishing."
    with pytest.raises(ValidationError, match="Build the PDF"):
        review_services.publish_review(review=draft, by=board_member)


def test_a_review_is_published_only_after_its_year_has_ended(compact, edition, board_member):
    draft = review_services.save_review(
        compact=compact,
        year=2026,
        by=board_member,
        operation="It worked.",
        difference_made="A lot.",
        annual_meeting_on=None,
        commentary={},
    )
    ReviewRendering.objects.create(review=draft, version=1, status="done")
    with time_machine.travel(date(2026, 12, 6)):
        assert review_services.publication_refusal(draft).startswith(
            "The 2026 annual review can be published from 1 January 2027, once the year it reviews has ended."
        )
        with pytest.raises(ValidationError, match="once the year it reviews has ended"):
            review_services.publish_review(review=draft, by=board_member)
    with time_machine.travel(date(2027, 1, 4)):
        assert review_services.publication_refusal(draft) is None


def test_a_published_review_cannot_be_changed(compact, edition, board_member):
    AnnualReview.objects.create(
        compact=compact,
        year=2026,
        status=AnnualReview.Status.PUBLISHED,
        published_at=workdays.start_of_day(date(2027, 3, 20)),
    )
    with pytest.raises(ValidationError, match="published on 20 March 2027"):
        review_services.save_review(
            compact=compact,
            year=2026,
            by=board_member,
            operation="New words",
            difference_made="",
            annual_meeting_on=None,
            commentary={},
        )


def test_a_second_build_waits_for_the_one_running_unless_it_is_stuck(compact, edition, board_member):
    draft = review_services.save_review(
        compact=compact,
        year=2026,
        by=board_member,
        operation="x",
        difference_made="y",
        annual_meeting_on=None,
        commentary={},
    )
    first = review_services.request_rendering(review=draft, by=board_member)  # on_commit: not run in this test
    assert (first.version, first.status, first.draft) == (1, "pending", True)
    with pytest.raises(ValidationError, match="Version 1 of the PDF is still being built"):
        review_services.request_rendering(review=draft, by=board_member)
    type(first).objects.filter(pk=first.pk).update(created_at=first.created_at - timedelta(minutes=11))
    assert review_services.request_rendering(review=draft, by=board_member).version == 2


def test_the_review_demo_opens_a_round_with_a_submitted_and_a_draft_assessment(
    compact, edition, vcs_organisation, council, board_member
):
    with_review_edition(edition)
    Membership.objects.create(user=factories.UserFactory(), organisation=vcs_organisation, role=Membership.Role.ADMIN)
    with time_machine.travel(date(2026, 11, 24)):
        draft = review_demo.load_review_demo(compact)
        again = review_demo.load_review_demo(compact)
    assert draft == again and draft.status == AnnualReview.Status.DRAFT and draft.operation
    opened = AssessmentRound.objects.get(compact=compact)
    assert opened.year == 2026 and opened.is_open
    statuses = dict(opened.assessments.values_list("organisation__name", "status"))
    assert statuses[vcs_organisation.name] == "submitted" and statuses[council.name] == "draft"
    assert assessment(opened, council).responses.exists()
    assert compact.actions.count() == 2 and Milestone.objects.filter(action__compact=compact).count() == 3


def test_the_report_compares_each_consultation_with_the_standard_and_counts_notice_kept(
    compact, edition, council, vcs_organisation
):
    consultations = pytest.importorskip("consultations.models")
    from django.template.loader import render_to_string

    from tests.consultations.factories import ConsultationFactory

    standard = ConsultationFactory(
        owner=council,
        status="closed",
        title="Community transport grant",
        opens_on=date(2026, 2, 2),
        closes_on=date(2026, 4, 27),
        affected=[vcs_organisation],
    )
    short = ConsultationFactory(
        owner=council,
        status="closed",
        title="Youth services policy",
        kind="other_policy",
        opens_on=date(2026, 5, 4),
        closes_on=date(2026, 7, 6),
        affected=[vcs_organisation],
        shortened_reason="The grant year ends in August.",
    )
    consultations.ShortenedPeriodConsent.objects.create(
        consultation=short, organisation=vcs_organisation, given_by="Chair of trustees", given_on=date(2026, 5, 1)
    )
    consultations.Decision.objects.create(
        consultation=standard,
        outcome="proceed",
        rationale="Budget pressures.",
        decided_on=date(2026, 6, 1),
        notice_starts_on=date(2026, 6, 1),
        notice_ends_on=date(2026, 9, 1),
    )
    facts = consultation_selectors.annual_facts(compact, 2026, date(2026, 11, 24))
    assert (facts["opened"], facts["at_standard"], facts["standard_weeks"]) == (2, 1, 12)
    assert [(r["consultation"], r["weeks"], r["consented"]) for r in facts["shortened"]] == [(short, 9.0, True)]
    assert [(n["decision"].consultation, n["kept"], n["ideal"]) for n in facts["notices"]] == [(standard, True, False)]
    assert [d.consultation for d in facts["funding_changes"]] == [standard]
    assert facts["notices_kept"] == 1 and facts["total_flags"] >= 1  # decided before feedback was published
    assert facts["by_body"] == [
        {"body": council.name, "opened": 2, "standard": 1, "agreed": 1, "not_agreed": 0, "below_minimum": 0}
    ]
    assert facts["notices_short"] == []  # only decisions short of the minimum are listed
    assert facts["funding_by_body"] == [{"body": council.name, "counts": [1, 0, 0]}]

    html = render_to_string(
        "reviews/report/body.html", review_report.assemble_report(AnnualReview(compact=compact, year=2026))
    )
    assert "Shortened by agreement" in html and "The grant year ends in August." in html
    assert "Decision made before feedback was published" in html and "Proceed as proposed" in html


def test_the_report_counts_signatories_and_champions_by_sector_rather_than_listing_them(
    compact, vcs_organisation, council, vcs_member
):
    from django.template.loader import render_to_string

    from signatories import selectors as signatory_selectors

    for organisation in (vcs_organisation, council):
        organisation.status = "signed"
    vcs_organisation.save()
    council.save()
    factories.name_champion(vcs_organisation, vcs_member, date(2026, 3, 1))
    facts = signatory_selectors.annual_facts(compact, 2026)
    assert facts["count"] == 2 and (facts["champions"], facts["champions_trained"]) == (1, 1)
    assert [
        (row["sector"], row["count"], row["champions"], row["trained"]) for row in facts["champions_by_sector"]
    ] == [("Public sector", 1, 0, 0), ("Voluntary and community sector", 1, 1, 1)]
    html = render_to_string(
        "reviews/report/body.html", review_report.assemble_report(AnnualReview(compact=compact, year=2026))
    )
    assert "With a Compact champion" in html and vcs_organisation.name not in html
