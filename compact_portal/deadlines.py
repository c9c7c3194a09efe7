"""The registry of dated obligations. Each app's `deadlines.py` registers a provider: a
function taking `today` and yielding the `Deadline`s that are open. The board dashboard and
the reminders read every deadline from here; adding a kind is one provider in one app."""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import autodiscover_modules

from . import workdays


@dataclass(frozen=True)
class Deadline:
    kind: str                     # e.g. "consultation_closes", "panel_convene"
    due_on: date
    title: str                    # what is due, in plain English, with no confidential detail
    url: str                      # where to act
    compact_id: int | None = None
    organisation_ids: tuple = field(default_factory=tuple)   # whose deadline it is
    key: str = ""                 # stable identity, e.g. "consultation:12:closes"
    notify_board: bool = False    # the compact's board is told as well (or instead)

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today

    def days_left(self, today: date) -> int:
        return workdays.days_between(today, self.due_on)


Provider = Callable[[date], Iterable[Deadline]]
PROVIDERS: list[Provider] = []


def provider(function: Provider) -> Provider:
    """Register a function that yields the open deadlines of one kind."""
    PROVIDERS.append(function)
    return function


def discover() -> None:
    autodiscover_modules("deadlines")


def walk(today: date | None = None) -> Iterator[Deadline]:
    """Every open deadline, provider by provider, in no particular order: for the sweep and
    the snapshot, which look at each once (sorting them all would be wasted)."""
    today = today or workdays.today()
    for provide in PROVIDERS:
        yield from provide(today)


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
