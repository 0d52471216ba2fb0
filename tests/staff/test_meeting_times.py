"""The workspace's time rules: archive entries and overlaps on the new-meeting form, the
actual start and end on the result screen, and "Sitzung verlegen"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import at
from workflow.models import HistoryEntry, Meeting

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _local(moment: datetime.datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}"


def test_a_past_meeting_needs_the_archive_checkbox(client, world):
    client.force_login(world.clerk)
    data = {"organization": world.committee.pk, "name": "Alt", "start": "2024-03-04T16:00"}
    refused = client.post(reverse("staff:meeting_create"), data)
    assert refused.status_code == 200
    assert "„nachträglich erfassen“ ankreuzen" in _text(refused)
    assert not Meeting.objects.exists()
    created = client.post(reverse("staff:meeting_create"), {**data, "archive": "on"})
    assert created.status_code == 302
    meeting = Meeting.objects.get()
    entry = HistoryEntry.objects.get(object_id=meeting.pk, action=HistoryEntry.CREATED)
    assert entry.comment == "nachträglich erfasst"


def test_an_overlap_needs_the_confirmation_checkbox(client, world):
    first = world.meeting()
    client.force_login(world.clerk)
    data = {"organization": world.committee.pk, "name": "Sonder", "start": _local(first.start)}
    refused = client.post(reverse("staff:meeting_create"), data)
    assert first.reference in _text(refused) and Meeting.objects.count() == 1
    assert (
        client.post(reverse("staff:meeting_create"), {**data, "allow_overlap": "on"}).status_code
        == 302
    )
    assert Meeting.objects.count() == 2


def test_result_screen_records_the_actual_start_and_end(client, world, clock):
    _paper, item = world.scheduled()
    meeting = item.meeting
    clock.travel(meeting.start + datetime.timedelta(hours=3))
    client.force_login(world.clerk)
    url = reverse("staff:meeting_results", args=[meeting.pk])
    response = client.post(
        url,
        {
            "version": Meeting.objects.get(pk=meeting.pk).version,
            "times-actual_start": "2030-11-02T16:10",
            "times-actual_end": "2030-11-02T17:56",
        },
    )
    assert response.status_code == 302, _text(response)
    meeting.refresh_from_db()
    assert (meeting.actual_start, meeting.actual_end) == (
        at(2, 16) + datetime.timedelta(minutes=10),
        at(2, 17) + datetime.timedelta(minutes=56),
    )
    page = _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
    assert "16:10 – 17:56" in page
    refused = client.post(
        url,
        {"version": meeting.version, "times-actual_end": "2030-11-02T15:00"},
    )
    assert "muss nach dem Beginn" in _text(refused)


def test_clerk_moves_a_meeting_with_a_reason(client, world):
    _paper, item = world.scheduled()
    meeting = item.meeting
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
    url = reverse("staff:meeting_reschedule", args=[meeting.pk])
    assert url in page
    form = _text(client.get(url))
    assert 'value="2030-11-02T16:00"' in form
    without_reason = client.post(
        url, {"start": "2030-11-20T17:00", "reason": "", "version": meeting.version}
    )
    assert without_reason.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).start == meeting.start
    response = client.post(
        url,
        {"start": "2030-11-20T17:00", "reason": "Raum belegt", "version": meeting.version},
        follow=True,
    )
    assert "Sitzung SI/2030/001 Ordentliche Sitzung verlegt." in _text(response)
    moved = Meeting.objects.get(pk=meeting.pk)
    assert moved.start == at(20, 17) and moved.version == meeting.version + 1
    assert Notification.objects.filter(kind=Notification.Kind.MEETING_MOVED).count() == 2


def test_only_the_clerks_move_a_meeting(client, world):
    meeting = world.meeting()
    client.force_login(world.chair)
    url = reverse("staff:meeting_reschedule", args=[meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"start": "2030-11-20T17:00", "reason": "x"}).status_code == 404
    assert url not in _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
