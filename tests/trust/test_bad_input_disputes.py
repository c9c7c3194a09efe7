"""Breach concern forms driven with generated awkward input, each as the person allowed to use
it and at the stage where it is live: raising a concern with documents, notifying a difference,
accepting, moving on, responding, referring, convening, the panel's forms, representatives,
signposting, the outcome and adding documents. No server error, every rejection says what is
wrong, nothing half-saved."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from compact_portal import workdays
from disputes import services
from disputes.models import (
    Attachment,
    Case,
    ConflictDeclaration,
    FormalConcern,
    InternalDifferenceNotice,
    Meeting,
    Outcome,
    OutcomeAcceptance,
    Panel,
    PanelMember,
    ReferralLetter,
    Representative,
    RespondentResponse,
    Signposting,
    Stage,
    StageMove,
)
from disputes.stages import FORM_OUTCOMES
from disputes.validators import ALLOWED_TYPES
from tests.disputes import helpers

from .posting import changed, counts, fetch, rolled_back, saved_or_rejected, submit
from .strategies import (
    AWKWARD,
    awkward_choices,
    awkward_dates,
    awkward_multiple,
    crafted,
    crafted_files,
    formatted,
    text_or_awkward,
)

RECORDS = (
    Case,
    Attachment,
    ConflictDeclaration,
    FormalConcern,
    InternalDifferenceNotice,
    Meeting,
    OutcomeAcceptance,
    Panel,
    PanelMember,
    ReferralLetter,
    Representative,
    RespondentResponse,
    Signposting,
    StageMove,
)


def mostly(valid, awkward):
    return st.one_of(st.just(str(valid)), st.just(str(valid)), st.just(str(valid)), awkward)


def _state(case) -> dict:
    """The case, its panel and its meetings as the forms could change them."""
    fresh = Case.objects.get(pk=case.pk)
    panel = fresh.panel_or_none()
    return {
        "case": model_to_dict(fresh),
        "panel": model_to_dict(panel) if panel else None,
        "meetings": list(Meeting.objects.filter(panel__case=fresh).order_by("pk").values()),
    }


def drive(client, url, values, files=None, *, case=None, saves=None):
    """Post once. A rejection changes no row and leaves the case as it was; a save changes
    exactly the rows `saves(values, files)` says (model name: rows added)."""
    before, before_state = counts(*RECORDS), _state(case) if case else None
    if saved_or_rejected(submit(client, url, values, files)):
        expected = saves(values, files) if callable(saves) else saves
        assert changed(before, *RECORDS) == expected
        return True
    assert changed(before, *RECORDS) == {}
    if case:
        assert _state(case) == before_state
    return False


def sent(uploads) -> int:
    """How many files a browser really sends: a part without a file name is no file."""
    return sum(1 for upload in uploads if upload.name)


FILING_PAGES = {
    "organisation": ("complainant", "respondent"),
    "undertakings": ("undertakings_",),
    "what-happened": ("what_happened", "what_has_been_tried", "outcome_hoped_for"),
    "documents": (),
    "stage": ("starting_stage",),
}


def _undertaking_fields(edition, valid_pks):
    return {f"undertakings_{section.pk}": awkward_multiple(*valid_pks) for section in edition.sections.all()}


@pytest.fixture
def compact_matter_case(convened_case, seats):
    services.decide_compact_matter(
        case=convened_case, by=seats[0].user, concerns_compact_undertakings=True, reasons="About the funding promise."
    )
    return Case.objects.get(pk=convened_case.pk)


@pytest.mark.django_db
def test_file_concern_with_crafted_documents(
    client, edition, vcs_organisation, council, other_vcs_organisation, vcs_admin
):
    client.force_login(vcs_admin)
    undertakings = [u.pk for section in edition.sections.all() for u in section.undertakings.all()]

    def saves(values, files):
        return {
            "Case": 1,
            "StageMove": 1,
            **({"FormalConcern": 1} if values["starting_stage"] == Stage.STAGE_1 else {}),
            **({"Attachment": sent(files["attachments"])} if files and sent(files["attachments"]) else {}),
        }

    @given(
        values=st.fixed_dictionaries(
            {
                "complainant": mostly(vcs_organisation.pk, awkward_choices(vcs_organisation.pk)),
                "respondent": awkward_choices(council.pk, other_vcs_organisation.pk, vcs_organisation.pk),
                **_undertaking_fields(edition, undertakings),
                "what_happened": text_or_awkward("The council cut our grant without consulting us."),
                "what_has_been_tried": text_or_awkward("A meeting with the grants officer."),
                "outcome_hoped_for": text_or_awkward("A proper consultation."),
                "starting_stage": awkward_choices(Stage.INFORMAL, Stage.STAGE_1),
            }
        ),
        attachments=st.lists(crafted_files(), max_size=3),
    )
    @example(
        values={
            "complainant": str(vcs_organisation.pk),
            "respondent": str(council.pk),
            f"undertakings_{edition.sections.first().pk}": [str(undertakings[0])],
            "what_happened": "A cut.",
            "what_has_been_tried": "A meeting.",
            "outcome_hoped_for": "A consultation.",
            "starting_stage": "stage_1",
        },
        attachments=[crafted("valid pdf"), crafted("valid png")],
    )
    def check(values, attachments):
        # The question pages one after another, then the check page: a page that refuses its
        # answers says why, and nothing is saved unless the whole concern is confirmed.
        with rolled_back():
            files = {"attachments": attachments} if attachments else None
            before = counts(*RECORDS)
            for slug, names in FILING_PAGES.items():
                sent = {name: value for name, value in values.items() if name in names or name.startswith(names)}
                response = submit(
                    client, reverse("disputes:file_question", args=[slug]), sent, files if slug == "documents" else None
                )
                if response.status_code != 302:
                    saved_or_rejected(response)
            response = submit(client, reverse("disputes:file_check"), {})
            if response.status_code == 302 and response["Location"] == reverse("disputes:file_done"):
                assert changed(before, *RECORDS) == saves(values, files)
                for document in Attachment.objects.filter(case=Case.objects.latest("pk")):
                    assert document.content_type in ALLOWED_TYPES
                    assert "\x00" not in document.original_name and "/" not in document.original_name
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_notify_difference_form(client, edition, vcs_organisation, vcs_admin):
    client.force_login(vcs_admin)
    url = reverse("disputes:notify_difference")
    undertakings = [u.pk for section in edition.sections.all() for u in section.undertakings.all()]

    @given(
        values=st.fixed_dictionaries(
            {
                "organisation": mostly(vcs_organisation.pk, awkward_choices(vcs_organisation.pk)),
                **_undertaking_fields(edition, undertakings),
                "summary": text_or_awkward("A late payment, settled at a meeting."),
                "resolved_on": awkward_dates(workdays.today()),
            }
        )
    )
    def check(values):
        with rolled_back():
            drive(client, url, values, saves={"InternalDifferenceNotice": 1})

    check()


@pytest.mark.django_db
def test_acceptance_form(client, case, vcs_organisation, council, vcs_admin):
    client.force_login(vcs_admin)
    url = reverse("disputes:accept", args=[case.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "organisation": mostly(vcs_organisation.pk, awkward_choices(vcs_organisation.pk, council.pk)),
                "accepts": awkward_choices("yes", "no"),
            }
        )
    )
    def check(values):
        with rolled_back():
            drive(client, url, values, case=case, saves={"OutcomeAcceptance": 1})

    check()


@pytest.mark.django_db
def test_escalate_form(client, case, vcs_admin):
    helpers.decline(case, vcs_admin)
    client.force_login(vcs_admin)
    url = reverse("disputes:escalate", args=[case.pk])

    @given(
        values=st.fixed_dictionaries(
            {"concern": text_or_awkward("Our formal concern."), "reason": text_or_awkward("Talking did not help.")}
        )
    )
    def check(values):
        with rolled_back():
            drive(client, url, values, case=case, saves={"FormalConcern": 1, "StageMove": 1})

    check()


@pytest.mark.django_db
def test_respondent_response_form(client, stage_1_case, council_officer):
    client.force_login(council_officer)
    url = reverse("disputes:respond", args=[stage_1_case.pk])

    @given(values=st.fixed_dictionaries({"text": text_or_awkward("Our complaints procedure found no breach.")}))
    def check(values):
        with rolled_back():
            drive(client, url, values, case=stage_1_case, saves={"RespondentResponse": 1})

    check()


@pytest.mark.django_db
def test_referral_form(client, stage_1_case, undertaking, council, vcs_organisation, council_officer):
    helpers.decline(stage_1_case, council_officer)
    client.force_login(council_officer)
    url = reverse("disputes:refer", args=[stage_1_case.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "organisation": mostly(council.pk, awkward_choices(council.pk, vcs_organisation.pk)),
                "undertakings": awkward_multiple(undertaking.pk),
                "nature_of_difference": text_or_awkward("Whether notice was given."),
                "what_has_been_tried": text_or_awkward("Stage 1."),
                "reason": text_or_awkward("Stage 1 failed."),
            }
        )
    )
    @example(
        values={
            "organisation": str(council.pk),
            "undertakings": [str(undertaking.pk)],
            "nature_of_difference": "Notice.",
            "what_has_been_tried": "Stage 1.",
            "reason": "Stage 1 failed.",
        }
    )
    def check(values):
        with rolled_back():
            drive(client, url, values, case=stage_1_case, saves={"ReferralLetter": 1, "StageMove": 1})

    check()


@pytest.mark.django_db
def test_convene_form(client, referred_case, seats, board_member):
    extra = helpers.resolution_group(referred_case.compact, referred_case.referral_received_on.year, public=1, vcs=1)
    client.force_login(board_member)
    url = reverse("disputes:convene", args=[referred_case.pk])

    @given(values=st.fixed_dictionaries({"seats": awkward_multiple(*[seat.pk for seat in seats + extra])}))
    @example(values={"seats": [str(seat.pk) for seat in seats]})
    def check(values):
        with rolled_back():
            drive(client, url, values, case=referred_case, saves={"Panel": 1, "PanelMember": 4})

    check()


@pytest.mark.django_db
def test_declare_conflict_form(client, referred_case, seats):
    client.force_login(seats[0].user)
    url = reverse("disputes:declare_conflict", args=[referred_case.pk])

    @given(values=st.fixed_dictionaries({"reason": text_or_awkward("I am a trustee of the complainant.")}))
    def check(values):
        with rolled_back():
            drive(client, url, values, case=referred_case, saves={"ConflictDeclaration": 1})

    check()


@pytest.mark.django_db
def test_choose_chair_form(client, convened_case, seats, vcs_admin):
    client.force_login(seats[0].user)
    url = reverse("disputes:choose_chair", args=[convened_case.pk])

    @given(values=st.fixed_dictionaries({"chair": awkward_choices(*[seat.user_id for seat in seats], vcs_admin.pk)}))
    def check(values):
        with rolled_back():
            before = _state(convened_case)
            if drive(client, url, values, saves={}):
                assert _state(convened_case)["panel"]["chair"] == int(values["chair"])
            else:
                assert _state(convened_case) == before

    check()


@pytest.mark.django_db
def test_compact_matter_form(client, convened_case, seats):
    client.force_login(seats[0].user)
    url = reverse("disputes:compact_matter", args=[convened_case.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "concerns_compact_undertakings": awkward_choices("yes", "no"),
                "reasons": text_or_awkward("It is about the funding promise."),
                "outcome_summary": text_or_awkward("A difference about notice."),
            }
        )
    )
    def check(values):
        with rolled_back():
            closes = values["concerns_compact_undertakings"] == "no"
            drive(client, url, values, case=convened_case, saves={"StageMove": 1} if closes else {})

    check()


@pytest.mark.django_db
def test_meeting_forms(client, compact_matter_case, seats):
    panel_user = seats[0].user
    today = workdays.today()
    hearing = services.schedule_meeting(
        case=compact_matter_case,
        by=panel_user,
        kind=Meeting.Kind.HEARING,
        scheduled_on=compact_matter_case.referral_received_on,
    )
    client.force_login(panel_user)

    @given(
        edit=st.booleans(),
        values=st.fixed_dictionaries(
            {
                "kind": awkward_choices(*Meeting.Kind.values),
                "scheduled_on": awkward_dates(today, compact_matter_case.hearing_by),
                "notes": text_or_awkward("Both parties attended."),
            }
        ),
    )
    @example(
        edit=True,
        values={"kind": "", "scheduled_on": formatted(hearing.scheduled_on), "notes": "Both parties attended."},
    )
    @example(edit=False, values={"kind": "further", "scheduled_on": formatted(today), "notes": ""})
    def check(edit, values):
        with rolled_back():
            url = (
                reverse("disputes:meeting_edit", args=[compact_matter_case.pk, hearing.pk])
                if edit
                else reverse("disputes:meeting_add", args=[compact_matter_case.pk])
            )
            drive(client, url, values, case=compact_matter_case, saves={} if edit else {"Meeting": 1})

    check()


@pytest.mark.django_db
def test_representatives_form(client, convened_case, vcs_organisation, council, vcs_admin):
    named = services.add_representative(
        case=convened_case, by=vcs_admin, organisation=vcs_organisation, name="Asha Patel"
    )
    client.force_login(vcs_admin)
    url = reverse("disputes:representatives", args=[convened_case.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "organisation": mostly(vcs_organisation.pk, awkward_choices(vcs_organisation.pk, council.pk)),
                "name": text_or_awkward("Sam Jones"),
                "from_supporting_organisation": awkward_choices("on", ""),
                "supporting_organisation": text_or_awkward("Testshire CVS"),
            },
            optional={"remove": awkward_choices(named.pk)},
        )
    )
    def check(values):
        with rolled_back():
            before = counts(*RECORDS)
            response = submit(client, url, values)
            if "remove" in values and response.status_code == 404:
                assert changed(before, *RECORDS) == {}  # no such representative of this case
            elif saved_or_rejected(response):
                assert changed(before, *RECORDS) == {"Representative": -1 if "remove" in values else 1}
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_signpost_form(client, compact_matter_case, seats, vcs_admin):
    panel_user = seats[0].user
    services.schedule_meeting(
        case=compact_matter_case,
        by=panel_user,
        kind=Meeting.Kind.HEARING,
        scheduled_on=compact_matter_case.referral_received_on,
    )
    helpers.decline(compact_matter_case, vcs_admin)
    client.force_login(panel_user)
    url = reverse("disputes:signpost", args=[compact_matter_case.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "resources": awkward_multiple(*Signposting.Resource.values),
                "notes": text_or_awkward("Call the mediation scheme."),
                "reason": text_or_awkward("The hearing did not resolve it."),
            }
        )
    )
    def check(values):
        with rolled_back():
            chosen = len(set(values["resources"]))
            drive(client, url, values, case=compact_matter_case, saves={"Signposting": chosen, "StageMove": 1})

    check()


@pytest.mark.django_db
def test_outcome_form(client, case, vcs_admin):
    client.force_login(vcs_admin)
    url = reverse("disputes:outcome", args=[case.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "outcome": awkward_choices(*FORM_OUTCOMES),
                "outcome_summary": text_or_awkward("A difference about notice, withdrawn."),
                "reason": text_or_awkward("We no longer wish to pursue it."),
            }
        )
    )
    def check(values):
        with rolled_back():
            if drive(client, url, values, saves={"StageMove": 1}):
                assert Case.objects.get(pk=case.pk).outcome == Outcome.WITHDRAWN

    check()


@pytest.mark.django_db
def test_add_documents_form(client, case, vcs_admin):
    client.force_login(vcs_admin)
    url = reverse("disputes:attachment_add", args=[case.pk])

    @given(
        files=st.lists(crafted_files(), max_size=4),
        extra=st.dictionaries(st.sampled_from(["files", "submit"]), AWKWARD),
    )
    def check(files, extra):
        with rolled_back():
            drive(
                client,
                url,
                extra,
                {"files": files} if files else None,
                case=case,
                saves=lambda values, _: {"Attachment": sent(files)},
            )

    check()


@pytest.mark.django_db
def test_case_lists_never_fail(client, case, board_member, vcs_admin):
    @given(
        user=st.sampled_from([board_member, vcs_admin]),
        page=st.sampled_from(["disputes:board_cases", "disputes:my_cases", "disputes:annual_summary"]),
        query=st.dictionaries(st.sampled_from(["stage", "page", "year", "compact"]), AWKWARD, max_size=3),
    )
    @example(user=board_member, page="disputes:annual_summary", query={"compact": "\x00", "year": "99999"})
    @example(user=board_member, page="disputes:board_cases", query={"stage": "\x00", "page": "\x00"})
    def check(user, page, query):
        client.force_login(user)
        response = fetch(client, reverse(page), query)
        assert response.status_code in (200, 404)

    check()
