"""The meeting as it is held: its opening, the attendance list, exclusions for bias, and
what the meeting decides about its own agenda (Absetzung, Dringlichkeit, order)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from workflow import clock, permissions
from workflow.errors import InvalidInput, TransitionRefused
from workflow.models import (
    AgendaDecision,
    AgendaItem,
    Attendance,
    BiasExclusion,
    HistoryEntry,
    InvitationReply,
    Meeting,
    Membership,
    Paper,
    Person,
)
from workflow.proceedings import (
    VOTING_ROLES,
    agenda_order,
    meeting_record,
    present_at,
    voting_seats,
)
from workflow.services.engine import lock, perform, require, save_new, touch, when
from workflow.services.history import about_item, write_event
from workflow.services.meetings import insert_agenda_item, record_agenda_decision
from workflow.services.results import check_item_version, record_times

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require_clerk(meeting: Meeting, by: User) -> None:
    require(
        permissions.can_manage_meeting(by, meeting),
        _("Sie dürfen %(meeting)s nicht durchführen.") % {"meeting": meeting.reference},
    )


def _require_in_session(meeting: Meeting) -> None:
    """The meeting has begun and is not closed yet."""
    if meeting.state != Meeting.State.INVITED:
        raise TransitionRefused(
            _("%(meeting)s ist %(state)s, nicht in Sitzung.")
            % {"meeting": meeting.reference, "state": meeting.get_state_display()}
        )
    if not meeting.has_begun():
        raise TransitionRefused(
            _("%(meeting)s beginnt erst am %(start)s.")
            % {"meeting": meeting.reference, "start": when(meeting.start)}
        )


def _require_record_open(meeting: Meeting) -> None:
    """Attendance and exclusions are kept from the invitation until the minutes' approval."""
    if not meeting.results_recordable:
        raise TransitionRefused(
            _("Die Anwesenheit von %(meeting)s lässt sich nicht mehr ändern (%(state)s).")
            % {"meeting": meeting.reference, "state": meeting.get_state_display()}
        )


# -- opening and attendance ---------------------------------------------------------------


def _committee_seats(meeting: Meeting) -> dict[int, Membership]:
    """Person → the membership that brings them the invitation, on the meeting's day."""
    memberships = (
        Membership.objects.active(on=meeting.start.date())
        .filter(permissions.INVITED, organization_id=meeting.organization_id)
        .select_related("person")
        .order_by("role", "person__family_name", "person__given_name")
    )
    return {m.person_id: m for m in memberships}


ROLE_ORDER: dict[str, int] = {
    Membership.Role.CHAIR: 0,
    Membership.Role.VICE_CHAIR: 1,
    Membership.Role.MEMBER: 2,
    Membership.Role.DEPUTY: 3,
}


def _prefill(meeting: Meeting) -> None:
    """The attendance list from the invitation: members present unless they sent an
    Absage (then excused, with its reason as the internal note), the deputies who stand in
    or accepted."""
    replies = {r.person_id: r for r in InvitationReply.objects.filter(meeting=meeting)}
    rows = []
    for person_id, membership in _committee_seats(meeting).items():
        reply = replies.get(person_id)
        declined = reply is not None and reply.answer == InvitationReply.Answer.DECLINED
        position = ROLE_ORDER.get(membership.role, 4)
        if membership.role in VOTING_ROLES:
            rows.append(
                Attendance(
                    meeting=meeting,
                    person_id=person_id,
                    role=Attendance.Role.MEMBER,
                    voting=membership.voting_right,
                    status=Attendance.Status.EXCUSED if declined else Attendance.Status.PRESENT,
                    note=reply.reason if declined and reply is not None else "",
                    position=position,
                )
            )
        elif reply is not None and not declined and (reply.stands_in_for_id or reply.answered_at):
            rows.append(
                Attendance(
                    meeting=meeting,
                    person_id=person_id,
                    role=Attendance.Role.DEPUTY,
                    voting=reply.stands_in_for_id is not None,
                    stands_in_for_id=reply.stands_in_for_id,
                    position=position,
                )
            )
    Attendance.objects.bulk_create(rows)


def open_meeting(
    meeting: Meeting,
    *,
    by: User,
    at: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Eröffnung: the actual start (now, or ``at``), the attendance list pre-filled from
    the Zusagen and Absagen, and the quorum stated in the history."""
    with transaction.atomic():
        meeting = lock(meeting, expected_version)
        _require_clerk(meeting, by)
        _require_in_session(meeting)
        if meeting.actual_start is not None:
            raise TransitionRefused(
                _("%(meeting)s ist schon eröffnet (%(start)s).")
                % {"meeting": meeting.reference, "start": when(meeting.actual_start)}
            )
        if not meeting.attendance.exists():
            _prefill(meeting)
        record_times(meeting, at or clock.now(), None, by=by)
        record = meeting_record(meeting)
        write_event(meeting, HistoryEntry.OPENED, by=by, comment=record.opening_statement)
        touch(meeting)
    return meeting


@dataclass(frozen=True)
class AttendanceEntry:
    """One row of the attendance list as the clerk changed it."""

    attendance: Attendance
    status: str
    from_item: AgendaItem | None = None
    until_item: AgendaItem | None = None
    arrived_at: datetime.time | None = None
    left_at: datetime.time | None = None
    note: str = ""


def record_attendance(
    meeting: Meeting,
    *,
    entries: Iterable[AttendanceEntry],
    by: User,
    expected_version: int | None = None,
) -> Meeting:
    """Change the attendance list (status, from/until TOP, times, internal note): all or
    nothing. Refused when, at some TOP, more would vote than the committee has seats."""
    with transaction.atomic():
        meeting = _lock_attendance(meeting, by, expected_version)
        items = {item.pk: item for item in agenda_order(meeting)}
        changed = []
        for entry in entries:
            row = entry.attendance
            if row.meeting_id != meeting.pk:
                raise InvalidInput(_("Der Eintrag gehört zu einer anderen Sitzung."))
            if entry.status not in Attendance.Status.values:
                raise InvalidInput(_("Unbekannter Anwesenheitsstatus."))
            for item in (entry.from_item, entry.until_item):
                if item is not None and item.pk not in items:
                    raise InvalidInput(_("Der TOP gehört zu einer anderen Sitzung."))
            row.status = entry.status
            present = entry.status == Attendance.Status.PRESENT
            row.from_item = entry.from_item if present else None
            row.until_item = entry.until_item if present else None
            row.arrived_at = entry.arrived_at if present else None
            row.left_at = entry.left_at if present else None
            row.note = entry.note.strip()
            changed.append(row)
        _check_rows(meeting, changed, list(items))
        Attendance.objects.bulk_update(
            changed,
            ["status", "from_item", "until_item", "arrived_at", "left_at", "note"],
        )
        _attendance_changed(meeting, by)
    return meeting


def _lock_attendance(meeting: Meeting, by: User, expected_version: int | None) -> Meeting:
    meeting = lock(meeting)
    _require_clerk(meeting, by)
    _require_record_open(meeting)
    if expected_version is not None and meeting.attendance_version != expected_version:
        raise InvalidInput(
            _(
                "Die Anwesenheitsliste von %(meeting)s wurde inzwischen geändert. Bitte neu "
                "laden und erneut versuchen."
            )
            % {"meeting": meeting.reference}
        )
    return meeting


def _attendance_changed(meeting: Meeting, by: User) -> None:
    meeting.attendance_version = F("attendance_version") + 1
    meeting.save(update_fields=["attendance_version", "modified"])
    meeting.refresh_from_db(fields=["attendance_version"])
    write_event(meeting, HistoryEntry.ATTENDANCE, by=by, comment="")


def _check_rows(meeting: Meeting, changed: list[Attendance], order_list: list[int]) -> None:
    """From before until, arrival before departure, never more voters than seats."""
    order = {pk: index for index, pk in enumerate(order_list)}
    for row in changed:
        if (
            row.from_item_id is not None
            and row.until_item_id is not None
            and order[row.from_item_id] > order[row.until_item_id]
        ):
            raise InvalidInput(
                _("%(name)s: „anwesend ab TOP“ liegt nach „anwesend bis TOP“.")
                % {"name": row.display_name}
            )
        if row.arrived_at and row.left_at and row.arrived_at > row.left_at:
            raise InvalidInput(_("%(name)s: gegangen vor dem Kommen.") % {"name": row.display_name})
    by_pk = {row.pk: row for row in changed}
    rows = [by_pk.get(a.pk, a) for a in meeting.attendance.all()]
    seats = voting_seats(meeting)
    for index in range(len(order_list) or 1):
        voting = sum(1 for a in rows if a.voting and present_at(a, index, order))
        if seats and voting > seats:
            raise InvalidInput(
                _(
                    "Es wären %(voting)d Stimmberechtigte anwesend, der Ausschuss hat aber nur "
                    "%(seats)d Sitze: ein Mitglied und seine Vertretung stimmen nicht "
                    "zugleich ab."
                )
                % {"voting": voting, "seats": seats}
            )


def add_attendee(
    meeting: Meeting,
    *,
    by: User,
    person: Person | None = None,
    guest_name: str = "",
    affiliation: str = "",
    stands_in_for: Person | None = None,
    expected_version: int | None = None,
) -> Attendance:
    """Add someone to the attendance list: a member or deputy of the committee not on it
    yet (a deputy with ``stands_in_for`` votes for that member), or a guest (a person of the
    body or just a name, with their function)."""
    with transaction.atomic():
        meeting = _lock_attendance(meeting, by, expected_version)
        seats = _committee_seats(meeting)
        guest_name = guest_name.strip()
        if person is None and not guest_name:
            raise InvalidInput(_("Wer ist anwesend? Eine Person oder den Namen eines Gastes."))
        if person is not None and person.body_id != meeting.body_id:
            raise InvalidInput(_("Die Person gehört zu einer anderen Körperschaft."))
        if person is not None and meeting.attendance.filter(person=person).exists():
            raise InvalidInput(
                _("%(name)s steht schon auf der Anwesenheitsliste.") % {"name": person.name}
            )
        membership = seats.get(person.pk) if person is not None else None
        if stands_in_for is not None:
            represented = seats.get(stands_in_for.pk)
            if (
                membership is None
                or membership.role != Membership.Role.DEPUTY
                or represented is None
                or represented.role not in VOTING_ROLES
            ):
                raise InvalidInput(
                    _("Vertreten wird ein Mitglied des Ausschusses durch ein stellv. Mitglied.")
                )
        if membership is None:
            role = Attendance.Role.GUEST
        elif membership.role == Membership.Role.DEPUTY:
            role = Attendance.Role.DEPUTY
        else:
            role = Attendance.Role.MEMBER
        voting = (
            membership is not None and membership.role in VOTING_ROLES and membership.voting_right
        ) or stands_in_for is not None
        last = meeting.attendance.aggregate(last=Max("position"))["last"] or 0
        row = Attendance(
            meeting=meeting,
            person=person,
            guest_name="" if person is not None else guest_name,
            affiliation=affiliation.strip(),
            role=role,
            voting=voting,
            stands_in_for=stands_in_for,
            position=max(last, 4) + 1,
        )
        row = save_new(row)
        _check_rows(meeting, [], [item.pk for item in agenda_order(meeting)])
        _attendance_changed(meeting, by)
    return row


# -- Befangenheit ------------------------------------------------------------------------


def declare_exclusion(
    agenda_item: AgendaItem, *, person: Person, by: User, reason: str = ""
) -> BiasExclusion:
    """A member on the attendance list is excluded from a TOP for bias: no vote, not
    counted for its quorum, named in the Niederschrift; the reason stays internal (the
    history names the person, not the reason)."""
    with transaction.atomic():
        meeting = lock(agenda_item.meeting)
        _require_clerk(meeting, by)
        _require_record_open(meeting)
        item = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
        attendee = meeting.attendance.filter(person=person).first()
        if attendee is None or attendee.role == Attendance.Role.GUEST:
            raise InvalidInput(_("Befangen sein kann nur ein Mitglied auf der Anwesenheitsliste."))
        if item.result_id is not None and item.votes_yes is not None:
            raise TransitionRefused(
                _("Über %(number)s ist schon abgestimmt.") % {"number": item.number}
            )
        exclusion, created = BiasExclusion.objects.get_or_create(
            agenda_item=item,
            person=person,
            defaults={"reason": reason.strip(), "declared_by": by},
        )
        if not created:
            exclusion.reason = reason.strip()
            exclusion.save(update_fields=["reason"])
        item.roll_call.filter(person=person).delete()
        _item_changed(item)
        write_event(
            meeting,
            HistoryEntry.BIAS,
            by=by,
            comment=_("%(number)s: %(name)s befangen") % {"number": item.number, "name": person},
            **about_item(item, meeting),
        )
        touch(meeting)
    return exclusion


def withdraw_exclusion(agenda_item: AgendaItem, *, person: Person, by: User) -> None:
    """Take back an exclusion entered by mistake."""
    with transaction.atomic():
        meeting = lock(agenda_item.meeting)
        _require_clerk(meeting, by)
        _require_record_open(meeting)
        item = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
        deleted, _rows = BiasExclusion.objects.filter(agenda_item=item, person=person).delete()
        if not deleted:
            raise InvalidInput(
                _("%(name)s ist für %(number)s nicht als befangen erfasst.")
                % {"name": person, "number": item.number}
            )
        _item_changed(item)
        write_event(
            meeting,
            HistoryEntry.BIAS,
            by=by,
            comment=_("%(number)s: Befangenheit von %(name)s aufgehoben")
            % {"number": item.number, "name": person},
            **about_item(item, meeting),
        )
        touch(meeting)


def _item_changed(item: AgendaItem) -> None:
    item.version += 1
    item.save(update_fields=["version", "modified"])


# -- decisions about the agenda ----------------------------------------------------------


def drop_agenda_item(
    agenda_item: AgendaItem,
    *,
    by: User,
    reason: str,
    expected_version: int | None = None,
) -> AgendaDecision:
    """Absetzung at the meeting: the TOP stays in the record as abgesetzt, its paper goes
    back to "eingereicht" to wait for another meeting (its officer is told)."""
    with transaction.atomic():
        meeting = lock(agenda_item.meeting)
        _require_clerk(meeting, by)
        _require_in_session(meeting)
        item = AgendaItem.objects.select_related("consultation__paper").get(
            pk=agenda_item.pk, meeting=meeting
        )
        check_item_version(item, item.version, expected_version)
        if not reason.strip():
            raise InvalidInput(_("Eine Absetzung braucht eine Begründung."))
        if item.removed:
            raise InvalidInput(_("%(number)s ist schon abgesetzt.") % {"number": item.number})
        if item.result_id is not None:
            raise TransitionRefused(
                _("Für %(number)s ist schon ein Ergebnis erfasst.") % {"number": item.number}
            )
        consultation = item.consultation
        paper = None
        item.removed = True  # before the paper's event: its mail tells of the Absetzung
        item.save(update_fields=["removed", "modified"])
        if consultation is not None:
            paper = lock(consultation.paper)
            if (
                paper.state == Paper.State.SCHEDULED
                and paper.current_consultation() == consultation
            ):
                perform(
                    paper,
                    "unschedule",
                    by=by,
                    comment=_("in %(meeting)s abgesetzt: %(reason)s")
                    % {"meeting": meeting.reference, "reason": reason},
                    **about_item(item, meeting),
                )
        # recorded while the TOP still names the paper, which stays public by it
        # (``workflow.publication``) when the TOP lets go of it for another meeting
        decision = record_agenda_decision(
            meeting,
            item,
            kind=AgendaDecision.Kind.REMOVAL,
            by=by,
            description=reason.strip(),
            paper=paper,
        )
        item.consultation = None
        item.version += 1
        item.save(update_fields=["removed", "consultation", "version", "modified"])
        touch(meeting)
    return decision


def add_urgent_agenda_item(
    meeting: Meeting,
    *,
    by: User,
    name: str = "",
    reason: str,
    votes_yes: int,
    votes_no: int = 0,
    votes_abstain: int = 0,
    public: bool = True,
    paper: Paper | None = None,
) -> AgendaItem:
    """Erweiterung der Tagesordnung at the meeting by an urgent item (Dringlichkeit): the
    vote that allowed it must carry under the body's majority rule; a late Antrag may go on
    it this way."""
    with transaction.atomic():
        meeting = lock(meeting)
        _require_clerk(meeting, by)
        _require_in_session(meeting)
        if not reason.strip():
            raise InvalidInput(_("Die Dringlichkeit braucht eine Begründung."))
        votes = (votes_yes, votes_no, votes_abstain)
        if any(v is None or v < 0 for v in votes):
            raise InvalidInput(_("Stimmenzahlen können nicht negativ sein."))
        record = meeting_record(meeting)
        voters = len(record.voters_now)
        if record.attendance_recorded and sum(votes) > voters:
            raise InvalidInput(
                _("%(votes)d Stimmen, aber nur %(voters)d Stimmberechtigte anwesend.")
                % {"votes": sum(votes), "voters": voters}
            )
        if not meeting.body.carried(*votes, seats=record.seats):
            raise TransitionRefused(
                _(
                    "Die Dringlichkeit ist nicht beschlossen (Ja %(yes)d, Nein %(no)d, "
                    "Enthaltung %(abstain)d); der TOP wird nicht ergänzt."
                )
                % {"yes": votes_yes, "no": votes_no, "abstain": votes_abstain}
            )
        item = insert_agenda_item(
            meeting, name=name, public=public, paper=paper, by=by, comment=reason, urgent=True
        )
        record_agenda_decision(
            meeting,
            item,
            kind=AgendaDecision.Kind.URGENT_ADDITION,
            by=by,
            description=reason.strip(),
            paper=paper,
            votes=votes,
        )
        touch(meeting)
    return item
