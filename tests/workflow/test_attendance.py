"""Zusage and Absage: an Absage asks the member's personal deputy (with the non-public
agenda and a mail), the deputy's Absage asks the Fraktion's next deputy; the clerk sees the
expected attendance, the reason of an Absage reaches nobody else."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.rendering import render
from tests.factories import person_user, political_group
from workflow import selectors, services
from workflow.errors import PermissionDenied
from workflow.models import HistoryEntry, InvitationReply, Meeting, Membership

pytestmark = pytest.mark.django_db

K = Notification.Kind
A = InvitationReply.Answer
SECRET = "Personalangelegenheit Grundschule"


@dataclass
class Scene:
    world: object
    meeting: Meeting
    personal_deputy: object
    group_deputy: object
    other_deputy: object


@pytest.fixture
def scene(world) -> Scene:
    group = political_group(world.body, "Fraktion Mitte")
    other = political_group(world.body, "Fraktion Rand")
    Membership.objects.filter(person=world.member.person, organization=world.committee).update(
        on_behalf_of=group
    )

    def deputy(on_behalf_of, represents=None):
        user = person_user(world.body)
        Membership.objects.create(
            person=user.person,
            organization=world.committee,
            role=Membership.Role.DEPUTY,
            on_behalf_of=on_behalf_of,
            represents=represents,
        )
        return user

    personal = deputy(group, represents=world.member.person)
    group_deputy = deputy(group)
    other_deputy = deputy(other)
    meeting = world.meeting()
    services.add_agenda_item(meeting, name=SECRET, public=False, by=world.clerk)
    meeting = world.invite(meeting, begin=False)
    return Scene(world, meeting, personal, group_deputy, other_deputy)


def _asked(meeting: Meeting) -> list[tuple[object, object]]:
    return [
        (r.person.user, r.stands_in_for.user)
        for r in InvitationReply.objects.filter(meeting=meeting, stands_in_for__isnull=False)
        .select_related("person__user", "stands_in_for__user")
        .order_by("pk")
    ]


def test_an_absage_asks_the_personal_deputy_then_the_groups_next(scene):
    world, meeting = scene.world, scene.meeting
    member = world.member
    services.reply_to_invitation(meeting, by=member, accept=False, reason="Krank, Attest folgt")
    assert _asked(meeting) == [(scene.personal_deputy, member)]
    mail = Notification.objects.get(kind=K.DEPUTY_ASKED, user=scene.personal_deputy)
    assert mail.confidential
    text = render(mail).body
    assert SECRET in text and member.person.name in text
    assert "Krank" not in text  # the reason stays with the clerk
    assert selectors.visible_agenda_items(scene.personal_deputy).filter(name=SECRET).exists()

    services.reply_to_invitation(meeting, by=scene.personal_deputy, accept=False)
    assert _asked(meeting) == [(scene.personal_deputy, member), (scene.group_deputy, member)]
    assert Notification.objects.filter(kind=K.DEPUTY_ASKED, user=scene.group_deputy).exists()
    assert not Notification.objects.filter(kind=K.DEPUTY_ASKED, user=scene.other_deputy).exists()
    services.reply_to_invitation(meeting, by=scene.group_deputy, accept=True)

    rows = {
        row.membership.person.user: row
        for row in selectors.expected_attendance(meeting, world.clerk)
    }
    assert (rows[member].reply.answer, rows[member].reply.reason) == (
        A.DECLINED,
        "Krank, Attest folgt",
    )
    assert (rows[member].deputy.person.user, rows[member].deputy.answer) == (
        scene.group_deputy,
        A.ACCEPTED,
    )
    assert rows[world.chair].answer == "offen"
    assert selectors.expected_attendance(meeting, world.chair) is None
    comments = HistoryEntry.objects.filter(object_id=meeting.pk).values_list("comment", flat=True)
    assert not any("Krank" in c for c in comments)

    # when no deputy is left, nobody more is asked
    services.reply_to_invitation(meeting, by=scene.group_deputy, accept=False)
    assert len(_asked(meeting)) == 2


def test_only_the_invited_answer_and_only_before_the_meeting_begins(scene, clock):
    world, meeting = scene.world, scene.meeting
    for user in (world.outsider, world.officer, world.other_chair):
        with pytest.raises(PermissionDenied):
            services.reply_to_invitation(meeting, by=user, accept=True)
    services.reply_to_invitation(meeting, by=world.member, accept=True)
    world.begin(meeting)
    with pytest.raises(PermissionDenied):
        services.reply_to_invitation(meeting, by=world.member, accept=False)
    assert InvitationReply.objects.get(meeting=meeting).answer == A.ACCEPTED
    planned = world.meeting()
    with pytest.raises(PermissionDenied):  # no invitation out yet
        services.reply_to_invitation(planned, by=world.member, accept=True)


def test_the_meeting_page_takes_the_answer_and_shows_the_reason_to_the_clerk_only(client, scene):
    world, meeting = scene.world, scene.meeting
    page = reverse("staff:meeting", args=[meeting.pk])
    client.force_login(world.member)
    assert "Absage" in client.get(page).content.decode()
    response = client.post(
        reverse("staff:meeting_reply", args=[meeting.pk]),
        {"answer": "decline", "reason": "Dienstreise nach Lüttich"},
        follow=True,
    )
    assert "Absage gespeichert" in response.content.decode()
    assert "Dienstreise nach Lüttich" in response.content.decode()  # the member's own
    client.force_login(world.clerk)
    clerk_page = client.get(page).content.decode()
    assert "Dienstreise nach Lüttich" in clerk_page and "Erwartete Teilnahme" in clerk_page
    for user in (world.chair, scene.personal_deputy, world.other_chair):
        client.force_login(user)
        assert "Dienstreise nach Lüttich" not in client.get(page).content.decode()
    client.force_login(world.outsider)
    response = client.post(
        reverse("staff:meeting_reply", args=[meeting.pk]), {"answer": "accept"}, follow=True
    )
    assert "nicht eingeladen" in response.content.decode()


def test_a_reply_without_a_choice_changes_nothing(client, scene):
    client.force_login(scene.world.member)
    url = reverse("staff:meeting_reply", args=[scene.meeting.pk])
    response = client.post(url, {"reason": "?"}, follow=True)
    assert "Bitte „Zusage“ oder „Absage“ wählen." in response.content.decode()
    assert not InvitationReply.objects.exists()
