"""iCalendar for meetings: the portal's feeds and the invitations' attachments. A meeting's
UID never changes (it is derived from its database id) and its SEQUENCE is its version, so
calendar clients update an entry instead of duplicating it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from icalendar import Calendar, Event

from workflow.models import AgendaItem, Meeting


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@ratsflow"


def meeting_event(meeting: Meeting, *, description: str, url: str) -> Event:
    """One VEVENT for ``meeting`` (with its organization and location loaded)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.version)
    event.add("dtstamp", meeting.modified)
    event.add("last-modified", meeting.modified)
    event.add("summary", f"{meeting.reference} {meeting.name} – {meeting.organization.name}")
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end or meeting.start + datetime.timedelta(hours=2))
    if meeting.location:
        event.add("location", meeting.location.description)
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    if description:
        event.add("description", description)
    return event


def _calendar(**properties: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//ratsflow//Sitzungskalender//DE")
    calendar.add("version", "2.0")
    for name, value in properties.items():
        calendar.add(name.replace("_", "-"), value)
    return calendar


def meetings_calendar(
    meetings: Iterable[Meeting],
    agendas: dict[int, list[AgendaItem]],
    *,
    name: str,
    url_of: Callable[[Meeting], str],
) -> bytes:
    """``agendas`` holds the public TOPs of each meeting whose agenda is published."""
    calendar = _calendar(x_wr_calname=name)
    for meeting in meetings:
        items = agendas.get(meeting.pk, [])
        description = "\n".join(f"{i.number} {i.name}" for i in items)
        calendar.add_component(meeting_event(meeting, description=description, url=url_of(meeting)))
    return calendar.to_ical()


def meeting_message(meeting: Meeting, *, description: str, url: str) -> bytes:
    """The calendar attached to an invitation (METHOD:REQUEST) or, for a cancelled meeting,
    its cancellation (METHOD:CANCEL); a moved meeting sends a REQUEST with a higher SEQUENCE."""
    calendar = _calendar(method="CANCEL" if meeting.cancelled else "REQUEST")
    calendar.add_component(meeting_event(meeting, description=description, url=url))
    return calendar.to_ical()
