"""Account safeguards: lock-out, session time-outs, a second factor for the admin, security log."""

import logging
import time

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD


def _try(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_repeated_failed_sign_ins_lock_the_account(client, db, caplog):
    person = factories.UserFactory()
    caplog.set_level(logging.INFO, logger="compact_portal.security")
    for _ in range(5):
        _try(client, person.email, "wrong password")
    response = _try(client, person.email, PASSWORD)
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "event=lockout" in caplog.text and "event=login_failed" in caplog.text
    assert person.email not in caplog.text and "wrong password" not in caplog.text


def test_a_right_password_signs_in_and_is_logged_without_personal_data(client, db, caplog):
    person = factories.UserFactory()
    caplog.set_level(logging.INFO, logger="compact_portal.security")
    _try(client, person.email, PASSWORD)
    assert client.session["_auth_user_id"] == str(person.pk)
    assert f"event=login user={person.pk}" in caplog.text and person.email not in caplog.text


def test_an_idle_session_ends(client, vcs_admin, settings):
    client.force_login(vcs_admin)
    assert client.get(reverse("signatories:dashboard")).status_code == 200
    session = client.session
    session["last_seen_at"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("signatories:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_session_ends_after_the_absolute_limit_even_when_active(client, vcs_admin, settings):
    client.force_login(vcs_admin)
    client.get(reverse("signatories:dashboard"))
    session = client.session
    session["signed_in_at"] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get(reverse("signatories:dashboard")).status_code == 302


@pytest.fixture
def mfa_required(settings):
    settings.ADMIN_REQUIRES_MFA = True


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, board_member, mfa_required):
    client.force_login(board_member)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_staff_who_signed_in_with_a_second_factor_use_the_admin(client, board_member, mfa_required):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=board_member, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(board_member)
    assert client.get(reverse("admin:index")).status_code == 302  # signed in with a password only
    client.force_login(board_member)
    session = client.session
    session["account_authentication_methods"] = [{"method": "password"}, {"method": "mfa", "type": "totp"}]
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200


def test_production_settings_pass_the_deployment_checks():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 60 + "-production-check-only-key",
        "ALLOWED_HOSTS": "compact.example.org",
        "MFA_ENCRYPTION_KEY": "a" * 43 + "=",
        "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    }
    env.pop("TEST_DATABASE_FILE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_carry_a_content_security_policy_with_no_inline_script(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert "<script>" not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, vcs_admin, settings):
    response = _try(client, vcs_admin.email, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
