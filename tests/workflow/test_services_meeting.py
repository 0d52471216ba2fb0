from __future__ import annotations

import pytest

from tests.factories import kind
from workflow import services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import HistoryEntry, Meeting, Paper

M = Meeting.State


def test_meeting_reference_follows_body_prefix_and_year(world):
    meeting = world.meeting()
    assert meeting.reference == f"SI/{meeting.start.year}/001"
    assert world.meeting().reference.endswith("/002")
    assert world.meeting(reference="SI/2024/129").reference == "SI/2024/129"


def test_only_clerks_create_meetings(world):
    for user in (world.chair, world.member, world.outsider):
        with pytest.raises(PermissionDenied):
            services.create_meeting(
                organization=world.committee, start=world.meeting().start, by=user
            )


def test_meeting_cannot_end_before_start(world):
    from tests.factories import at

    with pytest.raises(InvalidInput, match="nicht vor ihrem Beginn"):
        services.create_meeting(
            organization=world.committee, start=at(5), end=at(4), by=world.clerk
        )


def test_agenda_numbers_follow_public_flag_and_order(world):
    meeting = world.meeting()
    items = [
        services.add_agenda_item(meeting, name=name, public=public, by=world.clerk)
        for name, public in [("a", True), ("b", False), ("c", True), ("d", False), ("e", True)]
    ]
    assert [i.number for i in items] == ["Ö 1", "N 1", "Ö 2", "N 2", "Ö 3"]
    services.remove_agenda_item(items[0], by=world.clerk)
    assert [i.number for i in meeting.agenda_items.all()] == ["Ö 1", "Ö 2", "N 1", "N 2"]
    assert [i.name for i in meeting.agenda_items.all()] == ["c", "e", "b", "d"]


def test_removing_a_top_unschedules_its_paper(world):
    meeting = world.meeting()
    paper = world.submitted()
    item = services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    services.remove_agenda_item(item, by=world.clerk)
    paper.refresh_from_db()
    assert paper.state == Paper.State.SUBMITTED


def test_empty_agenda_cannot_be_submitted(world):
    with pytest.raises(TransitionRefused, match="Tagesordnung ist leer"):
        services.submit_agenda(world.meeting(), by=world.clerk)


def _submitted_meeting(world, organization=None):
    meeting = world.meeting(organization)
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    return services.submit_agenda(meeting, by=world.clerk)


def test_only_the_committees_chair_approves_the_agenda(world):
    meeting = _submitted_meeting(world)
    for user in (world.clerk, world.admin, world.member, world.other_chair, world.plenum_chair):
        with pytest.raises(PermissionDenied):
            services.approve_agenda(meeting, by=user)
    assert services.approve_agenda(meeting, by=world.chair).state == M.AGENDA_APPROVED


def test_chair_whose_membership_ended_cannot_approve(world):
    import datetime

    world.chair.person.memberships.update(end_date=datetime.date(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        services.approve_agenda(_submitted_meeting(world), by=world.chair)


def test_chair_returns_agenda_only_with_reason(world):
    meeting = _submitted_meeting(world)
    with pytest.raises(InvalidInput, match="Begründung"):
        services.return_agenda(meeting, by=world.chair, comment=" ")
    meeting = services.return_agenda(meeting, by=world.chair, comment="TOP 3 fehlt")
    assert meeting.state == M.PLANNED
    entry = HistoryEntry.objects.filter(object_id=meeting.pk, action="return_agenda").get()
    assert entry.comment == "TOP 3 fehlt" and entry.by == world.chair


def test_agenda_after_approval_only_with_recorded_amendment(world):
    meeting = services.approve_agenda(_submitted_meeting(world), by=world.chair)
    with pytest.raises(InvalidInput, match="braucht eine Begründung"):
        services.add_agenda_item(meeting, name="Dringlichkeit", by=world.clerk)
    item = services.add_agenda_item(
        meeting, name="Dringlichkeit", by=world.clerk, amendment_reason="Frist läuft ab"
    )
    assert item.number == "Ö 2"
    amendment = HistoryEntry.objects.get(object_id=meeting.pk, action="amend_public_agenda")
    assert "Frist läuft ab" in amendment.comment
    assert amendment.source_state == amendment.target_state == M.AGENDA_APPROVED
    with pytest.raises(TransitionRefused):
        services.remove_agenda_item(item, by=world.clerk)


def test_close_refused_while_a_scheduled_paper_has_no_result(world):
    _paper, item = world.scheduled()
    with pytest.raises(TransitionRefused, match="Beratungsergebnis"):
        services.close_meeting(item.meeting, by=world.clerk)
    world.decide(item)
    assert services.close_meeting(item.meeting, by=world.clerk).state == M.HELD


def test_agenda_of_held_meeting_is_frozen(world):
    _paper, item = world.scheduled()
    world.decide(item)
    meeting = services.close_meeting(item.meeting, by=world.clerk)
    with pytest.raises(TransitionRefused, match="nicht mehr geändert"):
        services.add_agenda_item(meeting, name="x", by=world.clerk, amendment_reason="y")


def test_cancel_unschedules_papers_and_needs_reason(world):
    paper, item = world.scheduled()
    with pytest.raises(InvalidInput, match="Begründung"):
        services.cancel_meeting(item.meeting, by=world.clerk, comment="")
    meeting = services.cancel_meeting(item.meeting, by=world.clerk, comment="Krankheit")
    paper.refresh_from_db()
    assert meeting.state == M.CANCELLED and meeting.cancelled
    assert paper.state == Paper.State.SUBMITTED
    with pytest.raises(TransitionRefused):
        services.record_result(item, result=kind("vertagt"), by=world.clerk)


def test_minutes_approved_by_chair_only(world):
    _paper, item = world.scheduled()
    world.decide(item)
    meeting = services.close_meeting(item.meeting, by=world.clerk)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(meeting, by=world.clerk)
    assert services.approve_minutes(meeting, by=world.chair).state == M.MINUTES_APPROVED


# The write path's cost, as bench/writes.py measures it: lock, transition, history entry,
# event handlers and the chair's (or clerks') notification, each a fixed number of queries.
QUERIES_PER_TRANSITION = 16


def test_a_transition_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk)
    for _ in range(2):
        with django_assert_max_num_queries(QUERIES_PER_TRANSITION):
            meeting = services.submit_agenda(meeting, by=world.clerk)
        with django_assert_max_num_queries(QUERIES_PER_TRANSITION):
            meeting = services.return_agenda(meeting, by=world.chair, comment="bitte ergänzen")
