"""Every transition of both machines from every state: allowed exactly where this table
says so, refused with TransitionRefused everywhere else, and nothing changes on refusal.
The table is the specification, written out by hand, not read from the code."""

from __future__ import annotations

import pytest

from tests.factories import kind
from workflow import services
from workflow.errors import TransitionRefused
from workflow.models import HistoryEntry, Meeting, Paper

P, M = Paper.State, Meeting.State

PAPER_TABLE = {
    # action: {state it may start from: state it leads to}
    "submit": {P.DRAFT: P.SUBMITTED},
    "schedule": {P.SUBMITTED: P.SCHEDULED},
    "decide": {P.SCHEDULED: P.RESOLVED},
    "defer": {P.SCHEDULED: P.SUBMITTED},
    "withdraw": {
        P.DRAFT: P.WITHDRAWN,
        P.SUBMITTED: P.WITHDRAWN,
        P.SCHEDULED: P.WITHDRAWN,
    },
}
# "discussed" is passed through inside record_result; see test_services_paper for its rows.

MEETING_TABLE = {
    "submit_agenda": {M.PLANNED: M.AGENDA_SUBMITTED},
    "return_agenda": {M.AGENDA_SUBMITTED: M.PLANNED},
    "approve_agenda": {M.AGENDA_SUBMITTED: M.AGENDA_APPROVED},
    "send_invitations": {M.AGENDA_APPROVED: M.INVITED},
    "close": {M.INVITED: M.HELD},
    "approve_minutes": {M.HELD: M.MINUTES_APPROVED},
    "cancel": {
        M.PLANNED: M.CANCELLED,
        M.AGENDA_SUBMITTED: M.CANCELLED,
        M.AGENDA_APPROVED: M.CANCELLED,
        M.INVITED: M.CANCELLED,
    },
}


def paper_in(world, state: str) -> tuple[Paper, object]:
    """A paper in ``state`` and the TOP it is (or was last) on, if any."""
    if state == P.DRAFT:
        return world.draft(), None
    if state == P.SUBMITTED:
        return world.submitted(), None
    paper, item = world.scheduled()
    if state == P.RESOLVED:
        paper = world.decide(item)
    elif state == P.WITHDRAWN:
        paper = services.withdraw_paper(paper, by=world.officer)
    return paper, item


def run_paper_action(world, action: str, paper: Paper, item, meeting: Meeting) -> None:
    if action == "submit":
        services.submit_paper(paper, by=world.officer)
    elif action == "schedule":
        services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    elif action in ("decide", "defer"):
        if item is None or paper.state != P.SCHEDULED:
            raise TransitionRefused("nicht auf einer Tagesordnung")  # no TOP to record on
        services.record_result(
            item,
            result=kind("ungeändert beschlossen" if action == "decide" else "vertagt"),
            by=world.clerk,
        )
        paper.refresh_from_db()
        if paper.state == P.SCHEDULED:
            raise AssertionError("record_result did not move the paper")
    elif action == "withdraw":
        services.withdraw_paper(paper, by=world.officer)


@pytest.mark.parametrize("action", PAPER_TABLE)
@pytest.mark.parametrize("state", [s for s in P.values if s != P.DISCUSSED])
def test_paper_transition(world, state, action):
    paper, item = paper_in(world, state)
    assert paper.state == state
    meeting = world.meeting()
    logged = HistoryEntry.objects.count()
    allowed = PAPER_TABLE[action]
    if state in allowed:
        run_paper_action(world, action, paper, item, meeting)
        paper.refresh_from_db()
        assert paper.state == allowed[state]
    else:
        with pytest.raises(TransitionRefused):
            run_paper_action(world, action, paper, item, meeting)
        paper.refresh_from_db()
        assert paper.state == state
        assert HistoryEntry.objects.count() == logged


def begun(world, meeting: Meeting) -> Meeting:
    """The invited meeting, the clock past its start (so it can be closed)."""
    world.begin(meeting)
    return meeting


def meeting_in(world, state: str) -> Meeting:
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    if state == M.PLANNED:
        return meeting
    if state == M.CANCELLED:
        return services.cancel_meeting(meeting, by=world.clerk, comment="abgesagt")
    steps = [
        (M.AGENDA_SUBMITTED, lambda m: services.submit_agenda(m, by=world.clerk)),
        (M.AGENDA_APPROVED, lambda m: services.approve_agenda(m, by=world.chair)),
        (M.INVITED, lambda m: begun(world, services.send_invitations(m, by=world.clerk))),
        (M.HELD, lambda m: services.close_meeting(m, by=world.clerk)),
        (M.MINUTES_APPROVED, lambda m: services.approve_minutes(m, by=world.chair)),
    ]
    for reached, step in steps:
        meeting = step(meeting)
        if reached == state:
            return meeting
    raise AssertionError(state)


def run_meeting_action(world, action: str, meeting: Meeting) -> Meeting:
    chair_actions = {"return_agenda", "approve_agenda", "approve_minutes"}
    user = world.chair if action in chair_actions else world.clerk
    service = {
        "close": services.close_meeting,
        "cancel": services.cancel_meeting,
    }.get(action, getattr(services, action, None))
    return service(meeting, by=user, comment="Begründung")


@pytest.mark.parametrize("action", MEETING_TABLE)
@pytest.mark.parametrize("state", M.values)
def test_meeting_transition(world, state, action):
    meeting = meeting_in(world, state)
    assert meeting.state == state
    allowed = MEETING_TABLE[action]
    if state in allowed:
        assert run_meeting_action(world, action, meeting).state == allowed[state]
    else:
        with pytest.raises(TransitionRefused):
            run_meeting_action(world, action, meeting)
        meeting.refresh_from_db()
        assert meeting.state == state


def test_every_transition_offered_as_a_button_has_its_service_and_no_other():
    from workflow.models.base import declared_transitions

    for model, offered_services in services.TRANSITION_SERVICES.items():
        offered = {t.name for t in declared_transitions(model) if t.custom.get("offered")}
        assert offered == set(offered_services)


def test_every_declared_transition_has_its_permission_rule():
    from workflow import permissions
    from workflow.models import Filing, Meeting, Paper
    from workflow.models.base import declared_transitions

    declared = {
        (model, t.name) for model in (Paper, Meeting, Filing) for t in declared_transitions(model)
    }
    assert declared == set(permissions.TRANSITION_RULES)
