"""The time rules: a meeting is held and its results recorded only once it has begun; a
paper's next consultation lies after its last; one committee does not meet twice at once
unless the clerk confirms it; a past meeting is entered only as an archive entry; a meeting
moves with a reason, a new version and mails."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from documents import generation
from documents.text import text_of
from notifications.models import Notification, Subscription
from notifications.rendering import render
from tests.factories import TZ, at, kind
from workflow import selectors, services
from workflow.errors import InvalidInput, TransitionRefused
from workflow.models import HistoryEntry, Meeting, Paper

pytestmark = pytest.mark.django_db

K = Notification.Kind
HOUR = datetime.timedelta(hours=1)


def _invited(world, meeting: Meeting) -> Meeting:
    return world.invite(meeting, begin=False)


# -- held and results only once begun -------------------------------------------------


def test_a_meeting_is_closed_only_once_it_has_begun(world, clock):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    meeting = _invited(world, meeting)
    clock.travel(meeting.start - datetime.timedelta(minutes=1))
    with pytest.raises(TransitionRefused, match=r"beginnt erst am 02\.11\.2030 16:00"):
        services.close_meeting(meeting, by=world.clerk)
    blocked = {o.name: o.blocked for o in selectors.transition_options(meeting, world.clerk)}
    assert blocked["close"] == "Die Sitzung beginnt erst am 02.11.2030 16:00."
    clock.travel(meeting.start)
    assert services.close_meeting(meeting, by=world.clerk).state == Meeting.State.HELD


def test_results_are_recorded_only_from_the_meetings_start_on(world, clock):
    paper = world.submitted()
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    _invited(world, meeting)
    with pytest.raises(TransitionRefused, match="ab dem Beginn der Sitzung"):
        services.record_result(item, result=kind("ungeändert beschlossen"), by=world.clerk)
    item.refresh_from_db()
    assert item.result_id is None
    clock.travel(meeting.start)
    services.record_result(item, result=kind("ungeändert beschlossen"), by=world.clerk)
    paper.refresh_from_db()
    assert paper.state == Paper.State.RESOLVED


def test_minutes_are_approved_only_after_the_meeting_was_held(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    meeting = world.invite(meeting)
    with pytest.raises(TransitionRefused, match="eingeladen"):
        services.approve_minutes(meeting, by=world.chair)


def test_close_refusal_names_the_tops_without_result(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    for public in (True, False, True):
        services.add_agenda_item(meeting, paper=world.submitted(), public=public, by=world.clerk)
    meeting = world.invite(meeting)
    with pytest.raises(TransitionRefused) as refused:
        services.close_meeting(meeting, by=world.clerk)
    assert refused.value.message == (
        "„Sitzung abschließen“ ist nicht möglich: Nicht jeder TOP mit Vorlage hat ein "
        "Beratungsergebnis: Ö 2, Ö 3, N 1."
    )


# -- the order of consultations ---------------------------------------------------------


def test_next_consultation_only_on_a_meeting_after_the_previous_one(world):
    # A plenary session planned long ago, dated before the Vorberatung's meeting.
    earlier = services.create_meeting(organization=world.plenum, start=at(1), by=world.clerk)
    paper, item = world.scheduled(world.two_step())
    world.decide(item, "ungeändert beschlossen")
    with pytest.raises(InvalidInput) as refused:
        services.add_agenda_item(earlier, paper=paper, by=world.clerk)
    assert refused.value.message == (
        f"{paper} wurde zuletzt in {item.meeting.reference} am 02.11.2030 16:00 beraten; die "
        "nächste Beratung kann nur in einer späteren Sitzung sein, nicht am 01.11.2030 16:00."
    )
    paper.refresh_from_db()
    assert paper.state == Paper.State.SUBMITTED and not earlier.agenda_items.exists()
    later = world.meeting(world.plenum)
    assert services.add_agenda_item(later, paper=paper, by=world.clerk).consultation_id


def test_a_deferred_paper_goes_on_a_later_meeting_only(world):
    earlier = services.create_meeting(organization=world.committee, start=at(1), by=world.clerk)
    top = services.add_agenda_item(earlier, name="Offen", by=world.clerk)
    paper, item = world.scheduled()
    world.decide(item, "vertagt")
    with pytest.raises(InvalidInput, match=item.meeting.reference):
        services.schedule_paper(paper, agenda_item=top, by=world.clerk)
    later = world.meeting()
    assert services.add_agenda_item(later, paper=paper, by=world.clerk).consultation_id


# -- overlapping meetings ------------------------------------------------------------------


def test_a_second_meeting_of_the_committee_at_the_same_time_needs_confirmation(world):
    first = world.meeting(end=at(2, 18))
    with pytest.raises(InvalidInput, match=f"schon die Sitzung {first.reference}"):
        services.create_meeting(organization=world.committee, start=at(2, 17), by=world.clerk)
    second = services.create_meeting(
        organization=world.committee, start=at(2, 17), by=world.clerk, allow_overlap=True
    )
    assert second.pk
    # Right after the end, another committee, or a cancelled meeting: no overlap.
    services.create_meeting(organization=world.committee, start=at(2, 21), by=world.clerk)
    services.create_meeting(organization=world.other_committee, start=at(2, 16), by=world.clerk)


def test_a_meeting_without_end_counts_as_three_hours(world):
    first = world.meeting()  # 02.11.2030 16:00, no end
    almost = first.start + 3 * HOUR - datetime.timedelta(minutes=1)
    with pytest.raises(InvalidInput, match="Überschneidung"):
        services.create_meeting(organization=world.committee, start=almost, by=world.clerk)
    services.create_meeting(
        organization=world.committee, start=first.start + 3 * HOUR, by=world.clerk
    )


def test_a_cancelled_meeting_does_not_block_its_time(world):
    first = world.meeting()
    services.cancel_meeting(first, by=world.clerk, comment="entfällt")
    assert services.create_meeting(
        organization=world.committee, start=first.start, by=world.clerk
    ).pk


# -- archive entries -------------------------------------------------------------------------


def test_a_past_meeting_is_entered_only_explicitly_as_an_archive_entry(world):
    past = datetime.datetime(2024, 3, 4, 16, tzinfo=TZ)
    with pytest.raises(InvalidInput, match="„nachträglich erfassen“"):
        services.create_meeting(organization=world.committee, start=past, by=world.clerk)
    assert not Meeting.objects.filter(start=past).exists()
    meeting = services.create_meeting(
        organization=world.committee, start=past, by=world.clerk, archive=True
    )
    created = selectors.history(meeting, user=world.clerk)[0]
    assert (created.action, created.comment) == (HistoryEntry.CREATED, "nachträglich erfasst")
    assert meeting.reference == "SI/2024/001"


def test_a_future_meeting_is_no_archive_entry(world):
    with pytest.raises(InvalidInput, match="deren Beginn vorbei ist"):
        services.create_meeting(
            organization=world.committee, start=at(5), by=world.clerk, archive=True
        )


# -- actual start and end ----------------------------------------------------------------------


def _minutes_text(meeting: Meeting) -> str:
    content = generation.minutes(meeting, confidential=False).content
    return " ".join(text_of(content, "application/pdf").split())


def _held_meeting(world) -> tuple[Meeting, Paper]:
    paper, item = world.scheduled()
    world.decide(item, "ungeändert beschlossen", resolution_text="So beschlossen.")
    return item.meeting, paper


def test_actual_times_are_recorded_and_printed_in_the_minutes(world, clock):
    meeting, _paper = _held_meeting(world)
    clock.travel(meeting.start + 3 * HOUR)
    services.record_results(
        meeting,
        entries=[],
        actual_start=meeting.start + datetime.timedelta(minutes=5),
        actual_end=meeting.start + datetime.timedelta(minutes=116),
        by=world.clerk,
    )
    meeting.refresh_from_db()
    assert (meeting.actual_start, meeting.actual_end) == (
        at(2, 16) + datetime.timedelta(minutes=5),
        at(2, 17) + datetime.timedelta(minutes=56),
    )
    meeting = services.close_meeting(meeting, by=world.clerk)
    text = _minutes_text(meeting)
    assert "Zeit: 16:05 - 17:56 Uhr" in text


def test_the_minutes_print_the_planned_times_until_the_actual_are_known(world):
    meeting, _paper = _held_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(end=at(2, 18))
    meeting.refresh_from_db()
    text = _minutes_text(meeting)
    assert "Zeit: 16:00 - 18:00 Uhr" in text


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (None, datetime.timedelta(minutes=-10), "nach dem Beginn"),
        (None, datetime.timedelta(hours=30), "nach dem Beginn"),
        (datetime.timedelta(hours=-20), None, "zu weit"),
        (None, datetime.timedelta(hours=2), "Zukunft"),
    ],
)
def test_actual_times_are_plausible(world, clock, start, end, message):
    meeting, _paper = _held_meeting(world)
    clock.travel(meeting.start + HOUR)
    with pytest.raises(InvalidInput, match=message):
        services.record_results(
            meeting,
            entries=[],
            actual_start=meeting.start + start if start is not None else None,
            actual_end=meeting.start + end if end is not None else None,
            by=world.clerk,
        )
    meeting.refresh_from_db()
    assert meeting.actual_start is None and meeting.actual_end is None


def test_actual_times_not_before_the_meeting_has_begun(world, clock):
    meeting = world.meeting()
    with pytest.raises(TransitionRefused, match="ab dem Beginn"):
        services.record_results(
            meeting, entries=[], actual_end=meeting.start + HOUR, by=world.clerk
        )


# -- moving a meeting ---------------------------------------------------------------------------


def _follow(world, email: str = "neugierig@example.net") -> None:
    Subscription.objects.create(
        email=email,
        target="organization",
        organization=world.committee,
        target_key=f"organization:{world.committee.pk}",
        token="t" * 40,
        confirmed_at=datetime.datetime(2026, 1, 1, tzinfo=TZ),
    )


def test_moving_an_invited_meeting_keeps_history_version_and_tells_everyone(world):
    _follow(world)
    paper = world.submitted()
    meeting = world.meeting()
    services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    meeting = _invited(world, meeting)
    version = meeting.version
    invitation = render(Notification.objects.filter(kind=K.INVITATION).first())
    moved = services.reschedule_meeting(
        meeting,
        start=at(9, 17),
        end=at(9, 19),
        by=world.clerk,
        reason="Raum belegt",
        expected_version=version,
    )
    assert (moved.start, moved.end, moved.version) == (at(9, 17), at(9, 19), version + 1)
    entry = selectors.history(moved, user=world.clerk)[-1]
    assert entry.action == HistoryEntry.MOVED
    assert entry.comment == "vorher 02.11.2030 16:00: Raum belegt"
    sent = {n.email: n for n in Notification.objects.filter(kind=K.MEETING_MOVED)}
    assert set(sent) == {world.chair.email, world.member.email}
    mail = render(sent[world.member.email])
    assert "Raum belegt" in mail.body and "09.11.2030 17:00" in mail.body

    def event(message):
        ics = next(a[1] for a in message.attachments if a[0] == "sitzung.ics")
        return Calendar.from_ical(ics).walk("VEVENT")[0]

    old, new = event(invitation), event(mail)
    assert new["UID"] == old["UID"]
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new.decoded("DTSTART") == at(9, 17)
    public = Notification.objects.get(kind=K.PUBLIC_MEETING_MOVED)
    assert public.email == "neugierig@example.net" and not public.confidential
    told = render(public)
    assert "09.11.2030 17:00" in told.body and "Raum belegt" not in told.body


def test_subscribers_do_not_hear_of_a_move_before_the_agenda_is_published(world):
    _follow(world)
    meeting = world.meeting()
    services.reschedule_meeting(meeting, start=at(12), by=world.clerk, reason="früher")
    assert not Notification.objects.filter(kind__in=[K.PUBLIC_MEETING_MOVED, K.MEETING_MOVED])


def test_a_move_needs_a_reason_and_a_future_time(world, clock):
    meeting = world.meeting()
    with pytest.raises(InvalidInput, match="Begründung"):
        services.reschedule_meeting(meeting, start=at(12), by=world.clerk, reason=" ")
    with pytest.raises(InvalidInput, match="Vergangenheit"):
        services.reschedule_meeting(
            meeting, start=datetime.datetime(2024, 1, 1, tzinfo=TZ), by=world.clerk, reason="x"
        )
    meeting.refresh_from_db()
    assert meeting.start == at(2) and meeting.version == 1


def test_a_move_onto_another_meeting_of_the_committee_needs_confirmation(world):
    first = world.meeting()
    second = world.meeting()
    with pytest.raises(InvalidInput, match=first.reference):
        services.reschedule_meeting(second, start=first.start, by=world.clerk, reason="x")
    moved = services.reschedule_meeting(
        second, start=first.start, by=world.clerk, reason="x", allow_overlap=True
    )
    assert moved.start == first.start


def test_a_meeting_with_results_is_not_moved(world):
    meeting, _paper = _held_meeting(world)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.state == Meeting.State.INVITED
    with pytest.raises(TransitionRefused, match="Ergebnisse erfasst"):
        services.reschedule_meeting(meeting, start=at(20), by=world.clerk, reason="x")


def test_a_meeting_with_results_is_closed_not_cancelled(world):
    meeting, paper = _held_meeting(world)
    meeting = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(TransitionRefused, match=r"Für Ö 1 ist bereits ein Ergebnis erfasst"):
        services.cancel_meeting(meeting, by=world.clerk, comment="Ausfall")
    meeting.refresh_from_db()
    paper.refresh_from_db()
    assert (meeting.state, paper.state) == (Meeting.State.INVITED, Paper.State.RESOLVED)
    blocked = {o.name: o.blocked for o in selectors.transition_options(meeting, world.clerk)}
    assert "bereits ein Ergebnis erfasst" in blocked["cancel"]


def test_a_begun_meeting_without_results_can_still_be_cancelled(world, clock):
    paper, item = world.scheduled()
    clock.travel(item.meeting.start + datetime.timedelta(minutes=30))
    meeting = services.cancel_meeting(item.meeting, by=world.clerk, comment="nicht beschlussfähig")
    paper.refresh_from_db()
    assert (meeting.state, paper.state) == (Meeting.State.CANCELLED, Paper.State.SUBMITTED)


def test_a_meeting_is_not_moved_before_its_papers_previous_consultation(world, clock):
    paper, item = world.scheduled(world.two_step())
    world.decide(item, "ungeändert beschlossen")
    plenary = world.meeting(world.plenum)
    services.add_agenda_item(plenary, paper=paper, by=world.clerk)
    # Only a clock set back makes that time lie ahead (results need the meeting begun).
    clock.travel(item.meeting.start - 2 * HOUR)
    with pytest.raises(InvalidInput, match=item.meeting.reference):
        services.reschedule_meeting(
            plenary, start=item.meeting.start - HOUR, by=world.clerk, reason="früher"
        )


def test_the_seed_meetings_niederschrift_prints_its_actual_end(demo):
    meeting = Meeting.objects.get(reference="SI/2024/129")
    assert "Zeit: 16:00 - 17:56 Uhr" in _minutes_text(meeting)
