"""The account pages and emails speak as the portal: plain words, GOV.UK fields with labels and
no placeholders, one error per field, and emails that name the portal and the Compact."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_signing_up_sends_a_confirmation_email_in_the_portals_voice(client, compact, settings):
    settings.SITE_URL = "https://compact.example.org"
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Amira Khan",
            "email": "amira@example.org",
            "password1": "riverside-larder-2026",
            "password2": "riverside-larder-2026",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Check your email" in html and "finalize" not in html and "Verify Your" not in html
    message = mail.outbox[-1]
    assert message.subject == "Confirm your email address for Compact Portal"
    assert "Compact Portal" in message.body and compact.name in message.body
    assert "Hello from" not in message.body and "testserver" not in message.body and "example.com" not in message.body
    assert "/accounts/confirm-email/" in message.body


def test_the_sign_in_page_has_labels_and_no_placeholders(client, compact):
    html = client.get(reverse("account_login")).content.decode()
    assert "placeholder" not in html
    assert "Remember Me" not in html and "Keep me signed in on this device" in html
    assert html.count("Forgot your") == 0 and html.count("Forgotten your password?") == 1


def test_an_empty_sign_up_names_each_missing_field_once(client, compact):
    html = client.post(reverse("account_signup"), {}).content.decode()
    summary = html.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    assert "This field is required" not in html
    for message in ("Enter your full name", "Enter your email address", "Enter a password"):
        assert summary.count(message) == 1
    assert len(re.findall("<li>", summary)) == 4


def test_a_password_reset_email_names_the_portal_and_not_the_host(client, compact):
    user = factories.UserFactory(email="reset@example.org")
    client.post(reverse("account_reset_password"), {"email": user.email})
    message = mail.outbox[-1]
    assert message.subject == "Reset your Compact Portal password"
    assert "testserver" not in message.body.split("http")[0] and "Hello from" not in message.body


def test_the_password_reset_page_is_in_plain_words(client, compact):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "Reset your password" in html and "placeholder" not in html


# The pages a signed-in person uses to manage their account, and the two-factor pages -------

ALLAUTH_WORDS = [
    "Email Addresses",
    "Change Password",
    "Set Password",
    "Two-Factor Authentication",
    "Authenticator App",
    "Recovery Codes",
    "Confirm Access",
    "Forgot your",
    "Please ",
    "Please reauthenticate",
]


def assert_in_plain_words(html, *expected):
    for words in expected:
        assert words in html, words
    assert "placeholder=" not in html
    for words in ALLAUTH_WORDS:
        assert words not in html, words
    assert html.count("Forgotten your password?") <= 1


@pytest.fixture
def signed_in(client, compact):
    """Signed in through the sign-in page, as a person is: allauth then counts the sign-in as
    recent enough for the pages that ask you to confirm it is you."""
    from tests.factories import PASSWORD

    user = factories.UserFactory(email="sam@example.org")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


def confirmed_it_is_you(client, user):
    """As after entering the emailed code on "Confirm it is you" (allauth's record of it)."""
    import time

    session = client.session
    records = session.get("account_authentication_methods", [])
    records.append({"method": "code", "email": user.email, "at": time.time(), "reauthenticated": True})
    session["account_authentication_methods"] = records
    session.save()


@pytest.fixture
def with_authenticator(client, signed_in):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(signed_in, generate_totp_secret())
    RecoveryCodes.activate(signed_in)
    confirmed_it_is_you(client, signed_in)
    return signed_in


def test_the_email_addresses_page(client, signed_in):
    html = client.get(reverse("account_email")).content.decode()
    assert_in_plain_words(html, '<h1 class="govuk-heading-l">Your email addresses</h1>', "sam@example.org")
    assert "Add an email address" in html and "govuk-radios" in html and "Main address. Confirmed" in html
    html = client.post(reverse("account_email"), {"action_add": "", "email": ""}).content.decode()
    assert "There is a problem" in html and "Enter your email address" in html


def test_the_change_password_page(client, signed_in):
    html = client.get(reverse("account_change_password")).content.decode()
    assert_in_plain_words(html, "Change your password", "Current password", "New password", "Confirm your new password")
    assert html.count("Forgotten your password?") == 1
    html = client.post(reverse("account_change_password"), {}).content.decode()
    assert "Enter your current password" in html and "This field is required" not in html


def test_the_set_password_page(client, signed_in):
    signed_in.set_unusable_password()
    signed_in.save()
    client.force_login(signed_in)
    html = client.get(reverse("account_set_password")).content.decode()
    assert_in_plain_words(html, "Choose a password", "Confirm your password")


def test_confirming_it_is_you_by_an_emailed_code(client, signed_in, settings):
    settings.SITE_URL = "https://compact.example.org"
    html = client.get(reverse("account_request_reauthentication_code")).content.decode()
    assert_in_plain_words(html, "Confirm it is you", "We will email a code to sam@example.org")
    mail.outbox.clear()
    response = client.post(reverse("account_request_reauthentication_code"), {"recipient": "sam@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Your sign-in code for Compact Portal"
    assert "Sign-In" not in message.body and "testserver" not in message.body
    assert "Compact Portal" in message.body and "https://compact.example.org" in message.body
    html = client.get(response["Location"]).content.decode()
    assert_in_plain_words(html, "Enter the code from your email", "Code from the email")


def test_the_two_factor_overview_and_setting_up_an_app(client, signed_in):
    html = client.get(reverse("mfa_index")).content.decode()
    assert_in_plain_words(html, "Two-factor authentication", "Set up an authenticator app")
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_request_reauthentication_code")
    )
    confirmed_it_is_you(client, signed_in)
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert_in_plain_words(html, "Set up an authenticator app", "Code from your authenticator app", "Secret key")
    html = client.post(reverse("mfa_activate_totp"), {"code": "000000"}).content.decode()
    assert "There is a problem" in html


def test_turning_the_app_off_and_the_recovery_codes(client, with_authenticator):
    html = client.get(reverse("mfa_index")).content.decode()
    assert_in_plain_words(html, "Your authenticator app is set up", "recovery codes left")
    html = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert_in_plain_words(html, "Turn off the authenticator app", "your recovery codes stop working")
    html = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert_in_plain_words(html, "Your recovery codes", "Each code works once")
    html = client.get(reverse("mfa_generate_recovery_codes")).content.decode()
    assert_in_plain_words(html, "Make new recovery codes", "will stop working")


def test_signing_in_with_an_authenticator_asks_for_its_code(client, compact):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.factories import PASSWORD

    user = factories.UserFactory(email="two@example.org")
    TOTP.activate(user, generate_totp_secret())
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    html = client.get(reverse("mfa_authenticate")).content.decode()
    assert_in_plain_words(html, "Enter the code from your authenticator app", "Code from your authenticator app")


def test_confirming_it_is_you_with_the_app(client, with_authenticator):
    html = client.get(reverse("mfa_reauthenticate")).content.decode()
    assert_in_plain_words(html, "Confirm it is you", "Code from your authenticator app")


def test_two_factor_emails_name_the_portal_in_sentence_case(compact, settings):
    from allauth.account.adapter import get_adapter
    from allauth.core import context
    from django.test import RequestFactory

    settings.SITE_URL = "https://compact.example.org"
    user = factories.UserFactory(email="codes@example.org")
    subjects = {
        "mfa/email/totp_activated": "Your Compact Portal authenticator app is turned on",
        "mfa/email/totp_deactivated": "Your Compact Portal authenticator app is turned off",
        "mfa/email/recovery_codes_generated": "New Compact Portal recovery codes were made",
    }
    for template, subject in subjects.items():
        mail.outbox.clear()
        with context.request_context(RequestFactory().get("/")):
            get_adapter().send_mail(
                template, user.email, {"ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": None}
            )
        [message] = mail.outbox
        assert message.subject == subject
        assert "Compact Portal" in message.body and f"for {compact.the_name}" in message.body
        assert "testserver" not in message.body and "example.com" not in message.body
