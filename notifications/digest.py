"""The daily digest: one mail per user gathering what they chose to receive daily."""

from __future__ import annotations

from typing import cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification

State = Notification.State


@transaction.atomic
def gather_digests() -> list[int]:
    """Create today's digest for every user with waiting notifications; returns their ids.
    Running it twice a day gathers only what arrived in between."""
    waiting = list(
        Notification.objects.select_for_update()
        .filter(state=State.DIGEST, digest__isnull=True, user__isnull=False)
        .order_by("user_id", "created", "pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        user_id = cast(int, notification.user_id)  # user__isnull=False
        by_user.setdefault(user_id, []).append(notification)
    user_type = ContentType.objects.get_for_model(get_user_model())
    stamp = timezone.now().strftime("%Y-%m-%dT%H%M%S")
    created = []
    for user_id, rows in by_user.items():
        first = rows[0]
        digest = Notification.objects.create(
            kind=Notification.Kind.DIGEST,
            key=f"digest:{user_id}:{stamp}:{rows[-1].pk}",
            user_id=user_id,
            email=first.email,
            name=first.name,
            language=first.language,
            content_type=user_type,
            object_id=user_id,
        )
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(digest=digest)
        created.append(digest.pk)
    return created
