"""`/healthz` for load balancers and monitors: the database, the cache and the broker each
asked for a sign of life. Anyone gets "ok" or "unavailable"; which part failed, and why, only
staff and callers with the `HEALTHZ_TOKEN`, since error messages name hosts and ports."""

import hmac
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_store() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def broker() -> None:
    from .celery import app

    with app.connection_for_write() as connection_to_broker:
        connection_to_broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, timeout=2)


CHECKS = {"database": database, "cache": cache_store, "broker": broker}


def run_checks() -> dict[str, str]:
    """ "ok" or the reason, for each part."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure is an answer, not an error page
            logger.warning("Health check: %s unavailable: %s", name, error)
            results[name] = f"{type(error).__name__}: {error}"[:300]
    return results


def may_see_details(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@never_cache
def healthz(request):
    results = run_checks()
    healthy = all(result == "ok" for result in results.values())
    status = 200 if healthy else 503
    if may_see_details(request):
        return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": results}, status=status)
    return HttpResponse("ok" if healthy else "unavailable", content_type="text/plain; charset=utf-8", status=status)
