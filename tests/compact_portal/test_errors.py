"""The error pages: friendly, self-contained, never a traceback; an unreachable database or
broker answers 503 with Retry-After."""

import pytest
from django.db import OperationalError
from django.template import loader
from django.urls import path
from kombu.exceptions import OperationalError as BrokerError

from compact_portal import errors

SORRY = "Sorry, there is a problem with the service"


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def broker_down(request):
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except ConnectionRefusedError as error:
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.") from error


def bug(request):
    raise ValueError("secret detail from a bug")


urlpatterns = [path("database-down/", database_down), path("broker-down/", broker_down), path("bug/", bug)]
handler500 = "compact_portal.errors.server_error"


@pytest.fixture
def failing_site(settings, client):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def test_the_500_page_renders_without_any_context():
    html = loader.get_template("500.html").render()
    assert SORRY in html and "Try again later" in html
    assert "Traceback" not in html and "govuk-frontend.min.css" in html


@pytest.mark.parametrize("name", ["403.html", "404.html", "503.html"])
def test_the_other_error_pages_render_without_any_context_in_the_same_style(name):
    html = loader.get_template(name).render()
    assert "govuk-header" in html and "Compact Portal" in html and "Traceback" not in html


def test_a_bug_shows_the_friendly_500_page_and_no_detail(failing_site):
    response = failing_site.get("/bug/")
    html = response.content.decode()
    assert response.status_code == 500 and SORRY in html
    assert "secret detail" not in html and "Traceback" not in html and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/database-down/", "/broker-down/"])
def test_an_unreachable_service_answers_503_with_retry_after(failing_site, url):
    response = failing_site.get(url)
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert SORRY in html and "Try again in a minute" in html
    assert "Connection refused" not in html and "Traceback" not in html


def test_an_outage_is_recognised_through_the_errors_it_was_raised_from():
    try:
        try:
            raise ConnectionResetError("reset")
        except ConnectionResetError:
            raise RuntimeError("wrapped")  # noqa: B904 - the implicit context is what is checked
    except RuntimeError as error:
        assert errors.is_outage(error)
    assert not errors.is_outage(ValueError("a bug"))
    assert not errors.is_outage(None)


@pytest.mark.django_db
def test_a_missing_page_is_the_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
