"""Changes a user makes to their own notification settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from notifications.models import MailSettings, Notification, Preference

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def choosable_kinds() -> list[Notification.Kind]:
    """The kinds a user may switch to daily or off (invitations and the like: never)."""
    return [kind for kind in Notification.Kind if kind not in Notification.ALWAYS_SENT]


def preferences_of(user: User) -> tuple[dict[str, str], str]:
    """(mode per kind, language) with the defaults filled in."""
    modes = {kind.value: Preference.Mode.IMMEDIATE.value for kind in choosable_kinds()}
    modes.update(Preference.objects.filter(user=user).values_list("kind", "mode"))
    language = (
        MailSettings.objects.filter(user=user).values_list("language", flat=True).first() or "de"
    )
    return modes, language


@transaction.atomic
def set_preferences(user: User, *, modes: dict[str, str], language: str) -> None:
    """Store the user's choice; kinds that are always sent are ignored."""
    allowed = {kind.value for kind in choosable_kinds()}
    for kind, mode in modes.items():
        if kind in allowed:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    MailSettings.objects.update_or_create(user=user, defaults={"language": language})
