"""Keep the derived object permissions (``workflow.grants``) in step with their facts."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from workflow.grants import sync_organization_permissions
from workflow.models import ClerkAssignment, Membership, Person


def _sync(*user_ids: int | None) -> None:
    # In the same transaction as the change, so both commit or roll back together.
    users = {pk for pk in user_ids if pk is not None}
    if users:
        sync_organization_permissions(users)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender: type, instance: Membership, **kwargs: Any) -> None:
    user_id = Person.objects.filter(pk=instance.person_id).values_list("user_id", flat=True)
    _sync(*user_id)


@receiver(post_save, sender=ClerkAssignment)
@receiver(post_delete, sender=ClerkAssignment)
def assignment_changed(sender: type, instance: ClerkAssignment, **kwargs: Any) -> None:
    _sync(instance.user_id)


@receiver(pre_save, sender=Person)
def remember_previous_account(sender: type, instance: Person, **kwargs: Any) -> None:
    instance._previous_user_id = (
        Person.objects.filter(pk=instance.pk).values_list("user_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Person)
def person_saved(sender: type, instance: Person, **kwargs: Any) -> None:
    previous = getattr(instance, "_previous_user_id", None)
    if previous != instance.user_id:
        _sync(previous, instance.user_id)


@receiver(post_delete, sender=Person)
def person_deleted(sender: type, instance: Person, **kwargs: Any) -> None:
    _sync(instance.user_id)
