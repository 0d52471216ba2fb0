"""Object permissions on Gremien, derived and never granted by hand.

- an active Membership in an organization gives ``view_confidential`` on it (members,
  chairs and deputies read the committee's non-public TOPs, papers and minutes);
- a ``ClerkAssignment`` gives ``manage_meetings`` on its committee (Sitzungsdienst for
  that committee only; the Sitzungsdienst for all committees holds the model permission).

``sync_organization_permissions`` makes guardian's table match those facts. Signals call it
when a membership, assignment or a person's account changes; the daily beat task
``workflow.tasks.sync_permissions`` catches memberships that start or end by date.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Permission
from django.db import transaction

from workflow.models import (
    ClerkAssignment,
    Membership,
    OrganizationUserObjectPermission,
)

VIEW_CONFIDENTIAL = "view_confidential"
MANAGE_MEETINGS = "manage_meetings"
DERIVED_CODENAMES = (VIEW_CONFIDENTIAL, MANAGE_MEETINGS)


def derived_grants(user_ids: Iterable[int] | None = None) -> set[tuple[int, str, int]]:
    """(user id, codename, organization id) for everything the facts grant today."""
    memberships = Membership.objects.active().filter(person__user__isnull=False)
    assignments = ClerkAssignment.objects.all()
    if user_ids is not None:
        memberships = memberships.filter(person__user__in=user_ids)
        assignments = assignments.filter(user__in=user_ids)
    grants = {
        (user_id, VIEW_CONFIDENTIAL, org_id)
        for user_id, org_id in memberships.values_list("person__user_id", "organization_id")
    }
    grants |= {
        (user_id, MANAGE_MEETINGS, org_id)
        for user_id, org_id in assignments.values_list("user_id", "organization_id")
    }
    return grants


@transaction.atomic
def sync_organization_permissions(user_ids: Iterable[int] | None = None) -> tuple[int, int]:
    """Grant what is derived and missing, revoke what is granted and no longer derived,
    for the given users (``None``: everybody). Returns (granted, revoked)."""
    users = None if user_ids is None else {pk for pk in user_ids if pk is not None}
    if users == set():
        return 0, 0
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="workflow", codename__in=DERIVED_CODENAMES
        )
    }
    existing = OrganizationUserObjectPermission.objects.filter(permission__in=permissions.values())
    if users is not None:
        existing = existing.filter(user__in=users)
    held = {
        (user_id, codename, org_id): pk
        for pk, user_id, codename, org_id in existing.values_list(
            "pk", "user_id", "permission__codename", "content_object_id"
        )
    }
    wanted = derived_grants(users)
    stale = [pk for key, pk in held.items() if key not in wanted]
    OrganizationUserObjectPermission.objects.filter(pk__in=stale).delete()
    OrganizationUserObjectPermission.objects.bulk_create(
        [
            OrganizationUserObjectPermission(
                user_id=user_id, permission=permissions[codename], content_object_id=org_id
            )
            for user_id, codename, org_id in wanted - held.keys()
        ]
    )
    return len(wanted - held.keys()), len(stale)
