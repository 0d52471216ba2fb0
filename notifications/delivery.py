"""Sending one notification, exactly once.

The row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED``: a second worker handed the same
notification (a redelivered or duplicated task) skips it while the first holds it, and finds
it ``sent`` afterwards. The row is marked sent in the transaction that holds the claim, right
after the SMTP server accepted the message.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.rendering import render

log = logging.getLogger(__name__)

State = Notification.State


class DeliveryFailed(Exception):
    """The mail server did not accept the message; try again later."""


def deliver(notification_id: int) -> str:
    """Send the notification if it is still pending. Returns what happened: ``sent``, or
    ``skipped`` (already sent, failed, gone, or being sent by another worker). Raises
    ``DeliveryFailed`` when the mail server refused or could not be reached; the attempt is
    recorded on the row."""
    error = None
    with transaction.atomic():
        notification = (
            # of=self: lock only the row, not the joined content type, which every other
            # notification about a meeting joins too (they would skip each other).
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=notification_id, state=State.PENDING)
            .select_related("content_type")
            .first()
        )
        if notification is None:
            return "skipped"
        message = render(notification)
        notification.attempts += 1
        try:
            _send(message)
        except (smtplib.SMTPException, OSError) as failure:
            error = f"{type(failure).__name__}: {failure}"
            notification.last_error = error[:2000]
            notification.save(update_fields=["attempts", "last_error"])
        else:
            notification.state = State.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["state", "sent_at", "attempts", "last_error"])
    if error:
        raise DeliveryFailed(error)
    return "sent"


# One open connection to the mail server per worker process, reused across tasks.
_open: dict[tuple, BaseEmailBackend] = {}


def _send(message: EmailMessage) -> None:
    """Send over this process's open connection; a connection the server has dropped since
    (idle timeout, restart) is replaced once."""
    key = (settings.EMAIL_BACKEND, getattr(settings, "EMAIL_HOST", ""), settings.EMAIL_PORT)
    for attempt in (1, 2):
        connection = _open.get(key)
        if connection is None:
            connection = _open[key] = get_connection(fail_silently=False)
            connection.open()
        try:
            connection.send_messages([message])
            return
        except smtplib.SMTPServerDisconnected:
            _discard(key)
            if attempt == 2:
                raise
        except (smtplib.SMTPException, OSError):
            _discard(key)  # the session may be in any state after an error
            raise


def _discard(key: tuple) -> None:
    connection = _open.pop(key, None)
    if connection is not None:
        connection.close()


def mark_failed(notification_id: int, error: str) -> None:
    """After the last retry: visible in the admin, to be sent again by a clerk."""
    Notification.objects.filter(pk=notification_id, state=State.PENDING).update(
        state=State.FAILED, last_error=error[:2000]
    )
    log.error("notification %s failed for good: %s", notification_id, error)
