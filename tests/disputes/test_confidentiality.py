"""The confidentiality matrix. Unique markers are planted in every confidential field a case
produces (the concern, stage move reasons, formal concern, response, referral letter, panel
reasons, meeting notes, representatives, signposting, attachment names, conflict declarations,
the reason for closing). The parties and the panel see them; no one else sees them anywhere:
pages, the board dashboard, the admin (list, form, history, search), CSV export, emails, logs.

Superusers are a technical role: the portal treats them like the board (see permissions.py),
so they see no details either, in the portal or the admin.
"""

import logging
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from compact_portal import workdays
from disputes import services
from disputes.models import Case
from disputes.stages import URL_NAMES
from signatories.models import Sector
from tests import deadline_checks, factories

from . import helpers
from .helpers import MARKER, marked

pytestmark = pytest.mark.django_db

OUTSIDERS = ("board_member", "superuser", "other_member", "resolution_group_member")


@pytest.fixture
def world(
    edition,
    vcs_organisation,
    council,
    vcs_member,
    vcs_admin,
    council_officer,
    board_member,
    superuser,
    other_member,
    django_capture_on_commit_callbacks,
    caplog,
):
    """Two marked cases: one taken through every stage and closed, one at stage 2 waiting for
    a panel (with an overdue deadline). Emails and logs are collected while they are built."""
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        full, panel_member = helpers.build_case_through_every_stage(
            complainant=vcs_organisation,
            respondent=council,
            complainant_user=vcs_admin,
            respondent_user=council_officer,
            board_user=board_member,
            close=True,
        )
        waiting = helpers.file_case(
            complainant=vcs_organisation,
            respondent=council,
            by=vcs_member,
            text=marked("second_case"),
            attachments=[helpers.pdf(f"{marked('pdf')}.pdf")],
        )
        helpers.to_stage_1(waiting, vcs_member, text=marked("second_stage_1"))
        helpers.to_stage_2(
            waiting, council_officer, received_on=workdays.today() - timedelta(days=30), text=marked("second_referral")
        )
        group_member = factories.ResolutionGroupMembershipFactory(
            compact=waiting.compact, sector=Sector.PUBLIC, year=waiting.referral_received_on.year
        ).user
        services.declare_conflict(case=waiting, by=group_member, reason=marked("second_conflict"))
        services.notify_difference(
            organisation=vcs_organisation,
            by=vcs_admin,
            undertakings=[],
            summary="Resolved a grant timing question internally.",
            resolved_on=workdays.today(),
        )
    return {
        "cases": [full, waiting],
        "full": full,
        "waiting": waiting,
        "emails": list(mail.outbox),
        "logs": caplog.text,
        "users": {
            "vcs_member": vcs_member,
            "vcs_admin": vcs_admin,
            "council_officer": council_officer,
            "panel_member": panel_member,
            "board_member": board_member,
            "superuser": superuser,
            "other_member": other_member,
            "resolution_group_member": group_member,
        },
    }


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def text_of(response) -> str:
    if getattr(response, "streaming", False):
        return unescape(b"".join(response.streaming_content).decode("latin-1"))
    return unescape(response.content.decode())


def case_urls(case):
    """Every page of a case, including the panel's and the documents."""
    urls = [reverse(name, args=[case.pk]) for name in set(URL_NAMES.values())]
    urls.append(reverse("disputes:case", args=[case.pk]))
    urls += [reverse("disputes:attachment", args=[case.pk, a.pk]) for a in case.attachments.all()]
    panel = case.panel_or_none()
    if panel:
        urls += [reverse("disputes:meeting_edit", args=[case.pk, m.pk]) for m in panel.meetings.all()]
    return urls


def test_the_markers_were_planted_where_they_can_be_seen(world, client):
    """The control: the parties and the panel do see the details, so the checks below can fail."""
    for role in ("vcs_member", "vcs_admin", "council_officer", "panel_member"):
        page = text_of(get(client, world["users"][role], reverse("disputes:case", args=[world["full"].pk])))
        for field in (
            "concern",
            "stage_1",
            "response",
            "referral",
            "panel_reasons",
            "hearing_notes",
            "meeting_notes",
            "signposting",
            "stage_3",
            "closing",
            "filename",
            "second_file",
        ):
            assert marked(field) in page, (role, field)


@pytest.mark.parametrize("role", ["vcs_member", "council_officer", "panel_member"])
def test_the_parties_and_the_panel_can_download_the_documents(world, client, role):
    case = world["full"]
    document = case.attachments.first()
    response = get(client, world["users"][role], reverse("disputes:attachment", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert text_of(response).startswith("\x89PNG")
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_page_of_a_case_shows_details_to_anyone_else(world, client, role):
    user = world["users"][role]
    for case in world["cases"]:
        for url in case_urls(case):
            response = get(client, user, url)
            assert response.status_code in (200, 302, 403, 404), url
            assert MARKER not in text_of(response), (role, url)


@pytest.mark.parametrize("role", ["board_member", "superuser"])
def test_the_board_sees_the_case_exists_its_stage_deadlines_and_action(world, client, role):
    waiting = world["waiting"]
    page = text_of(get(client, world["users"][role], reverse("disputes:case", args=[waiting.pk])))
    assert f"Case {waiting.pk}" in page
    assert "Stage 2: resolution panel" in page
    assert "Convene the panel" in page and "Overdue" in page
    assert "Referral received by the board" in page
    # The parties' names identify the case: they are details too.
    assert waiting.complainant.name not in page and waiting.respondent.name not in page
    full = text_of(get(client, world["users"][role], reverse("disputes:case", args=[world["full"].pk])))
    assert "Panel convened" in full and "Hearing held" in full
    assert "Referred on to national advocacy or mediation" in full


@pytest.mark.parametrize("role", ["other_member", "resolution_group_member"])
def test_other_people_are_not_told_the_case_exists(world, client, role):
    for case in world["cases"]:
        assert get(client, world["users"][role], reverse("disputes:case", args=[case.pk])).status_code == 404
        assert (
            get(
                client,
                world["users"][role],
                reverse("disputes:attachment", args=[case.pk, case.attachments.first().pk]),
            ).status_code
            == 404
        )


@pytest.mark.parametrize("role", ["board_member", "superuser"])
def test_the_board_cannot_download_documents(world, client, role):
    case = world["full"]
    response = get(
        client, world["users"][role], reverse("disputes:attachment", args=[case.pk, case.attachments.first().pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["board_member", "superuser"])
def test_board_pages_and_export_show_no_details(world, client, role):
    user = world["users"][role]
    for name in ("board_dashboard", "disputes:board_cases", "disputes:annual_summary", "disputes:my_cases"):
        response = get(client, user, reverse(name))
        assert response.status_code == 200, name
        assert MARKER not in text_of(response), name
    dashboard = text_of(get(client, user, reverse("board_dashboard")))
    assert f"Case {world['waiting'].pk}: convene the panel" in dashboard


@pytest.mark.parametrize("role", ["board_member", "superuser"])
def test_the_csv_export_has_only_non_confidential_columns(world, client, role):
    import csv
    import io

    from disputes.selectors import BOARD_COLUMNS

    response = get(client, world["users"][role], reverse("disputes:board_cases_csv"))
    body = text_of(response)
    assert MARKER not in body
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == BOARD_COLUMNS
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(c.pk for c in world["cases"])
    assert world["full"].complainant.name not in body


@pytest.mark.parametrize("role", ["board_member", "superuser"])
def test_the_admin_shows_no_details(world, client, role):
    user = world["users"][role]
    pages = [
        reverse("admin:index"),
        reverse("admin:app_list", args=["disputes"]),
        reverse("admin:disputes_case_changelist"),
        reverse("admin:disputes_internaldifferencenotice_changelist"),
    ]
    case_pages = []
    for case in world["cases"]:
        case_pages += [
            reverse("admin:disputes_case_change", args=[case.pk]),
            reverse("admin:disputes_case_history", args=[case.pk]),
        ]
        case_pages += [
            reverse("admin:disputes_case_simple_history", args=[case.pk, record.history_id])
            for record in case.history.all()
        ]
    acting = [str(world["users"][name]) for name in ("vcs_admin", "vcs_member", "council_officer")]
    for url in case_pages:
        page = text_of(get(client, user, url))
        # Who filed or moved a case would identify the parties.
        assert not any(name in page for name in acting), url
    for url in pages + case_pages:
        response = get(client, user, url)
        assert response.status_code == 200, url
        page = text_of(response)
        assert MARKER not in page, url
        assert world["full"].complainant.name not in page or "internaldifferencenotice" in url, url


@pytest.mark.parametrize("role", ["board_member", "superuser"])
def test_the_admin_search_finds_nothing_by_confidential_text(world, client, role):
    user = world["users"][role]
    changelist = reverse("admin:disputes_case_changelist")
    for query in (MARKER, marked("concern"), "CONFIDENTIAL", world["full"].complainant.name):
        page = text_of(get(client, user, changelist, q=query))
        assert "0 results" in page, query
    assert "1 result" in text_of(get(client, user, changelist, q=str(world["full"].pk)))


def test_the_confidential_models_have_no_admin():
    for model in (
        "stagemove",
        "formalconcern",
        "respondentresponse",
        "referralletter",
        "panel",
        "panelmember",
        "meeting",
        "representative",
        "signposting",
        "attachment",
        "conflictdeclaration",
        "outcomeacceptance",
        "historicalcase",
    ):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:disputes_{model}_changelist")


def test_the_board_cannot_change_cases_in_the_admin(world, client):
    response = get(
        client, world["users"]["board_member"], reverse("admin:disputes_case_change", args=[world["full"].pk])
    )
    assert 'name="_save"' not in text_of(response)
    assert get(client, world["users"]["board_member"], reverse("admin:disputes_case_add")).status_code == 403


def test_the_audit_history_does_not_hold_the_details(world):
    for case in world["cases"]:
        records = list(case.history.all())
        assert len(records) >= 3
        for record in records:
            values = {f.attname: getattr(record, f.attname) for f in record._meta.fields}
            assert not any(MARKER in str(value) for value in values.values())
            assert not {"what_happened", "complainant_id", "respondent_id"} & values.keys()
        assert {r.stage for r in records} >= {"informal", "stage_1", "stage_2"}


def test_emails_say_there_is_an_update_and_nothing_more(world):
    emails = world["emails"]
    assert emails, "the procedure sends emails"
    for message in emails:
        parts = [message.subject, message.body] + [content for content, _ in message.alternatives]
        assert not any(MARKER in part for part in parts), message.subject
        assert not any(world["full"].respondent.name in part for part in parts[:1])
    updates = [m for m in emails if m.subject.startswith("Update on case")]
    assert updates and all("Sign in" in m.body for m in updates)
    board = world["users"]["board_member"].email
    to_board = [m for m in emails if board in m.to]
    assert any(f"Case {world['waiting'].pk}" in m.subject for m in to_board)
    for message in to_board:
        if "difference" in message.subject:
            continue  # a notice of a difference resolved internally is the board's to read
        assert world["full"].complainant.name not in message.body
        assert world["full"].respondent.name not in message.body


def test_logs_name_ids_only(world):
    assert "case " in world["logs"]
    assert MARKER not in world["logs"]


def test_deadline_titles_carry_only_the_case_number(world):
    found = [d for d in deadline_checks.open_deadlines() if d.kind.startswith("dispute_")]
    assert found
    for deadline in found:
        assert deadline.title.startswith(f"Case {world['waiting'].pk}: ")
        assert MARKER not in deadline.title and world["waiting"].complainant.name not in deadline.title


def test_the_annual_summary_identifies_no_case(world):
    from disputes.selectors import annual_summary

    summary = annual_summary(world["full"].compact, workdays.today().year)
    assert MARKER not in repr(summary)
    assert world["full"].complainant.name not in repr(summary)
    assert summary["total"] == 2


def test_every_confidential_field_was_marked(world):
    """If a new confidential field is added, plant a marker in it here too."""
    full = Case.objects.get(pk=world["full"].pk)
    assert all(MARKER in getattr(full, field) for field in Case.CONFIDENTIAL_FIELDS)
    assert all(MARKER in move.reason for move in full.moves.all()[1:])
    assert MARKER in full.formal_concern.text and MARKER in full.respondent_response.text
    assert MARKER in full.referral_letter.nature_of_difference and MARKER in full.referral_letter.what_has_been_tried
    assert MARKER in full.panel.compact_matter_reasons
    assert all(MARKER in m.notes for m in full.panel.meetings.all())
    assert all(MARKER in r.name and MARKER in r.supporting_organisation for r in full.representatives.all())
    assert all(MARKER in s.notes for s in full.signposts.all())
    assert all(MARKER in a.original_name for a in full.attachments.all())
    assert all(MARKER in c.reason for c in full.conflicts.all())
