"""The transactional outbox: notifications are written with the change they report, and
queued for delivery only after that change commits.

If the broker is down at that moment, nothing is lost: the rows wait as ``pending`` and the
sweeper (``notifications.tasks.sweep_outbox``, every minute) queues them again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from notifications.models import MailSettings, Notification, Preference
from notifications.queue import enqueue_after_commit
from notifications.recipients import Recipient
from notifications.rules import RULES, planned
from workflow.events import Event

State = Notification.State


@dataclass(frozen=True)
class Planned:
    """One notification to write: what, to whom, about what, under which unique key."""

    kind: str
    recipient: Recipient
    subject: models.Model
    key: str
    context: dict
    confidential: bool = False


def on_event(event: Event) -> list[Notification]:
    """The outbox step of ``workflow.events``: write the notifications the event causes
    (inside its transaction), each naming the event's history entry and the documents it
    made, and queue the immediate ones for after the commit."""
    if (type(event.subject), event.name) not in RULES:  # notes, edits, files: nobody is told
        return []
    documents = {
        file.confidential: {"document": file.pk, "version": file.current.number}
        for file in event.documents
    }
    return write(
        Planned(
            kind=rule.kind,
            recipient=recipient,
            subject=event.subject,
            key=f"{event.entry.pk}:{rule.kind}:{recipient.email.lower()}",
            context={"log": event.entry.pk}
            | documents.get(rule.confidential, {})
            | ({"subscription": recipient.subscription_id} if recipient.subscription_id else {}),
            confidential=rule.confidential,
        )
        for rule, recipient in planned(event)
    )


def write(notifications: Iterable[Planned]) -> list[Notification]:
    """Store notifications as each recipient's preferences say (at once, in the digest, or
    not at all); a key already stored is left alone, so writing twice writes once. The
    immediate ones are queued after the commit."""
    notifications = list(notifications)
    if not notifications:
        return []
    users = {n.recipient.user_id for n in notifications if n.recipient.user_id}
    modes: dict[tuple[int | None, str], str] = {
        (p.user_id, p.kind): p.mode for p in Preference.objects.filter(user_id__in=users)
    }
    languages: dict[int | None, str] = dict(
        MailSettings.objects.filter(user_id__in=users).values_list("user_id", "language")
    )
    rows = []
    for n in notifications:
        state = _state(n.kind, modes.get((n.recipient.user_id, n.kind)))
        if state is None:
            continue
        rows.append(
            Notification(
                kind=n.kind,
                key=n.key[:200],
                user_id=n.recipient.user_id,
                email=n.recipient.email,
                name=n.recipient.name,
                language=n.recipient.language
                or languages.get(n.recipient.user_id, settings.LANGUAGE_CODE),
                confidential=n.confidential,
                content_type=ContentType.objects.get_for_model(type(n.subject)),
                object_id=n.subject.pk,
                context=n.context,
                state=state,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    stored = list(Notification.objects.filter(key__in=[r.key for r in rows]).order_by("pk"))
    enqueue_after_commit(n.pk for n in stored if n.state == State.PENDING)
    return stored


def _state(kind: str, mode: str | None) -> str | None:
    if kind in Notification.ALWAYS_SENT or mode in (None, Preference.Mode.IMMEDIATE):
        return State.PENDING
    if mode == Preference.Mode.DAILY:
        return State.DIGEST
    return None


def stale_pending(older_than_seconds: float) -> list[int]:
    """Pending notifications whose delivery should have happened by now."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    return list(
        Notification.objects.filter(state=State.PENDING, created__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
