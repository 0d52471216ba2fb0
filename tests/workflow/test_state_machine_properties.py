"""Random sequences of service calls, with the invariants checked after every step:

- a resolved or withdrawn paper never changes again;
- a paper (not withdrawn) is ``scheduled`` exactly when its current consultation sits on a
  TOP without result of a meeting not yet held (nor cancelled);
- the history rows of every paper and meeting replay to its current state;
- agenda numbers are 1..n in each part, and a refused call changes nothing.

A withdrawn paper may stay on an agenda already published (its TOP then gets
"zurückgezogen"), so the second invariant is checked for the others only.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from tests.factories import World, kind
from workflow import services
from workflow.errors import WorkflowError
from workflow.models import AgendaItem, Consultation, Meeting, Paper, TransitionLog

RESULTS = [
    "ungeändert beschlossen",
    "abgelehnt",
    "zur Kenntnis genommen",
    "vertagt",
    "verwiesen",
    "zurückgezogen",
]


class WorkflowMachine(RuleBasedStateMachine):
    papers = Bundle("papers")
    meetings = Bundle("meetings")

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            self.world = World()
        except BaseException:
            self.teardown()
            raise
        self.final: dict[int, tuple[str, int]] = {}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- helpers ------------------------------------------------------------------------

    def attempt(self, subject, call) -> None:
        """Run ``call``; on a refusal, ``subject`` and the history must be unchanged."""
        before = (type(subject).objects.get(pk=subject.pk).state, TransitionLog.objects.count())
        try:
            call()
        except WorkflowError:
            after = (type(subject).objects.get(pk=subject.pk).state, TransitionLog.objects.count())
            assert after == before, "a refused call changed something"

    # -- rules ----------------------------------------------------------------------------

    @rule(target=papers, two_step=st.booleans())
    def create_paper(self, two_step: bool) -> int:
        R = Consultation.Role
        w = self.world
        steps = (
            [(w.committee, R.PRELIMINARY, False), (w.plenum, R.DECISION, True)]
            if two_step
            else [(w.committee, R.DECISION, True)]
        )
        return w.draft(*steps).pk

    @rule(target=meetings, plenary=st.booleans())
    def create_meeting(self, plenary: bool) -> int:
        return self.world.meeting(self.world.plenum if plenary else self.world.committee).pk

    @rule(paper=papers)
    def submit(self, paper: int) -> None:
        p = Paper.objects.get(pk=paper)
        self.attempt(p, lambda: services.submit_paper(p, by=self.world.officer))

    @rule(paper=papers)
    def withdraw(self, paper: int) -> None:
        p = Paper.objects.get(pk=paper)
        self.attempt(p, lambda: services.withdraw_paper(p, by=self.world.officer))

    @rule(paper=papers, meeting=meetings, public=st.booleans())
    def schedule(self, paper: int, meeting: int, public: bool) -> None:
        p, m = Paper.objects.get(pk=paper), Meeting.objects.get(pk=meeting)
        self.attempt(
            p,
            lambda: services.add_agenda_item(
                m, paper=p, public=public, by=self.world.clerk, amendment_reason="eilig"
            ),
        )

    @rule(meeting=meetings, public=st.booleans())
    def add_plain_item(self, meeting: int, public: bool) -> None:
        m = Meeting.objects.get(pk=meeting)
        self.attempt(
            m,
            lambda: services.add_agenda_item(
                m, name="Mitteilungen", public=public, by=self.world.clerk
            ),
        )

    @rule(meeting=meetings, index=st.integers(0, 5))
    def remove_item(self, meeting: int, index: int) -> None:
        m = Meeting.objects.get(pk=meeting)
        items = list(m.agenda_items.all())
        if items:
            item = items[index % len(items)]
            self.attempt(m, lambda: services.remove_agenda_item(item, by=self.world.clerk))

    @rule(
        meeting=meetings,
        action=st.sampled_from(
            [
                "submit_agenda",
                "return_agenda",
                "approve_agenda",
                "send_invitations",
                "close_meeting",
                "approve_minutes",
                "cancel_meeting",
            ]
        ),
    )
    def advance_meeting(self, meeting: int, action: str) -> None:
        m = Meeting.objects.get(pk=meeting)
        chair = action in ("return_agenda", "approve_agenda", "approve_minutes")
        user = self.world.chair_of(m) if chair else self.world.clerk
        self.attempt(m, lambda: getattr(services, action)(m, by=user, comment="Grund"))

    @rule(meeting=meetings, index=st.integers(0, 5), result=st.sampled_from(RESULTS))
    def record(self, meeting: int, index: int, result: str) -> None:
        m = Meeting.objects.get(pk=meeting)
        items = list(m.agenda_items.all())
        if items:
            item = items[index % len(items)]
            self.attempt(
                m, lambda: services.record_result(item, result=kind(result), by=self.world.clerk)
            )

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def final_papers_never_change(self) -> None:
        for paper in Paper.objects.all():
            logs = TransitionLog.objects.filter(
                content_type__model="paper", object_id=paper.pk
            ).count()
            if paper.pk in self.final:
                assert (paper.state, logs) == self.final[paper.pk]
            elif paper.state in Paper.FINAL_STATES:
                self.final[paper.pk] = (paper.state, logs)

    @invariant()
    def scheduled_exactly_when_on_an_open_top(self) -> None:
        for paper in Paper.objects.exclude(state=Paper.State.WITHDRAWN):
            current = paper.current_consultation()
            on_open_top = (
                current is not None
                and AgendaItem.objects.filter(
                    consultation=current,
                    result__isnull=True,
                    meeting__state__in=Meeting.NOT_YET_HELD_STATES,
                ).exists()
            )
            assert (paper.state == Paper.State.SCHEDULED) == on_open_top, paper.state

    @invariant()
    def history_replays_to_current_state(self) -> None:
        for model in (Paper, Meeting):
            for obj in model.objects.all():
                logs = TransitionLog.objects.filter(
                    content_type__model=model._meta.model_name, object_id=obj.pk
                ).order_by("pk")
                state = ""
                for log in logs:
                    assert log.source_state == state, (log.transition, log.source_state, state)
                    state = log.target_state
                assert state == obj.state

    @invariant()
    def agenda_numbers_are_contiguous(self) -> None:
        for meeting in Meeting.objects.all():
            for public in (True, False):
                positions = list(
                    meeting.agenda_items.filter(public=public).values_list("position", flat=True)
                )
                assert positions == list(range(1, len(positions) + 1))


@pytest.mark.django_db
def test_random_service_sequences_keep_the_invariants():
    WorkflowMachine.TestCase.settings = settings(
        max_examples=40,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    WorkflowMachine.TestCase().runTest()
