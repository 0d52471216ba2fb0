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

from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from tests.factories import World, kind
from workflow import services
from workflow.errors import WorkflowError
from workflow.models import AgendaItem, Consultation, HistoryEntry, Meeting, Paper

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
        before = (type(subject).objects.get(pk=subject.pk).state, HistoryEntry.objects.count())
        try:
            call()
        except WorkflowError:
            after = (type(subject).objects.get(pk=subject.pk).state, HistoryEntry.objects.count())
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
    # Each reads what it checks in a few queries (not a few per object): they run after every
    # step of every example.

    @invariant()
    def final_papers_never_change(self) -> None:
        logs = dict(
            HistoryEntry.objects.filter(content_type__model="paper")
            .order_by()
            .values_list("object_id")
            .annotate(count=Count("pk"))
        )
        for pk, state in Paper.objects.values_list("pk", "state"):
            if pk in self.final:
                assert (state, logs.get(pk, 0)) == self.final[pk]
            elif state in Paper.FINAL_STATES:
                self.final[pk] = (state, logs.get(pk, 0))

    @invariant()
    def scheduled_exactly_when_on_an_open_top(self) -> None:
        papers = Paper.objects.exclude(state=Paper.State.WITHDRAWN)
        # Paper.current_consultation() of each: its first open consultation by position.
        current: dict[int, int] = {}
        for paper_id, pk in (
            Consultation.objects.open()
            .filter(paper__in=papers)
            .order_by("paper", "position")
            .values_list("paper_id", "pk")
        ):
            current.setdefault(paper_id, pk)
        on_open_tops = set(
            AgendaItem.objects.filter(
                consultation__isnull=False,
                result__isnull=True,
                meeting__state__in=Meeting.NOT_YET_HELD_STATES,
            ).values_list("consultation_id", flat=True)
        )
        for pk, state in papers.values_list("pk", "state"):
            on_open_top = pk in current and current[pk] in on_open_tops
            assert (state == Paper.State.SCHEDULED) == on_open_top, state

    @invariant()
    def history_replays_to_current_state(self) -> None:
        for model in (Paper, Meeting):
            history: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
            for object_id, *log in (
                HistoryEntry.objects.filter(content_type__model=model._meta.model_name)
                .order_by("pk")
                .values_list("object_id", "action", "source_state", "target_state")
            ):
                history[object_id].append(log)
            for pk, current in model.objects.values_list("pk", "state"):
                state = ""
                for transition, source_state, target_state in history[pk]:
                    assert source_state == state, (transition, source_state, state)
                    state = target_state
                assert state == current

    @invariant()
    def agenda_numbers_are_contiguous(self) -> None:
        positions: dict[tuple[int, bool], list[int]] = defaultdict(list)
        for meeting_id, public, position in AgendaItem.objects.values_list(
            "meeting_id", "public", "position"
        ):  # in AgendaItem's order: meeting, part, position
            positions[meeting_id, public].append(position)
        for numbers in positions.values():
            assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.long
@pytest.mark.django_db
def test_random_service_sequences_keep_the_invariants():
    WorkflowMachine.TestCase.settings = settings(
        max_examples=40,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    WorkflowMachine.TestCase().runTest()
