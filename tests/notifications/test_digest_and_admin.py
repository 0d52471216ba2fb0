"""The daily digest gathers what a user chose to get daily; the admin shows failures and
sends them again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.digest import gather_digests
from notifications.models import Notification, Preference
from notifications.rendering import render

pytestmark = pytest.mark.django_db

K = Notification.Kind


def test_daily_notifications_arrive_as_one_digest(world):
    for kind in (K.PAPER_SCHEDULED, K.PAPER_RESOLVED):
        Preference.objects.create(user=world.officer, kind=kind, mode="daily")
    paper, item = world.scheduled()
    world.decide(item)
    waiting = Notification.objects.filter(user=world.officer, state=Notification.State.DIGEST)
    assert waiting.count() == 2
    (digest_id,) = gather_digests()
    digest = Notification.objects.get(pk=digest_id)
    assert (digest.kind, digest.email, digest.state) == (K.DIGEST, world.officer.email, "pending")
    message = render(digest)
    assert message.subject.startswith("Ihre Benachrichtigungen vom ")
    assert f"- Auf der Tagesordnung: {paper}" in message.body
    assert f"- Erledigt (ungeändert beschlossen): {paper}" in message.body
    assert gather_digests() == []  # gathered once


def test_failed_notification_is_sent_again_from_the_admin(
    client, world, django_capture_on_commit_callbacks
):
    world.submitted()
    failed = Notification.objects.first()
    Notification.objects.filter(pk=failed.pk).update(state="failed", last_error="451 später")
    client.force_login(world.admin)
    changelist = reverse("admin:notifications_notification_changelist")
    assert "451 später" in client.get(changelist + "?state=failed").content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            changelist, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
        )
    assert "1 Benachrichtigung wird erneut gesendet." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("pending", 0)
    assert len(callbacks) == 1  # queued after the commit
