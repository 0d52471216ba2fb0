"""Documents that come with a meeting's events (``workflow.events``, the documents step):
the Einladung when invitations go out (and a new version of it when the agenda is amended
afterwards), the Niederschrift (frozen) when the chair approves the minutes. They are made
inside the transaction of the change, so the change and its document commit, or are
refused, together. And files get a new ``modified`` when their paper or agenda comes into
public view or leaves it (a signal of ``workflow.publication``)."""

from __future__ import annotations

import logging
from typing import Any, cast

from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from documents import generation
from documents.models import File
from documents.services import store_generated
from workflow.errors import TransitionRefused
from workflow.events import Event
from workflow.models import HistoryEntry, Meeting, Paper
from workflow.publication import visibility_changed

log = logging.getLogger(__name__)


def on_event(event: Event) -> None:
    """The documents step of ``workflow.events``: the Einladung when the invitations go out,
    its next version after an amendment of the sent agenda or a paper withdrawn from it (the
    version that went out stays, as the earlier version), the frozen Niederschrift when the
    minutes are approved."""
    if isinstance(event.subject, Paper):
        # A paper withdrawn from a sent agenda: the Einladung's next version marks it.
        item = event.agenda_item
        on_sent_agenda = item is not None and item.meeting.state == Meeting.State.INVITED
        if event.name == "withdraw" and item is not None and on_sent_agenda:
            event.documents += store_meeting_documents(item.meeting, File.Role.INVITATION)
        return
    if not isinstance(event.subject, Meeting):  # a member's filing makes no documents
        return
    # mypy does not narrow by isinstance: django_fsm's mixin is Any.
    meeting = cast(Meeting, event.subject)
    if event.name == "send_invitations" or (
        event.name in HistoryEntry.AMENDMENTS and meeting.state == Meeting.State.INVITED
    ):
        event.documents += store_meeting_documents(meeting, File.Role.INVITATION)
    elif event.name == "approve_minutes":
        event.documents += store_meeting_documents(meeting, File.Role.RESULTS_PROTOCOL, freeze=True)


def store_meeting_documents(meeting: Meeting, role: str, *, freeze: bool = False) -> list[File]:
    """The public and the members' version of the Einladung or Niederschrift."""
    make = generation.invitation if role == File.Role.INVITATION else generation.minutes
    files = []
    for confidential in (False, True):
        try:
            document = make(meeting, confidential=confidential)
        except Exception as error:  # a rendering failure refuses the transition
            log.exception("could not render %s of meeting %s", role, meeting.pk)
            raise TransitionRefused(
                _("%(document)s konnte nicht erzeugt werden (%(error)s).")
                % {"document": File.Role(role).label, "error": error}
            ) from error
        name = document.title + (str(_(" (mit nichtöffentlichem Teil)")) if confidential else "")
        files.append(
            store_generated(
                meeting,
                role=role,
                confidential=confidential,
                name=name,
                file_name=document.file_name,
                content=document.content,
                freeze=freeze,
            )
        )
    return files


@receiver(visibility_changed)
def files_follow_their_owner(
    sender: type, paper_ids: set[int], meeting_ids: set[int], moment: Any, **kwargs: Any
) -> None:
    """Files come into public view (or leave it) with their paper or agenda: a new
    ``modified``, so OParl clients that sync by ``modified_since`` see them."""
    File.objects.filter(
        Q(paper__in=paper_ids)
        | Q(meeting__in=meeting_ids)
        | Q(agenda_item__meeting__in=meeting_ids)
    ).update(modified=moment)
