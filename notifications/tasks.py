"""Celery tasks: thin wrappers around ``notifications.delivery`` and ``notifications.digest``."""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings

from notifications.delivery import DeliveryFailed, deliver, mark_failed


def retry_delay(retries: int) -> float:
    """Exponential backoff with jitter: base, 2×base, 4×base, … capped at 10 minutes."""
    base = settings.NOTIFICATION_RETRY_SECONDS
    return min(base * 2**retries, 600) * random.uniform(0.8, 1.2)


@shared_task(bind=True, acks_late=True, max_retries=None)
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


@shared_task
def sweep_outbox() -> int:
    """Every minute: queue again what is still pending after the sweep delay (lost tasks,
    a broker that was down at commit)."""
    from notifications.outbox import enqueue, stale_pending

    return enqueue(stale_pending(settings.NOTIFICATION_SWEEP_AFTER_SECONDS))


@shared_task
def send_digests() -> int:
    """Daily: one mail per user gathering the notifications they asked to get daily."""
    from notifications.digest import gather_digests
    from notifications.outbox import enqueue

    return enqueue(gather_digests())


@shared_task
def ping() -> None:
    """Does nothing: a health check of the workers, and bench/notifications.py's reference."""


@shared_task
def send_reminders() -> int:
    """Daily: Annahmeschluss reminders to Bearbeiter/-innen, approval reminders to chairs."""
    from notifications.reminders import send_reminders as remind

    return len(remind())
