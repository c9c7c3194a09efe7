"""The registry of dated obligations. Each app's `deadlines.py` registers a provider: a
function taking the ids of some of its source records (a consultation, an agreement, a case)
and yielding the `Deadline`s they make, or every record's with None. It also declares which
models feed it and, for a changed instance of each, which source records to work out again:
the open deadlines table (signatories.open_deadlines) is kept current from that on every
write, and rebuilt from every provider on demand.

A deadline does not depend on today: one that shows only for a while (a payment from four
weeks before it is due, an agreement from six months before it ends) says from and until
when, and one that is called something else once overdue (a late payment) says what. Readers
apply both for the day they read (`Deadline.is_open_on`, `Deadline.as_on`)."""

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import autodiscover_modules

from . import workdays

# Open-ended: a deadline shown from the start of time until the end of it.
ALWAYS_FROM, ALWAYS_UNTIL = date.min, date.max


@dataclass(frozen=True)
class Deadline:
    kind: str  # e.g. "consultation_closes", "panel_convene"
    due_on: date
    title: str  # what is due, in plain English, with no confidential detail
    url: str  # where to act
    compact_id: int | None = None
    organisation_ids: tuple = field(default_factory=tuple)  # whose deadline it is
    key: str = ""  # stable identity, e.g. "consultation:12:closes"
    notify_board: bool = False  # the compact's board is told as well (or instead)
    source: str = ""  # the record that makes it, e.g. "consultation:12"
    shows_from: date = ALWAYS_FROM  # open (listed and reminded) from this day...
    shows_until: date = ALWAYS_UNTIL  # ...to this day
    late_kind: str = ""  # its kind and title once overdue, if they change
    late_title: str = ""

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today

    def days_left(self, today: date) -> int:
        return workdays.days_between(today, self.due_on)

    def is_open_on(self, today: date) -> bool:
        return self.shows_from <= today <= self.shows_until

    def as_on(self, today: date) -> "Deadline":
        """The deadline as it is called on `today` (a late payment once overdue)."""
        if self.is_overdue(today) and (self.late_kind or self.late_title):
            return replace(self, kind=self.late_kind or self.kind, title=self.late_title or self.title)
        return self


ProvideFunction = Callable[[Collection[int] | None], Iterable[Deadline]]
# For a changed instance of a feeding model: the ids of the source records to work out again.
Feed = Callable[[object], Iterable[int]]
PROVIDERS: list[ProvideFunction] = []


def provider(source: str, feeds: dict[type, Feed]) -> Callable[[ProvideFunction], ProvideFunction]:
    """Register a function that yields the deadlines of some source records (None: all of
    them), each with `source=f"{source}:{id}"`. `feeds` maps each model whose writes change
    those deadlines to the source ids an instance touches; a many-to-many field's through
    model maps to the name of its column that holds the source id."""

    def register(function: ProvideFunction) -> ProvideFunction:
        function.source, function.feeds = source, feeds
        PROVIDERS.append(function)
        return function

    return register


def itself(instance) -> list[int]:
    """A feed for the source model itself."""
    return [instance.pk]


def through(attribute: str) -> Feed:
    """A feed for a model that points at the source record (`consultation_id`)."""

    def ids(instance) -> list[int]:
        value = getattr(instance, attribute)
        return [] if value is None else [value]

    return ids


def discover() -> None:
    autodiscover_modules("deadlines")


def source_key(provide: ProvideFunction, pk) -> str:
    return f"{provide.source}:{pk}"


def walk(today: date | None = None) -> Iterator[Deadline]:
    """Every deadline open on `today`, as called that day, provider by provider, worked out
    from the record (not the kept table): for the rebuild's checks and the tests."""
    today = today or workdays.today()
    for provide in PROVIDERS:
        for deadline in provide(None):
            if deadline.is_open_on(today):
                yield deadline.as_on(today)


def open_deadlines(today: date | None = None, compact_id: int | None = None) -> list[Deadline]:
    """The open deadlines (of one compact, with those of no compact), soonest first."""
    found = [d for d in walk(today) if compact_id is None or d.compact_id in (None, compact_id)]
    return sorted(found, key=lambda d: (d.due_on, d.title))


def url_maker(name: str) -> Callable[..., str]:
    """`reverse(name, args=[...])` for a provider's every row: the URL is reversed once with
    placeholders and then filled in, because reverse() is slow for a call a row and
    a county has 100,000 deadlines. Make one at the start of each walk (it reads the URLconf
    then). Arguments are quoted as reverse() quotes them."""
    parts: list[str] = []

    def make(*args) -> str:
        if not parts:
            parts.extend(_url_parts(name, len(args), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()))
        text = parts[0]
        for value, rest in zip(args, parts[1:]):
            text += (str(value) if isinstance(value, int) else quote(str(value), safe=_SAFE)) + rest
        return text

    return make


_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted (RFC 3986 sub-delimiters and /~:@)
_PLACEHOLDER = "7364518290{}"


@lru_cache(maxsize=256)
def _url_parts(name: str, count: int, urlconf: str, prefix: str) -> tuple[str, ...]:
    url = reverse(name, args=[_PLACEHOLDER.format(n) for n in range(count)])
    parts = []
    for n in range(count):
        before, url = url.split(_PLACEHOLDER.format(n), 1)
        parts.append(before)
    return (*parts, url)
