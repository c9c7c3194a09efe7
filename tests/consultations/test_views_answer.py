"""An affected organisation's admins answer, in the portal, what the consulting body asked: a
shorter period and taking part in the joint impact assessment. The officer sees the answers."""

from datetime import date

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import ImpactAssessmentParticipation, ShortenedPeriodConsent

from .conftest import reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(draft, officer):
    services.update_draft(
        consultation=draft,
        version=None,
        by=officer,
        fields={"closes_on": date(2026, 3, 30), "shortened_reason": "The budget is set in April"},
    )
    return ShortenedPeriodConsent.objects.get()


def answer_url(row):
    return reverse("consultations:answer", args=[row.question_slug, row.pk])


def test_the_admin_finds_the_question_on_your_consultations_and_agrees(client, asked, vcs_admin, draft):
    client.force_login(vcs_admin)
    page = client.get(reverse("consultations:mine")).content.decode()
    assert "Waiting for your organisation" in page and answer_url(asked) in page
    page = client.get(answer_url(asked)).content.decode()
    assert "asks to consult for less than 12 weeks" in page and "The budget is set in April" in page
    response = client.post(answer_url(asked), {"answer": "", "given_by": ""})
    assert response.status_code == 200 and "Choose yes or no" in response.content.decode()
    response = client.post(answer_url(asked), {"answer": "agree", "given_by": "Asha Patel, Chair"})
    assert response.url == answer_url(asked)
    assert (reload(asked).answer, reload(asked).answered_by) == ("agreed", vcs_admin)
    assert answer_url(asked) not in client.get(reverse("consultations:mine")).content.decode()


def test_the_officer_sees_who_has_answered_and_who_has_not(
    client, asked, vcs_admin, officer, draft, other_vcs_organisation
):
    draft.affected_organisations.add(other_vcs_organisation)
    services.answer_question(row=asked, by=vcs_admin, agree=False, given_by="Asha Patel, Chair")
    client.force_login(officer)
    page = client.get(reverse("consultations:manage", args=[draft.pk])).content.decode()
    assert "Refused</strong> on 2 February 2026 by Asha Patel, Chair" in page
    assert "Answered by the organisation in the portal" in page
    assert "Other Voluntary Group</td>" in page and "Not asked yet" in page


def test_a_member_who_is_not_an_admin_is_not_told_of_the_question(client, asked, vcs_member):
    client.force_login(vcs_member)
    assert client.get(answer_url(asked)).status_code == 404
    assert client.post(answer_url(asked), {"answer": "agree", "given_by": "A"}).status_code == 404
    assert reload(asked).answer == "asked"


def test_after_launch_the_answer_stands(client, asked, vcs_admin, draft, officer, journey):
    services.record_consent(
        consultation=draft,
        version=None,
        by=officer,
        organisation=draft.affected_organisations.get(),
        given_by="Asha Patel",
        given_on=date(2026, 2, 1),
        reason="Agreed at the forum",
    )
    journey.launch(draft)
    client.force_login(vcs_admin)
    page = client.get(answer_url(ShortenedPeriodConsent.objects.get())).content.decode()
    assert "the answer given at the outset stands" in page and "Send your answer" not in page
    assert "on the organisation&#x27;s behalf (Agreed at the forum)" in page
    public = client.get(draft.get_absolute_url()).content.decode()
    assert "on the organisation&#x27;s behalf (Agreed at the forum)" in public
    timeline = client.get(reverse("consultations:timeline", args=[draft.pk])).content.decode()
    assert "on the organisation&#x27;s behalf (Agreed at the forum)" in timeline


def test_taking_part_in_the_impact_assessment_asked_and_answered(client, vcs_admin, officer, draft, journey):
    journey.launch(draft)
    client.force_login(officer)
    url = reverse("consultations:participation", args=[draft.pk])
    response = client.post(url, {"version": reload(draft).version, "ask": "1"})
    assert response.url == url
    row = ImpactAssessmentParticipation.objects.get()
    client.force_login(vcs_admin)
    response = client.post(answer_url(row), {"answer": "agree", "representative": "", "given_by": "Asha Patel"})
    assert "Enter the name and role of the person who will take part" in response.content.decode()
    client.post(answer_url(row), {"answer": "agree", "representative": "Ben Ode, Trustee", "given_by": "Asha Patel"})
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "Taking part: Ben Ode, Trustee" in page


def test_the_admin_finds_the_question_on_your_organisations(client, asked, vcs_admin, vcs_member):
    client.force_login(vcs_admin)
    page = client.get(reverse("signatories:dashboard")).content.decode()
    assert "Waiting for your answer" in page
    assert f'href="{answer_url(asked)}">A shorter consultation period: {asked.consultation.title}</a>' in page
    client.force_login(vcs_member)  # a member who is not an admin does not answer for it
    assert answer_url(asked) not in client.get(reverse("signatories:dashboard")).content.decode()
    services.answer_question(row=asked, by=vcs_admin, agree=True, given_by="Asha Patel, Chair")
    client.force_login(vcs_admin)
    page = client.get(reverse("signatories:dashboard")).content.decode()
    assert answer_url(asked) not in page and "Waiting for your answer" not in page


def test_a_question_about_the_impact_assessment_is_on_your_organisations_too(
    client, vcs_admin, officer, draft, journey
):
    journey.launch(draft)
    services.ask_to_take_part(consultation=reload(draft), version=reload(draft).version, by=officer)
    row = ImpactAssessmentParticipation.objects.get()
    client.force_login(vcs_admin)
    page = client.get(reverse("signatories:dashboard")).content.decode()
    assert f'href="{answer_url(row)}">Taking part in the joint impact assessment: {draft.title}</a>' in page


@pytest.mark.parametrize(("agree", "words"), [(True, "agrees"), (False, "does not agree")])
def test_the_officer_who_asked_is_emailed_the_answer(
    asked, vcs_admin, officer, agree, words, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(row=asked, by=vcs_admin, agree=agree, given_by="Asha Patel, Chair")
    [email] = [m for m in mailoutbox if m.to == [officer.email]]
    organisation = asked.organisation.name
    assert email.subject == f"{organisation} {words} to a shorter consultation: {asked.consultation.title}"
    assert f"{organisation} {words} to consulting on" in email.body and "Asha Patel, Chair" in email.body
    assert reverse("consultations:manage", args=[asked.consultation.pk]) in email.body
    assert ("cannot run for the shorter period" in email.body) is not agree


def test_the_officer_hears_who_will_take_part_in_the_impact_assessment(
    vcs_admin, officer, draft, journey, mailoutbox, django_capture_on_commit_callbacks
):
    journey.launch(draft)
    services.ask_to_take_part(consultation=reload(draft), version=reload(draft).version, by=officer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(
            row=ImpactAssessmentParticipation.objects.get(),
            by=vcs_admin,
            agree=True,
            given_by="Asha Patel",
            representative="Ben Ode, Trustee",
        )
    [email] = mailoutbox
    assert email.to == [officer.email]
    assert "will take part in the joint impact assessment" in email.body and "Ben Ode, Trustee" in email.body


def test_the_question_names_the_compact_as_it_reads_in_a_sentence(
    draft, officer, compact, mailoutbox, django_capture_on_commit_callbacks
):
    compact.name = "The Testshire Compact"
    compact.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_draft(
            consultation=draft,
            version=None,
            by=officer,
            fields={"closes_on": date(2026, 3, 30), "shortened_reason": "The budget is set in April"},
        )
    body = mailoutbox[-1].body
    assert "weeks the Testshire Compact sets" in body and "the The" not in body
