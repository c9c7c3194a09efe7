"""The forward plan of consultations: what public bodies expect to consult on, by body and by
month, so that organisations can plan (West Cheshire s.2; Stafford). A public page and a
public calendar feed; officers keep their own body's entries."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from compact_portal import emails, workdays

from .models import PlannedConsultation


def upcoming(today=None):
    """Entries expected this month or later, soonest first, with their public body."""
    today = today or workdays.today()
    return (
        PlannedConsultation.objects.filter(expected_month__gte=today.replace(day=1))
        .select_related("owner", "consultation")
        .order_by("expected_month", "owner__name", "title")
    )


def by_month(entries) -> list[dict]:
    """[{"month": date, "bodies": [{"owner": org, "entries": [...]}, ...]}, ...]"""
    months: dict = {}
    for entry in entries:
        bodies = months.setdefault(entry.expected_month, {})
        bodies.setdefault(entry.owner, []).append(entry)
    return [
        {"month": month, "bodies": [{"owner": owner, "entries": rows} for owner, rows in bodies.items()]}
        for month, bodies in months.items()
    ]


def ics(entries) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Compact Portal//Forward plan of consultations//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Forward plan of consultations")
    stamp = timezone.now()
    for entry in entries:
        event = Event()
        event.add("uid", f"planned-consultation-{entry.pk}@compact-portal")
        event.add("summary", f"Consultation expected: {entry.title} ({entry.owner.name})")
        event.add("dtstart", entry.expected_month)
        event.add("dtend", entry.expected_month + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("description", f"{entry.get_kind_display()}. {entry.summary}".strip())
        event.add("url", emails.absolute_url("/consultations/forward-plan/"))
        calendar.add_component(event)
    return calendar.to_ical()
