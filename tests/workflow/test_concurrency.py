"""Two clients firing conflicting transitions at the same object at the same moment:
exactly one wins, the other gets a clear refusal, and nothing is half-written."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from django_fsm.signals import pre_transition

from tests.factories import World
from workflow import services
from workflow.errors import WorkflowError
from workflow.models import HistoryEntry, Meeting, Paper

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL: run with DATABASE_URL=postgres://… (make test)")


def race(*calls):
    """Run the calls in threads that start together; the first to take its lock holds it
    for a moment, so the others really wait on it. Returns each call's result or error."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)
    first = threading.Lock()

    def hold_lock(sender, **kwargs):
        if first.acquire(blocking=False):
            time.sleep(0.3)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except WorkflowError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    pre_transition.connect(hold_lock)
    try:
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pre_transition.disconnect(hold_lock)
    return outcomes


@pytest.mark.parametrize("action", ["submit_paper", "withdraw_paper"])
def test_double_submit_of_a_paper_transition(action):
    world = World()
    paper = world.draft()
    call = getattr(services, action)
    outcomes = race(lambda: call(paper, by=world.officer), lambda: call(paper, by=world.officer))
    winners = [o for o in outcomes if isinstance(o, Paper)]
    losers = [o for o in outcomes if isinstance(o, WorkflowError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "nicht möglich" in losers[0].message
    paper.refresh_from_db()
    assert paper.state == winners[0].state
    transitions = list(
        HistoryEntry.objects.filter(content_type__model="paper", object_id=paper.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert transitions == ["create", action.removesuffix("_paper")]


def test_two_clerks_schedule_the_same_paper_at_once():
    world = World()
    paper = world.submitted()
    first, second = world.meeting(), world.meeting()
    outcomes = race(
        lambda: services.add_agenda_item(first, paper=paper, by=world.clerk),
        lambda: services.add_agenda_item(second, paper=paper, by=world.clerk),
    )
    assert sum(isinstance(o, WorkflowError) for o in outcomes) == 1, outcomes
    paper.refresh_from_db()
    assert paper.state == Paper.State.SCHEDULED
    assert first.agenda_items.count() + second.agenda_items.count() == 1, "no orphan TOP"


def test_chair_approves_and_returns_the_agenda_at_once():
    world = World()
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    services.submit_agenda(meeting, by=world.clerk)
    outcomes = race(
        lambda: services.approve_agenda(meeting, by=world.chair),
        lambda: services.return_agenda(meeting, by=world.chair, comment="fehlt was"),
    )
    winners = [o for o in outcomes if isinstance(o, Meeting)]
    assert len(winners) == 1 and sum(isinstance(o, WorkflowError) for o in outcomes) == 1
    meeting.refresh_from_db()
    assert meeting.state == winners[0].state
    logs = list(
        HistoryEntry.objects.filter(content_type__model="meeting", object_id=meeting.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert logs[:2] == ["create", "submit_agenda"] and len(logs) == 3
