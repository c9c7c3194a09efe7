"""A grant round end to end through the pages: an officer drafts it (the lead-in warned and
refused), opens it, signed organisations apply with a document, the officer closes it, decides
with reasons and announces; award letters, feedback and a funding agreement follow and the
award is published."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.models import FundingAgreement
from funding import lifecycle
from funding.models import GrantApplication, GrantRound
from tests import factories

from .conftest import LEAD_IN_CLOSES_ON, OPENS_ON, at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _details(**changes):
    data = {
        "title": "Community Chest 2026",
        "summary": "Small grants for local groups.",
        "eligibility": "Signed VCS organisations with an income under £250,000.",
        "criteria": "Need (40%), reach (30%), value for money (30%).",
        "amount_available": "20000",
        "opens_on": "2/2/2026",
        "closes_on": "27/4/2026",
        "short_lead_in_reason": "",
        "grants_start_on": "1/6/2026",
        "grants_end_on": "31/5/2029",
        "payment_timing": "advance",
    }
    data.update(changes)
    return data


@pytest.fixture
def grant_round(client, clock, council, council_officer):
    client.force_login(council_officer)
    response = client.post(reverse("funding:start"), {"funder": council.pk, "title": "Community Chest 2026"})
    grant_round = GrantRound.objects.get()
    assert response["Location"] == reverse("funding:edit", args=[grant_round.pk])
    return grant_round


def test_a_round_closing_before_the_lead_in_is_warned_and_refused_without_a_reason(client, grant_round):
    response = client.post(reverse("funding:edit", args=[grant_round.pk]), _details(closes_on="2/3/2026"))
    assert response.status_code == 200
    assert "Closing on 27 April 2026 keeps it" in response.content.decode()
    grant_round.refresh_from_db()
    assert grant_round.closes_on is None

    response = client.post(
        reverse("funding:edit", args=[grant_round.pk]),
        _details(closes_on="2/3/2026", short_lead_in_reason="Match funding must be spent by June."),
    )
    assert response.status_code == 302
    grant_round.refresh_from_db()
    assert grant_round.closes_on == date(2026, 3, 2)
    assert lifecycle.refusal(grant_round, "open") is None


def test_a_round_cannot_open_without_eligibility_and_criteria(client, grant_round):
    assert lifecycle.refusal(grant_round, "open") == (
        "Say who may apply and how applications will be assessed before opening the round."
    )


def test_a_round_from_call_to_award(
    client,
    clock,
    grant_round,
    council_officer,
    applicant,
    applicant_admin,
    second_applicant,
    second_admin,
    compact,
    django_capture_on_commit_callbacks,
):
    assert client.post(reverse("funding:edit", args=[grant_round.pk]), _details()).status_code == 302
    client.post(reverse("funding:transition", args=[grant_round.pk, "open"]))
    grant_round.refresh_from_db()
    assert grant_round.status == GrantRound.Status.OPEN
    assert "Community Chest 2026" in client.get(reverse("funding:list")).content.decode()

    # Only signed VCS organisations apply; an approved one that has not signed cannot.
    unsigned = factories.OrganisationFactory(compact=compact, status="approved")
    unsigned_member = factories.MembershipFactory(organisation=unsigned).user
    client.force_login(unsigned_member)
    assert client.get(reverse("funding:apply", args=[grant_round.pk])).status_code == 404

    client.force_login(applicant_admin)
    response = client.post(
        reverse("funding:apply", args=[grant_round.pk]),
        {
            "organisation": applicant.pk,
            "project_title": "Holiday hunger lunches",
            "project_summary": "Lunches in August.",
            "amount_requested": "12000",
            "attachment": SimpleUploadedFile("budget.pdf", PDF),
        },
    )
    application = GrantApplication.objects.get(organisation=applicant)
    assert response["Location"] == application.get_absolute_url()
    assert application.attachment_content_type == "application/pdf"
    assert client.get(reverse("funding:attachment", args=[application.pk])).status_code == 200
    client.force_login(second_admin)
    client.post(
        reverse("funding:apply", args=[grant_round.pk]),
        {
            "organisation": second_applicant.pk,
            "project_title": "Befriending",
            "project_summary": "Weekly visits.",
            "amount_requested": "9000",
        },
    )
    other = GrantApplication.objects.get(organisation=second_applicant)

    client.force_login(council_officer)
    assert (
        "Applications are open until the end of 27 April 2026"
        in client.get(reverse("funding:transition", args=[grant_round.pk, "close"])).content.decode()
    )
    clock.move_to(at(date(2026, 4, 28)))
    client.force_login(council_officer)  # sessions end after 12 hours
    client.post(reverse("funding:transition", args=[grant_round.pk, "close"]))
    grant_round.refresh_from_db()
    assert grant_round.status == GrantRound.Status.CLOSED
    assert "still to decide Asian Women" in lifecycle.refusal(grant_round, "announce").replace("&#x27;", "'")

    client.post(
        reverse("funding:decide", args=[application.pk]),
        {
            "assessment": "Strong need.",
            "outcome": "awarded",
            "amount_awarded": "12000",
            "reasons": "Meets every criterion.",
        },
    )
    client.post(
        reverse("funding:decide", args=[other.pk]),
        {
            "assessment": "Good, but reach is small.",
            "outcome": "unsuccessful",
            "reasons": "Reach scored lowest; apply again.",
        },
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:transition", args=[grant_round.pk, "announce"]))
    assert response.status_code == 302
    grant_round.refresh_from_db()
    assert grant_round.status == GrantRound.Status.DECIDED

    application.refresh_from_db()
    agreement = application.agreement
    assert agreement.recipient == applicant and agreement.amount == Decimal("12000")
    assert (agreement.starts_on, agreement.ends_on) == (date(2026, 6, 1), date(2029, 5, 31))
    assert agreement.kind == FundingAgreement.Kind.GRANT and agreement.payment_timing == "advance"
    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    assert (applicant_admin.email, "Grant awarded: Holiday hunger lunches") in subjects
    assert (second_admin.email, "Your application to Community Chest 2026: the outcome") in subjects
    feedback = next(m for m in mail.outbox if m.to == [second_admin.email])
    assert "Reach scored lowest" in feedback.body

    client.force_login(second_admin)
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Unsuccessful" in page and "Reach scored lowest" in page
    client.logout()
    public = client.get(grant_round.get_absolute_url()).content.decode()
    assert "Riverside Food Bank" in public and "Befriending" not in public


def test_decisions_are_private_until_announced(client, clock, grant_round, applicant, applicant_admin, council_officer):
    GrantRound.objects.filter(pk=grant_round.pk).update(
        status=GrantRound.Status.CLOSED,
        opens_on=OPENS_ON,
        closes_on=LEAD_IN_CLOSES_ON,
        amount_available=1000,
        grants_start_on=date(2026, 6, 1),
        grants_end_on=date(2027, 5, 31),
    )
    application = GrantApplication.objects.create(
        grant_round=grant_round,
        organisation=applicant,
        project_title="P",
        project_summary="S",
        amount_requested=500,
        outcome="unsuccessful",
        reasons="Not this time.",
    )
    client.force_login(applicant_admin)
    assert "Not this time" not in client.get(application.get_absolute_url()).content.decode()
