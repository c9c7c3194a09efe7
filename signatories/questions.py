"""Questions other apps ask an organisation and wait for its admins to answer, listed on
"Your organisations" with a link to each.

This app knows nothing of what is asked: each app that asks registers, in its ready(), a
provider `provider(organisation_ids) -> list[WaitingQuestion]` with `questions_asked_by`
(consultations asks about a shorter period and about taking part in an impact assessment).
"""

from dataclasses import dataclass
from datetime import datetime

PROVIDERS: list = []


@dataclass(frozen=True)
class WaitingQuestion:
    organisation_id: int
    organisation_name: str
    question: str  # what is asked, as a link's text: "A shorter consultation period: <title>"
    url: str  # where the organisation answers
    asked_by: str  # who asks: the consulting body's name
    asked_at: datetime | None = None


def questions_asked_by(provider) -> None:
    """Register `provider(organisation_ids) -> list[WaitingQuestion]`."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def waiting_for(organisation_ids) -> list[WaitingQuestion]:
    """Every question the given organisations have not answered yet, the oldest first."""
    organisation_ids = list(organisation_ids)
    if not organisation_ids:
        return []
    found = [question for provider in PROVIDERS for question in provider(organisation_ids)]
    return sorted(
        found, key=lambda q: (q.organisation_name, q.asked_at is None, q.asked_at or datetime.min, q.question)
    )
