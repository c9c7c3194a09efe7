"""The pages people see when something goes wrong on the server.

Both are rendered from self-contained templates without a request context: when the database
is unreachable, a context processor or the signed-in person would need it too. An error that
comes from a service the portal depends on being unreachable (the database, the Celery broker,
the mail server) answers 503 with Retry-After, so browsers, proxies and monitoring see a passing
outage rather than a bug; anything else is a 500. Django has already logged the exception with
its traceback; neither page shows it.
"""

import smtplib
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError  # installed with celery[redis]
from redis.exceptions import TimeoutError as RedisTimeoutError

OUTAGES = (
    OperationalError,
    InterfaceError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
)
RETRY_AFTER_SECONDS = 30


def is_outage(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, says a service the portal needs is down."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGES):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name="500.html"):
    """handler500: the exception being handled is the one that made this request fail."""
    if is_outage(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(loader.get_template(template_name).render())
    response["Cache-Control"] = "no-store"
    return response
