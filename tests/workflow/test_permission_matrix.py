"""Every role × every service action × public/non-public, from one table.

Each row names the roles that may do the action; every other role must be refused with
``PermissionDenied`` (not some other error, and without a change: each attempt runs in a
savepoint that is rolled back). Reading is part of the table: which TOPs and drafts the
role's lists contain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from tests.factories import kind, paper_type, person_user
from workflow import permissions, selectors, services
from workflow.errors import PermissionDenied, TransitionRefused
from workflow.models import ClerkAssignment, Membership, SignOffRule

ROLES = (
    "anonymous",
    "outsider",
    "officer",
    "head",
    "clerk",
    "committee_clerk",
    "other_clerk",
    "chair",
    "other_chair",
    "member",
    "admin",
)
PAPER_SIDE = {"officer", "head", "admin"}
CLERKS = {"clerk", "committee_clerk", "admin"}
ENTITLED = {"clerk", "committee_clerk", "admin", "chair", "member"}

# action: (allowed roles for a public object, allowed roles for a non-public one or None
# when the action has no public/non-public variant)
TABLE: dict[str, tuple[set[str], set[str] | None]] = {
    "create_paper": ({"officer", "admin"}, None),
    "edit_draft": (PAPER_SIDE, None),
    "add_consultation": (PAPER_SIDE, None),
    "submit_paper": (PAPER_SIDE, None),
    "sign_off": ({"head"}, None),
    "refuse_sign_off": ({"head"}, None),
    "withdraw_paper": (PAPER_SIDE, None),
    "add_note": (PAPER_SIDE | CLERKS, None),
    "create_meeting": (CLERKS, None),
    "add_agenda_item": (CLERKS, CLERKS),
    "schedule_paper": (CLERKS, CLERKS),
    "move_agenda_item": (CLERKS, CLERKS),
    "remove_agenda_item": (CLERKS, CLERKS),
    "submit_agenda": (CLERKS, None),
    "approve_agenda": ({"chair"}, None),
    "return_agenda": ({"chair"}, None),
    "send_invitations": (CLERKS, None),
    "record_result": (CLERKS, CLERKS),
    "close_meeting": (CLERKS, None),
    "approve_minutes": ({"chair"}, None),
    "cancel_meeting": (CLERKS, None),
    "read_agenda_item": (set(ROLES), ENTITLED),
    "read_draft": (PAPER_SIDE, None),
}

CASES = [
    pytest.param(action, public, id=f"{action}-{'public' if public else 'non-public'}")
    for action, (_allowed, non_public) in TABLE.items()
    for public in ((True, False) if non_public is not None else (True,))
]


class Roles:
    def __init__(self, world) -> None:
        SignOffRule.objects.create(body=world.body, paper_type=paper_type("Beschlussvorlage"))
        self.world = world
        self.users = {
            "anonymous": AnonymousUser(),
            "outsider": world.outsider,
            "officer": world.officer,
            "head": person_user(world.body, world.department, Membership.Role.HEAD),
            "clerk": world.clerk,
            "committee_clerk": person_user(world.body),
            "other_clerk": person_user(world.body),
            "chair": world.chair,
            "other_chair": world.other_chair,
            "member": world.member,
            "admin": world.admin,
        }
        ClerkAssignment.objects.create(
            user=self.users["committee_clerk"], organization=world.committee
        )
        ClerkAssignment.objects.create(
            user=self.users["other_clerk"], organization=world.other_committee
        )

    def signed_off(self):
        paper = self.world.submitted()
        return services.sign_off_paper(paper, by=self.users["head"])

    def meeting_with_items(self, public: bool):
        w = self.world
        meeting = w.meeting()
        first = services.add_agenda_item(meeting, name="Eröffnung", public=public, by=w.clerk)
        second = services.add_agenda_item(meeting, name="Zweiter", public=public, by=w.clerk)
        return meeting, first, second


def _setup(action: str, roles: Roles, public: bool) -> Callable[[Any], Any]:
    """Bring the objects to the state the action needs; return the attempt for one user."""
    w = roles.world
    if action == "create_paper":
        return lambda user: services.create_paper(
            body=w.body, name="Neu", paper_type=paper_type(), by=user
        )
    if action == "edit_draft":
        draft = w.draft()
        return lambda user: services.update_paper(draft, name="Geändert", by=user)
    if action == "add_consultation":
        draft = w.draft()
        return lambda user: services.add_consultation(
            draft, organization=w.other_committee, role="preliminary", by=user
        )
    if action == "submit_paper":
        draft = w.draft()
        return lambda user: services.submit_paper(draft, by=user)
    if action in ("sign_off", "refuse_sign_off"):
        paper = w.submitted()
        if action == "sign_off":
            return lambda user: services.sign_off_paper(paper, by=user)
        return lambda user: services.refuse_sign_off(paper, by=user, comment="Nein")
    if action == "withdraw_paper":
        paper = w.submitted()
        return lambda user: services.withdraw_paper(paper, by=user, comment="erledigt")
    if action == "add_note":
        paper = w.submitted()
        return lambda user: services.add_paper_note(paper, by=user, text="Hinweis")
    if action == "create_meeting":
        return lambda user: services.create_meeting(
            organization=w.committee, start=w.meeting().start, by=user, allow_overlap=True
        )
    if action == "read_draft":
        draft = w.draft()
        return lambda user: _require_seen(selectors.visible_papers(user), draft)
    meeting, first, second = roles.meeting_with_items(public)
    if action == "add_agenda_item":
        return lambda user: services.add_agenda_item(meeting, name="Neu", public=public, by=user)
    if action == "schedule_paper":
        paper = roles.signed_off()
        return lambda user: services.add_agenda_item(meeting, paper=paper, public=public, by=user)
    if action == "move_agenda_item":
        return lambda user: services.move_agenda_item(second, up=True, by=user)
    if action == "remove_agenda_item":
        return lambda user: services.remove_agenda_item(second, by=user)
    if action == "submit_agenda":
        return lambda user: services.submit_agenda(meeting, by=user)
    meeting = services.submit_agenda(meeting, by=w.clerk)
    if action == "approve_agenda":
        return lambda user: services.approve_agenda(meeting, by=user)
    if action == "return_agenda":
        return lambda user: services.return_agenda(meeting, by=user, comment="Bitte ergänzen")
    meeting = services.approve_agenda(meeting, by=w.chair)
    if action == "send_invitations":
        return lambda user: services.send_invitations(meeting, by=user)
    if action == "cancel_meeting":
        return lambda user: services.cancel_meeting(meeting, by=user, comment="entfällt")
    meeting = services.send_invitations(meeting, by=w.clerk)
    w.begin(meeting)
    if action == "read_agenda_item":
        return lambda user: _require_seen(selectors.visible_agenda_items(user), first)
    if action == "record_result":
        return lambda user: services.record_result(
            first, result=kind("zur Kenntnis genommen"), by=user
        )
    if action == "close_meeting":
        return lambda user: services.close_meeting(meeting, by=user)
    meeting = services.close_meeting(meeting, by=w.clerk)
    if action == "approve_minutes":
        return lambda user: services.approve_minutes(meeting, by=user)
    raise AssertionError(f"no set-up for {action}")


def _require_seen(queryset, obj) -> None:
    if not queryset.filter(pk=obj.pk).exists():
        raise PermissionDenied("not visible")


class _RollBack(Exception):
    pass


def _allowed(attempt: Callable[[Any], Any], user) -> bool:
    try:
        with transaction.atomic():
            attempt(user)
            raise _RollBack
    except _RollBack:
        return True
    except PermissionDenied:
        return False


@pytest.mark.parametrize(("action", "public"), CASES)
def test_permission_matrix(world, action, public):
    roles = Roles(world)
    attempt = _setup(action, roles, public)
    public_allowed, non_public_allowed = TABLE[action]
    expected = public_allowed if public else non_public_allowed
    actual = {role for role, user in roles.users.items() if _allowed(attempt, user)}
    assert actual == expected, (
        f"{action}: unexpectedly allowed {sorted(actual - expected)}, "
        f"unexpectedly refused {sorted(expected - actual)}"
    )


def test_what_can_be_changed_now_is_one_fact_of_the_meeting_for_pages_and_services(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    facts = lambda m: (m.agenda_editable, m.results_recordable, m.reschedulable)  # noqa: E731
    assert facts(meeting) == (True, False, True)
    meeting = world.invite(meeting)
    assert facts(meeting) == (True, True, True)
    meeting = services.close_meeting(meeting, by=world.clerk)
    assert facts(meeting) == (False, True, False)
    with pytest.raises(TransitionRefused, match="kann nicht mehr geändert werden"):
        services.add_agenda_item(meeting, name="Spät", by=world.clerk, amendment_reason="x")
    draft = world.draft()
    assert permissions.can_edit_draft(world.officer, draft)
    assert not permissions.can_edit_draft(world.clerk, draft)
    submitted = services.submit_paper(draft, by=world.officer)
    assert not permissions.can_edit_draft(world.officer, submitted)
