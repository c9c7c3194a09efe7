"""The warning before a session ends (WCAG 2.2.1 Timing adjustable): pages for a signed-in
person carry the dialog with the seconds their session has left; "Stay signed in" (a POST,
CSRF-protected) starts the idle clock again but never passes the absolute limit."""

import re
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from compact_portal import middleware

KEEP_ALIVE = "/session/keep-alive/"


@pytest.fixture
def signed_in(client, vcs_member, settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
    client.force_login(vcs_member)
    return client


def test_seconds_left_is_the_sooner_of_the_idle_and_absolute_limits(settings):
    settings.SESSION_IDLE_SECONDS, settings.SESSION_ABSOLUTE_SECONDS = 1800, 43200
    assert middleware.seconds_left({"signed_in_at": 0, "last_seen_at": 100}, 400) == 1500
    assert middleware.seconds_left({"signed_in_at": 0, "last_seen_at": 43000}, 43100) == 100
    assert middleware.seconds_left({"signed_in_at": 0, "last_seen_at": 0}, 99999) == 0


def test_a_signed_in_page_carries_the_warning_dialog(signed_in):
    page = signed_in.get(reverse("signatories:dashboard")).content.decode()
    assert 'role="dialog"' in page and 'aria-modal="true"' in page
    assert 1790 <= int(re.search(r'data-seconds-left="(\d+)"', page)[1]) <= 1800  # 30 minutes from this page
    assert 'data-warning-seconds="120"' in page
    assert "Stay signed in" in page and f'action="{KEEP_ALIVE}"' in page and "csrfmiddlewaretoken" in page


def test_a_visitor_gets_no_warning(client, db):
    assert 'role="dialog"' not in client.get(reverse("home")).content.decode()


def test_staying_signed_in_starts_the_idle_clock_again(signed_in):
    start = time.time()
    with time_machine.travel(start + 28 * 60, tick=False):
        response = signed_in.post(KEEP_ALIVE)
        assert response.json() == {"seconds_left": 1800}
    with time_machine.travel(start + 50 * 60, tick=False):
        assert signed_in.get(reverse("signatories:dashboard")).status_code == 200  # 22 idle minutes
    with time_machine.travel(start + 81 * 60, tick=False):
        assert signed_in.get(reverse("signatories:dashboard")).status_code == 302  # 31 idle minutes


def test_staying_signed_in_cannot_pass_the_absolute_limit(signed_in):
    start = time.time()
    for minutes in range(0, 12 * 60, 25):  # "Stay signed in" every 25 minutes for 12 hours
        with time_machine.travel(start + minutes * 60, tick=False):
            signed_in.post(KEEP_ALIVE)
    with time_machine.travel(start + 12 * 60 * 60 - 100, tick=False):
        assert signed_in.post(KEEP_ALIVE).json() == {"seconds_left": 100}


def test_staying_signed_in_needs_a_post_with_the_csrf_token(client, vcs_member):
    client.force_login(vcs_member)
    assert client.get(KEEP_ALIVE).status_code == 405
    checking = Client(enforce_csrf_checks=True)
    checking.force_login(vcs_member)
    assert checking.post(KEEP_ALIVE).status_code == 403


def test_after_the_session_has_ended_staying_signed_in_sends_to_sign_in(signed_in):
    signed_in.get(reverse("signatories:dashboard"))
    with time_machine.travel(time.time() + 31 * 60, tick=False):
        response = signed_in.post(KEEP_ALIVE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
