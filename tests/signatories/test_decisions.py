"""The board decides an application on its own page: a confirmation that says what will happen
and who is told, then the decision through signatories.services."""

from django.core import mail
from django.urls import reverse

from signatories.models import Organisation
from tests import factories


def _applied(compact):
    return factories.OrganisationFactory(
        compact=compact,
        name="Riverside Youth Club",
        status=Organisation.Status.APPLIED,
        contact_email="hello@youthclub.example.org",
    )


def test_approving_asks_first_and_names_who_will_be_told(
    client, compact, edition, board_member, django_capture_on_commit_callbacks
):
    applicant = _applied(compact)
    client.force_login(board_member)
    url = reverse("signatories:approve_application", args=[applicant.pk])
    page = client.get(url).content.decode()
    assert "Approve the application from Riverside Youth Club" in page and "hello@youthclub.example.org" in page
    assert Organisation.objects.get(pk=applicant.pk).status == Organisation.Status.APPLIED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Approved the application from Riverside Youth Club" in response.content.decode()
    assert Organisation.objects.get(pk=applicant.pk).status == Organisation.Status.APPROVED
    assert mail.outbox[-1].to == ["hello@youthclub.example.org"]


def test_declining_needs_a_reason_which_is_emailed(
    client, compact, edition, board_member, django_capture_on_commit_callbacks
):
    applicant = _applied(compact)
    client.force_login(board_member)
    url = reverse("signatories:decline_application", args=[applicant.pk])
    refused = client.post(url, {"reason": "  "}).content.decode()
    assert "Enter the reason for declining" in refused
    assert Organisation.objects.get(pk=applicant.pk).status == Organisation.Status.APPLIED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "The group works outside the area of the Compact."})
    declined = Organisation.objects.get(pk=applicant.pk)
    assert declined.status == Organisation.Status.DECLINED and declined.decided_by == board_member
    assert "The group works outside the area of the Compact." in mail.outbox[-1].body


def test_a_decided_application_is_not_decided_again(client, compact, edition, board_member, vcs_organisation):
    client.force_login(board_member)
    page = client.post(reverse("signatories:approve_application", args=[vcs_organisation.pk])).content.decode()
    assert "is signed, not waiting for a decision" in page
    assert Organisation.objects.get(pk=vcs_organisation.pk).status == Organisation.Status.SIGNED


def test_the_applications_list_links_to_each_decision(client, compact, edition, board_member):
    applicant = _applied(compact)
    client.force_login(board_member)
    page = client.get(reverse("signatories:applications")).content.decode()
    assert reverse("signatories:approve_application", args=[applicant.pk]) in page
    assert reverse("signatories:decline_application", args=[applicant.pk]) in page


def test_the_admin_change_form_links_to_the_decisions(client, compact, edition, board_member):
    applicant = _applied(compact)
    client.force_login(board_member)
    page = client.get(reverse("admin:signatories_organisation_change", args=[applicant.pk])).content.decode()
    assert reverse("signatories:approve_application", args=[applicant.pk]) in page
    assert reverse("signatories:decline_application", args=[applicant.pk]) in page


def test_a_compact_reads_naturally_in_a_sentence(compact):
    compact.name = "The Riverside Compact"
    assert compact.the_name == "the Riverside Compact"
    compact.name = "Riverside Compact"
    assert compact.the_name == "the Riverside Compact"
