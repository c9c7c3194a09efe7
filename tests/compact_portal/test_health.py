"""/healthz: "ok" when the database, the cache and the broker answer; 503 "unavailable" when
one does not, with which one and why told only to staff or to a caller with the token."""

import pytest
from django.urls import reverse

from compact_portal import health

pytestmark = pytest.mark.django_db


def _broken_broker():
    raise ConnectionRefusedError("Error 111 connecting to 10.0.0.7:6379. Connection refused.")


def test_healthy_says_ok_and_nothing_more(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert reverse("healthz") == "/healthz"


def test_a_broker_that_does_not_answer_gives_503_without_details(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "broker", _broken_broker)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.content == b"unavailable"


def test_staff_are_told_which_part_failed(client, monkeypatch, superuser):
    monkeypatch.setitem(health.CHECKS, "broker", _broken_broker)
    client.force_login(superuser)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"
    assert "10.0.0.7:6379" in body["checks"]["broker"]


def test_a_caller_with_the_token_is_told_and_a_wrong_token_is_not(client, settings):
    settings.HEALTHZ_TOKEN = "a-long-monitoring-token"
    told = client.get("/healthz", HTTP_AUTHORIZATION="Bearer a-long-monitoring-token")
    assert told.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer guessed").content == b"ok"


def test_no_token_set_means_no_caller_is_told(client, settings):
    settings.HEALTHZ_TOKEN = ""
    assert client.get("/healthz", HTTP_AUTHORIZATION="Bearer ").content == b"ok"


def test_a_database_that_does_not_answer_gives_503(client, monkeypatch):
    from django.db import OperationalError

    def down():
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setitem(health.CHECKS, "database", down)
    assert client.get("/healthz").status_code == 503


def test_the_broker_check_reaches_the_real_broker(settings, monkeypatch):
    """Against a port where nothing listens, the broker check fails within seconds."""
    import socket
    import time

    from compact_portal.celery import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to its own setting
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.update(broker_url=f"redis://127.0.0.1:{port}/0", broker_transport_options={"socket_connect_timeout": 1})
    try:
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 - kombu raises the transport's own error
            health.broker()
        assert time.monotonic() - started < 10
    finally:
        app.conf.update(broker_url=saved[0], broker_transport_options=saved[1])
        app._pool = None


def test_not_redirected_to_https_in_production(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
