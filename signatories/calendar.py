"""A private iCalendar feed of the deadlines that concern one person."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from compact_portal import emails, workdays

from . import open_deadlines


def deadlines_for(user, today=None):
    """Open deadlines of the person's organisations, and of compacts on whose board they sit
    (from the open deadlines table)."""
    return open_deadlines.deadlines_for(user, today)


def ics_for(user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Compact Portal//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Compact deadlines")
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now()
    for deadline in deadlines_for(user):
        event = Event()
        event.add("uid", f"{deadline.key or deadline.title}@compact-portal")
        event.add("summary", deadline.title_now)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("url", emails.absolute_url(deadline.url))
        event.add("description", f"Due {workdays.format_date(deadline.due_on)}. {emails.absolute_url(deadline.url)}")
        calendar.add_component(event)
    return calendar.to_ical()
