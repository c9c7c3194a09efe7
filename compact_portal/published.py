"""A cache for what the public reads: the home page, the directory of signatories, a compact's
text, the consultations list and a consultation's timeline.

What is cached is the page's own part (its title and main content), never the layout around
it, so the header still shows who is signed in and the messages meant for them. Each entry's key
holds the page, its query string and a *generation* number per topic; saving or deleting a
record of that topic moves the generation on at once and again when the transaction commits (the signal handlers
are connected by `connect()`, called when the apps are ready), so the next request renders afresh and the old entries expire
unread. Writes that bypass signals (bulk seeding) call `refresh()` themselves; `TIMEOUT` bounds
anything missed.

The cache is Django's default cache: Redis when `CACHE_URL` says so, files under var/ otherwise
(shared by the web processes and the workers). When the cache cannot be reached the page is
rendered as if nothing were cached: a cache outage slows pages, never breaks them.
"""
import logging
from collections.abc import Callable
from hashlib import blake2b

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)

TIMEOUT = 300  # seconds; a safety net for writes no signal saw
TOPICS = ("directory", "compact", "consultations")
_watched = set(TOPICS)  # and the topics of other caches (watch())

# Which models feed which pages: a change to one of these may change what the public reads.
MODELS = {
    "directory": ("signatories.Organisation", "signatories.Signature"),
    "compact": ("undertakings.Compact", "undertakings.Edition", "undertakings.Section", "undertakings.Undertaking",
                "undertakings.TimelineRules"),
    "consultations": ("consultations.Consultation", "consultations.ImpactAssessment", "consultations.Feedback",
                      "consultations.Decision", "consultations.ShortenedPeriodConsent", "signatories.Organisation",
                      "undertakings.Compact", "undertakings.TimelineRules"),
}


def _generation_key(topic: str) -> str:
    return f"published:generation:{topic}"


def generation(topic: str) -> int:
    value = cache.get(_generation_key(topic))
    if value is None:
        cache.add(_generation_key(topic), 1, timeout=None)
        value = cache.get(_generation_key(topic), 1)
    return value


def refresh(*topics: str) -> None:
    """Move the topics on, so their pages are rendered afresh on the next request."""
    for topic in topics or sorted(_watched):
        try:
            cache.incr(_generation_key(topic))
        except ValueError:  # not set yet (or evicted): any new number will do
            cache.set(_generation_key(topic), 2, timeout=None)
        except Exception:  # noqa: BLE001 - a cache outage must not fail the write that called us
            log.warning("could not refresh the cache of %s pages", topic, exc_info=True)


def refresh_now_and_on_commit(*topics: str) -> None:
    """Refresh at once (so the writing transaction reads its own change) and again when it
    commits (so a page rendered by another request in between, from the old data, is not kept)."""
    refresh(*topics)
    transaction.on_commit(lambda: refresh(*topics))


def cached(topic: str, parts: tuple, produce: Callable[[], dict], also: tuple[str, ...] = ()) -> dict:
    """The value `produce()` made for these parts at the topic's current generation (and the
    generations of the topics `also` names, for a page that shows several), made now if no one
    has made it yet. `produce` returns something the cache can pickle (the pages: a dict of
    strings); its exceptions (Http404) pass. None is not kept."""
    def key() -> str:
        digest = blake2b(repr((parts, [generation(other) for other in also])).encode(), digest_size=16).hexdigest()
        return f"published:{topic}:{generation(topic)}:{digest}"
    return remember(key, produce, what=topic)


def remember(key: Callable[[], str], produce: Callable, timeout: int = TIMEOUT, what: str = "a page"):
    """The value kept in the cache under `key()`, else `produce()`'s, kept for next time unless
    it is None or was read inside a transaction of the caller's own. When the cache cannot be
    reached the value is produced without it: a cache outage slows pages, never breaks them."""
    try:
        name = key()
        value = cache.get(name)
    except Exception:  # noqa: BLE001
        log.warning("cache unavailable; making %s without it", what, exc_info=True)
        return produce()
    if value is None:
        value = produce()
        if value is None or _in_transaction():
            return value
        try:
            cache.set(name, value, timeout=timeout)
        except Exception:  # noqa: BLE001
            log.warning("could not store %s in the cache", what, exc_info=True)
    return value


def _in_transaction() -> bool:
    """Inside a transaction of the caller's own (a test's wrapping one does not count): what was
    read may include its uncommitted writes, and a rollback moves no generation on, so it is not
    kept."""
    return any(not getattr(block, "_from_testcase", False) for block in transaction.get_connection().atomic_blocks)


def connect() -> None:
    """Refresh a topic when one of its models is saved or deleted (m2m changes included)."""
    for topic, labels in MODELS.items():
        watch(topic, labels)


def topic(name: str) -> str:
    """Name a topic of another cache, so that `refresh()` of every topic moves it on too."""
    _watched.add(name)
    return name


def watch(topic: str, labels) -> None:
    """Move `topic` on whenever a model of `labels` ("app.Model") is saved or deleted, or one of
    its many-to-many relations changes. Other caches keyed by a generation use this too (the
    case records of disputes.selectors)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    _watched.add(topic)
    for label in labels:
        model = apps.get_model(label)
        handler = _handler(topic)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"published-{topic}-{label}-save")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"published-{topic}-{label}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(handler, sender=field.remote_field.through, weak=False,
                                dispatch_uid=f"published-{topic}-{label}-{field.name}")


def _handler(topic: str):
    def handler(**kwargs):
        if not kwargs.get("raw"):  # fixtures being loaded
            refresh_now_and_on_commit(topic)
    return handler


def query_parts(request, *names: str) -> tuple:
    """The query string's values that shape the page, in a fixed order."""
    return tuple((name, tuple(request.GET.getlist(name))) for name in sorted(names))
