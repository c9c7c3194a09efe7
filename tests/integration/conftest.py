"""Fixtures for the integration tests: a Redis server, an SMTP sink, this process's Celery app
pointed at a broker."""

import shutil

import pytest
from aiosmtpd.controller import Controller

from compact_portal.celery import app as celery_app

from .servers import RedisServer, Sink, forget_connections, free_port


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def use_broker(settings, monkeypatch):
    """Point this process's Celery app at a broker for the test, and back afterwards."""
    names = ("broker_url", "broker_transport_options", "task_always_eager", "task_publish_retry_policy")
    saved = {name: celery_app.conf.get(name) for name in names}

    def use(url, transport_options=None):
        # Celery's broker_url prefers the CELERY_BROKER_URL environment variable (set in CI).
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        settings.CELERY_BROKER_URL = url
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = transport_options or {}
        celery_app.conf.update(
            broker_url=url,
            broker_transport_options=transport_options or {},
            task_always_eager=False,
            broker_connection_retry_on_startup=False,
            task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        )
        forget_connections()

    yield use
    celery_app.conf.update(saved)
    forget_connections()
