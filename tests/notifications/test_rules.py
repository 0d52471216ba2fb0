"""The rule table: each step of the workflow writes exactly the expected notifications,
to exactly the expected people; nobody outside the committee gets its non-public content."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification, Preference
from tests.factories import kind, person_user
from workflow import selectors, services
from workflow.models import Membership, Paper

pytestmark = pytest.mark.django_db

K = Notification.Kind


def _sent(kind: str) -> dict[str, Notification]:
    return {n.email: n for n in Notification.objects.filter(kind=kind)}


def _emails(*users) -> set[str]:
    return {u.email for u in users}


def test_submitted_paper_goes_to_its_side_and_the_first_committees_clerks(world):
    world.submitted()
    assert set(_sent(K.PAPER_SUBMITTED)) == _emails(world.officer, world.clerk)


def test_head_of_the_department_hears_of_submissions_too(world):
    head = person_user(world.body, world.department, Membership.Role.HEAD)
    world.submitted()
    assert set(_sent(K.PAPER_SUBMITTED)) == _emails(world.officer, world.clerk, head)


def test_assigned_clerk_of_another_committee_does_not_hear_of_it(world):
    from tests.factories import UserFactory
    from workflow.models import ClerkAssignment

    other_clerk = UserFactory()
    ClerkAssignment.objects.create(user=other_clerk, organization=world.other_committee)
    own_clerk = UserFactory()
    ClerkAssignment.objects.create(user=own_clerk, organization=world.committee)
    world.submitted()
    assert set(_sent(K.PAPER_SUBMITTED)) == _emails(world.officer, world.clerk, own_clerk)


def test_superuser_without_the_permission_gets_no_clerk_mail(world):
    world.submitted()
    assert world.admin.email not in _sent(K.PAPER_SUBMITTED)


def test_agenda_steps_go_to_chair_then_clerks(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk)
    meeting = services.submit_agenda(meeting, by=world.clerk)
    assert set(_sent(K.AGENDA_SUBMITTED)) == _emails(world.chair)
    meeting = services.return_agenda(meeting, by=world.chair, comment="TOP 1 fehlt die Anlage")
    returned = _sent(K.AGENDA_RETURNED)
    assert set(returned) == _emails(world.clerk)
    meeting = services.submit_agenda(meeting, by=world.clerk)
    services.approve_agenda(meeting, by=world.chair)
    assert set(_sent(K.AGENDA_APPROVED)) == _emails(world.clerk)


def test_invitation_goes_to_voting_members_and_deputies_with_the_non_public_part(world):
    deputy = person_user(world.body, world.committee, Membership.Role.DEPUTY)
    advisor = person_user(world.body, world.committee, Membership.Role.MEMBER)
    Membership.objects.filter(person__user=advisor).update(voting_right=False)
    former = person_user(world.body, world.committee, Membership.Role.MEMBER)
    Membership.objects.filter(person__user=former).update(
        end_date=datetime.date(2020, 1, 1), start_date=datetime.date(2019, 1, 1)
    )
    _paper, _item = world.scheduled()
    invitations = _sent(K.INVITATION)
    assert set(invitations) == _emails(world.chair, world.member, deputy)
    assert all(n.confidential for n in invitations.values())
    # nobody outside the committee: other chairs, staff, clerks, citizens
    for outsider in (world.other_chair, world.plenum_chair, world.officer, world.clerk):
        assert outsider.email not in invitations


def test_paper_side_hears_of_scheduling_and_of_the_decision(world):
    _paper, item = world.scheduled()
    assert set(_sent(K.PAPER_SCHEDULED)) == _emails(world.officer)
    world.decide(item, "ungeändert beschlossen")
    assert set(_sent(K.PAPER_RESOLVED)) == _emails(world.officer)
    assert not _sent(K.PAPER_RECOMMENDED) and not _sent(K.PAPER_DEFERRED)


def test_deferral_is_not_a_decision(world):
    _paper, item = world.scheduled()
    paper = world.decide(item, "vertagt")
    assert paper.state == Paper.State.SUBMITTED
    assert set(_sent(K.PAPER_DEFERRED)) == _emails(world.officer)
    assert not _sent(K.PAPER_RESOLVED)


def test_vorberatung_ends_in_a_recommendation_not_a_resolution(world):
    _paper, item = world.scheduled(world.two_step())
    world.decide(item, "ungeändert beschlossen")
    assert set(_sent(K.PAPER_RECOMMENDED)) == _emails(world.officer)
    assert not _sent(K.PAPER_RESOLVED)


def test_cancelling_an_invited_meeting_tells_the_invited(world):
    _paper, item = world.scheduled()
    services.cancel_meeting(item.meeting, by=world.clerk, comment="Beschlussunfähig")
    assert set(_sent(K.MEETING_CANCELLED)) == _emails(world.chair, world.member)


def test_cancelling_a_meeting_nobody_was_invited_to_sends_nothing(world):
    meeting = world.meeting()
    services.cancel_meeting(meeting, by=world.clerk, comment="entfällt")
    assert not _sent(K.MEETING_CANCELLED)


def test_moving_an_invited_meeting_tells_the_invited(world):
    _paper, item = world.scheduled()
    meeting = services.reschedule_meeting(
        item.meeting,
        start=item.meeting.start + datetime.timedelta(days=7),
        by=world.clerk,
        reason="Raum belegt",
    )
    assert set(_sent(K.MEETING_MOVED)) == _emails(world.chair, world.member)
    assert "Raum belegt" in selectors.history(meeting, user=world.clerk)[-1].comment


def test_an_agenda_amended_after_the_invitations_tells_the_invited(world):
    from notifications.rendering import render

    paper, item = world.scheduled()
    meeting = item.meeting
    services.add_agenda_item(
        meeting,
        name="Personalangelegenheit Bauhof",
        public=False,
        by=world.clerk,
        amendment_reason="dringlich",
    )
    sent = _sent(K.AGENDA_AMENDED)
    assert set(sent) == _emails(world.chair, world.member)
    assert all(n.confidential for n in sent.values())
    mail = render(sent[world.member.email])
    assert mail.subject.startswith("Tagesordnung geändert")
    assert "dringlich" in mail.body and "Personalangelegenheit Bauhof" in mail.body
    assert f"Vorlage {paper.reference}" in mail.body
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk, amendment_reason="Eilt")
    assert Notification.objects.filter(kind=K.AGENDA_AMENDED, email=world.member.email).count() == 2


def test_an_agenda_changed_before_the_invitations_sends_no_amendment(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk)
    assert not _sent(K.AGENDA_AMENDED)


def test_preferences_off_and_daily(world):
    Preference.objects.create(user=world.officer, kind=K.PAPER_SCHEDULED, mode="off")
    Preference.objects.create(user=world.officer, kind=K.PAPER_RESOLVED, mode="daily")
    _paper, item = world.scheduled()
    world.decide(item)
    assert not _sent(K.PAPER_SCHEDULED)
    assert _sent(K.PAPER_RESOLVED)[world.officer.email].state == Notification.State.DIGEST


def test_invitations_cannot_be_switched_off(world):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Preference.objects.create(user=world.member, kind=K.INVITATION, mode="off")


def test_a_refused_transition_writes_no_notification(world):
    from workflow.errors import WorkflowError

    meeting = world.meeting()
    with pytest.raises(WorkflowError):
        services.submit_agenda(meeting, by=world.clerk)  # empty agenda
    assert not Notification.objects.exists()


def test_one_row_per_event_and_address_with_a_unique_key(world):
    world.submitted()
    keys = list(Notification.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 2
    assert all(k.count(":") == 2 for k in keys)


def test_results_of_a_whole_meeting_notify_each_paper_once(world):
    meeting = world.meeting()
    papers = [world.submitted(name=f"Vorlage {n}") for n in range(3)]
    items = [services.add_agenda_item(meeting, paper=p, by=world.clerk) for p in papers]
    world.invite(meeting)
    for item in items:
        services.record_result(item, result=kind("ungeändert beschlossen"), by=world.clerk)
    assert Notification.objects.filter(kind=K.PAPER_RESOLVED).count() == 3
