"""The record of a meeting as it was held: who was present at which TOP, whether the
committee could decide there, who was excluded for bias, how it voted, what it decided
about its agenda. One computation for the live screen, the services' checks, the
Niederschrift and Auszug, OParl and the Sitzungsgeld; a constant number of queries,
however many TOPs and members."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workflow.models import (
    AgendaDecision,
    AgendaItem,
    Attendance,
    BiasExclusion,
    Meeting,
    Membership,
    Person,
    RollCallVote,
    Vote,
)

VOTING_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)


def voting_seats(meeting: Meeting) -> int:
    """The committee's members with a vote on the day of the meeting (its Sollstärke)."""
    return (
        Membership.objects.active(on=meeting.start.date())
        .filter(organization_id=meeting.organization_id, role__in=VOTING_ROLES, voting_right=True)
        .count()
    )


def agenda_order(meeting: Meeting) -> list[AgendaItem]:
    """Every TOP of the meeting in the order it is dealt with (public part first)."""
    return list(meeting.agenda_items.order_by("-public", "position"))


def present_at(attendance: Attendance, index: int, order: dict[int, int]) -> bool:
    """Whether ``attendance`` was there for the TOP at ``index`` of the agenda ``order``
    (TOP pk → index)."""
    if attendance.status != Attendance.Status.PRESENT:
        return False
    if attendance.from_item_id is not None and order.get(attendance.from_item_id, 0) > index:
        return False
    return not (
        attendance.until_item_id is not None
        and order.get(attendance.until_item_id, len(order)) < index
    )


def addressed(person: Person) -> str:
    """ "Frau Thönnissen", "Herr Bausch"; the full name without a form of address."""
    if person.form_of_address:
        return f"{person.form_of_address} {person.family_name}"
    return person.name


def votes_wording(yes: int | None, no: int | None, abstain: int | None) -> str:
    """The Niederschrift's words for a vote: "einstimmig", "einstimmig bei 2 Enthaltungen",
    else the three counts; empty when no votes were recorded."""
    if yes is None and no is None and abstain is None:
        return ""
    yes, no, abstain = yes or 0, no or 0, abstain or 0
    if yes and not no and not abstain:
        return _("einstimmig")
    if yes and not no:
        return ngettext(
            "einstimmig bei %(count)d Enthaltung",
            "einstimmig bei %(count)d Enthaltungen",
            abstain,
        ) % {"count": abstain}
    return _("%(yes)d Ja-Stimmen, %(no)d Nein-Stimmen, %(abstain)d Enthaltungen") % {
        "yes": yes,
        "no": no,
        "abstain": abstain,
    }


@dataclass
class ItemRecord:
    """One TOP as held."""

    item: AgendaItem
    present: list[Attendance]
    voters: list[Attendance]
    exclusions: list[BiasExclusion]
    roll_call: list[RollCallVote]
    seats: int
    quorum: int
    attendance_recorded: bool

    @property
    def quorate(self) -> bool:
        """Beschlussfähig: enough voting members present, those excluded not counted (and
        true when no attendance was recorded: nothing is known against it)."""
        return not self.attendance_recorded or len(self.voters) >= self.quorum

    @property
    def votes(self) -> str:
        return votes_wording(self.item.votes_yes, self.item.votes_no, self.item.votes_abstain)

    @property
    def exclusion_sentences(self) -> list[str]:
        return [
            _("%(name)s nahm wegen Befangenheit an Beratung und Abstimmung nicht teil.")
            % {"name": addressed(e.person)}
            for e in self.exclusions
        ]

    @property
    def quorum_statement(self) -> str:
        if not self.attendance_recorded:
            return ""
        if self.quorate:
            return ""
        return _(
            "Nicht beschlussfähig (%(present)d von %(seats)d Stimmberechtigten, nötig "
            "%(quorum)d); entschieden nach: %(rule)s"
        ) % {
            "present": len(self.voters),
            "seats": self.seats,
            "quorum": self.quorum,
            "rule": self.item.quorum_exception,
        }


@dataclass
class MeetingRecord:
    meeting: Meeting
    attendance: list[Attendance]
    seats: int
    quorum: int
    items: dict[int, ItemRecord] = field(default_factory=dict)
    decisions: list[AgendaDecision] = field(default_factory=list)

    @property
    def attendance_recorded(self) -> bool:
        return bool(self.attendance)

    def _of(self, *statuses: str, roles: Sequence[str] = ()) -> list[Attendance]:
        return [
            a for a in self.attendance if a.status in statuses and (not roles or a.role in roles)
        ]

    @property
    def present_members(self) -> list[Attendance]:
        return self._of(
            Attendance.Status.PRESENT, roles=(Attendance.Role.MEMBER, Attendance.Role.DEPUTY)
        )

    @property
    def excused(self) -> list[Attendance]:
        return self._of(Attendance.Status.EXCUSED, roles=(Attendance.Role.MEMBER,))

    @property
    def unexcused(self) -> list[Attendance]:
        return self._of(Attendance.Status.UNEXCUSED, roles=(Attendance.Role.MEMBER,))

    @property
    def guests(self) -> list[Attendance]:
        return self._of(Attendance.Status.PRESENT, roles=(Attendance.Role.GUEST,))

    @property
    def voters_now(self) -> list[Attendance]:
        """The voting members present and not gone (for a vote outside a TOP)."""
        return [
            a
            for a in self.attendance
            if a.voting and a.status == a.Status.PRESENT and a.until_item_id is None
        ]

    @property
    def voters_at_opening(self) -> int:
        """The voting members present at the first TOP (the opening)."""
        first = next(iter(self.items.values()), None)
        if first is None:
            return sum(1 for a in self.attendance if a.voting and a.status == a.Status.PRESENT)
        return sum(1 for a in first.present if a.voting)

    @property
    def quorate_at_opening(self) -> bool:
        return not self.attendance_recorded or self.voters_at_opening >= self.quorum

    @property
    def opening_statement(self) -> str:
        if not self.attendance_recorded:
            return ""
        values = {"present": self.voters_at_opening, "seats": self.seats}
        if self.quorate_at_opening:
            return (
                _(
                    "Die Beschlussfähigkeit wurde festgestellt: %(present)d von %(seats)d "
                    "stimmberechtigten Mitgliedern sind anwesend."
                )
                % values
            )
        return (
            _(
                "Der Ausschuss war bei Eröffnung nicht beschlussfähig: %(present)d von "
                "%(seats)d stimmberechtigten Mitgliedern anwesend."
            )
            % values
        )


def meeting_record(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> MeetingRecord:
    """The record of ``meeting`` for ``items`` (its TOPs as the reader may see them, in
    agenda order; all TOPs by default). Five queries, plus one when ``items`` is None."""
    order_list = agenda_order(meeting)
    order = {item.pk: index for index, item in enumerate(order_list)}
    items = order_list if items is None else items
    attendance = list(
        meeting.attendance.select_related("person", "stands_in_for", "from_item", "until_item")
    )
    seats = voting_seats(meeting)
    quorum = meeting.body.quorum(seats)
    pks = [item.pk for item in items]
    exclusions: dict[int, list[BiasExclusion]] = defaultdict(list)
    for exclusion in BiasExclusion.objects.filter(agenda_item__in=pks).select_related("person"):
        exclusions[exclusion.agenda_item_id].append(exclusion)
    roll_calls: dict[int, list[RollCallVote]] = defaultdict(list)
    for vote in RollCallVote.objects.filter(agenda_item__in=pks).select_related("person"):
        roll_calls[vote.agenda_item_id].append(vote)
    record = MeetingRecord(meeting=meeting, attendance=attendance, seats=seats, quorum=quorum)
    for item in items:
        index = order.get(item.pk, 0)
        present = [a for a in attendance if present_at(a, index, order)]
        excluded = {e.person_id for e in exclusions[item.pk]}
        record.items[item.pk] = ItemRecord(
            item=item,
            present=present,
            voters=[a for a in present if a.voting and a.person_id not in excluded],
            exclusions=exclusions[item.pk],
            roll_call=roll_calls[item.pk],
            seats=seats,
            quorum=quorum,
            attendance_recorded=bool(attendance),
        )
    record.decisions = list(
        AgendaDecision.objects.filter(meeting=meeting, agenda_item__in=pks).select_related(
            "agenda_item", "paper"
        )
    )
    return record


def roll_call_counts(votes: Sequence[RollCallVote] | dict[int, str]) -> tuple[int, int, int]:
    """Ja, Nein, Enthaltung of a roll call."""
    values = list(votes.values()) if isinstance(votes, dict) else [v.vote for v in votes]
    return (values.count(Vote.YES), values.count(Vote.NO), values.count(Vote.ABSTAIN))
