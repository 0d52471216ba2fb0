"""Results of the TOPs (Beschlussart, texts, votes) and the actual times of a meeting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction
from django.utils.translation import gettext as _

from workflow import clock, permissions
from workflow.errors import ConcurrentChange, InvalidInput, TransitionRefused
from workflow.models import (
    AgendaItem,
    Consultation,
    Meeting,
    Paper,
    ResolutionKind,
    RollCallVote,
    Vote,
)
from workflow.proceedings import ItemRecord, meeting_record, roll_call_counts
from workflow.services.engine import catalogue_check, lock, perform, require, touch, when
from workflow.services.history import about_item

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class ResultEntry:
    """One TOP's result: a row of the result screen."""

    agenda_item: AgendaItem
    result: ResolutionKind
    resolution_text: str = ""
    minutes_text: str = ""
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None
    # Person pk → Vote, for a namentliche Abstimmung (the counts follow from it).
    roll_call: dict[int, str] | None = None
    # The body's rule under which the committee decided without its quorum.
    quorum_exception: str = ""


def record_result(
    agenda_item: AgendaItem,
    *,
    result: ResolutionKind,
    by: User,
    resolution_text: str = "",
    minutes_text: str = "",
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    roll_call: dict[int, str] | None = None,
    quorum_exception: str = "",
) -> AgendaItem:
    """Record Beschlussart, Beschluss, minutes and votes of a TOP, and move its paper.

    The paper scheduled on the TOP goes to "beraten" and then, by the Beschlussart's effect:
    a decision or Kenntnisnahme of the deciding consultation resolves it; a deferral, a
    referral or a finished Vorberatung return it to "eingereicht" for its next consultation;
    "zurückgezogen" withdraws it. Once applied, the Beschlussart stays; texts and votes can
    still be corrected until the minutes are approved.
    """
    entry = ResultEntry(
        agenda_item=agenda_item,
        result=result,
        resolution_text=resolution_text,
        minutes_text=minutes_text,
        votes_yes=votes_yes,
        votes_no=votes_no,
        votes_abstain=votes_abstain,
        roll_call=roll_call,
        quorum_exception=quorum_exception,
    )
    return record_item_result(entry, by=by)


def record_item_result(
    entry: ResultEntry, *, by: User, expected_version: int | None = None
) -> AgendaItem:
    """Record one TOP's result on its own (the live meeting screen saves TOP by TOP):
    ``expected_version`` is the TOP's version the form showed, so that saving one TOP never
    refuses or overwrites another."""
    with transaction.atomic():
        meeting = lock(entry.agenda_item.meeting)
        if expected_version is not None:
            item = entry.agenda_item
            current = AgendaItem.objects.values_list("version", flat=True).get(pk=item.pk)
            check_item_version(item, current, expected_version)
        item = _record(meeting, entry, by=by)
        touch(meeting)
    return item


def record_results(
    meeting: Meeting,
    *,
    entries: Iterable[ResultEntry],
    by: User,
    actual_start: datetime.datetime | None = None,
    actual_end: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Record the results of several TOPs of one meeting at once, and the meeting's actual
    start and end: all or nothing."""
    with transaction.atomic():
        meeting = lock(meeting, expected_version)
        for entry in entries:
            if entry.agenda_item.meeting_id != meeting.pk:
                raise InvalidInput(_("Der TOP gehört zu einer anderen Sitzung."))
            _record(meeting, entry, by=by)
        if actual_start is not None or actual_end is not None:
            record_times(meeting, actual_start, actual_end, by=by)
        touch(meeting)
    return meeting


def check_item_version(item: AgendaItem, current: int, expected_version: int | None) -> None:
    """Optimistic concurrency per TOP (the live screen's forms): ``current`` is the TOP's
    version read under the meeting's lock, ``expected_version`` the one the form showed."""
    if expected_version is not None and current != expected_version:
        raise ConcurrentChange(
            _(
                "%(number)s wurde inzwischen geändert. Ihre Eingaben stehen noch im "
                "Formular: bitte prüfen und erneut speichern."
            )
            % {"number": item.number}
        )


# An actual start this far from the planned one is a typo, not a late meeting.
ACTUAL_TIME_LEEWAY = datetime.timedelta(hours=12)
LONGEST_MEETING = datetime.timedelta(hours=24)


def record_times(
    meeting: Meeting,
    actual_start: datetime.datetime | None,
    actual_end: datetime.datetime | None,
    *,
    by: User,
) -> None:
    """The actual start and end of a meeting (locked) whose start has passed."""
    require(
        permissions.can_manage_meeting(by, meeting),
        _("Sie dürfen für %(meeting)s keine Ergebnisse erfassen.") % {"meeting": meeting},
    )
    _check_result_time(meeting)
    if not meeting.results_recordable:
        raise TransitionRefused(
            _("Beginn und Ende von %(meeting)s lassen sich nicht mehr ändern (%(state)s).")
            % {"meeting": meeting, "state": meeting.get_state_display()}
        )
    start = actual_start or meeting.actual_start or meeting.start
    end = actual_end or meeting.actual_end
    if abs(start - meeting.start) > ACTUAL_TIME_LEEWAY:
        raise InvalidInput(
            _(
                "Der tatsächliche Beginn %(actual)s liegt zu weit vom geplanten "
                "(%(planned)s) entfernt."
            )
            % {"actual": when(start), "planned": when(meeting.start)}
        )
    if end is not None and not start < end <= start + LONGEST_MEETING:
        raise InvalidInput(
            _(
                "Das tatsächliche Ende (%(end)s) muss nach dem Beginn (%(start)s) und am "
                "selben oder nächsten Tag liegen."
            )
            % {"end": when(end), "start": when(start)}
        )
    now = clock.now()
    if start > now or (end is not None and end > now):
        raise InvalidInput(_("Tatsächlicher Beginn und Ende können nicht in der Zukunft liegen."))
    if actual_start is not None:
        meeting.actual_start = actual_start
    if actual_end is not None:
        meeting.actual_end = actual_end
    meeting.save(update_fields=["actual_start", "actual_end", "modified"])


def _check_result_time(meeting: Meeting) -> None:
    if meeting.start > clock.now():
        raise TransitionRefused(
            _(
                "Ergebnisse werden ab dem Beginn der Sitzung erfasst; %(meeting)s beginnt "
                "erst am %(start)s."
            )
            % {"meeting": meeting, "start": when(meeting.start)}
        )


VOTE_FIELDS = ("votes_yes", "votes_no", "votes_abstain")
MAX_VOTES = 32_767  # the column's maximum (PositiveSmallIntegerField) on every database


def _check_amendments_decided(meeting: Meeting, item: AgendaItem, paper_id: int) -> None:
    """The Änderungsanträge to a paper on this meeting are decided before the paper itself."""
    open_amendments = AgendaItem.objects.filter(
        meeting=meeting,
        result__isnull=True,
        consultation__paper__superordinate_papers=paper_id,
    ).order_by("-public", "position")
    numbers = [a.number for a in open_amendments]
    if numbers:
        raise TransitionRefused(
            _("Zuerst die Änderungsanträge entscheiden: %(numbers)s.")
            % {"numbers": ", ".join(numbers)}
        )


def _record(meeting: Meeting, entry: ResultEntry, *, by: User) -> AgendaItem:
    """``record_result`` for one entry, on a meeting already locked."""
    result = entry.result
    item = AgendaItem.objects.select_related("consultation").get(pk=entry.agenda_item.pk)
    require(
        permissions.can_record_result(by, item),
        _("Sie dürfen für %(meeting)s keine Ergebnisse erfassen.") % {"meeting": meeting},
    )
    if not meeting.results_recordable:
        raise TransitionRefused(
            _(
                "Ergebnisse werden nach der Einladung und bis zur Genehmigung der "
                "Niederschrift erfasst; %(meeting)s ist %(state)s."
            )
            % {"meeting": meeting, "state": meeting.get_state_display()}
        )
    _check_result_time(meeting)
    catalogue_check(result, meeting.body, _("Die Beschlussart"))
    for field in VOTE_FIELDS:
        votes = getattr(entry, field)
        if votes is not None and votes < 0:
            raise InvalidInput(_("Stimmenzahlen können nicht negativ sein."))
        if votes is not None and votes > MAX_VOTES:
            raise InvalidInput(
                _("%(field)s: höchstens %(maximum)s Stimmen.")
                % {"field": _verbose_name(field), "maximum": MAX_VOTES}
            )
    if item.result_id is not None and item.result_id != result.pk and item.consultation_id:
        raise TransitionRefused(
            _(
                "Die Beschlussart von %(number)s ist schon auf die Vorlage angewendet; nur "
                "Texte und Stimmen lassen sich noch ändern."
            )
            % {"number": item.number}
        )
    if item.removed:
        raise TransitionRefused(
            _("%(number)s ist abgesetzt und wird nicht entschieden.") % {"number": item.number}
        )
    record = meeting_record(meeting, [item]).items[item.pk]
    votes = _checked_votes(entry, record)
    quorum_exception = entry.quorum_exception.strip() or item.quorum_exception
    if not record.quorate and not quorum_exception:
        raise TransitionRefused(
            _(
                "%(meeting)s war bei %(number)s nicht beschlussfähig: %(present)d von "
                "%(seats)d Stimmberechtigten anwesend, nötig sind %(quorum)d. Ein Ergebnis "
                "wird nur mit der Regel erfasst, nach der trotzdem entschieden werden darf."
            )
            % {
                "meeting": meeting.reference,
                "number": item.number,
                "present": len(record.voters),
                "seats": record.seats,
                "quorum": record.quorum,
            }
        )
    consultation = item.consultation  # None, without a query, on a TOP without a paper
    if consultation is not None and item.result_id is None:
        _check_amendments_decided(meeting, item, consultation.paper_id)
    paper = lock(consultation.paper) if consultation is not None else None
    moves_paper = (
        paper is not None
        and item.result_id is None
        and paper.state == Paper.State.SCHEDULED
        and paper.current_consultation() == consultation
    )
    item.result = result
    item.resolution_text = entry.resolution_text
    item.minutes_text = entry.minutes_text
    item.votes_yes, item.votes_no, item.votes_abstain = votes
    item.quorum_exception = "" if record.quorate else quorum_exception
    item.version += 1
    item.save()
    if entry.roll_call is not None:
        item.roll_call.all().delete()
        RollCallVote.objects.bulk_create(
            RollCallVote(agenda_item=item, person_id=person_id, vote=vote)
            for person_id, vote in entry.roll_call.items()
        )
    if moves_paper:
        assert paper is not None and consultation is not None  # moves_paper says so
        comment = f"{meeting.reference} {item.number}: {result.name}"
        for name in ("discuss", _follow_up(consultation, result)):
            perform(paper, name, by=by, comment=comment, **about_item(item, meeting))
    return item


def _checked_votes(
    entry: ResultEntry, record: ItemRecord
) -> tuple[int | None, int | None, int | None]:
    """The votes to store: from the roll call when there is one (agreeing with any counts
    given), never more than the entitled voters present (or, without an attendance list,
    than the committee's seats)."""
    votes = (entry.votes_yes, entry.votes_no, entry.votes_abstain)
    if entry.roll_call is not None and entry.roll_call:
        voters = {a.person_id for a in record.voters}
        strangers = [pk for pk in entry.roll_call if pk not in voters]
        if strangers:
            raise InvalidInput(
                _(
                    "Namentlich abstimmen können nur Stimmberechtigte, die bei %(number)s "
                    "anwesend und nicht befangen sind."
                )
                % {"number": record.item.number}
            )
        if any(vote not in Vote.values for vote in entry.roll_call.values()):
            raise InvalidInput(_("Unbekannte Stimme in der namentlichen Abstimmung."))
        counted = roll_call_counts(entry.roll_call)
        if any(given is not None and given != n for given, n in zip(votes, counted, strict=True)):
            raise InvalidInput(
                _(
                    "Die namentliche Abstimmung ergibt Ja %(yes)d, Nein %(no)d, Enthaltung "
                    "%(abstain)d; die eingetragenen Zahlen weichen davon ab."
                )
                % dict(zip(("yes", "no", "abstain"), counted, strict=True))
            )
        votes = counted
    cast_votes = sum(v or 0 for v in votes)
    limit = len(record.voters) if record.attendance_recorded else record.seats
    if (record.attendance_recorded or record.seats) and cast_votes > limit:
        raise InvalidInput(
            _("%(votes)d Stimmen bei %(number)s, aber nur %(limit)d Stimmberechtigte %(where)s.")
            % {
                "votes": cast_votes,
                "number": record.item.number,
                "limit": limit,
                "where": _("anwesend und nicht befangen")
                if record.attendance_recorded
                else _("im Ausschuss"),
            }
        )
    return votes


def _verbose_name(field: str) -> str:
    """The label of one of the TOP's vote fields."""
    return str(cast("models.Field[Any, Any]", AgendaItem._meta.get_field(field)).verbose_name)


def _follow_up(consultation: Consultation, result: ResolutionKind) -> str:
    if result.effect == ResolutionKind.Effect.WITHDRAWAL:
        return "withdraw"
    if result.concludes_consultation and consultation.authoritative:
        return "resolve"
    return "requeue"
