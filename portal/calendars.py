"""iCalendar feeds of meetings. A meeting's UID never changes (it is derived from its
database id), so calendar clients update an entry instead of duplicating it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from workflow.models import AgendaItem, Meeting


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@ratsflow"


def meetings_calendar(
    meetings: Iterable[Meeting],
    agendas: dict[int, list[AgendaItem]],
    *,
    name: str,
    url_of: callable,
) -> bytes:
    """``agendas`` holds the public TOPs of each meeting whose agenda is published."""
    calendar = Calendar()
    calendar.add("prodid", "-//ratsflow//Sitzungskalender//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", meeting.modified)
        event.add("last-modified", meeting.modified)
        event.add("summary", f"{meeting.reference} {meeting.name} – {meeting.organization.name}")
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end or meeting.start + timezone.timedelta(hours=2))
        if meeting.location:
            event.add("location", meeting.location.description)
        event.add("url", url_of(meeting))
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        items = agendas.get(meeting.pk, [])
        if items:
            event.add("description", "\n".join(f"{i.number} {i.name}" for i in items))
        calendar.add_component(event)
    return calendar.to_ical()
