"""Signatories' forms driven with generated awkward input: signing up, registering and editing
an organisation, signing the Compact, the champion, reminder settings, invitations, and the
directory and calendar addresses. No server error, every rejection says what is wrong,
nothing half-saved."""

from urllib.parse import quote

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from signatories.models import Champion, ChampionTraining, Invitation, Membership, Organisation, Signature, User
from tests import factories

from .posting import assert_clear_rejection, changed, counts, fetch, rolled_back, saved_or_rejected, submit
from .strategies import AWKWARD, awkward_choices, awkward_dates, text_or_awkward

VALID_ORGANISATION = {
    "name": "Riverside Food Bank",
    "type": "charity",
    "charity_number": "1123456",
    "company_number": "",
    "address_line_1": "1 High Street",
    "address_line_2": "",
    "town": "Testtown",
    "postcode": "SN15 1ER",
    "website": "https://example.org",
    "contact_email": "hello@example.org",
    "income_band": "",
    "area_of_benefit": "Testshire",
    "description": "We feed families.",
}
RECORDS = (User, Organisation, Membership, Signature, Invitation)
ORGANISATION_FIELDS = {
    "name": text_or_awkward("Riverside Food Bank"),
    "type": awkward_choices("charity", "cic", "community_group"),
    "charity_number": text_or_awkward("1123456", ""),
    "company_number": text_or_awkward("SC123456", ""),
    "address_line_1": text_or_awkward("1 High Street"),
    "address_line_2": text_or_awkward(""),
    "town": text_or_awkward("Testtown"),
    "postcode": text_or_awkward("SN15 1ER"),
    "website": text_or_awkward("https://example.org", ""),
    "contact_email": text_or_awkward("hello@example.org"),
    "income_band": AWKWARD,
    "area_of_benefit": text_or_awkward("Testshire"),
    "description": text_or_awkward("We feed families."),
}


@pytest.mark.django_db
def test_signup_form(client, settings, compact):
    settings.ACCOUNT_RATE_LIMITS = False
    url = reverse("account_signup")

    @given(
        values=st.fixed_dictionaries(
            {
                "full_name": text_or_awkward("Asha Patel"),
                "email": text_or_awkward("asha@example.org"),
                "password1": text_or_awkward("correct-horse-battery-staple"),
                "password2": text_or_awkward("correct-horse-battery-staple"),
            }
        )
    )
    @example(
        values={
            "full_name": "Asha Patel",
            "email": "asha@example.org",
            "password1": "correct-horse-battery-staple",
            "password2": "correct-horse-battery-staple",
        }
    )
    def check(values):
        with rolled_back():
            client.logout()
            before = counts(*RECORDS)
            if saved_or_rejected(submit(client, url, values)):
                assert changed(before, *RECORDS) == {"User": 1}
                user = User.objects.latest("pk")
                assert "\x00" not in user.full_name + user.email
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_registration_form(client, compact, vcs_member):
    client.force_login(vcs_member)
    done = reverse("signatories:register_done")

    @given(values=st.fixed_dictionaries(ORGANISATION_FIELDS))
    @example(values=VALID_ORGANISATION)
    def check(values):
        # Each question page is sent everything (a page reads only its own fields), then the
        # check page: a page that refuses says why, and only a confirmed application is saved.
        with rolled_back():
            before = counts(*RECORDS)
            for question in ("organisation", "numbers", "address", "work", "contact"):
                response = submit(client, reverse("signatories:register_question", args=[question]), values)
                if response.status_code != 302:
                    saved_or_rejected(response)
            response = submit(client, reverse("signatories:register_check"), {})
            if response.status_code == 302 and response["Location"] == done:
                assert changed(before, *RECORDS) == {"Organisation": 1, "Membership": 1}
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_edit_organisation_form(client, vcs_organisation, vcs_admin):
    client.force_login(vcs_admin)
    url = reverse("signatories:edit", args=[vcs_organisation.slug])

    @given(values=st.fixed_dictionaries(ORGANISATION_FIELDS))
    @example(values=VALID_ORGANISATION)
    def check(values):
        with rolled_back():
            before, before_organisation = (
                counts(*RECORDS),
                model_to_dict(Organisation.objects.get(pk=vcs_organisation.pk)),
            )
            saved = saved_or_rejected(submit(client, url, values))
            assert changed(before, *RECORDS) == {}
            if not saved:
                assert model_to_dict(Organisation.objects.get(pk=vcs_organisation.pk)) == before_organisation

    check()


@pytest.mark.django_db
def test_signing_form(client, edition):
    organisation = factories.OrganisationFactory(compact=edition.compact, status="approved")
    admin = factories.MembershipFactory(organisation=organisation, role="admin").user
    client.force_login(admin)
    url = reverse("signatories:sign", args=[organisation.slug])

    @given(
        values=st.fixed_dictionaries(
            {
                "signatory_name": text_or_awkward("Asha Patel"),
                "signatory_role": text_or_awkward("Chair of trustees"),
                "agree": awkward_choices("on", ""),
            }
        )
    )
    def check(values):
        with rolled_back():
            before = counts(*RECORDS)
            saved = saved_or_rejected(submit(client, url, values))
            assert changed(before, *RECORDS) == ({"Signature": 1} if saved else {})
            assert (Organisation.objects.get(pk=organisation.pk).status == "signed") == saved

    check()


@pytest.mark.django_db
def test_champion_form(client, vcs_organisation, vcs_admin, vcs_member, other_vcs_organisation):
    outsider = factories.MembershipFactory(organisation=other_vcs_organisation).user
    client.force_login(vcs_admin)
    url = reverse("signatories:champion", args=[vcs_organisation.slug])

    @given(
        values=st.fixed_dictionaries(
            {
                "champion": awkward_choices(vcs_member.pk, vcs_admin.pk, outsider.pk, ""),
                "trained_on": st.one_of(st.just(""), awkward_dates()),
            }
        )
    )
    def check(values):
        with rolled_back():
            before = list(ChampionTraining.objects.values()), list(Champion.objects.values())
            if not saved_or_rejected(submit(client, url, values)):
                assert (list(ChampionTraining.objects.values()), list(Champion.objects.values())) == before

    check()


@pytest.mark.django_db
def test_reminder_settings_form(client, vcs_member):
    client.force_login(vcs_member)
    url = reverse("signatories:reminders")
    assert client.get(url).status_code == 200  # the first visit gives the person a calendar address

    @given(
        values=st.fixed_dictionaries(
            {"reminder_delivery": awkward_choices(*User.Delivery.values)}, optional={"reset_calendar": AWKWARD}
        )
    )
    def check(values):
        with rolled_back():
            before = User.objects.get(pk=vcs_member.pk)
            saved = saved_or_rejected(submit(client, url, values))
            after = User.objects.get(pk=vcs_member.pk)
            assert (after.calendar_token != before.calendar_token) == (saved and "reset_calendar" in values)
            if saved and "reset_calendar" not in values:
                assert after.reminder_delivery == values["reminder_delivery"]
            else:
                assert after.reminder_delivery == before.reminder_delivery

    check()


@pytest.mark.django_db
def test_invitation_acceptance(client, council, board_member):
    invited = factories.UserFactory(email="officer@testshire.gov.uk")
    wrong_person = factories.UserFactory()
    invitation = Invitation.objects.create(
        organisation=council, email=invited.email, role="admin", invited_by=board_member
    )

    @given(
        user=st.sampled_from([invited, wrong_person]),
        values=st.dictionaries(st.sampled_from(["submit", "token", "organisation", "role"]), AWKWARD, max_size=3),
    )
    def check(user, values):
        with rolled_back():
            client.force_login(user)
            before = counts(*RECORDS)
            response = submit(client, reverse("signatories:accept_invitation", args=[invitation.token]), values)
            if user == invited:
                assert response.status_code == 302
                assert changed(before, *RECORDS) == {"Membership": 1}
                assert Membership.objects.get(user=invited, organisation=council).role == "admin"
            else:
                assert_clear_rejection(response)
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_directory_search_never_fails(client, vcs_organisation):
    @given(query=st.dictionaries(st.sampled_from(["q", "sector", "type", "area", "page"]), AWKWARD, max_size=5))
    @example(query={"q": "nul\x00byte", "area": "\x00", "type": "\x00"})
    def check(query):
        assert fetch(client, reverse("signatories:directory"), query).status_code == 200

    check()


ADDRESSES = {"invitation": "/invitations/{}/", "calendar": "/calendar/{}.ics"}


@pytest.mark.django_db
def test_invitation_and_calendar_addresses_never_fail(client, vcs_member):
    assert reverse("signatories:calendar", args=["token"]) == ADDRESSES["calendar"].format("token")
    assert reverse("signatories:accept_invitation", args=["token"]) == ADDRESSES["invitation"].format("token")

    @given(token=AWKWARD.filter(str.strip), address=st.sampled_from(sorted(ADDRESSES)))
    @example(token="\x00", address="invitation")
    @example(token="\x00", address="calendar")
    def check(token, address):
        assert fetch(client, ADDRESSES[address].format(quote(token, safe="")), {}).status_code == 404

    check()
