"""A VCS organisation registers, the board approves or declines it, and it signs."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from signatories import services
from signatories.models import Membership, Organisation
from tests import factories

VALID = {
    "name": "Northfield Lunch Club",
    "type": "community_group",
    "charity_number": "",
    "company_number": "",
    "address_line_1": "Village Hall",
    "address_line_2": "",
    "town": "Northfield",
    "postcode": "sn15 1er",
    "website": "",
    "contact_email": "lunch@example.org",
    "income_band": "under_10k",
    "area_of_benefit": "Northfield",
    "description": "Hot lunches for older people.",
}


QUESTIONS = {
    "organisation": ("name", "type"),
    "numbers": ("charity_number", "company_number"),
    "address": ("address_line_1", "address_line_2", "town", "postcode"),
    "work": ("area_of_benefit", "description", "income_band"),
    "contact": ("contact_email", "website"),
}


def answer_questions(client, **changes):
    """Answer each question page in turn; the page that refuses its answers, or the check page."""
    values = {**VALID, **changes}
    for slug, names in QUESTIONS.items():
        response = client.post(
            reverse("signatories:register_question", args=[slug]), {name: values[name] for name in names}
        )
        if response.status_code != 302:
            return response
    return client.get(reverse("signatories:register_check"))


def register(client, **changes):
    """Answer every question and send the application; the page it ends on."""
    answer_questions(client, **changes)
    return client.post(reverse("signatories:register_check"), follow=True)


@pytest.fixture
def applicant(db):
    return factories.UserFactory(full_name="Amy Applicant")


def test_registering_creates_an_application_and_makes_the_registrant_its_admin(
    client, compact, edition, applicant, board_member, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    organisation = Organisation.objects.get(name="Northfield Lunch Club")
    assert organisation.status == Organisation.Status.APPLIED
    assert organisation.sector == "vcs"
    assert organisation.postcode == "SN15 1ER"
    assert Membership.objects.get(organisation=organisation, user=applicant).role == Membership.Role.ADMIN
    assert "Application sent" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("signatories:register_done")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert applicant.email in recipients and board_member.email in recipients
    assert "What happens next" in mail.outbox[0].body


def test_applications_are_not_public(client, compact, applicant):
    organisation = services.register_organisation(
        user=applicant, organisation=Organisation(compact=compact, **{**VALID, "postcode": "SN15 1ER"})
    )
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert organisation.name not in client.get(reverse("signatories:directory")).content.decode()


def test_bad_postcode_and_charity_number_get_messages_and_keep_what_was_typed(client, compact, applicant):
    client.force_login(applicant)
    response = answer_questions(client, charity_number="12")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a registered charity number" in html and 'value="12"' in html
    html = answer_questions(client, postcode="NOT A CODE").content.decode()
    assert "Enter a real UK postcode" in html
    assert 'value="Village Hall"' in html and 'value="NOT A CODE"' in html
    assert client.get(reverse("signatories:register_check"))["Location"].startswith(
        reverse("signatories:register_question", args=["address"])
    )
    assert not Organisation.objects.filter(name="Northfield Lunch Club").exists()


def test_duplicate_charity_number_is_caught(client, compact, applicant):
    factories.OrganisationFactory(compact=compact, name="Existing Charity", charity_number="1123456")
    client.force_login(applicant)
    response = answer_questions(client, charity_number="1123456")
    assert "already registered with charity number 1123456" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_duplicate_name_and_postcode_is_caught_whatever_the_case(client, compact, applicant):
    factories.OrganisationFactory(compact=compact, name="Northfield Lunch Club", postcode="SN15 1ER")
    client.force_login(applicant)
    response = answer_questions(client, name="northfield lunch club")
    assert "is already registered at SN15 1ER" in response.content.decode()


def test_registration_needs_a_signed_in_verified_person(client, compact):
    response = client.get(reverse("signatories:register_question", args=["organisation"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def application(compact, edition, applicant):
    return services.register_organisation(
        user=applicant, organisation=Organisation(compact=compact, **{**VALID, "postcode": "SN15 1ER"})
    )


def test_board_approval_emails_the_applicant_with_the_signing_link(
    application, board_member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation=application, by=board_member)
    application.refresh_from_db()
    assert application.status == Organisation.Status.APPROVED
    assert application.decided_by == board_member
    assert reverse("signatories:sign", args=[application.slug]) in mail.outbox[0].body


def test_declining_needs_a_reason_which_is_emailed(application, board_member, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        services.decline_organisation(organisation=application, by=board_member, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_organisation(organisation=application, by=board_member, reason="Not based in the area")
    assert "Not based in the area" in mail.outbox[0].body
    assert Organisation.objects.get(pk=application.pk).status == Organisation.Status.DECLINED


def test_an_organisation_cannot_be_approved_twice(application, board_member):
    services.approve_organisation(organisation=application, by=board_member)
    with pytest.raises(ValidationError, match="not waiting for approval"):
        services.approve_organisation(organisation=application, by=board_member)


def test_an_unapproved_organisation_cannot_sign(client, application, applicant):
    client.force_login(applicant)
    response = client.get(reverse("signatories:sign", args=[application.slug]))
    assert "has to approve the organisation before it can sign" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.sign_compact(organisation=application, user=applicant, signatory_name="A", signatory_role="B")


def test_approved_organisation_signs_and_appears_in_the_directory(
    client, application, applicant, board_member, edition
):
    services.approve_organisation(organisation=application, by=board_member)
    client.force_login(applicant)
    response = client.post(
        reverse("signatories:sign", args=[application.slug]),
        {"signatory_name": "Amy Applicant", "signatory_role": "Chair", "agree": "on"},
        follow=True,
    )
    assert "signed the Compact on" in response.content.decode()
    signature = application.signatures.get()
    assert signature.edition == edition and signature.signed_by == applicant
    client.logout()
    directory = client.get(reverse("signatories:directory"), {"q": "lunch"}).content.decode()
    assert "Northfield Lunch Club" in directory


def test_signing_without_confirming_is_refused_and_keeps_the_name(client, application, applicant, board_member):
    services.approve_organisation(organisation=application, by=board_member)
    client.force_login(applicant)
    response = client.post(
        reverse("signatories:sign", args=[application.slug]),
        {"signatory_name": "Amy Applicant", "signatory_role": "Chair"},
    )
    assert "Confirm that the organisation agrees" in response.content.decode()
    assert 'value="Amy Applicant"' in response.content.decode()
    assert not application.signatures.exists()


def test_a_member_who_is_not_admin_cannot_sign(client, vcs_organisation, vcs_member, edition):
    vcs_organisation.status = Organisation.Status.APPROVED
    vcs_organisation.save()
    with pytest.raises(PermissionDenied, match="Only an admin"):
        services.sign_compact(organisation=vcs_organisation, user=vcs_member, signatory_name="A", signatory_role="B")


def test_changes_to_an_organisation_are_kept_in_its_history(application, board_member):
    services.approve_organisation(organisation=application, by=board_member)
    history = list(application.history.order_by("history_date"))
    assert [h.status for h in history] == ["applied", "approved"]


def test_directory_filters_by_sector_type_and_area(client, compact):
    factories.OrganisationFactory(
        compact=compact, name="Alpha Faith Group", type="faith_group", area_of_benefit="East Town"
    )
    factories.PublicBodyFactory(compact=compact, name="Beta District Council", area_of_benefit="West Town")
    url = reverse("signatories:directory")
    assert "Beta District" not in client.get(url, {"sector": "vcs"}).content.decode()
    assert "Alpha Faith" in client.get(url, {"type": "faith_group"}).content.decode()
    html = client.get(url, {"area": "west"}).content.decode()
    assert "Beta District" in html and "Alpha Faith" not in html


def test_directory_paginates_with_a_constant_number_of_queries(client, compact, django_assert_max_num_queries):
    factories.OrganisationFactory.create_batch(30, compact=compact)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("signatories:directory"))
    assert "Page 1 of 2" in response.content.decode()


def test_the_start_page_says_the_steps_and_what_to_have_ready(client, compact):
    html = client.get(reverse("signatories:register_start")).content.decode()
    for step in (
        "Create an account",
        "Tell us about your organisation",
        "The Compact board approves it",
        "Sign the Compact",
        "What to have ready",
    ):
        assert step in html
    assert compact.area in html
    first = reverse("signatories:register_question", args=["organisation"])
    assert reverse("account_signup") + "?next=" + first in html


def test_the_home_page_starts_registration_at_the_start_page(client, compact):
    html = client.get(reverse("home")).content.decode()
    assert reverse("signatories:register_start") in html


def test_a_registered_charity_must_give_its_charity_number(client, compact, applicant):
    client.force_login(applicant)
    response = answer_questions(client, type="charity")
    html = response.content.decode()
    assert "Enter the registered charity number: this type of organisation has one" in html
    assert not Organisation.objects.filter(name="Northfield Lunch Club").exists()
    register(client, type="charity", charity_number="1123456")
    assert Organisation.objects.get(name="Northfield Lunch Club").charity_number == "1123456"


def test_a_community_interest_company_must_give_its_company_number(client, compact, applicant):
    client.force_login(applicant)
    html = answer_questions(client, type="cic").content.decode()
    assert "Enter the Companies House number: this type of organisation has one" in html


def test_the_registration_form_marks_optional_fields_and_names_the_compacts_area(client, compact, applicant):
    client.force_login(applicant)
    answer_questions(client)
    page = lambda slug: client.get(reverse("signatories:register_question", args=[slug])).content.decode()  # noqa: E731
    assert "Website (optional)" in page("contact") and "Registered charity number (optional)" in page("numbers")
    html = page("work")
    assert f"all of {compact.area}" in html
    assert "Wiltshire" not in html or "Wiltshire" in compact.area


def question(slug):
    return reverse("signatories:register_question", args=[slug])


def test_the_old_registration_address_goes_to_the_start_page(client, compact):
    assert client.get(reverse("signatories:register"))["Location"] == reverse("signatories:register_start")


def test_answers_are_kept_between_pages_and_nothing_is_saved_before_confirming(client, compact, applicant):
    client.force_login(applicant)
    check = answer_questions(client)
    html = check.content.decode()
    assert check.status_code == 200 and "Check your answers" in html
    for answer in ("Northfield Lunch Club", "Community group", "Village Hall", "SN15 1ER", "lunch@example.org"):
        assert answer in html
    assert not Organisation.objects.exists()
    # Going back shows what was given.
    assert 'value="Northfield Lunch Club"' in client.get(question("organisation")).content.decode()


def test_each_change_link_returns_to_its_question_and_then_to_the_check_page(client, compact, applicant):
    client.force_login(applicant)
    html = answer_questions(client).content.decode()
    for slug in QUESTIONS:
        assert f'href="{question(slug)}?next=check#' in html
    page = client.get(question("address") + "?next=check").content.decode()
    assert f'href="{reverse("signatories:register_check")}"' in page  # Back goes to the check page
    changed = {**{name: VALID[name] for name in QUESTIONS["address"]}, "town": "Southfield"}
    response = client.post(question("address") + "?next=check", changed)
    assert response["Location"] == reverse("signatories:register_check")
    assert "Southfield" in client.get(reverse("signatories:register_check")).content.decode()


def test_changing_the_type_to_a_charity_asks_for_its_number_before_the_check_page(client, compact, applicant):
    client.force_login(applicant)
    answer_questions(client)
    response = client.post(question("organisation") + "?next=check", {"name": VALID["name"], "type": "charity"})
    assert response["Location"] == question("numbers") + "?next=check"
    page = client.get(question("numbers") + "?next=check").content.decode()
    assert "Enter the registered charity number: this type of organisation has one" in page
    assert "Registered charity number (optional)" not in page and "Companies House number (optional)" in page
    assert client.get(reverse("signatories:register_check"))["Location"].startswith(question("numbers"))


def test_confirming_registers_once_and_says_what_happens_next(client, compact, applicant, board_member):
    client.force_login(applicant)
    html = register(client).content.decode()
    organisation = Organisation.objects.get()
    assert "Application sent" in html and "What happens next" in html and organisation.name in html
    assert "We have sent you an email" in html
    client.post(reverse("signatories:register_check"))
    assert Organisation.objects.count() == 1
    assert "Application sent" in client.get(reverse("signatories:register_done")).content.decode()


def test_someone_else_sees_no_confirmation(client, compact, applicant):
    client.force_login(applicant)
    register(client)
    client.force_login(factories.UserFactory())
    assert client.get(reverse("signatories:register_done"))["Location"] == reverse("signatories:register_start")


def test_with_several_compacts_the_first_question_is_which(client, compact, applicant):
    other = factories.CompactFactory(name="Otherland Compact", area="Otherland")
    client.force_login(applicant)
    assert client.get(question("organisation"))["Location"] == question("compact")
    page = client.get(question("compact")).content.decode()
    assert "Otherland Compact" in page and "Testshire Compact" in page
    client.post(question("compact"), {"compact": other.pk})
    register(client)
    assert Organisation.objects.get().compact == other
    # The area hint is the chosen compact's own.
    client.force_login(factories.UserFactory())
    client.post(question("compact"), {"compact": other.pk})
    answer_questions(client, name="Another Club")
    assert "all of Otherland" in client.get(question("work")).content.decode()


def test_the_start_page_names_the_compact_as_it_reads_in_a_sentence(client, compact):
    from django.urls import reverse

    compact.name = "The Testshire Compact"
    compact.save()
    page = client.get(reverse("signatories:register_start")).content.decode()
    assert "can join the Testshire Compact" in page and "the The" not in page
