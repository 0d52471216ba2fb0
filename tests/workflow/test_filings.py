"""Anträge and Anfragen of members and Fraktionen: draft, co-sign, file, register; who may do
each step in which state (the tables are the specification), who reads a filing, the
Antragsfrist, and the mails of every step."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from tests.factories import Council, at, person_user
from tests.factories import draft_filing as draft
from workflow import permissions, selectors, services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import (
    ClerkAssignment,
    Consultation,
    Filing,
    Membership,
    Paper,
)

pytestmark = pytest.mark.django_db

K = Notification.Kind
F = Filing.State


def kinds_to(filing_or_paper, user) -> list[str]:
    return sorted(
        Notification.objects.filter(object_id=filing_or_paper.pk, user=user).values_list(
            "kind", flat=True
        )
    )


def test_a_group_motion_is_co_signed_filed_by_the_group_chair_and_registered_as_a_paper(council):
    world = council.world
    filing = draft(council)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    assert kinds_to(filing, council.colleague) == [K.CO_SIGN_REQUESTED]
    services.answer_co_signature(filing, by=council.colleague, confirm=True)
    assert kinds_to(filing, council.author) == [K.CO_SIGN_ANSWERED]

    with pytest.raises(PermissionDenied):  # a group's motion is filed by the group's chair
        services.file_filing(filing, by=council.author)
    filing = services.file_filing(filing, by=council.group_chair)
    assert filing.state == F.FILED and filing.filed_at is not None
    filed_to = set(
        Notification.objects.filter(object_id=filing.pk, kind=K.FILING_FILED).values_list(
            "email", flat=True
        )
    )
    assert filed_to == {
        world.clerk.email,
        council.author.email,
        council.colleague.email,
        council.group_chair.email,
    }

    paper = services.register_filing(filing, by=world.clerk, preliminary=[world.other_committee])
    filing.refresh_from_db()
    assert (filing.state, filing.paper) == (F.REGISTERED, paper)
    assert paper.state == Paper.State.SUBMITTED and paper.reference
    assert paper.paper_type.name == "Antrag" and paper.lead_organization is None
    assert (paper.name, paper.resolution_proposal, paper.statement) == (
        filing.name,
        filing.text,
        "Schulweg",
    )
    assert set(paper.originator_persons.all()) == {council.author.person, council.colleague.person}
    assert list(paper.originator_organizations.all()) == [council.group]
    steps = [(c.organization, c.role, c.authoritative) for c in paper.consultations.all()]
    assert steps == [
        (world.other_committee, Consultation.Role.PRELIMINARY, False),
        (world.committee, Consultation.Role.DECISION, True),
    ]
    assert list(selectors.papers_waiting_for(world.other_committee)) == [paper]
    assert K.FILING_REGISTERED in kinds_to(filing, council.author)
    actions = [e.action for e in selectors.history(filing, user=council.author)]
    assert actions == ["create", "co_sign_request", "co_sign", "file", "register"]
    # the registered paper is the authors' and the group's to follow
    for user in (council.author, council.colleague, council.group_member):
        assert selectors.visible_papers(user).filter(pk=paper.pk).exists()
    assert not selectors.visible_papers(council.other_group_member).filter(pk=paper.pk).exists()


def test_a_personal_motion_is_filed_by_its_author(council):
    filing = draft(council, group=False)
    filing = services.file_filing(filing, by=council.author)
    assert filing.state == F.FILED
    paper = services.register_filing(filing, by=council.world.clerk)
    assert list(paper.originator_persons.all()) == [council.author.person]
    assert not paper.originator_organizations.exists()


def test_bad_input_is_refused_and_changes_nothing(council):
    world = council.world
    with pytest.raises(InvalidInput):  # not one of the author's groups
        services.create_filing(
            body=world.body,
            name="X",
            text="Y",
            committee=world.committee,
            group=council.other_group,
            by=council.author,
        )
    with pytest.raises(InvalidInput):  # a department is no committee
        services.create_filing(
            body=world.body, name="X", text="Y", committee=world.department, by=council.author
        )
    with pytest.raises(InvalidInput):  # urgency needs its reason
        draft(council, urgent=True)
    with pytest.raises(InvalidInput):
        draft(council, name="   ")
    assert not Filing.objects.exists()
    filing = draft(council)
    with pytest.raises(InvalidInput):  # the author does not co-sign
        services.ask_co_signer(filing, person=council.author.person, by=council.author)
    with pytest.raises(InvalidInput):  # only members with a seat co-sign
        services.ask_co_signer(filing, person=world.officer_person, by=council.author)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    with pytest.raises(InvalidInput):  # asked once
        services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    assert filing.co_signatures.count() == 1


def test_editing_a_draft_counts_its_version_and_refuses_a_stale_form(council):
    filing = draft(council)
    updated = services.update_filing(
        filing, by=council.author, expected_version=1, name="Radweg Hauptstraße"
    )
    assert (updated.name, updated.version) == ("Radweg Hauptstraße", 2)
    with pytest.raises(Exception, match="inzwischen geändert"):
        services.update_filing(filing, by=council.author, expected_version=1, name="Alt")
    with pytest.raises(InvalidInput):
        services.update_filing(filing, by=council.author, state="registered")


# -- the transition matrix: which step is possible in which state, for each kind ----------

KINDS = [Filing.Kind.MOTION, Filing.Kind.AMENDMENT, Filing.Kind.QUESTION]


def _draft_of(council: Council, kind: str) -> Filing:
    """A Fraktion's draft of ``kind``: an Änderungsantrag to a paper on an agenda, a
    non-public Anfrage."""
    if kind == Filing.Kind.AMENDMENT:
        paper, _item = council.world.scheduled()
        return draft(council, kind=kind, amends=paper, committee=None)
    if kind == Filing.Kind.QUESTION:
        return draft(council, kind=kind, public=False)
    return draft(council)


def _register(council: Council, filing: Filing, by) -> Paper:
    answering = council.world.department if filing.kind == Filing.Kind.QUESTION else None
    return services.register_filing(filing, by=by, answering_organization=answering)


STEPS = {
    "update": lambda c, f: services.update_filing(f, by=c.author, reasoning="neu"),
    "ask_co_signer": lambda c, f: services.ask_co_signer(
        f, person=c.group_member.person, by=c.author
    ),
    "answer": lambda c, f: services.answer_co_signature(f, by=c.colleague, confirm=True),
    "file": lambda c, f: services.file_filing(f, by=c.group_chair),
    "return": lambda c, f: services.return_filing(f, by=c.world.clerk, comment="unzulässig"),
    "register": lambda c, f: _register(c, f, c.world.clerk),
    "give_answer": lambda c, f: services.answer_question(f, answer="Ja.", by=c.world.officer),
    "withdraw": lambda c, f: services.withdraw_filing(f, by=c.group_chair),
}
# state: the steps possible in it (every other one is refused with TransitionRefused or
# PermissionDenied, and changes nothing)
MATRIX = {
    F.DRAFT: {"update", "ask_co_signer", "answer", "file", "withdraw"},
    F.FILED: {"return", "register", "withdraw"},
    F.REGISTERED: set(),
    F.ANSWERED: set(),
    F.WITHDRAWN: set(),
}
# an Anfrage is answered once registered
QUESTION_MATRIX = MATRIX | {F.REGISTERED: {"give_answer"}}
TARGETS = {
    "file": F.FILED,
    "return": F.DRAFT,
    "register": F.REGISTERED,
    "give_answer": F.ANSWERED,
    "withdraw": F.WITHDRAWN,
}


def _matrix(kind: str) -> dict[str, set[str]]:
    return QUESTION_MATRIX if kind == Filing.Kind.QUESTION else MATRIX


def _in_state(council: Council, state: str, kind: str = Filing.Kind.MOTION) -> Filing:
    filing = _draft_of(council, kind)
    services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
    if state == F.WITHDRAWN:
        return services.withdraw_filing(filing, by=council.author)
    if state in (F.FILED, F.REGISTERED, F.ANSWERED):
        filing = services.file_filing(filing, by=council.group_chair)
    if state in (F.REGISTERED, F.ANSWERED):
        _register(council, filing, council.world.clerk)
    if state == F.ANSWERED:
        services.answer_question(
            Filing.objects.get(pk=filing.pk), answer="Ja.", by=council.world.officer
        )
    return Filing.objects.get(pk=filing.pk)


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        (kind, state)
        for kind in KINDS
        for state in _matrix(kind)
        if state != F.ANSWERED or kind == Filing.Kind.QUESTION
    ],
)
def test_transition_matrix(council, kind, state):
    filing = _in_state(council, state, kind)
    matrix = _matrix(kind)
    for step, run in STEPS.items():
        before = Filing.objects.filter(pk=filing.pk).values().get()
        try:
            with transaction.atomic():
                run(council, Filing.objects.get(pk=filing.pk))
                done = Filing.objects.get(pk=filing.pk)
                raise _Undo(done.state)
        except _Undo as undo:
            assert step in matrix[state], f"{step} ran in {state}"
            assert undo.state == TARGETS.get(step, state), step
        except (TransitionRefused, PermissionDenied):
            assert step not in matrix[state], f"{step} refused in {state}"
        assert Filing.objects.filter(pk=filing.pk).values().get() == before


class _Undo(Exception):
    def __init__(self, state: str) -> None:
        self.state = state


# -- the permission matrix: who may do each step, and who reads the filing ---------------

ROLES = (
    "anonymous",
    "outsider",
    "officer",
    "clerk",
    "other_clerk",
    "author",
    "colleague",
    "declined",
    "group_chair",
    "group_member",
    "other_group_member",
    "committee_chair",
)


def _users(council: Council) -> dict[str, object]:
    world = council.world
    declined = person_user(world.body, world.other_committee)
    other_clerk = person_user(world.body)
    ClerkAssignment.objects.create(user=other_clerk, organization=world.other_committee)
    return {
        "anonymous": AnonymousUser(),
        "outsider": world.outsider,
        "officer": world.officer,
        "clerk": world.clerk,
        "other_clerk": other_clerk,
        "author": council.author,
        "colleague": council.colleague,
        "declined": declined,
        "group_chair": council.group_chair,
        "group_member": council.group_member,
        "other_group_member": council.other_group_member,
        "committee_chair": world.chair,
    }


# step: the roles that may do it (in a state that allows it)
PERMISSIONS = {
    "update": {"author"},
    "ask_co_signer": {"author"},
    "answer": {"colleague"},
    "file": {"group_chair"},
    "withdraw": {"group_chair", "author"},
    "return": {"clerk"},
    "register": {"clerk"},
    "give_answer": {"officer"},  # the department named at registration
}
PERMISSION_STEPS = {
    "update": lambda f, u, c: services.update_filing(f, by=u, reasoning="neu"),
    "ask_co_signer": lambda f, u, c: services.ask_co_signer(f, person=c.group_member.person, by=u),
    "answer": lambda f, u, c: services.answer_co_signature(f, by=u, confirm=True),
    "file": lambda f, u, c: services.file_filing(f, by=u),
    "withdraw": lambda f, u, c: services.withdraw_filing(f, by=u),
    "return": lambda f, u, c: services.return_filing(f, by=u, comment="unzulässig"),
    "register": lambda f, u, c: _register(c, f, u),
    "give_answer": lambda f, u, c: services.answer_question(f, answer="Ja.", by=u),
}
# who reads the filing in each state
READERS = {
    F.DRAFT: {"author", "colleague", "group_chair", "group_member"},
    F.FILED: {"author", "colleague", "group_chair", "group_member", "clerk"},
}


def _with_declined(
    council: Council, users: dict[str, object], kind: str = Filing.Kind.MOTION
) -> Filing:
    filing = _draft_of(council, kind)
    for name in ("colleague", "declined"):
        services.ask_co_signer(filing, person=users[name].person, by=council.author)
    services.answer_co_signature(filing, by=users["declined"], confirm=False)
    return Filing.objects.get(pk=filing.pk)


@pytest.mark.parametrize(
    ("kind", "state"),
    [(kind, state) for kind in KINDS for state in (F.DRAFT, F.FILED)]
    + [(Filing.Kind.QUESTION, F.REGISTERED)],
)
def test_permission_matrix(council, kind, state):
    users = _users(council)
    filing = _with_declined(council, users, kind)
    if state in (F.FILED, F.REGISTERED):
        filing = services.file_filing(filing, by=council.group_chair)
    if state == F.REGISTERED:
        _register(council, filing, council.world.clerk)
        filing = Filing.objects.get(pk=filing.pk)
    for step, allowed in PERMISSIONS.items():
        if step not in _matrix(kind)[state]:
            continue
        for role, user in users.items():
            try:
                with transaction.atomic():
                    PERMISSION_STEPS[step](Filing.objects.get(pk=filing.pk), user, council)
                    raise _Undo("")
            except _Undo:
                assert role in allowed, f"{role} could {step} in {state}"
            except PermissionDenied:
                assert role not in allowed, f"{role} was refused {step} in {state}"


@pytest.mark.parametrize("state", [F.DRAFT, F.FILED])
def test_who_reads_a_filing(council, state):
    users = _users(council)
    filing = _with_declined(council, users)
    if state == F.FILED:
        filing = services.file_filing(filing, by=council.group_chair)
    readers = {
        role
        for role, user in users.items()
        if selectors.visible_filings(user).filter(pk=filing.pk).exists()
    }
    assert readers == READERS[state]
    for role, user in users.items():
        assert permissions.can_view_filing(user, filing) == (role in READERS[state])


def test_a_personal_draft_is_not_read_by_the_authors_group(council):
    filing = draft(council, group=False)
    assert not selectors.visible_filings(council.group_member).filter(pk=filing.pk).exists()
    assert selectors.visible_filings(council.author).filter(pk=filing.pk).exists()


# -- the Antragsfrist ----------------------------------------------------------------


def test_a_motion_filed_after_the_deadline_goes_on_the_agenda_only_as_urgent(council, clock):
    world = council.world
    clock.travel(at(1))
    meeting = world.meeting()  # on 2 November; with 10 days' deadline: 23 October
    assert meeting.start.date() == datetime.date(2030, 11, 2)
    clock.travel(at(1, hour=9, month=10))  # in time
    early = services.register_filing(
        services.file_filing(draft(council, name="früh"), by=council.group_chair),
        by=world.clerk,
    )
    clock.travel(at(28, month=10))  # late
    late = services.register_filing(
        services.file_filing(draft(council, name="spät"), by=council.group_chair),
        by=world.clerk,
    )
    urgent = services.register_filing(
        services.file_filing(
            draft(council, name="dringend", urgent=True, urgency_reason="Frist des Landes"),
            by=council.group_chair,
        ),
        by=world.clerk,
    )
    for paper in (early, urgent):
        item = services.add_agenda_item(meeting, name=paper.name, by=world.clerk)
        services.schedule_paper(paper, agenda_item=item, by=world.clerk)
    item = services.add_agenda_item(meeting, name="spät", by=world.clerk)
    with pytest.raises(InvalidInput, match="Antragsfrist"):
        services.schedule_paper(late, agenda_item=item, by=world.clerk)
    late.refresh_from_db()
    assert late.state == Paper.State.SUBMITTED


# -- Mein Mandat ------------------------------------------------------------------------


def test_mandate_lists_seats_meetings_filings_and_requests(council):
    world = council.world
    meeting = world.meeting()
    mine = draft(council)
    asked = services.create_filing(
        body=world.body,
        name="Parkplätze",
        text="Mehr Parkplätze.",
        committee=world.committee,
        by=council.colleague,
    )
    services.ask_co_signer(asked, person=council.author.person, by=council.colleague)
    mandate = selectors.mandate(council.author)
    assert {m.organization for m in mandate.seats} == {world.committee, council.group}
    assert mandate.next_meetings == [meeting]
    assert mandate.filings == [mine]
    assert mandate.co_sign_requests == [asked]
    assert selectors.mandate(world.officer).seats == []  # a department is no mandate


def _mandate_queries(user) -> int:
    fresh = type(user).objects.get(pk=user.pk)  # no permission cache from earlier calls
    with CaptureQueriesContext(connection) as queries:
        selectors.mandate(fresh)
    return len(queries)


def test_mandate_costs_the_same_for_5_and_50_meetings_and_filings(council):
    world = council.world
    counts = []
    for total in (5, 50):
        while world.committee.meetings.count() < total:
            world.meeting()
        while Filing.objects.count() < total:
            draft(council, name=f"Antrag {Filing.objects.count()}")
        counts.append(_mandate_queries(council.author))
    assert counts[0] == counts[1] <= 10


def test_the_fraktion_names_its_staff_to_file_for_it(council):
    world = council.world
    staff = person_user(world.body, council.group, Membership.Role.STAFF)
    filing = draft(council)
    assert selectors.visible_filings(staff).filter(pk=filing.pk).exists()
    assert not selectors.mandate(staff).seats  # staff holds no seat
    filing = services.file_filing(filing, by=staff)
    assert filing.state == F.FILED


def test_mandate_lists_the_invitations_not_yet_answered(council, clock):
    world = council.world
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    meeting = world.invite(meeting, begin=False)
    assert selectors.mandate(council.author).unanswered == [meeting]
    services.reply_to_invitation(meeting, by=council.author, accept=True)
    assert selectors.mandate(council.author).unanswered == []
    assert selectors.mandate(council.other_group_member).unanswered == []  # not invited
