"""Services of a Sitzung and its agenda: create, move, TOPs, scheduling, the meeting's
transitions from agenda approval to cancellation."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from workflow import clock, permissions
from workflow.errors import InvalidInput, TransitionRefused
from workflow.models import (
    AgendaDecision,
    AgendaItem,
    Filing,
    HistoryEntry,
    Location,
    Meeting,
    Organization,
    Paper,
    ReferenceCounter,
)
from workflow.services.engine import (
    assign_reference,
    local_year,
    lock,
    perform,
    require,
    run,
    save_new,
    touch,
    when,
)
from workflow.services.history import about_item, write_entry, write_event

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def register_meeting(
    meeting: Meeting,
    *,
    by: User,
    reference: str = "",
    archive: bool = False,
    allow_overlap: bool = False,
) -> Meeting:
    """Save a new, unsaved meeting as planned, with the next ``SI/<year>/<n>`` reference.

    A meeting whose start has passed is entered only as an archive entry (``archive``, its
    history says so); one overlapping another meeting of its committee only with
    ``allow_overlap``."""
    require(
        permissions.is_clerk_for(by, meeting.organization),
        _("Sie dürfen für %(org)s keine Sitzungen anlegen.") % {"org": meeting.organization},
    )
    meeting.body = meeting.organization.body
    if meeting.location is not None and meeting.location.body_id not in (None, meeting.body_id):
        raise InvalidInput(_("Der Ort gehört zu einer anderen Körperschaft."))
    past = meeting.start is not None and meeting.start < clock.now()
    if past and not archive:
        raise InvalidInput(
            _(
                "Der Beginn %(start)s liegt in der Vergangenheit. Eine vergangene Sitzung wird "
                "nur ausdrücklich nachträglich erfasst („nachträglich erfassen“ ankreuzen)."
            )
            % {"start": when(meeting.start)}
        )
    if archive and not past:
        raise InvalidInput(_("Nachträglich erfasst werden nur Sitzungen, deren Beginn vorbei ist."))
    with transaction.atomic():
        if meeting.start is not None:
            _check_overlap(meeting, allow_overlap=allow_overlap)
        assign_reference(
            meeting,
            ReferenceCounter.Scope.MEETING,
            local_year(meeting.body, meeting.start),
            f"{meeting.body.meeting_reference_prefix}/",
            reference,
        )
        save_new(meeting)
        write_entry(
            meeting,
            HistoryEntry.CREATED,
            source="",
            target=meeting.state,
            by=by,
            comment=_("nachträglich erfasst") if archive else "",
        )
    return meeting


def create_meeting(
    *,
    organization: Organization,
    start: datetime.datetime,
    by: User,
    name: str = "Ordentliche Sitzung",
    end: datetime.datetime | None = None,
    location: Location | None = None,
    reference: str = "",
    archive: bool = False,
    allow_overlap: bool = False,
) -> Meeting:
    meeting = Meeting(organization=organization, name=name, start=start, end=end, location=location)
    return register_meeting(
        meeting, by=by, reference=reference, archive=archive, allow_overlap=allow_overlap
    )


def _check_overlap(meeting: Meeting, *, allow_overlap: bool) -> None:
    """Refuse a second meeting of the committee at the same time, unless confirmed.

    Two meetings overlap when their time ranges do; a meeting without a planned end counts
    as ``Meeting.ASSUMED_DURATION`` long. Cancelled meetings do not count."""
    if allow_overlap:
        return
    end = meeting.assumed_end
    candidates = (
        Meeting.objects.filter(
            organization_id=meeting.organization_id,
            start__lt=end,
            start__gt=meeting.start - Meeting.ASSUMED_DURATION * 8,
        )
        .exclude(state=Meeting.State.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("start")
    )
    for other in candidates:
        if other.assumed_end > meeting.start:
            raise InvalidInput(
                _(
                    "%(org)s hat am %(start)s schon die Sitzung %(other)s. Wenn beide "
                    "stattfinden sollen, bestätigen Sie die Überschneidung."
                )
                % {
                    "org": meeting.organization,
                    "start": when(other.start),
                    "other": other.reference,
                }
            )


def reschedule_meeting(
    meeting: Meeting,
    *,
    start: datetime.datetime,
    by: User,
    reason: str,
    end: datetime.datetime | None = None,
    location: Location | None = None,
    allow_overlap: bool = False,
    expected_version: int | None = None,
) -> Meeting:
    """Move a meeting not yet held to another time (and room); the history keeps the reason,
    and those invited are told (with an updated calendar entry).

    The new start lies ahead, after the meetings where its papers were last discussed; a
    meeting with results already recorded has taken place and stays where it is."""
    with transaction.atomic():
        meeting = lock(meeting, expected_version)
        require(
            permissions.can_manage_meeting(by, meeting),
            _("Sie dürfen %(meeting)s nicht verlegen.") % {"meeting": meeting},
        )
        if not meeting.reschedulable:
            raise TransitionRefused(
                _("%(meeting)s ist %(state)s und kann nicht mehr verlegt werden.")
                % {"meeting": meeting, "state": meeting.get_state_display()}
            )
        if meeting.agenda_items.filter(result__isnull=False).exists():
            raise TransitionRefused(
                _(
                    "Für %(meeting)s sind schon Ergebnisse erfasst; die Sitzung kann nicht "
                    "mehr verlegt werden."
                )
                % {"meeting": meeting}
            )
        if not reason.strip():
            raise InvalidInput(_("Eine Verlegung braucht eine Begründung."))
        if end is not None and end < start:
            raise InvalidInput(_("Eine Sitzung kann nicht vor ihrem Beginn enden."))
        if start < clock.now():
            raise InvalidInput(
                _("Eine Sitzung wird nicht in die Vergangenheit verlegt (%(start)s).")
                % {"start": when(start)}
            )
        if location is not None and location.body_id not in (None, meeting.body_id):
            raise InvalidInput(_("Der Ort gehört zu einer anderen Körperschaft."))
        before = when(meeting.start)
        meeting.start, meeting.end = start, end
        if location is not None:
            meeting.location = location
        _check_overlap(meeting, allow_overlap=allow_overlap)
        for item in meeting.agenda_items.filter(consultation__isnull=False).select_related(
            "consultation__paper"
        ):
            assert item.consultation is not None  # consultation__isnull=False
            _check_after_previous_consultation(item.consultation.paper, meeting)
        meeting.version += 1
        meeting.save(update_fields=["start", "end", "location", "version", "modified"])
        write_event(
            meeting,
            HistoryEntry.MOVED,
            by=by,
            comment=_("vorher %(before)s: %(reason)s") % {"before": before, "reason": reason},
        )
    return meeting


def in_session(meeting: Meeting) -> bool:
    """The meeting is under way: invited, begun, not closed."""
    return meeting.state == Meeting.State.INVITED and meeting.has_begun()


def _amendment_of(item: AgendaItem) -> str:
    """The history entry of an amendment: of the public part (subscribers hear of it) or not."""
    return HistoryEntry.AMENDED_PUBLIC_AGENDA if item.public else HistoryEntry.AMENDED_AGENDA


def _check_agenda_editable(meeting: Meeting, *, by: User, amendment_reason: str) -> bool:
    """True when the change is an amendment of an approved agenda (and so needs logging)."""
    require(
        permissions.can_manage_meeting(by, meeting),
        _("Sie dürfen die Tagesordnung von %(meeting)s nicht ändern.") % {"meeting": meeting},
    )
    if not meeting.agenda_editable:
        raise TransitionRefused(
            _("Die Tagesordnung von %(meeting)s kann nicht mehr geändert werden (%(state)s).")
            % {"meeting": meeting, "state": meeting.get_state_display()}
        )
    if meeting.state in Meeting.AGENDA_OPEN_STATES:
        return False
    if not amendment_reason.strip():
        raise InvalidInput(
            _(
                "Die Tagesordnung von %(meeting)s ist freigegeben; eine Änderung braucht "
                "eine Begründung."
            )
            % {"meeting": meeting}
        )
    return True


def add_agenda_item(
    meeting: Meeting,
    *,
    name: str = "",
    by: User,
    public: bool = True,
    paper: Paper | None = None,
    amendment_reason: str = "",
    before: AgendaItem | None = None,
    expected_version: int | None = None,
) -> AgendaItem:
    """Append a TOP to the public or non-public part (or insert it ``before`` a TOP of that
    part, the later ones moving down); with ``paper``, schedule that paper on it (its name
    is the default title)."""
    with transaction.atomic():
        meeting = lock(meeting, expected_version)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=amendment_reason)
        item = insert_agenda_item(
            meeting,
            name=name,
            public=public,
            paper=paper,
            before=before,
            by=by,
            comment=amendment_reason,
        )
        if amendment:
            write_event(
                meeting,
                _amendment_of(item),
                by=by,
                comment=_("%(number)s „%(name)s“ ergänzt: %(reason)s")
                % {"number": item.number, "name": item.name, "reason": amendment_reason},
                **about_item(item, meeting),
            )
        touch(meeting)
    return item


def insert_agenda_item(
    meeting: Meeting,
    *,
    by: User,
    name: str = "",
    public: bool = True,
    paper: Paper | None = None,
    before: AgendaItem | None = None,
    comment: str = "",
    urgent: bool = False,
) -> AgendaItem:
    """The TOP itself, on a meeting locked and checked by the caller (``add_agenda_item``,
    or an urgent item added at the meeting, which no Antragsfrist holds back)."""
    title = (name or (paper.name if paper else "")).strip()
    if not title:
        raise InvalidInput(_("Ein TOP braucht einen Titel."))
    part = meeting.agenda_items.filter(public=public)
    if before is not None:
        if before.meeting_id != meeting.pk or before.public != public:
            raise InvalidInput(_("Der TOP gehört zu einem anderen Teil der Tagesordnung."))
        position = AgendaItem.objects.get(pk=before.pk).position
        part.filter(position__gte=position).update(position=F("position") + 1)
    else:
        position = (part.aggregate(last=Max("position"))["last"] or 0) + 1
    item = save_new(AgendaItem(meeting=meeting, public=public, position=position, name=title))
    if paper is not None:
        _schedule(paper, item, meeting, by=by, comment=comment, urgent=urgent)
    return item


def record_agenda_decision(
    meeting: Meeting,
    item: AgendaItem,
    *,
    kind: str,
    by: User,
    description: str,
    paper: Paper | None = None,
    votes: tuple[int | None, int | None, int | None] = (None, None, None),
) -> AgendaDecision:
    """What the meeting decided about its agenda, in the record and the history (no mail:
    those invited are in the room)."""
    decision = AgendaDecision.objects.create(
        meeting=meeting,
        kind=kind,
        agenda_item=item,
        paper=paper,
        number=item.number,
        description=description,
        votes_yes=votes[0],
        votes_no=votes[1],
        votes_abstain=votes[2],
        decided_at=clock.now(),
        decided_by=by,
    )
    write_event(
        meeting,
        HistoryEntry.AGENDA_DECISION,
        by=by,
        comment=f"{decision.get_kind_display()} {item.number}: {description}",
        **about_item(item, meeting),
    )
    return decision


def schedule_paper(
    paper: Paper,
    *,
    agenda_item: AgendaItem,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Paper:
    """Put the paper's current consultation on an existing TOP without a paper."""
    with transaction.atomic():
        meeting = lock(agenda_item.meeting, expected_version)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=comment)
        item = AgendaItem.objects.get(pk=agenda_item.pk)
        paper = _schedule(paper, item, meeting, by=by, comment=comment)
        if amendment:
            write_event(
                meeting,
                _amendment_of(item),
                by=by,
                comment=_("%(paper)s auf %(number)s gesetzt: %(reason)s")
                % {"paper": paper, "number": item.number, "reason": comment},
                **about_item(item, meeting),
            )
        touch(meeting)
    return paper


def _schedule(
    paper: Paper,
    item: AgendaItem,
    meeting: Meeting,
    *,
    by: User,
    comment: str,
    urgent: bool = False,
) -> Paper:
    paper = lock(paper)
    if item.consultation_id is not None:
        raise InvalidInput(_("%(number)s behandelt schon eine Vorlage.") % {"number": item.number})
    consultation = paper.current_consultation()
    perform(
        paper,
        "schedule",
        by=by,
        comment=comment,
        **about_item(item, meeting),
    )
    assert consultation is not None  # "schedule" refuses a paper without an open one
    if consultation.organization_id != meeting.organization_id:
        raise InvalidInput(
            _("%(paper)s ist als Nächstes in %(due)s zu beraten, nicht in %(org)s.")
            % {"paper": paper, "due": consultation.organization, "org": meeting.organization}
        )
    _check_after_previous_consultation(paper, meeting)
    if not urgent:
        _check_motion_deadline(paper, meeting)
    item.consultation = consultation
    item.save(update_fields=["consultation", "modified"])
    return paper


def _check_motion_deadline(paper: Paper, meeting: Meeting) -> None:
    """An Antrag of members or a Fraktion goes on an agenda only if it was filed before the
    meeting's Antragsfrist, unless it is a Dringlichkeitsantrag."""
    filing = (
        Filing.objects.filter(paper=paper, kind=Filing.Kind.MOTION).select_related("body").first()
    )
    if filing is not None and not filing.in_time_for(meeting):
        raise InvalidInput(
            _(
                "%(paper)s wurde nach der Antragsfrist von %(meeting)s (%(deadline)s) "
                "eingereicht und kann nur als Dringlichkeitsantrag auf diese Tagesordnung."
            )
            % {
                "paper": paper,
                "meeting": meeting.reference,
                "deadline": when(filing.deadline_for(meeting)),
            }
        )


def _check_after_previous_consultation(paper: Paper, meeting: Meeting) -> None:
    """A paper's next consultation lies after the meeting where it was last discussed
    (a Vorberatung before the Plenum, a deferred TOP on a later meeting)."""
    previous = (
        AgendaItem.objects.filter(consultation__paper=paper, result__isnull=False)
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )
    if previous is not None and previous.meeting.start >= meeting.start:
        raise InvalidInput(
            _(
                "%(paper)s wurde zuletzt in %(previous)s am %(date)s beraten; die nächste "
                "Beratung kann nur in einer späteren Sitzung sein, nicht am %(start)s."
            )
            % {
                "paper": paper,
                "previous": previous.meeting.reference,
                "date": when(previous.meeting.start),
                "start": when(meeting.start),
            }
        )


def remove_agenda_item(
    agenda_item: AgendaItem, *, by: User, expected_version: int | None = None
) -> None:
    """Take a TOP off an agenda not yet approved; a paper on it goes back to "eingereicht"."""
    with transaction.atomic():
        meeting = lock(agenda_item.meeting, expected_version)
        if meeting.state not in Meeting.AGENDA_OPEN_STATES:
            raise TransitionRefused(
                _(
                    "TOPs werden nur vor der Freigabe der Tagesordnung entfernt; %(meeting)s ist "
                    "%(state)s."
                )
                % {"meeting": meeting, "state": meeting.get_state_display()}
            )
        _check_agenda_editable(meeting, by=by, amendment_reason="")
        item = AgendaItem.objects.select_related("consultation").get(pk=agenda_item.pk)
        _unschedule_from(
            item, meeting, by=by, comment=_("%(number)s entfernt") % {"number": item.number}
        )
        item.delete()
        for position, later in enumerate(
            meeting.agenda_items.filter(public=item.public).order_by("position"), start=1
        ):
            if later.position != position:
                later.position = position
                later.save(update_fields=["position", "modified"])
        touch(meeting)


def move_agenda_item(
    agenda_item: AgendaItem,
    *,
    by: User,
    up: bool,
    amendment_reason: str = "",
    expected_version: int | None = None,
) -> AgendaItem:
    """Swap a TOP with its neighbour in its part (``Ö``/``N``); the numbers follow."""
    with transaction.atomic():
        meeting = lock(agenda_item.meeting, expected_version)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=amendment_reason)
        item = AgendaItem.objects.get(pk=agenda_item.pk, meeting=meeting)
        neighbours = meeting.agenda_items.filter(public=item.public)
        neighbour = (
            neighbours.filter(position__lt=item.position).order_by("-position")
            if up
            else neighbours.filter(position__gt=item.position).order_by("position")
        ).first()
        if neighbour is None:
            raise InvalidInput(
                _("%(number)s steht schon ganz %(where)s.")
                % {"number": item.number, "where": _("oben") if up else _("unten")}
            )
        old_number = item.number
        item.position, neighbour.position = neighbour.position, item.position
        item.save(update_fields=["position", "modified"])
        neighbour.save(update_fields=["position", "modified"])
        if in_session(meeting):
            record_agenda_decision(
                meeting,
                item,
                kind=AgendaDecision.Kind.REORDER,
                by=by,
                description=_("%(old)s „%(name)s“ wird %(new)s: %(reason)s")
                % {
                    "old": old_number,
                    "name": item.name,
                    "new": item.number,
                    "reason": amendment_reason,
                },
            )
        elif amendment:
            write_event(
                meeting,
                _amendment_of(item),
                by=by,
                comment=_("%(old)s „%(name)s“ wird %(new)s: %(reason)s")
                % {
                    "old": old_number,
                    "name": item.name,
                    "new": item.number,
                    "reason": amendment_reason,
                },
                **about_item(item, meeting),
            )
        touch(meeting)
    return item


def _unschedule_from(item: AgendaItem, meeting: Meeting, *, by: User, comment: str) -> None:
    if item.result_id is not None:
        return
    consultation = item.consultation  # None, without a query, on a TOP without a paper
    if consultation is None:
        return
    paper = lock(consultation.paper)
    if paper.state == Paper.State.SCHEDULED and paper.current_consultation() == item.consultation:
        perform(
            paper,
            "unschedule",
            by=by,
            comment=comment,
            **about_item(item, meeting),
        )


def submit_agenda(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return run(meeting, "submit_agenda", by=by, comment=comment, expected_version=expected_version)


def return_agenda(
    meeting: Meeting, *, by: User, comment: str, expected_version: int | None = None
) -> Meeting:
    return run(meeting, "return_agenda", by=by, comment=comment, expected_version=expected_version)


def approve_agenda(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return run(meeting, "approve_agenda", by=by, comment=comment, expected_version=expected_version)


def send_invitations(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return run(
        meeting, "send_invitations", by=by, comment=comment, expected_version=expected_version
    )


def close_meeting(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return run(meeting, "close", by=by, comment=comment, expected_version=expected_version)


def approve_minutes(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return run(
        meeting, "approve_minutes", by=by, comment=comment, expected_version=expected_version
    )


def cancel_meeting(
    meeting: Meeting, *, by: User, comment: str, expected_version: int | None = None
) -> Meeting:
    """Cancel; papers scheduled on its TOPs go back to "eingereicht"."""
    with transaction.atomic():
        meeting = lock(meeting, expected_version)
        perform(meeting, "cancel", by=by, comment=comment)
        reason = _("Sitzung %(meeting)s abgesagt") % {"meeting": meeting.reference}
        for item in meeting.agenda_items.select_related("consultation"):
            _unschedule_from(item, meeting, by=by, comment=reason)
    return meeting
