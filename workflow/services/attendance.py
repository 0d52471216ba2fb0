"""Zusage and Absage to an invitation; an Absage asks a deputy to stand in: the member's
personal deputy first, then the other deputies of the member's Fraktion in the committee."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from workflow import clock, permissions
from workflow.models import HistoryEntry, InvitationReply, Meeting, Membership, Person
from workflow.services.engine import lock, require
from workflow.services.history import write_event

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def reply_to_invitation(
    meeting: Meeting, *, by: User, accept: bool, reason: str = ""
) -> InvitationReply:
    """Zusage or Absage of the signed-in invitee (changeable until the meeting begins). The
    reason of an Absage is read only by the invitee and the Sitzungsdienst; the history says
    who answered, not why."""
    with transaction.atomic():
        meeting = lock(meeting)  # one deputy search at a time per meeting
        require(
            permissions.can_reply_to_invitation(by, meeting),
            _("Sie sind zu %(meeting)s nicht eingeladen, oder die Sitzung hat begonnen.")
            % {"meeting": meeting.reference},
        )
        person = Person.objects.get(user=by)
        reply, _created = InvitationReply.objects.select_for_update().get_or_create(
            meeting=meeting, person=person
        )
        was_declined = reply.answer == InvitationReply.Answer.DECLINED
        reply.answer = (
            InvitationReply.Answer.ACCEPTED if accept else InvitationReply.Answer.DECLINED
        )
        reply.reason = "" if accept else reason.strip()
        reply.answered_at = clock.now()
        reply.answered_by = by
        reply.save()
        write_event(
            meeting,
            HistoryEntry.ACCEPTED if accept else HistoryEntry.DECLINED,
            by=by,
            comment=person.name,
        )
        if not accept and not was_declined:
            _ask_deputy(meeting, reply.stands_in_for or person, by=by)
    return reply


def deputy_candidates(meeting: Meeting, absent: Person) -> list[Person]:
    """Who may stand in for ``absent``, in the order they are asked: the personal deputies,
    then the other deputies of the same Fraktion in the committee; none who answered already
    or stands in for someone else."""
    deputies = Membership.objects.active().filter(
        organization=meeting.organization_id, role=Membership.Role.DEPUTY
    )
    seat = (
        Membership.objects.active()
        .filter(organization=meeting.organization_id, person=absent)
        .exclude(role=Membership.Role.DEPUTY)
        .first()
    )
    personal = deputies.filter(represents=absent)
    of_group = (
        deputies.filter(on_behalf_of=seat.on_behalf_of_id).exclude(represents=absent)
        if seat is not None and seat.on_behalf_of_id is not None
        else deputies.none()
    )
    taken = InvitationReply.objects.filter(meeting=meeting).values("person")
    ordered = [
        *personal.exclude(person__in=taken).order_by("person__family_name", "person__given_name"),
        *of_group.exclude(person__in=taken).order_by("person__family_name", "person__given_name"),
    ]
    return list(dict.fromkeys(m.person for m in ordered))


def _ask_deputy(meeting: Meeting, absent: Person, *, by: User) -> None:
    candidates = deputy_candidates(meeting, absent)
    if not candidates:
        return
    deputy = candidates[0]
    InvitationReply.objects.create(meeting=meeting, person=deputy, stands_in_for=absent)
    write_event(
        meeting,
        HistoryEntry.DEPUTY_ASKED,
        by=by,
        comment=_("%(deputy)s für %(absent)s") % {"deputy": deputy.name, "absent": absent.name},
    )
