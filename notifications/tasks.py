"""Celery tasks: the periodic ones, thin wrappers around the outbox, digests and reminders;
the delivery task itself is ``notifications.queue.deliver_notification``."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from notifications.digest import gather_digests
from notifications.outbox import stale_pending
from notifications.queue import deliver_notification, enqueue
from notifications.reminders import send_reminders as remind


@shared_task
def sweep_outbox() -> int:
    """Every minute: queue again what is still pending after the sweep delay (lost tasks,
    a broker that was down at commit)."""
    return enqueue(stale_pending(settings.NOTIFICATION_SWEEP_AFTER_SECONDS))


@shared_task
def send_digests() -> int:
    """Daily: one mail per user gathering the notifications they asked to get daily."""
    return enqueue(gather_digests())


@shared_task
def ping() -> None:
    """Does nothing: a health check of the workers, and bench/notifications.py's reference."""


@shared_task
def send_reminders() -> int:
    """Daily: Annahmeschluss reminders to Bearbeiter/-innen, approval reminders to chairs."""
    return len(remind())


__all__ = ["deliver_notification", "ping", "send_digests", "send_reminders", "sweep_outbox"]
