"""The pages: each form end to end through the client, refusals shown in words, input kept."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compact_portal import workdays
from disputes import services
from disputes.models import Case, InternalDifferenceNotice, Outcome, Stage
from tests import factories

from . import helpers
from .helpers import question, raise_concern

pytestmark = pytest.mark.django_db


def page(response) -> str:
    """The page's text with HTML entities decoded, so names such as O'Connor compare as typed."""
    return unescape(response.content.decode())


@pytest.fixture
def logged_in(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def concern(organisation, council, undertaking, **changes):
    return {
        "complainant": organisation.pk,
        "respondent": council.pk,
        f"undertakings_{undertaking.section_id}": [undertaking.pk],
        "what_happened": "Grant cut without notice",
        "what_has_been_tried": "A meeting",
        "outcome_hoped_for": "Twelve weeks' consultation",
        "starting_stage": Stage.STAGE_1,
        **changes,
    }


def own(user):
    """The organisation a person raises the concern for: a hidden field when they have one."""
    return {"complainant": user.memberships.get().organisation_id}


def test_the_start_page_says_the_stages_and_starts_the_questions(logged_in, vcs_admin, edition):
    html = page(logged_in(vcs_admin).get(reverse("disputes:file")))
    assert "Raise a breach concern" in html and "Before you start" in html and "Stage 2." in html
    assert question("organisation") in html


def test_the_concern_questions_group_undertakings_by_section(
    logged_in, vcs_admin, edition, council, other_vcs_organisation
):
    section = factories.SectionFactory(edition=edition, title="Consulting early", slug="consulting", number="2")
    factories.UndertakingFactory(section=section, party="public", text="Consult early.")
    client = logged_in(vcs_admin)
    first = page(client.get(question("organisation")))
    assert council.name in first and other_vcs_organisation.name in first
    assert "Consult early." not in first
    answered = client.post(question("organisation"), {**own(vcs_admin), "respondent": council.pk})
    assert answered["Location"] == question("undertakings")
    html = page(client.get(question("undertakings")))
    assert "Promise 2: Consulting early" in html and "Consult early." in html
    assert html.index("Funding") < html.index("Consulting early")
    documents = page(client.get(question("documents")))
    assert "Choose at least one undertaking" not in documents


def test_a_later_question_waits_for_the_earlier_ones(logged_in, vcs_admin, edition, council):
    client = logged_in(vcs_admin)
    assert client.get(question("stage"))["Location"] == question("organisation")
    assert client.get(reverse("disputes:file_check"))["Location"] == question("organisation")
    assert client.get(question("no-such-question")).status_code == 404


def test_the_documents_page_uses_the_file_upload_component(logged_in, vcs_admin, undertaking, council):
    client = logged_in(vcs_admin)
    raise_concern(client, concern(vcs_admin.memberships.get().organisation, council, undertaking))
    html = page(client.get(question("documents")))
    assert 'type="file"' in html and "govuk-file-upload" in html and 'enctype="multipart/form-data"' in html
    assert "Upload documents (optional)" in html


def test_only_signed_organisations_may_be_named_as_respondents(logged_in, vcs_admin, edition, council, compact):
    approved = factories.OrganisationFactory(compact=compact, name="Approved Not Signed", status="approved")
    client = logged_in(vcs_admin)
    html = page(client.get(question("organisation")))
    assert council.name in html and approved.name not in html
    html = page(client.post(question("organisation"), {**own(vcs_admin), "respondent": approved.pk}))
    assert "Select a valid choice" in html or "There is a problem" in html
    assert client.get(question("undertakings"))["Location"] == question("organisation")


def test_a_concern_about_a_public_body_lists_only_public_and_shared_undertakings(
    logged_in, vcs_admin, edition, council, other_vcs_organisation
):
    section = edition.sections.get()
    factories.UndertakingFactory(section=section, party="shared", text="Meet once a year.")
    client = logged_in(vcs_admin)
    client.post(question("organisation"), {**own(vcs_admin), "respondent": council.pk})
    about_council = page(client.get(question("undertakings")))
    assert "Consult for twelve weeks" in about_council and "Meet once a year." in about_council
    assert "Report honestly on outcomes." not in about_council
    client.post(question("organisation"), {**own(vcs_admin), "respondent": other_vcs_organisation.pk})
    about_vcs = page(client.get(question("undertakings")))
    assert "Report honestly on outcomes." in about_vcs and "Meet once a year." in about_vcs
    assert "Consult for twelve weeks" not in about_vcs


def test_a_vcs_undertaking_cannot_be_named_against_a_public_body(edition, vcs_organisation, vcs_admin, council):
    vcs_undertaking = edition.sections.get().undertakings.get(party="vcs")
    with pytest.raises(ValidationError, match="only undertakings that Testshire Council gives"):
        services.file_concern(
            complainant=vcs_organisation,
            respondent=council,
            by=vcs_admin,
            undertakings=[vcs_undertaking],
            what_happened="a",
            what_has_been_tried="b",
            outcome_hoped_for="c",
        )
    assert not Case.objects.exists()


def test_filing_a_concern_through_the_question_pages(
    logged_in, vcs_admin, vcs_member, council, council_officer, undertaking, django_capture_on_commit_callbacks
):
    client = logged_in(vcs_admin)
    organisation = vcs_admin.memberships.get().organisation
    check = raise_concern(
        client, concern(organisation, council, undertaking), [helpers.pdf("minutes.pdf"), helpers.png("photo.png")]
    )
    html = page(check)
    assert check.status_code == 200 and "Check your answers" in html
    for answer in ("Testshire Council", undertaking.text, "Grant cut without notice", "minutes.pdf", "photo.png"):
        assert answer in html
    assert "At stage 1: a formal written concern" in html
    assert not Case.objects.exists(), "nothing is saved before the answers are confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("disputes:file_check"))
    case = Case.objects.get()
    assert response["Location"] == reverse("disputes:file_done")
    done = page(client.get(reverse("disputes:file_done")))
    assert "Breach concern raised" in done and str(case.pk) in done and "What happens next" in done
    assert "We have sent you a receipt by email" in done
    assert case.stage == Stage.STAGE_1 and list(case.undertakings.all()) == [undertaking]
    assert sorted(case.attachments.values_list("original_name", flat=True)) == ["minutes.pdf", "photo.png"]
    recipients = {address for message in mail.outbox for address in message.to}
    assert {vcs_admin.email, vcs_member.email, council_officer.email} <= recipients
    receipt = next(m for m in mail.outbox if m.subject == f"We have received your breach concern (case {case.pk})")
    assert receipt.to == [vcs_admin.email] and "about Testshire Council" in receipt.body
    assert "What happens next" in receipt.body
    assert all("Grant cut" not in m.body for m in mail.outbox)
    # Confirming again, or going back to the check page, raises nothing more.
    client.post(reverse("disputes:file_check"))
    assert Case.objects.count() == 1


def test_a_change_link_returns_to_its_question_and_back_to_the_check_page(logged_in, vcs_admin, council, undertaking):
    client = logged_in(vcs_admin)
    raise_concern(client, concern(vcs_admin.memberships.get().organisation, council, undertaking))
    check = page(client.get(reverse("disputes:file_check")))
    change = question("what-happened") + "?next=check"
    assert change in check
    html = page(client.get(change))
    assert "Grant cut without notice" in html and f'href="{reverse("disputes:file_check")}"' in html
    response = client.post(change, {"what_happened": "Changed", "what_has_been_tried": "A", "outcome_hoped_for": "B"})
    assert response["Location"] == reverse("disputes:file_check")
    assert "Changed" in page(client.get(reverse("disputes:file_check")))


def test_files_chosen_are_kept_until_removed(logged_in, vcs_admin, council, undertaking):
    client = logged_in(vcs_admin)
    raise_concern(client, concern(vcs_admin.memberships.get().organisation, council, undertaking), [helpers.pdf()])
    html = page(client.get(question("documents")))
    assert "Files you have chosen" in html and "letter.pdf" in html
    client.post(question("documents") + "?next=check", {"remove_files": "1"})
    assert "Files you have chosen" not in page(client.get(question("documents")))


def test_a_bad_document_is_refused_on_its_page(logged_in, vcs_admin, council, undertaking):
    client = logged_in(vcs_admin)
    raise_concern(client, concern(vcs_admin.memberships.get().organisation, council, undertaking))
    bad = SimpleUploadedFile("script.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    html = page(client.post(question("documents"), {"attachments": [bad]}))
    assert "There is a problem" in html and "is not a file type the portal accepts" in html


def test_each_question_keeps_input_and_says_what_is_wrong(logged_in, vcs_admin, council, edition):
    client = logged_in(vcs_admin)
    client.post(question("organisation"), {**own(vcs_admin), "respondent": council.pk})
    html = page(client.post(question("undertakings"), {}))
    assert "There is a problem" in html and "Choose at least one undertaking you believe was breached" in html
    section = edition.sections.get()
    client.post(question("undertakings"), {f"undertakings_{section.pk}": [section.undertakings.get(party="public").pk]})
    response = client.post(question("what-happened"), {"what_happened": "Kept text"})
    html = page(response)
    assert response.status_code == 200 and not Case.objects.exists()
    assert "Say what has been tried to resolve it" in html and "Kept text" in html
    # Going back shows what was answered before.
    assert "checked" in page(client.get(question("undertakings")))


def test_someone_without_an_organisation_is_told_why_they_cannot_file(logged_in, board_member):
    html = page(logged_in(board_member).get(reverse("disputes:file")))
    assert "You cannot raise a breach concern yet" in html
    for url in (question("organisation"), reverse("disputes:file_check")):
        assert "You cannot raise a breach concern yet" in page(logged_in(board_member).post(url, {}))
    assert not Case.objects.exists()


def test_the_case_page_offers_the_next_steps_with_reasons(logged_in, case, vcs_admin):
    html = page(logged_in(vcs_admin).get(case.get_absolute_url()))
    assert "Move to stage 1: send a formal concern" in html
    assert "First record that your organisation does not accept the outcome of the informal stage" in html
    assert reverse("disputes:accept", args=[case.pk]) in html


def test_accepting_then_moving_on_through_the_forms(logged_in, case, vcs_admin):
    client = logged_in(vcs_admin)
    refused = page(client.get(reverse("disputes:escalate", args=[case.pk])))
    assert (
        "has not produced an outcome both organisations accept" in refused
        and "<form" not in refused.split("govuk-main-wrapper")[1].split("</main>")[0]
    )
    form = page(client.get(reverse("disputes:accept", args=[case.pk])))
    assert f'name="organisation" value="{case.complainant_id}"' in form
    client.post(reverse("disputes:accept", args=[case.pk]), {"accepts": "no", "organisation": case.complainant_id})
    response = client.post(
        reverse("disputes:escalate", args=[case.pk]), {"concern": "Formal", "reason": "Talks failed"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.STAGE_1 and case.moves.last().reason == "Talks failed"


def test_the_respondent_responds_and_either_party_refers(logged_in, stage_1_case, council_officer, council):
    client = logged_in(council_officer)
    client.post(reverse("disputes:respond", args=[stage_1_case.pk]), {"text": "We reviewed it"})
    client.post(reverse("disputes:accept", args=[stage_1_case.pk]), {"accepts": "no", "organisation": council.pk})
    html = page(client.get(reverse("disputes:refer", args=[stage_1_case.pk])))
    assert stage_1_case.complainant.name in html and council.name in html
    response = client.post(
        reverse("disputes:refer", args=[stage_1_case.pk]),
        {
            "organisation": council.pk,
            "undertakings": [u.pk for u in stage_1_case.undertakings.all()],
            "nature_of_difference": "Notice period",
            "what_has_been_tried": "Stage 1",
            "reason": "No agreement",
        },
    )
    assert response.status_code == 302
    stage_1_case.refresh_from_db()
    assert stage_1_case.stage == Stage.STAGE_2 and stage_1_case.respondent_response.text == "We reviewed it"


def test_the_board_convenes_the_proposed_panel_through_the_form(logged_in, referred_case, seats, board_member):
    client = logged_in(board_member)
    html = page(client.get(reverse("disputes:convene", args=[referred_case.pk])))
    assert html.count('checked="checked"') == 4
    assert "Convene the panel by" in html
    wrong = client.post(reverse("disputes:convene", args=[referred_case.pk]), {"seats": [s.pk for s in seats[:3]]})
    assert "Choose exactly 2 members from the voluntary and community sector; you chose 1." in page(wrong)
    assert "checked" in page(wrong)
    response = client.post(reverse("disputes:convene", args=[referred_case.pk]), {"seats": [s.pk for s in seats]})
    assert response.status_code == 302
    assert referred_case.panel.members.count() == 4


def test_the_convene_page_lists_who_is_unavailable_without_naming_the_parties(
    logged_in, referred_case, seats, board_member, vcs_member
):
    factories.ResolutionGroupMembershipFactory(
        compact=referred_case.compact, user=vcs_member, sector="vcs", year=referred_case.referral_received_on.year
    )
    html = page(logged_in(board_member).get(reverse("disputes:convene", args=[referred_case.pk])))
    assert f"{vcs_member} is a member of one of the organisations in the case" in html
    assert referred_case.complainant.name not in html and referred_case.respondent.name not in html


def test_the_panel_works_through_its_forms(logged_in, convened_case, panel_member, vcs_admin):
    client = logged_in(panel_member)
    case_url = convened_case.get_absolute_url()
    assert "Record the panel's chair" in page(client.get(case_url))
    client.post(reverse("disputes:choose_chair", args=[convened_case.pk]), {"chair": panel_member.pk})
    client.post(
        reverse("disputes:compact_matter", args=[convened_case.pk]),
        {"concerns_compact_undertakings": "yes", "reasons": "About consultation"},
    )
    too_late = (convened_case.hearing_by + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("disputes:meeting_add", args=[convened_case.pk]),
        {"kind": "hearing", "scheduled_on": too_late, "notes": "Kept notes"},
    )
    assert "The hearing must be no later than 8 weeks" in page(response) and "Kept notes" in page(response)
    client.post(
        reverse("disputes:meeting_add", args=[convened_case.pk]),
        {"kind": "hearing", "scheduled_on": workdays.today().strftime("%d/%m/%Y")},
    )
    hearing = convened_case.panel.meetings.get()
    client.post(
        reverse("disputes:meeting_edit", args=[convened_case.pk, hearing.pk]),
        {"scheduled_on": workdays.today().strftime("%d/%m/%Y"), "notes": "Both attended"},
    )
    hearing.refresh_from_db()
    assert hearing.notes == "Both attended"
    helpers.decline(convened_case, vcs_admin)
    client.post(
        reverse("disputes:signpost", args=[convened_case.pk]),
        {"resources": ["advocacy"], "notes": "", "reason": "No agreement"},
    )
    convened_case.refresh_from_db()
    assert convened_case.panel.chair == panel_member and convened_case.stage == Stage.STAGE_3
    response = client.post(
        reverse("disputes:outcome", args=[convened_case.pk]),
        {"outcome": Outcome.WITHDRAWN, "outcome_summary": "s", "reason": "r"},
    )
    assert "Only the organisation that raised the concern can record the case as withdrawn" in page(response)
    client.post(
        reverse("disputes:outcome", args=[convened_case.pk]),
        {"outcome": Outcome.REFERRED_ON, "outcome_summary": "Referred to mediation", "reason": "r"},
    )
    convened_case.refresh_from_db()
    assert convened_case.outcome == Outcome.REFERRED_ON


def test_the_compact_matter_form_needs_a_summary_when_the_case_will_close(logged_in, convened_case, panel_member):
    response = logged_in(panel_member).post(
        reverse("disputes:compact_matter", args=[convened_case.pk]),
        {"concerns_compact_undertakings": "no", "reasons": "Not the Compact"},
    )
    assert "Write a summary for the annual report, because the case will close" in page(response)


def test_representatives_are_added_and_removed_through_the_form(logged_in, referred_case, vcs_admin):
    client = logged_in(vcs_admin)
    url = reverse("disputes:representatives", args=[referred_case.pk])
    client.post(url, {"name": "Ann", "organisation": referred_case.complainant_id})
    client.post(
        url,
        {
            "name": "Bob",
            "organisation": referred_case.complainant_id,
            "from_supporting_organisation": "on",
            "supporting_organisation": "Community Action",
        },
    )
    response = client.post(url, {"name": "Cat", "organisation": referred_case.complainant_id})
    assert "the most each organisation may bring" in page(response)
    ann = referred_case.representatives.get(name="Ann")
    client.post(url, {"remove": ann.pk})
    assert list(referred_case.representatives.values_list("name", flat=True)) == ["Bob"]


def test_only_the_panel_may_open_panel_forms(logged_in, convened_case, vcs_admin, board_member):
    for user in (vcs_admin, board_member):
        assert logged_in(user).get(reverse("disputes:choose_chair", args=[convened_case.pk])).status_code in (403, 404)


def test_a_resolution_group_member_declares_a_conflict(logged_in, referred_case, seats, board_member):
    client = logged_in(seats[0].user)
    html = page(client.get(reverse("disputes:my_cases")))
    assert f"Case {referred_case.pk}" in html and "declare a conflict of interest" in html
    assert referred_case.complainant.name not in html
    client.post(reverse("disputes:declare_conflict", args=[referred_case.pk]), {"reason": "My sister works there"})
    assert referred_case.conflicts.get().user == seats[0].user
    assert seats[0] in dict(services.propose_panel(referred_case).unavailable)


def test_my_cases_lists_the_cases_of_my_organisations_and_panels(
    logged_in, convened_case, panel_member, vcs_member, board_member, other_member
):
    assert f"Case {convened_case.pk}" in page(logged_in(vcs_member).get(reverse("disputes:my_cases")))
    assert f"Case {convened_case.pk}" in page(logged_in(panel_member).get(reverse("disputes:my_cases")))
    for outsider in (board_member, other_member):
        assert f"Case {convened_case.pk}" not in page(logged_in(outsider).get(reverse("disputes:my_cases")))


def test_the_board_lists_cases_by_stage(logged_in, referred_case, board_member, vcs_organisation, council, vcs_admin):
    informal = helpers.file_case(complainant=vcs_organisation, respondent=council, by=vcs_admin)
    client = logged_in(board_member)
    html = page(client.get(reverse("disputes:board_cases")))
    assert f"Case {referred_case.pk}" in html and f"Case {informal.pk}" in html
    assert vcs_organisation.name not in html
    stage_2 = page(client.get(reverse("disputes:board_cases"), {"stage": "stage_2"}))
    assert f"Case {referred_case.pk}" in stage_2 and "Convene the panel by" in stage_2
    assert f"Case {informal.pk}<" not in stage_2


def test_the_csv_export_does_not_let_a_spreadsheet_run_formulas(logged_in, case, vcs_admin, board_member):
    case.outcome_summary = '=HYPERLINK("http://example.com")'
    case.save()
    body = logged_in(board_member).get(reverse("disputes:board_cases_csv")).content.decode()
    assert "'=HYPERLINK" in body


def test_other_organisations_get_404_everywhere(logged_in, convened_case, other_member):
    client = logged_in(other_member)
    for name in (
        "case",
        "accept",
        "escalate",
        "respond",
        "refer",
        "convene",
        "representatives",
        "outcome",
        "attachment_add",
        "choose_chair",
        "compact_matter",
        "signpost",
        "meeting_add",
        "declare_conflict",
    ):
        assert client.get(reverse(f"disputes:{name}", args=[convened_case.pk])).status_code == 404, name


def test_notifying_the_board_of_a_difference_resolved_internally(
    logged_in, vcs_admin, board_member, undertaking, django_capture_on_commit_callbacks
):
    client = logged_in(vcs_admin)
    assert "Tell the board about a difference" in page(client.get(reverse("disputes:notify_difference")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("disputes:notify_difference"),
            {
                "organisation": vcs_admin.memberships.get().organisation_id,
                f"undertakings_{undertaking.section_id}": [undertaking.pk],
                "summary": "Late payment sorted out with the finance team",
                "resolved_on": "01/02/2026",
            },
        )
    assert response.status_code == 302
    notice = InternalDifferenceNotice.objects.get()
    assert list(notice.undertakings.all()) == [undertaking]
    assert [m.to for m in mail.outbox] == [[board_member.email]]
    future = (workdays.today() + timedelta(days=2)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("disputes:notify_difference"),
        {"organisation": notice.organisation_id, "summary": "x", "resolved_on": future},
    )
    assert "must be today or in the past" in page(response)


def test_the_board_reads_difference_notices_in_the_admin(logged_in, vcs_admin, board_member, vcs_organisation):
    notice = services.notify_difference(
        organisation=vcs_organisation,
        by=vcs_admin,
        undertakings=[],
        summary="Sorted out a late payment",
        resolved_on=workdays.today(),
    )
    html = page(
        logged_in(board_member).get(reverse("admin:disputes_internaldifferencenotice_change", args=[notice.pk]))
    )
    assert "Sorted out a late payment" in html


def test_the_annual_summary_counts_cases(logged_in, convened_case, case, board_member, panel_member, undertaking):
    services.decide_compact_matter(
        case=convened_case,
        by=panel_member,
        concerns_compact_undertakings=False,
        reasons="r",
        outcome_summary="A lease question, outside the Compact.",
    )
    from disputes.selectors import annual_summary

    summary = annual_summary(case.compact, workdays.today().year)
    assert summary["total"] == Case.objects.count()
    assert dict(summary["by_outcome"])["Not a Compact matter"] == 1
    assert dict(summary["by_stage"])["Closed"] == 1
    assert summary["by_undertaking"] == [(undertaking, Case.objects.count())]
    assert summary["outcome_summaries"] == ["A lease question, outside the Compact."]
    html = page(logged_in(board_member).get(reverse("disputes:annual_summary")))
    assert "A lease question, outside the Compact." in html and "Funding" in html


def test_the_case_page_asks_a_fixed_number_of_queries(
    client, edition, vcs_organisation, council, vcs_admin, council_officer, board_member, django_assert_max_num_queries
):
    case, panel_member = helpers.build_case_through_every_stage(
        complainant=vcs_organisation,
        respondent=council,
        complainant_user=vcs_admin,
        respondent_user=council_officer,
        board_user=board_member,
        text=lambda field: field,
    )
    for user in (vcs_admin, board_member):
        client.force_login(user)
        with django_assert_max_num_queries(25):
            assert client.get(case.get_absolute_url()).status_code == 200


def test_a_procedures_steps_are_never_offered_as_undertakings_to_name(logged_in, vcs_admin, edition, undertaking):
    from undertakings.models import Section, Undertaking

    procedure = factories.SectionFactory(
        edition=edition, kind=Section.Kind.PROCEDURE, title="Resolving differences", slug="resolving-differences"
    )
    Undertaking.objects.create(
        section=procedure, reference="step-1", party="", position=1, text="Write to the other organisation first."
    )
    html = page(logged_in(vcs_admin).get(reverse("disputes:notify_difference")))
    assert undertaking.text in html
    assert "Write to the other organisation first." not in html and "Resolving differences" not in html
