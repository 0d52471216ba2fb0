"""Record a Tombstone when a public object is deleted (checked before the row goes)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete

from oparl.models import Tombstone

# model class name -> (OParl kind, lookup of its body's id)
TRACKED = {
    "Organization": ("organization", "body_id"),
    "Person": ("person", "body_id"),
    "Membership": ("membership", "organization__body_id"),
    "Meeting": ("meeting", "body_id"),
    "AgendaItem": ("agendaItem", "meeting__body_id"),
    "Paper": ("paper", "body_id"),
    "Consultation": ("consultation", "paper__body_id"),
    "Location": ("location", "body_id"),
    "LegislativeTerm": ("legislativeTerm", "body_id"),
}


def record_tombstone(sender: type, instance: Any, **kwargs: Any) -> None:
    from oparl.views import KINDS

    kind, body_lookup = TRACKED[sender.__name__]
    row = KINDS[kind][0]().filter(pk=instance.pk).values_list("pk", body_lookup).first()
    if row is None:
        return  # never public: nobody outside knew of it
    body_id = row[1]
    Tombstone.objects.update_or_create(
        kind=kind,
        object_id=instance.pk,
        defaults={"body_id": body_id, "created": instance.created},
    )


def connect() -> None:
    from django.apps import apps

    for name in TRACKED:
        pre_delete.connect(
            record_tombstone, sender=apps.get_model("workflow", name), dispatch_uid=f"oparl-{name}"
        )
