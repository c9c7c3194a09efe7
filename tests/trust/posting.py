"""Posting generated input to the portal's forms and judging the answer.

`submit` sends a form as a hostile browser could: any value in any field, several values where
one is expected, and files with any name and content, encoded by hand so that the file name
reaches the server exactly as written. It counts every input tried and every server error in
`TALLY`, which tests/trust/conftest.py writes out at the end of the session.
"""

import html
import re
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from hypothesis import event

TALLY = {"inputs_tried": 0, "server_errors": 0}
BOUNDARY = "TrustBoundary7MA4YWxkTrZu0gW"


def _escape_name(name: str) -> bytes:
    # As browsers write a quoted file name; anything else (a null byte, an RTL override) is sent raw.
    return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A").encode("utf-8", "surrogatepass")


def multipart(data: dict, files: dict | None = None) -> bytes:
    """A multipart/form-data body: `data` values are strings or lists of strings; `files`
    values are Upload or lists of Upload."""
    parts = []
    for name, value in data.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(item).encode("utf-8", "surrogatepass")
                + b"\r\n"
            )
    for name, value in (files or {}).items():
        for upload in value if isinstance(value, (list, tuple)) else [value]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="'.encode()
                + _escape_name(upload.name)
                + f'"\r\nContent-Type: {upload.content_type}\r\n\r\n'.encode()
                + upload.content
                + b"\r\n"
            )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _counted(send):
    TALLY["inputs_tried"] += 1
    try:
        response = send()
    except Exception:
        TALLY["server_errors"] += 1
        raise
    if response.status_code >= 500:
        TALLY["server_errors"] += 1
    assert response.status_code < 500, f"server error {response.status_code}"
    return response


def submit(client, url: str, data: dict, files: dict | None = None):
    """POST the form as a browser does (its CSRF token field included, so the POST is never
    empty; the test client does not check it); fail on a server error."""
    body = multipart({"csrfmiddlewaretoken": "token", **data}, files)
    return _counted(lambda: client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"))


def fetch(client, url: str, params: dict):
    """GET a page with generated query parameters; fail on a server error."""
    return _counted(lambda: client.get(url, params))


SUMMARY = re.compile(r'class="govuk-error-summary__body">(.*?)</div>', re.DOTALL)
TAGS = re.compile(r"<[^>]+>")


def error_messages(response) -> list[str]:
    """The messages in the page's GOV.UK error summary."""
    page = response.content.decode()
    found = []
    for body in SUMMARY.findall(page):
        items = re.findall(r"<li[^>]*>(.*?)</li>", body, re.DOTALL) or [body]
        found += [html.unescape(TAGS.sub("", item)).strip() for item in items]
    return [message for message in found if message]


def assert_clear_rejection(response, heading="There is a problem") -> None:
    """A refused form is shown again with the error summary, and the summary says what is wrong."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert heading in page, "a rejected form must have an error summary"
    assert error_messages(response), "the error summary must say what is wrong"


def saved_or_rejected(response) -> bool:
    """True if the form was accepted (a redirect), after checking that a rejection is clear.
    `pytest --hypothesis-show-statistics` shows how often each property reached each."""
    if response.status_code == 302:
        event("saved")
        return True
    assert_clear_rejection(response)
    event("rejected")
    return False


@contextmanager
def rolled_back():
    """One example's writes, undone afterwards, so examples never see each other's rows; and the
    cache emptied, which a rollback does not undo (a session kept there whose row is gone)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


def counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


def changed(before: dict, *models) -> dict:
    """How many rows each model gained (or lost) since `before`."""
    after = counts(*models)
    return {name: after[name] - before[name] for name in before if after[name] != before[name]}
