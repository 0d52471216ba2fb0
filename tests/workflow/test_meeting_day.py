"""The meeting as it is held: attendance, quorum, Befangenheit, votes, agenda decisions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import PersonFactory, UserFactory, World, kind, person_user
from workflow import services
from workflow.errors import ConcurrentChange, InvalidInput, TransitionRefused
from workflow.models import (
    AgendaDecision,
    AgendaItem,
    Attendance,
    Body,
    HistoryEntry,
    Meeting,
    Membership,
    Paper,
    Person,
    Vote,
)
from workflow.proceedings import meeting_record, votes_wording

pytestmark = pytest.mark.django_db


@dataclass
class Sitting:
    world: World
    meeting: Meeting
    items: list[AgendaItem]
    papers: list[Paper]
    members: list[Person]
    deputy: Person

    def row(self, person: Person) -> Attendance:
        return self.meeting.attendance.get(person=person)

    def attend(self, person: Person, status: str = Attendance.Status.PRESENT, **fields):
        services.record_attendance(
            self.meeting,
            entries=[services.AttendanceEntry(self.row(person), status, **fields)],
            by=self.world.clerk,
        )


@pytest.fixture
def sitting(world: World) -> Sitting:
    """A committee of five voting members (chair and member of the World among them) and a
    personal deputy of the third; a meeting with three papers on Ö 1–Ö 3, invited, begun;
    the third member sent an Absage, so the deputy stands in."""
    members = [world.chair.person, world.member.person]
    for name in ("Bausch", "Käser", "Lambertz"):
        person = PersonFactory(body=world.body, family_name=name, form_of_address="Herr")
        Membership.objects.create(person=person, organization=world.committee)
        members.append(person)
    deputy_user = person_user(world.body)
    deputy = deputy_user.person
    Membership.objects.create(
        person=deputy,
        organization=world.committee,
        role=Membership.Role.DEPUTY,
        represents=members[2],
    )
    papers = [world.submitted(name=f"Vorlage {n}") for n in range(1, 4)]
    meeting = world.meeting()
    items = [services.add_agenda_item(meeting, paper=p, by=world.clerk) for p in papers]
    world.invite(meeting, begin=False)
    bausch_user = UserFactory()
    members[2].user = bausch_user
    members[2].save()
    services.reply_to_invitation(meeting, by=bausch_user, accept=False, reason="krank: Grippe")
    world.begin(meeting)
    services.open_meeting(meeting, by=world.clerk)
    meeting.refresh_from_db()
    return Sitting(world, meeting, items, papers, members, deputy)


def test_opening_prefills_attendance_from_the_replies(sitting: Sitting):
    rows = {a.person_id: a for a in sitting.meeting.attendance.all()}
    assert rows[sitting.members[2].pk].status == Attendance.Status.EXCUSED
    assert rows[sitting.members[2].pk].note == "krank: Grippe"
    deputy = rows[sitting.deputy.pk]
    assert deputy.voting and deputy.stands_in_for_id == sitting.members[2].pk
    assert sum(1 for a in rows.values() if a.voting and a.status == "present") == 5
    opened = HistoryEntry.objects.get(action=HistoryEntry.OPENED, object_id=sitting.meeting.pk)
    assert "5 von 5" in opened.comment
    assert "Grippe" not in opened.comment
    assert sitting.meeting.actual_start is not None


def test_opening_twice_is_refused(sitting: Sitting):
    with pytest.raises(TransitionRefused):
        services.open_meeting(sitting.meeting, by=sitting.world.clerk)


def test_a_stranger_cannot_open_or_record_attendance(sitting: Sitting):
    from workflow.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_attendance(sitting.meeting, entries=[], by=sitting.world.member)


# -- quorum -----------------------------------------------------------------------------


def _absent(sitting: Sitting, *people: Person) -> None:
    services.record_attendance(
        sitting.meeting,
        entries=[
            services.AttendanceEntry(sitting.row(p), Attendance.Status.EXCUSED) for p in people
        ],
        by=sitting.world.clerk,
    )


def test_result_without_quorum_is_refused_and_changes_nothing(sitting: Sitting):
    _absent(sitting, sitting.members[0], sitting.members[1], sitting.members[3])
    item = sitting.items[0]
    with pytest.raises(TransitionRefused, match="nicht beschlussfähig"):
        services.record_result(item, result=kind("ungeändert beschlossen"), by=sitting.world.clerk)
    item.refresh_from_db()
    assert item.result_id is None
    assert Paper.objects.get(pk=sitting.papers[0].pk).state == Paper.State.SCHEDULED


def test_result_without_quorum_allowed_with_the_recorded_rule(sitting: Sitting):
    _absent(sitting, sitting.members[0], sitting.members[1], sitting.members[3])
    rule = "Wiederholungssitzung: beschlussfähig ohne Rücksicht auf die Zahl der Anwesenden"
    item = services.record_result(
        sitting.items[0],
        result=kind("ungeändert beschlossen"),
        by=sitting.world.clerk,
        quorum_exception=rule,
    )
    assert item.quorum_exception == rule
    record = meeting_record(sitting.meeting).items[item.pk]
    assert not record.quorate
    assert rule in record.quorum_statement


def test_late_arrival_and_early_departure_change_quorum_per_item(sitting: Sitting):
    _first, second, third = sitting.items
    # two members come only for Ö 2, one leaves after Ö 2
    sitting.attend(sitting.members[0], from_item=second, until_item=second)
    sitting.attend(sitting.members[1], from_item=second, until_item=second)
    sitting.attend(sitting.members[3], until_item=second)
    record = meeting_record(sitting.meeting)
    assert [len(record.items[i.pk].voters) for i in sitting.items] == [3, 5, 2]
    assert [record.items[i.pk].quorate for i in sitting.items] == [True, True, False]
    services.record_result(second, result=kind("ungeändert beschlossen"), by=sitting.world.clerk)
    with pytest.raises(TransitionRefused, match="nicht beschlussfähig"):
        services.record_result(third, result=kind("abgelehnt"), by=sitting.world.clerk)


def test_bias_lowers_the_quorum_count(sitting: Sitting):
    _absent(sitting, sitting.members[0], sitting.members[1])
    item = sitting.items[0]
    assert meeting_record(sitting.meeting).items[item.pk].quorate  # 3 of 5
    services.declare_exclusion(
        item, person=sitting.members[3], by=sitting.world.clerk, reason="Grundstücksnachbar"
    )
    record = meeting_record(sitting.meeting).items[item.pk]
    assert len(record.voters) == 2 and not record.quorate
    assert meeting_record(sitting.meeting).items[sitting.items[1].pk].quorate  # only that TOP


def test_attendance_refuses_more_voters_than_seats(sitting: Sitting):
    # the excused member back as present while the deputy still votes for them: six voters
    with pytest.raises(InvalidInput, match="nur 5 Sitze"):
        sitting.attend(sitting.members[2])
    assert sitting.row(sitting.members[2]).status == Attendance.Status.EXCUSED


def test_attendance_refuses_until_before_from(sitting: Sitting):
    with pytest.raises(InvalidInput):
        sitting.attend(sitting.members[0], from_item=sitting.items[2], until_item=sitting.items[0])


def test_stale_attendance_form_is_refused(sitting: Sitting):
    version = sitting.meeting.attendance_version
    sitting.attend(sitting.members[0], status=Attendance.Status.UNEXCUSED)
    with pytest.raises(InvalidInput, match="inzwischen geändert"):
        services.record_attendance(
            sitting.meeting,
            entries=[],
            by=sitting.world.clerk,
            expected_version=version,
        )


def test_guest_is_listed_but_does_not_vote(sitting: Sitting):
    guest = services.add_attendee(
        sitting.meeting, by=sitting.world.clerk, guest_name="Frau Thönnissen", affiliation="RAZV"
    )
    assert guest.role == Attendance.Role.GUEST and not guest.voting
    record = meeting_record(sitting.meeting)
    assert [g.display_name for g in record.guests] == ["Frau Thönnissen"]
    assert len(record.items[sitting.items[0].pk].voters) == 5


# -- votes ------------------------------------------------------------------------------


def test_more_votes_than_voters_present_is_refused(sitting: Sitting):
    _absent(sitting, sitting.members[0])
    with pytest.raises(InvalidInput, match="nur 4 Stimmberechtigte"):
        services.record_result(
            sitting.items[0],
            result=kind("ungeändert beschlossen"),
            by=sitting.world.clerk,
            votes_yes=3,
            votes_no=1,
            votes_abstain=1,
        )
    assert AgendaItem.objects.get(pk=sitting.items[0].pk).result_id is None


def test_roll_call_gives_the_counts(sitting: Sitting):
    votes = {
        sitting.members[0].pk: Vote.YES,
        sitting.members[1].pk: Vote.YES,
        sitting.deputy.pk: Vote.NO,
        sitting.members[3].pk: Vote.ABSTAIN,
    }
    item = services.record_result(
        sitting.items[0],
        result=kind("ungeändert beschlossen"),
        by=sitting.world.clerk,
        roll_call=votes,
    )
    assert (item.votes_yes, item.votes_no, item.votes_abstain) == (2, 1, 1)
    assert item.roll_call.count() == 4


def test_roll_call_disagreeing_with_the_counts_is_refused(sitting: Sitting):
    with pytest.raises(InvalidInput, match="weichen davon ab"):
        services.record_result(
            sitting.items[0],
            result=kind("ungeändert beschlossen"),
            by=sitting.world.clerk,
            roll_call={sitting.members[0].pk: Vote.YES},
            votes_yes=2,
        )


def test_roll_call_of_the_excused_or_biased_is_refused(sitting: Sitting):
    services.declare_exclusion(sitting.items[0], person=sitting.members[4], by=sitting.world.clerk)
    for person in (sitting.members[2], sitting.members[4]):
        with pytest.raises(InvalidInput, match="nicht befangen"):
            services.record_result(
                sitting.items[0],
                result=kind("ungeändert beschlossen"),
                by=sitting.world.clerk,
                roll_call={person.pk: Vote.YES},
            )


@pytest.mark.parametrize(
    ("rule", "votes", "carried"),
    [
        (Body.MajorityRule.VOTES_CAST, (2, 1, 2), True),
        (Body.MajorityRule.VOTES_CAST, (2, 2, 1), False),
        (Body.MajorityRule.VOTES_CAST_WITH_ABSTENTIONS, (2, 1, 2), False),
        (Body.MajorityRule.VOTES_CAST_WITH_ABSTENTIONS, (3, 1, 1), True),
        (Body.MajorityRule.MEMBERS, (2, 0, 3), False),
        (Body.MajorityRule.MEMBERS, (3, 0, 0), True),
    ],
)
def test_majority_suggestion_per_rule(world: World, rule, votes, carried):
    world.body.majority_rule = rule
    assert world.body.carried(*votes, seats=5) is carried


@pytest.mark.parametrize(
    ("rule", "seats", "quorum"),
    [
        (Body.QuorumRule.MORE_THAN_HALF, 5, 3),
        (Body.QuorumRule.MORE_THAN_HALF, 6, 4),
        (Body.QuorumRule.AT_LEAST_HALF, 6, 3),
        (Body.QuorumRule.AT_LEAST_HALF, 5, 3),
        (Body.QuorumRule.TWO_THIRDS, 6, 4),
        (Body.QuorumRule.TWO_THIRDS, 7, 5),
    ],
)
def test_quorum_per_rule(world: World, rule, seats, quorum):
    world.body.quorum_rule = rule
    assert world.body.quorum(seats) == quorum


def test_votes_wording():
    assert votes_wording(5, 0, 0) == "einstimmig"
    assert votes_wording(5, 0, 1) == "einstimmig bei 1 Enthaltung"
    assert votes_wording(4, 0, 2) == "einstimmig bei 2 Enthaltungen"
    assert votes_wording(3, 2, 0) == "3 Ja-Stimmen, 2 Nein-Stimmen, 0 Enthaltungen"
    assert votes_wording(None, None, None) == ""


# -- Befangenheit -----------------------------------------------------------------------


def test_excluded_member_is_named_and_not_counted(sitting: Sitting):
    item = sitting.items[0]
    services.declare_exclusion(
        item, person=sitting.members[3], by=sitting.world.clerk, reason="Schwager des Bieters"
    )
    record = meeting_record(sitting.meeting).items[item.pk]
    assert sitting.members[3].pk not in {a.person_id for a in record.voters}
    assert record.exclusion_sentences == [
        "Herr Käser nahm wegen Befangenheit an Beratung und Abstimmung nicht teil."
    ]
    history = HistoryEntry.objects.filter(action=HistoryEntry.BIAS).get()
    assert "Schwager" not in history.comment
    with pytest.raises(InvalidInput):  # 5 votes, 4 voters
        services.record_result(
            item, result=kind("ungeändert beschlossen"), by=sitting.world.clerk, votes_yes=5
        )


def test_guest_cannot_be_biased(sitting: Sitting):
    guest = PersonFactory(body=sitting.world.body, family_name="Thönnissen")
    services.add_attendee(sitting.meeting, by=sitting.world.clerk, person=guest)
    with pytest.raises(InvalidInput):
        services.declare_exclusion(sitting.items[0], person=guest, by=sitting.world.clerk)


def test_withdrawn_exclusion_counts_again(sitting: Sitting):
    item = sitting.items[0]
    services.declare_exclusion(item, person=sitting.members[3], by=sitting.world.clerk)
    services.withdraw_exclusion(item, person=sitting.members[3], by=sitting.world.clerk)
    assert len(meeting_record(sitting.meeting).items[item.pk].voters) == 5


# -- decisions about the agenda -----------------------------------------------------------


def test_absetzung_returns_the_paper_with_its_mail(sitting: Sitting, mailoutbox):
    from notifications.models import Notification

    item = sitting.items[1]
    decision = services.drop_agenda_item(
        item, by=sitting.world.clerk, reason="Beratungsbedarf in den Fraktionen"
    )
    item.refresh_from_db()
    paper = Paper.objects.get(pk=sitting.papers[1].pk)
    assert item.removed and item.consultation_id is None
    assert paper.state == Paper.State.SUBMITTED
    assert decision.kind == AgendaDecision.Kind.REMOVAL and decision.paper_id == paper.pk
    entry = HistoryEntry.objects.filter(object_id=paper.pk, action="unschedule").get()
    assert "abgesetzt" in entry.comment
    told = Notification.objects.filter(kind=Notification.Kind.PAPER_REMOVED)
    assert {n.user_id for n in told} >= {sitting.world.officer.pk}
    with pytest.raises(TransitionRefused):
        services.record_result(item, result=kind("vertagt"), by=sitting.world.clerk)
    # the meeting closes without a result for it, and the paper can go on another agenda
    for other in (sitting.items[0], sitting.items[2]):
        services.record_result(other, result=kind("vertagt"), by=sitting.world.clerk)
    services.close_meeting(sitting.meeting, by=sitting.world.clerk)


def test_absetzung_needs_a_reason_and_a_running_meeting(sitting: Sitting, world: World):
    with pytest.raises(InvalidInput):
        services.drop_agenda_item(sitting.items[0], by=world.clerk, reason=" ")
    later = world.meeting()
    top = services.add_agenda_item(later, paper=world.submitted(), by=world.clerk)
    with pytest.raises(TransitionRefused):
        services.drop_agenda_item(top, by=world.clerk, reason="zu früh")


def test_urgent_item_added_at_the_meeting_with_its_vote(sitting: Sitting, world: World):
    late = world.submitted(name="Dringliche Vorlage")
    item = services.add_urgent_agenda_item(
        sitting.meeting,
        by=world.clerk,
        paper=late,
        reason="Frist der Förderbehörde läuft morgen ab",
        votes_yes=4,
        votes_no=1,
        votes_abstain=0,
    )
    assert item.number == "Ö 4" and item.consultation.paper_id == late.pk
    decision = AgendaDecision.objects.get(kind=AgendaDecision.Kind.URGENT_ADDITION)
    assert (decision.votes_yes, decision.votes_no) == (4, 1)
    assert Paper.objects.get(pk=late.pk).state == Paper.State.SCHEDULED


def test_urgent_item_refused_when_the_vote_fails(sitting: Sitting, world: World):
    with pytest.raises(TransitionRefused, match="nicht beschlossen"):
        services.add_urgent_agenda_item(
            sitting.meeting,
            by=world.clerk,
            name="Resolution",
            reason="aktuell",
            votes_yes=2,
            votes_no=3,
        )
    with pytest.raises(InvalidInput, match="nur 5 Stimmberechtigte"):
        services.add_urgent_agenda_item(
            sitting.meeting,
            by=world.clerk,
            name="Resolution",
            reason="aktuell",
            votes_yes=6,
        )
    assert sitting.meeting.agenda_items.count() == 3


def test_change_of_order_at_the_meeting_is_a_decision(sitting: Sitting, world: World):
    services.move_agenda_item(
        sitting.items[2], up=True, by=world.clerk, amendment_reason="Gast muss früher gehen"
    )
    decision = AgendaDecision.objects.get(kind=AgendaDecision.Kind.REORDER)
    assert "Ö 3" in decision.description and "Ö 2" in decision.description
    assert not HistoryEntry.objects.filter(action__in=HistoryEntry.AMENDMENTS).exists()


# -- the live screen saves TOP by TOP -----------------------------------------------------


def test_saving_one_item_never_refuses_another(sitting: Sitting, world: World):
    first, second, _third = sitting.items
    seen = {i.pk: AgendaItem.objects.get(pk=i.pk).version for i in (first, second)}
    services.record_item_result(
        services.ResultEntry(second, result=kind("vertagt"), minutes_text="B"),
        by=world.clerk,
        expected_version=seen[second.pk],
    )
    services.record_item_result(
        services.ResultEntry(first, result=kind("ungeändert beschlossen"), minutes_text="A"),
        by=world.clerk,
        expected_version=seen[first.pk],
    )
    with pytest.raises(ConcurrentChange):
        services.record_item_result(
            services.ResultEntry(second, result=kind("vertagt"), minutes_text="stale"),
            by=world.clerk,
            expected_version=seen[second.pk],
        )
    texts = dict(AgendaItem.objects.filter(pk__in=seen).values_list("pk", "minutes_text"))
    assert texts == {first.pk: "A", second.pk: "B"}


def test_agenda_decisions_on_public_items_are_on_the_portal(client, sitting: Sitting, world):
    services.drop_agenda_item(sitting.items[1], by=world.clerk, reason="QXINTERN")
    services.add_urgent_agenda_item(
        sitting.meeting,
        by=world.clerk,
        name="Nichtöffentliches Dringliches",
        public=False,
        reason="QXSECRET",
        votes_yes=3,
    )
    url = f"/buergerinfo/sitzung/{sitting.meeting.pk}/"
    # what the meeting decided is public with its results: at its close, or at once
    assert "Absetzung" not in client.get(url).content.decode()
    world.body.publish_results_at_once = True
    world.body.save(update_fields=["publish_results_at_once"])
    page = client.get(url).content.decode()
    assert "Absetzung: Ö 2 Vorlage 2" in page and "abgesetzt" in page
    assert "Nichtöffentliches Dringliches" not in page and "QXSECRET" not in page
    assert "QXINTERN" not in page
