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
