"""Every history entry of a paper or meeting goes through the rule table, in the
transaction that wrote it: the change and its notifications commit together."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from notifications.outbox import record
from workflow.models import TransitionLog


@receiver(post_save, sender=TransitionLog)
def history_entry_written(
    sender: type, instance: TransitionLog, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        record(instance)
