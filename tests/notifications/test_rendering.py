"""What the mails say: subjects that say what happened, the agenda as the recipient may read
it, German or English, and the calendar entry."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from notifications.models import MailSettings, Notification
from notifications.outbox import on_event
from notifications.rendering import message_id, render
from tests.factories import person_user
from workflow import services
from workflow.demo import CONFIDENTIAL_TITLE
from workflow.events import Event
from workflow.models import HistoryEntry, Meeting, Membership

pytestmark = pytest.mark.django_db

K = Notification.Kind


def _parts(message) -> tuple[str, str, str | None]:
    html = next(content for content, mime in message.alternatives if mime == "text/html")
    ics = next((a[1] for a in message.attachments if a[0] == "sitzung.ics"), None)
    return message.body, html, ics.decode() if isinstance(ics, bytes) else ics


@pytest.fixture
def seed_invitation(demo) -> Notification:
    meeting = Meeting.objects.get(reference="SI/2024/129")
    return Notification.objects.get(
        kind=K.INVITATION, object_id=meeting.pk, email="mitglied@ratsflow.example"
    )


def test_invitation_subject_says_what_and_when(seed_invitation):
    message = render(seed_invitation)
    assert message.subject == "Einladung: SI/2024/129 Ordentliche Sitzung, Mo 28.10.2024 16:00"
    assert message.to == ["Jana Hilgers <mitglied@ratsflow.example>"]
    assert message.extra_headers["Message-ID"] == message_id(seed_invitation)


def test_members_invitation_has_both_parts_and_a_calendar_entry(seed_invitation):
    text, html, ics = _parts(render(seed_invitation))
    assert "Ö 5  Sachstand Regionalmarketing (Vorlage 2024/053)" in text
    assert "Nichtöffentlicher Teil (vertraulich" in text and CONFIDENTIAL_TITLE in text
    assert "Sachstand Regionalmarketing" in html and "<html" in html
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{seed_invitation.object_id}@ratsflow"
    assert Calendar.from_ical(ics)["METHOD"] == "REQUEST"
    assert event.decoded("DTSTART") == datetime.datetime(2024, 10, 28, 15, 0, tzinfo=datetime.UTC)


def test_a_notification_without_confidential_rights_shows_only_the_public_part(seed_invitation):
    seed_invitation.confidential = False
    text, html, ics = _parts(render(seed_invitation))
    assert CONFIDENTIAL_TITLE not in text + html + ics
    assert "Sachstand Regionalmarketing" in text


def test_english_when_the_recipient_prefers_it(world):
    MailSettings.objects.create(user=world.chair, language="en")
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Budget report", by=world.clerk)
    services.submit_agenda(meeting, by=world.clerk)
    notification = Notification.objects.get(kind=K.AGENDA_SUBMITTED)
    assert notification.language == "en"
    message = render(notification)
    assert message.subject.startswith(f"Please approve: agenda of {meeting.reference}")
    assert "the clerks ask you to approve the agenda" in message.body
    assert "Budget report" in message.body


def test_recommendation_mail_does_not_read_as_a_decision(world):
    _paper, item = world.scheduled(world.two_step())
    world.decide(item, "ungeändert beschlossen", resolution_text="Der Ausschuss empfiehlt …")
    message = render(Notification.objects.get(kind=K.PAPER_RECOMMENDED))
    assert message.subject.startswith("Beschlussempfehlung (ungeändert beschlossen)")
    assert "noch kein Beschluss" in message.body
    assert "Beschlussempfehlung:\nDer Ausschuss empfiehlt" in message.body


def test_resolved_mail_names_meeting_top_and_beschlussart(world):
    paper, item = world.scheduled()
    world.decide(item, "abgelehnt")
    message = render(Notification.objects.get(kind=K.PAPER_RESOLVED))
    assert message.subject == f"Erledigt (abgelehnt): {paper.reference} {paper.name}"
    assert f"{item.meeting.reference}" in message.body and "TOP: Ö 1" in message.body
    assert "Beschlussart: abgelehnt" in message.body


def test_cancellation_carries_a_cancel_with_a_higher_sequence(world):
    _paper, item = world.scheduled()
    invitation = render(Notification.objects.filter(kind=K.INVITATION).first())
    services.cancel_meeting(item.meeting, by=world.clerk, comment="Beschlussunfähig")
    cancel = render(Notification.objects.filter(kind=K.MEETING_CANCELLED).first())
    assert cancel.subject.startswith("Abgesagt: ")
    assert "Begründung: Beschlussunfähig" in cancel.body
    before = Calendar.from_ical(_parts(invitation)[2])
    after = Calendar.from_ical(_parts(cancel)[2])
    assert after["METHOD"] == "CANCEL"
    old, new = before.walk("VEVENT")[0], after.walk("VEVENT")[0]
    assert new["UID"] == old["UID"]
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new["STATUS"] == "CANCELLED"


def _invitation_event(world, members: int, tops: int) -> HistoryEntry:
    for _ in range(members):
        person_user(world.body, world.committee, Membership.Role.MEMBER)
    meeting = world.meeting()
    for n in range(tops):
        services.add_agenda_item(meeting, name=f"Punkt {n}", public=n % 2 == 0, by=world.clerk)
    meeting = services.submit_agenda(meeting, by=world.clerk)
    meeting = services.approve_agenda(meeting, by=world.chair)
    meeting = services.send_invitations(meeting, by=world.clerk)
    return HistoryEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting.pk,
        action="send_invitations",
    )


def test_query_counts_of_an_invitation_do_not_grow_with_members_or_agenda(world):
    counts, members_so_far = [], 2  # the World's chair and member
    for members, tops in ((5, 5), (50, 50)):
        entry = _invitation_event(world, members, tops)
        members_so_far += members
        notifications = list(Notification.objects.filter(context__log=entry.pk, kind=K.INVITATION))
        assert len(notifications) == members_so_far
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).delete()
        event = Event(entry=entry, subject=Meeting.objects.get(pk=entry.object_id))
        with CaptureQueriesContext(connection) as recording:
            created = on_event(event)
        with CaptureQueriesContext(connection) as rendering:
            render(created[0])
        counts.append((len(recording), len(rendering)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] <= 6, counts


def test_a_meeting_changed_after_a_render_is_never_shown_from_the_worker_cache(world):
    _paper, item = world.scheduled()
    invitation = Notification.objects.filter(kind=K.INVITATION).first()
    assert "Nachtrag zur Haushaltslage" not in render(invitation).body
    services.add_agenda_item(
        item.meeting, name="Nachtrag zur Haushaltslage", by=world.clerk, amendment_reason="eilig"
    )
    assert "Nachtrag zur Haushaltslage" in render(invitation).body
