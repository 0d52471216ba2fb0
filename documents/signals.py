"""Documents that come with a meeting's transitions: the Einladung when invitations go out,
the Niederschrift (frozen) when the chair approves the minutes. They are made inside the
transition's transaction, so the state and its document commit, or are refused, together."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_fsm.signals import post_transition

from documents import generation
from documents.models import File
from documents.services import store_generated
from workflow.errors import TransitionRefused
from workflow.models import Meeting

log = logging.getLogger(__name__)


@receiver(post_transition, sender=Meeting)
def meeting_documents(sender: type, instance: Meeting, name: str, **kwargs: Any) -> None:
    if name == "send_invitations":
        store_meeting_documents(instance, File.Role.INVITATION)
    elif name == "approve_minutes":
        store_meeting_documents(instance, File.Role.RESULTS_PROTOCOL, freeze=True)


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
