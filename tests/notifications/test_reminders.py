"""Daily reminders: the Annahmeschluss for papers not yet submitted or scheduled, and agendas
waiting for the chair; configured per body, sent once per occasion."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification, Preference
from notifications.reminders import send_reminders
from notifications.rendering import render
from workflow import services
from workflow.models import HistoryEntry

pytestmark = pytest.mark.django_db

K = Notification.Kind


def _meeting_on(world, day: datetime.date, organization=None):
    start = datetime.datetime.combine(
        day, datetime.time(16), tzinfo=timezone.get_current_timezone()
    )
    return services.create_meeting(
        organization=organization or world.committee, start=start, by=world.clerk
    )


def test_officer_is_reminded_of_the_annahmeschluss(world):
    today = datetime.date(2030, 3, 1)
    meeting = _meeting_on(world, today + datetime.timedelta(days=17))  # deadline in 3 days
    draft = world.draft(name="Noch ein Entwurf")
    submitted = world.submitted(name="Eingereicht, wartet")
    _scheduled, _item = world.scheduled()  # on an agenda already: no reminder
    elsewhere = world.draft((world.other_committee, "decision", True), name="Anderes Gremium")
    reminders = send_reminders(today)
    assert {(n.object_id, n.email) for n in reminders} == {
        (draft.pk, world.officer.email),
        (submitted.pk, world.officer.email),
    }
    assert elsewhere.pk not in {n.object_id for n in reminders}
    message = render(next(n for n in reminders if n.object_id == draft.pk))
    assert message.subject == f"Erinnerung: Annahmeschluss 04.03.2030 für {draft}"
    assert meeting.reference in message.body and "Entwurf" in message.body


def test_a_second_run_the_same_day_reminds_nobody_twice(world):
    today = datetime.date(2030, 3, 1)
    _meeting_on(world, today + datetime.timedelta(days=17))
    world.draft()
    send_reminders(today)
    send_reminders(today)
    assert Notification.objects.filter(kind=K.PAPER_REMINDER).count() == 1


def test_no_reminder_on_other_days_or_when_switched_off(world):
    today = datetime.date(2030, 3, 1)
    _meeting_on(world, today + datetime.timedelta(days=20))
    world.draft()
    assert send_reminders(today) == []
    world.body.reminder_days = 0
    world.body.save()
    assert send_reminders(today + datetime.timedelta(days=3)) == []


def test_an_officer_who_switched_reminders_off_gets_none(world):
    Preference.objects.create(user=world.officer, kind=K.PAPER_REMINDER, mode="off")
    today = datetime.date(2030, 3, 1)
    _meeting_on(world, today + datetime.timedelta(days=17))
    world.draft()
    assert send_reminders(today) == []


def test_chair_is_reminded_of_an_agenda_waiting_for_approval(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk)
    services.submit_agenda(meeting, by=world.clerk)
    today = timezone.localdate()
    assert send_reminders(today) == []  # waiting since today only
    HistoryEntry.objects.filter(action="submit_agenda").update(
        at=timezone.now() - datetime.timedelta(days=3)
    )
    reminders = send_reminders(today)
    assert [(n.kind, n.email) for n in reminders] == [(K.AGENDA_REMINDER, world.chair.email)]
    assert "wartet auf Ihre Freigabe" in render(reminders[0]).subject
    assert len(send_reminders(today)) == 1  # the same row: once a day
    assert Notification.objects.filter(kind=K.AGENDA_REMINDER).count() == 1
    send_reminders(today + datetime.timedelta(days=1))
    assert Notification.objects.filter(kind=K.AGENDA_REMINDER).count() == 2
