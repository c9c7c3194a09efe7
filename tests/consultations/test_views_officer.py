"""A council officer's pages: the multi-step form, check your answers, launch, the management
page, consent, impact assessment, feedback and decision; other councils' officers get 404."""

from datetime import date

import pytest
from django.urls import reverse

from consultations.models import Consultation, ImpactAssessmentParticipation, ShortenedPeriodConsent
from tests.dates import boxes_kept, date_boxes

from .conftest import at, complete_assessment, reload
from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db
Status = Consultation.Status


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def travel(clock, client, user, day):
    """Move the clock; sign in again, as sessions expire over months."""
    clock.move_to(at(day))
    client.force_login(user)


def step_url(consultation, step):
    return reverse("consultations:edit", args=[consultation.pk, step])


def errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()] + [
        f"{name}: {message}"
        for name, messages in response.context["form"].errors.items()
        if name != "__all__"
        for message in messages
    ]


def test_officer_starts_and_launches_a_funding_reduction_consultation(
    officer_client, council, vcs_organisation, agreement, mailoutbox, django_capture_on_commit_callbacks
):
    response = officer_client.get(reverse("consultations:start"))
    assert "step 1 of 5" in response.content.decode()
    response = officer_client.post(
        reverse("consultations:start"),
        {"owner": council.pk, "kind": "funding_reduction", "title": "Community transport grant"},
    )
    consultation = Consultation.objects.get()
    assert response.url == step_url(consultation, "affected")
    assert (consultation.owner, consultation.status, consultation.created_by) == (
        council,
        "draft",
        council.memberships.get().user,
    )

    response = officer_client.post(
        step_url(consultation, "affected"),
        {"version": 1, "affected_organisations": [vcs_organisation.pk], "affected_agreements": [agreement.pk]},
    )
    assert response.url == step_url(consultation, "proposal")
    response = officer_client.post(
        step_url(consultation, "proposal"),
        {
            "version": 2,
            "proposal": "Reduce it.",
            "criteria": "Cost per journey.",
            "revised_outcomes": "4,000 journeys.",
        },
    )
    assert response.url == step_url(consultation, "dates")
    response = officer_client.post(
        step_url(consultation, "dates"), {"version": 3, "opens_on": "2/2/2026", "closes_on": ""}
    )
    assert response.url == reverse("consultations:check", args=[consultation.pk])

    consultation = reload(consultation)
    assert (consultation.opens_on, consultation.closes_on) == (date(2026, 2, 2), date(2026, 4, 27))
    page = officer_client.get(reverse("consultations:check", args=[consultation.pk])).content.decode()
    assert "Check your answers" in page and "Community transport" in page and "27 April 2026" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("consultations:check", args=[consultation.pk]), {"version": consultation.version, "launch": "1"}
        )
    assert response.url == reverse("consultations:manage", args=[consultation.pk])
    assert reload(consultation).status == Status.OPEN
    assert mailoutbox


def test_input_is_kept_across_steps_and_on_change_links(officer_client, draft):
    page = officer_client.get(step_url(draft, "proposal")).content.decode()
    assert draft.proposal in page and draft.criteria in page
    response = officer_client.post(
        step_url(draft, "kind") + "?next=check",
        {"version": draft.version, "kind": "funding_reduction", "title": "Renamed"},
    )
    assert response.url == reverse("consultations:check", args=[draft.pk])
    dates = officer_client.get(step_url(draft, "dates")).content.decode()
    assert boxes_kept(dates, "opens_on", "2/2/2026") and boxes_kept(dates, "closes_on", "27/4/2026")


def test_save_as_draft_keeps_it_private(officer_client, draft, client):
    response = officer_client.post(
        reverse("consultations:check", args=[draft.pk]), {"version": draft.version, "save_draft": "1"}
    )
    assert response.url == reverse("consultations:mine")
    assert reload(draft).status == Status.DRAFT


@pytest.mark.parametrize(
    "data, message",
    [
        ({"opens_on": "31/2/2026"}, "opens_on: The opening date must be a real date"),
        ({"opens_on": "next/tuesday/2026"}, "opens_on: The opening date must be a real date"),
        ({"opens_on": "2//2026"}, "opens_on: The opening date must include a month"),
        ({"opens_on": ""}, "opens_on: Enter the date the consultation opens"),
        ({"opens_on": "1/2/2026"}, "opens_on: Enter an opening date that is today or in the future"),
        ({"closes_on": "1/2/2026"}, "closes_on: Enter a close date after the start date"),
        (
            {"closes_on": "16/3/2026", "shortened_reason": "Budget"},
            "closes_on: A consultation must run for at least 8 weeks, even with the agreement of the organisations "
            "affected: "
            "close it on 30 March 2026 or later",
        ),
        (
            {"closes_on": "30/3/2026"},
            "shortened_reason: Give the reason for the shorter period; it is published with the consultation",
        ),
    ],
)
def test_bad_dates_are_refused_plainly_and_input_is_kept(officer_client, draft, data, message):
    typed = {"opens_on": "2/2/2026", "closes_on": "", **{k: v for k, v in data.items() if k.endswith("_on")}}
    posted = {"version": draft.version, "shortened_reason": "", **data}
    for name, value in typed.items():
        posted.pop(name, None)
        posted.update(date_boxes(name, value))
    response = officer_client.post(step_url(draft, "dates"), posted)
    assert response.status_code == 200
    assert message in errors(response)
    page = response.content.decode()
    assert "There is a problem" in page
    for name, value in data.items():
        if name.endswith("_on"):
            assert boxes_kept(page, name, value)
        elif value:
            assert value in page
    assert reload(draft).version == draft.version


def test_shortened_period_with_reason_is_saved_and_needs_consent_to_launch(officer_client, draft, vcs_organisation):
    response = officer_client.post(
        step_url(draft, "dates"),
        {
            "version": draft.version,
            "opens_on": "2/2/2026",
            "closes_on": "30/3/2026",
            "shortened_reason": "Budget set in April",
        },
    )
    assert response.status_code == 302
    page = officer_client.get(reverse("consultations:check", args=[draft.pk])).content.decode()
    assert "Still needed from: Testshire Community Action" in page
    assert "Testshire Community Action must agree" in page
    assert "Launch the consultation</button>" not in page

    consultation = reload(draft)
    posted = {
        "version": consultation.version,
        "organisation": vcs_organisation.pk,
        "given_by": "Asha Patel, Chief executive",
        "given_on": "28/1/2026",
        "reason": "",
    }
    response = officer_client.post(reverse("consultations:consent", args=[draft.pk]), posted)
    assert "reason: Give the reason you are recording this on the organisation's behalf" in errors(response)
    response = officer_client.post(
        reverse("consultations:consent", args=[draft.pk]),
        {**posted, "reason": "Agreed at the forum meeting; no admin on the portal"},
    )
    assert response.url == reverse("consultations:manage", args=[draft.pk])
    consent = ShortenedPeriodConsent.objects.get()
    assert (consent.on_behalf, consent.on_behalf_reason) == (
        True,
        "Agreed at the forum meeting; no admin on the portal",
    )
    page = officer_client.get(reverse("consultations:check", args=[draft.pk])).content.decode()
    assert "Every organisation affected has agreed" in page
    assert "Launch the consultation</button>" in page


def test_consent_after_the_outset_is_refused(officer_client, draft, vcs_organisation):
    response = officer_client.post(
        reverse("consultations:consent", args=[draft.pk]),
        {
            "version": draft.version,
            "organisation": vcs_organisation.pk,
            "given_by": "A",
            "given_on": "3/2/2026",
            "reason": "Agreed by telephone",
        },
    )
    assert response.status_code == 200
    assert not ShortenedPeriodConsent.objects.exists()


def test_holiday_warning_offers_a_corrected_date_the_officer_can_accept(officer_client, officer, draft, clock):
    travel(clock, officer_client, officer, date(2026, 10, 1))
    posted = {"version": draft.version, "opens_on": "2/11/2026", "closes_on": "", "shortened_reason": ""}
    response = officer_client.post(step_url(draft, "dates"), posted)
    page = response.content.decode()
    assert "runs over the Christmas holidays" in page
    assert "Close on 9 February 2027 (recommended)" in page and "Keep 25 January 2027" in page
    assert (
        "holiday_choice: Choose whether to close on 9 February 2027 to make up for the Christmas holidays, or to "
        "keep 25 January 2027" in errors(response)
    )

    response = officer_client.post(step_url(draft, "dates"), {**posted, "holiday_choice": "corrected"})
    assert response.status_code == 302
    consultation = reload(draft)
    assert (consultation.closes_on, consultation.holiday_extension_days) == (date(2027, 2, 9), 15)
    check = officer_client.get(reverse("consultations:check", args=[draft.pk])).content.decode()
    assert "Includes 15 days for holiday periods" in check
    assert "which the Compact asks consultations to avoid" not in check
    # Coming back to the step shows the date asked for with the correction still chosen.
    again = officer_client.get(step_url(draft, "dates")).content.decode()
    assert boxes_kept(again, "closes_on", "25/1/2027") and 'value="corrected"' in again and "checked" in again


def test_holiday_warning_can_be_declined_with_a_reason(officer_client, officer, draft, clock):
    travel(clock, officer_client, officer, date(2026, 10, 1))
    posted = {
        "version": draft.version,
        "opens_on": "2/11/2026",
        "closes_on": "",
        "shortened_reason": "",
        "holiday_choice": "keep",
    }
    response = officer_client.post(step_url(draft, "dates"), posted)
    assert response.status_code == 200
    assert (
        "holiday_reason: Give the reason for keeping 25 January 2027 over the Christmas holidays; it is published "
        "with the consultation" in errors(response)
    )
    assert reload(draft).closes_on != date(2027, 1, 25)

    response = officer_client.post(
        step_url(draft, "dates"), {**posted, "holiday_reason": "The grant ends in March; drop-in sessions in January"}
    )
    assert response.status_code == 302
    consultation = reload(draft)
    assert (consultation.closes_on, consultation.holiday_extension_days) == (date(2027, 1, 25), 0)
    assert consultation.holiday_reason == "The grant ends in March; drop-in sessions in January"
    check = officer_client.get(reverse("consultations:check", args=[draft.pk])).content.decode()
    assert "which the Compact asks consultations to avoid" in check
    assert "The grant ends in March; drop-in sessions in January" in check


def test_holiday_reason_is_not_kept_when_the_later_date_is_chosen(officer_client, officer, draft, clock):
    travel(clock, officer_client, officer, date(2026, 10, 1))
    posted = {"version": draft.version, "opens_on": "2/11/2026", "closes_on": "", "shortened_reason": ""}
    officer_client.post(step_url(draft, "dates"), {**posted, "holiday_choice": "corrected", "holiday_reason": "x"})
    assert reload(draft).holiday_reason == ""


def test_holiday_warning_follows_the_compacts_own_periods(officer_client, officer, draft, clock):
    # The board of this compact keeps an October half term and no Christmas holidays.
    draft.compact.holiday_periods.all().delete()
    draft.compact.holiday_periods.create(
        name="October half term", starts_on=date(2026, 10, 26), ends_on=date(2026, 10, 30)
    )
    travel(clock, officer_client, officer, date(2026, 10, 1))
    posted = {"version": draft.version, "opens_on": "12/10/2026", "closes_on": "", "shortened_reason": ""}
    page = officer_client.post(step_url(draft, "dates"), posted).content.decode()
    assert "runs over the October half term" in page
    posted["opens_on"] = "2/11/2026"
    response = officer_client.post(step_url(draft, "dates"), posted)
    assert response.status_code == 302
    assert reload(draft).closes_on == date(2027, 1, 25)


def test_two_officers_editing_do_not_overwrite_each_other(client, officer, second_officer, draft):
    client.force_login(officer)
    client.post(
        step_url(draft, "proposal"),
        {"version": 1, "proposal": "First officer's text", "criteria": "c", "revised_outcomes": "o"},
    )
    client.force_login(second_officer)
    response = client.post(
        step_url(draft, "proposal"),
        {"version": 1, "proposal": "Second officer's text", "criteria": "c", "revised_outcomes": "o"},
    )
    assert response.status_code == 200
    assert reload(draft).proposal == "First officer's text"
    page = response.content.decode()
    assert "after you opened this page, so your changes have not been saved" in page
    assert "Second officer&#x27;s text" in page
    assert 'name="version" value="2"' in page
    # Saving again, having seen the warning, replaces the current version deliberately.
    client.post(
        step_url(draft, "proposal"),
        {"version": 2, "proposal": "Second officer's text", "criteria": "c", "revised_outcomes": "o"},
    )
    assert reload(draft).proposal == "Second officer's text"


def test_officer_of_another_council_gets_404_everywhere(client, other_officer, draft, journey):
    client.force_login(other_officer)
    for name in [
        "consultations:check",
        "consultations:manage",
        "consultations:consent",
        "consultations:impact_assessment",
        "consultations:feedback",
        "consultations:decision",
    ]:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    assert client.get(step_url(draft, "dates")).status_code == 404
    assert (
        client.post(step_url(draft, "kind"), {"version": 1, "kind": "other_policy", "title": "Hijacked"}).status_code
        == 404
    )
    assert client.get(reverse("consultations:detail", args=[draft.pk])).status_code == 404
    journey.launch(draft)
    assert client.post(reverse("consultations:transition", args=[draft.pk, "close"]), {"version": 2}).status_code == 404
    assert client.get(reverse("consultations:detail", args=[draft.pk])).status_code == 200


def test_launched_consultation_details_cannot_be_edited(officer_client, draft, journey):
    journey.launch(draft)
    response = officer_client.get(step_url(draft, "dates"))
    assert response.url == reverse("consultations:manage", args=[draft.pk])


def test_unknown_step_is_404(officer_client, draft):
    assert officer_client.get(step_url(draft, "nonsense")).status_code == 404


def test_manage_page_shows_each_move_and_why_it_is_not_available(officer_client, draft, journey):
    journey.launch(draft)
    page = officer_client.get(reverse("consultations:manage", args=[draft.pk])).content.decode()
    assert "Close the consultation" in page
    assert "Not yet:</strong> The consultation is open until the end of 27 April 2026" in page


def test_transition_page_confirms_and_refuses_plainly(officer_client, officer, draft, journey, clock):
    journey.launch(draft)
    url = reverse("consultations:transition", args=[draft.pk, "close"])
    page = officer_client.get(url).content.decode()
    assert "This cannot be done yet." in page
    response = officer_client.post(url, {"version": reload(draft).version})
    assert "It can be closed from 28 April 2026." in errors(response)[0]
    travel(clock, officer_client, officer, date(2026, 4, 28))
    response = officer_client.post(url, {"version": reload(draft).version})
    assert response.url == reverse("consultations:manage", args=[draft.pk])
    assert reload(draft).status == Status.CLOSED


def test_unknown_transition_is_404_and_decide_goes_to_the_decision_form(officer_client, draft):
    assert officer_client.get(reverse("consultations:transition", args=[draft.pk, "explode"])).status_code == 404
    response = officer_client.get(reverse("consultations:transition", args=[draft.pk, "decide"]))
    assert response.url == reverse("consultations:decision", args=[draft.pk])


def test_impact_assessment_form(officer_client, draft, journey):
    journey.launch(draft)
    url = reverse("consultations:impact_assessment", args=[draft.pk])
    response = officer_client.post(
        url, {"version": reload(draft).version, "summary": "Fewer trips", "equalities": "", "completed_on": "1/2/2026"}
    )
    assert "equalities: Describe the equalities impact before marking the assessment complete" in errors(response)
    assert (
        "completed_on: The assessment is done jointly with the VCS: at least one affected organisation must "
        "agree to take part before it is marked complete"
    ) in errors(response)
    assert (
        "completed_on: The assessment is completed during the consultation: enter a date on or after it opened, "
        "2 February 2026"
    ) in errors(response)
    ImpactAssessmentParticipation.objects.create(
        consultation=draft,
        organisation=draft.affected_organisations.get(),
        answer="agreed",
        representative="Asha Patel",
        given_on=date(2026, 2, 2),
    )
    response = officer_client.post(
        url,
        {
            "version": reload(draft).version,
            "summary": "Fewer trips",
            "equalities": "Older people",
            "completed_on": "2/2/2026",
        },
    )
    assert response.status_code == 302
    assert reload(draft).impact_assessment.is_complete


def test_feedback_and_decision_forms_through_to_formal_notice(officer_client, draft, journey, officer, clock):
    journey.launch(draft)
    complete_assessment(draft, officer)
    feedback_url = reverse("consultations:feedback", args=[draft.pk])
    response = officer_client.post(
        feedback_url, {"version": reload(draft).version, "what_you_said": "", "what_we_did": ""}
    )
    assert "what_you_said: Summarise what the organisations said" in errors(response)
    officer_client.post(
        feedback_url,
        {
            "version": reload(draft).version,
            "what_you_said": "Keep medical trips",
            "what_we_did": "We kept them",
            "reviewed": "on",
        },
    )
    journey.close(draft)
    officer_client.force_login(officer)
    response = officer_client.post(
        reverse("consultations:transition", args=[draft.pk, "publish_feedback"]), {"version": reload(draft).version}
    )
    assert reload(draft).status == Status.FEEDBACK_PUBLISHED

    decision_url = reverse("consultations:decision", args=[draft.pk])
    page = officer_client.get(decision_url).content.decode()
    assert "at least 3 months (ideally 6 months)" in page
    base = {
        "version": reload(draft).version,
        "outcome": "proceed",
        "rationale": "Costs rose",
        "appeal_route": "Write to us",
        "decided_on": "28/4/2026",
        "financial_information": "",
        "notice_starts_on": "",
        "notice_length": "2",
        "exceptional_reason": "",
    }
    response = officer_client.post(decision_url, base)
    assert "financial_information: Enter the financial information given to the organisations" in errors(response)
    assert (
        "exceptional_reason: Formal notice must be at least 3 months (to 28 July 2026). Give less only in "
        "exceptional circumstances, and describe them"
    ) in errors(response)
    response = officer_client.post(decision_url, {**base, "decided_on": "29/4/2026"})
    assert "decided_on: Enter a decision date that is today or in the past" in errors(response)
    response = officer_client.post(decision_url, {**base, "notice_starts_on": "1/4/2026"})
    assert "notice_starts_on: Formal notice cannot start before the decision, made on 28 April 2026" in errors(response)
    response = officer_client.post(
        decision_url, {**base, "financial_information": "£22,500 a year", "notice_length": "4"}
    )
    assert response.url == reverse("consultations:manage", args=[draft.pk])
    consultation = reload(draft)
    assert consultation.status == Status.NOTICE_PERIOD
    assert consultation.decision.notice_ends_on == date(2026, 8, 28)
    detail = officer_client.get(reverse("consultations:detail", args=[draft.pk])).content.decode()
    assert "28 April 2026 to 28 August 2026" in detail and "Under the ideal of 6 months" in detail


def test_decision_form_explains_why_it_is_not_available_yet(officer_client, draft, journey):
    journey.launch(draft)
    page = officer_client.get(reverse("consultations:decision", args=[draft.pk])).content.decode()
    assert "Record the decision after the consultation has closed." in page
    assert "<form" not in page.split("</header>")[1].split("</main>")[0]


def test_other_policy_decision_has_no_notice_fields(officer_client, officer, council, vcs_organisation, journey):
    consultation = ConsultationFactory(owner=council, kind="other_policy", affected=[vcs_organisation])
    journey.to_feedback_published(consultation)
    officer_client.force_login(officer)
    form = officer_client.get(reverse("consultations:decision", args=[consultation.pk])).context["form"]
    assert "notice_length" not in form.fields and "financial_information" not in form.fields


def test_my_consultations_lists_drafts_for_the_officer(officer_client, draft):
    page = officer_client.get(reverse("consultations:mine")).content.decode()
    assert draft.title in page and "Start a consultation" in page


def test_my_consultations_shows_twenty_at_a_time_newest_first(officer_client, council, officer):
    made = [ConsultationFactory(owner=council, created_by=officer, title=f"Proposal {n:02d}") for n in range(25)]
    page = officer_client.get(reverse("consultations:mine")).content.decode()
    assert "Proposal 24" in page and "Proposal 05" in page and "Proposal 04" not in page
    assert 'href="?owned=2" rel="next"' in page and 'rel="prev"' not in page
    second = officer_client.get(reverse("consultations:mine") + "?owned=2").content.decode()
    assert all(f"Proposal {n:02d}" in second for n in range(5)) and "Proposal 05" not in second
    assert 'href="?owned=1" rel="prev"' in second and 'rel="next"' not in second
    assert officer_client.get(reverse("consultations:mine") + "?owned=nonsense").status_code == 200
    assert len(made) == 25


def test_officer_with_two_bodies_chooses_which_is_consulting(client, officer, compact, council):
    from signatories.models import Membership
    from tests import factories as base

    police = base.PublicBodyFactory(compact=compact, name="Testshire Police")
    Membership.objects.create(user=officer, organisation=police)
    client.force_login(officer)
    form = client.get(reverse("consultations:start")).context["form"]
    assert list(form.fields["owner"].queryset) == [council, police]
    response = client.post(reverse("consultations:start"), {"kind": "other_policy", "title": "Policing plan"})
    assert "owner: Choose the public body that is consulting" in errors(response)


def test_reviewed_feedback_goes_on_to_publishing_which_shows_the_text(officer_client, draft, journey, officer):
    journey.launch(draft)
    complete_assessment(draft, officer)
    journey.close(draft)
    officer_client.force_login(officer)
    feedback_url = reverse("consultations:feedback", args=[draft.pk])
    publish_url = reverse("consultations:transition", args=[draft.pk, "publish_feedback"])
    response = officer_client.post(
        feedback_url,
        {"version": reload(draft).version, "what_you_said": "Keep medical trips", "what_we_did": "We kept them"},
    )
    assert response.url == reverse("consultations:manage", args=[draft.pk])  # saved, not reviewed
    response = officer_client.post(
        feedback_url,
        {
            "version": reload(draft).version,
            "what_you_said": "Keep medical trips",
            "what_we_did": "We kept them",
            "reviewed": "on",
        },
    )
    assert response.url == publish_url
    page = officer_client.get(publish_url).content.decode()
    assert "What will be published" in page and "We kept them" in page
    assert reload(draft).status == Status.CLOSED  # published only when confirmed
