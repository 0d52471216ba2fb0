"""The history writer: one entry per change, and the event that runs what follows from it
(``workflow.events``). Every app that records a change imports ``write_entry`` from here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType

from workflow import events
from workflow.models import (
    AgendaItem,
    HistoryEntry,
    Meeting,
    Subject,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def write_entry(
    subject: Subject,
    action: str,
    *,
    source: str,
    target: str,
    by: User | None,
    comment: str = "",
    agenda_item: AgendaItem | None = None,
    confidential_organization_id: int | None = None,
) -> HistoryEntry:
    """Write a history entry, the event of the change, and run what follows from it
    (``workflow.events``). ``agenda_item`` is the TOP it is about; with
    ``confidential_organization_id`` it is about that committee's non-public part, read in
    full only by those entitled to it."""
    entry = HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        action=action,
        source_state=source,
        target_state=target,
        by=by,
        comment=comment,
        agenda_item=agenda_item,
        confidential_organization_id=confidential_organization_id,
    )
    events.dispatch(events.Event(entry=entry, subject=subject))
    return entry


def write_event(
    subject: Subject,
    action: str,
    *,
    by: User,
    comment: str,
    **about: Any,
) -> HistoryEntry:
    """A history entry that is not a state change (edit, note, agenda amendment)."""
    return write_entry(
        subject, action, source=subject.state, target=subject.state, by=by, comment=comment, **about
    )


def about_item(item: AgendaItem, meeting: Meeting) -> dict[str, Any]:
    """What a history entry about ``item`` records: the TOP, and the committee whose
    non-public part it belongs to, if it does."""
    return {
        "agenda_item": item,
        "confidential_organization_id": None if item.public else meeting.organization_id,
    }
