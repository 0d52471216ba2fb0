"""What happened, as the services record it, and what follows from it, in a fixed order.

Every history entry a service writes (``services.history.write_entry``) is an event: it names
its subject (the paper or meeting), the actor, the reason and, where the change concerns
one, the TOP (``HistoryEntry.agenda_item``; its meeting, consultation and result follow
from it). ``dispatch`` hands the event to the handlers in ``ORDER``, inside the transaction
of the change, so the change and everything that follows from it commit or are refused
together. The published-paper rows are current before the first handler runs: the ORM
signals of ``workflow.publication`` refresh them at each save of the change.

1. ``documents``: the Einladung when the invitations go out (and its next version after an
   amendment), the Niederschrift when the minutes are approved;
2. ``outbox``: the notifications the rule table (``notifications/rules.py``) derives from
   the event, rendered later from the event itself, never from "the paper's latest TOP".

The handlers belong to other apps; each registers itself under its name when its app is
ready, and a missing one stops the dispatch with an error rather than skipping a step.
ORM signals remain only for derived data that must see every write, whoever makes it
(tombstones, the OParl cache, the published-paper rows after admin edits and bulk imports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from workflow.models import AgendaItem, HistoryEntry, Subject

ORDER = ("documents", "outbox")


class MadeDocument(Protocol):
    """What the later steps read of a document an earlier step made (``documents.File``;
    the domain names no app above it)."""

    pk: Any
    confidential: bool

    @property
    def current(self) -> Any: ...


@dataclass
class Event:
    """A history entry with its subject, as the handlers read it."""

    entry: HistoryEntry
    subject: Subject
    # Filled by the documents step: the files this event made (e.g. the Einladung).
    documents: list[MadeDocument] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The transition, or the kind of a history entry that is none (``HistoryEntry``)."""
        return self.entry.action

    @property
    def agenda_item(self) -> AgendaItem | None:
        """The TOP the change concerns, as the service named it (None if it concerns none)."""
        return self.entry.agenda_item


Handler = Callable[[Event], object]  # what a handler returns is not used
_handlers: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    """Install ``handler`` as the step ``name`` of ``ORDER`` (from an app's ``ready``)."""
    if name not in ORDER:
        raise ValueError(f"unknown event handler {name!r}; the order is {ORDER}")
    _handlers[name] = handler


def handlers() -> list[tuple[str, Handler]]:
    """The handlers in the order they run."""
    missing = [name for name in ORDER if name not in _handlers]
    if missing:
        raise RuntimeError(f"event handlers not registered: {', '.join(missing)}")
    return [(name, _handlers[name]) for name in ORDER]


def dispatch(event: Event) -> None:
    for _name, handler in handlers():
        handler(event)
