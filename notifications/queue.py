"""The delivery queue: one Celery task per notification, queued only after the change that
caused it has committed, and put back in the queue by the admin's "erneut senden"."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.db import transaction

from notifications.delivery import DeliveryFailed, deliver, mark_failed
from notifications.models import Notification

log = logging.getLogger(__name__)

State = Notification.State


def retry_delay(retries: int) -> float:
    """Exponential backoff with jitter: base, 2×base, 4×base, … capped at 10 minutes."""
    base = settings.NOTIFICATION_RETRY_SECONDS
    return min(base * 2**retries, 600) * random.uniform(0.8, 1.2)


# The name stays that of the module the task was first defined in: queued messages carry it.
@shared_task(
    name="notifications.tasks.deliver_notification", bind=True, acks_late=True, max_retries=None
)
def deliver_notification(self, notification_id: int) -> str:
    """Send one notification; retried with backoff while the mail server refuses, then
    marked ``failed``. A second delivery of the same task finds the row sent and skips."""
    try:
        return deliver(notification_id)
    except DeliveryFailed as error:
        if self.request.retries >= settings.NOTIFICATION_MAX_RETRIES:
            mark_failed(notification_id, str(error))
            return "failed"
        raise self.retry(exc=error, countdown=retry_delay(self.request.retries)) from error


def enqueue_after_commit(ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(ids: Iterable[int]) -> int:
    """Queue delivery tasks; a broker failure is logged, not raised (the sweeper retries).
    Returns how many were queued."""
    queued = 0
    for pk in ids:
        try:
            deliver_notification.delay(pk)
        except Exception:  # the broker is down (or, eagerly, sending failed): the row waits
            log.exception("could not queue notification %s; the sweeper will", pk)
            return queued
        queued += 1
    return queued


def resend(notification_ids: list[int]) -> int:
    """Put failed notifications back in the queue (the admin's "erneut senden")."""
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(pk__in=notification_ids, state=State.FAILED).values_list(
                "pk", flat=True
            )
        )
        Notification.objects.filter(pk__in=ids).update(state=State.PENDING, attempts=0)
        enqueue_after_commit(ids)
    return len(ids)
