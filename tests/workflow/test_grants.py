"""Object permissions on Gremien follow memberships and assignments, never the admin."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.factories import UserFactory, person_user
from workflow import permissions
from workflow.grants import sync_organization_permissions
from workflow.models import ClerkAssignment, Membership, OrganizationUserObjectPermission
from workflow.tasks import sync_permissions


def _codenames(user) -> set[tuple[str, int]]:
    return set(
        OrganizationUserObjectPermission.objects.filter(user=user).values_list(
            "permission__codename", "content_object_id"
        )
    )


def test_a_new_membership_grants_reading_the_committees_confidential_content(world):
    user = person_user(world.body, world.committee)
    assert _codenames(user) == {("view_confidential", world.committee.pk)}
    assert permissions.may_read_confidential(user, world.committee)
    assert not permissions.may_read_confidential(user, world.other_committee)


def test_ending_a_membership_revokes_at_once(world):
    user = person_user(world.body, world.committee)
    membership = Membership.objects.get(person__user=user)
    membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    assert _codenames(user) == set()
    assert not permissions.may_read_confidential(user, world.committee)


def test_deleting_a_membership_revokes(world):
    user = person_user(world.body, world.committee)
    Membership.objects.filter(person__user=user).delete()
    assert _codenames(user) == set()


def test_a_membership_ending_by_date_is_revoked_by_the_nightly_task(world):
    user = person_user(world.body, world.committee)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    # A bulk update sends no signal, as a date passing sends none.
    Membership.objects.filter(person__user=user).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert _codenames(user)  # still granted until the task runs
    assert sync_permissions.apply().get() == (0, 1)
    assert _codenames(user) == set()
    Membership.objects.filter(person__user=user).update(start_date=tomorrow, end_date=None)
    assert sync_permissions.apply().get() == (0, 0)


def test_moving_a_person_to_another_account_moves_the_permissions(world):
    user = person_user(world.body, world.committee)
    other = UserFactory()
    person = user.person
    person.user = other
    person.save()
    assert _codenames(user) == set()
    assert _codenames(other) == {("view_confidential", world.committee.pk)}


def test_clerk_assignment_grants_and_revokes_managing_that_committee_only(world):
    user = UserFactory()
    assignment = ClerkAssignment.objects.create(user=user, organization=world.committee)
    assert permissions.is_clerk_for(user, world.committee)
    assert not permissions.is_clerk_for(user, world.other_committee)
    assert permissions.may_read_confidential(user, world.committee)
    assignment.delete()
    assert not permissions.is_clerk_for(user, world.committee)


def test_a_hand_granted_object_permission_is_removed_by_the_sync(world):
    from tests.factories import grant

    user = UserFactory()
    grant(user, "manage_meetings", obj=world.committee)
    assert permissions.is_clerk_for(user, world.committee)
    assert sync_organization_permissions() == (0, 1)
    assert not permissions.is_clerk_for(user, world.committee)


def test_group_object_permissions_count_for_clerks(world):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    group = Group.objects.create(name="Sitzungsdienst Ausschuss I")
    user = UserFactory()
    user.groups.add(group)
    assign_perm("workflow.manage_meetings", group, world.committee)
    assert permissions.is_clerk_for(user, world.committee)
    assert list(permissions.clerk_organizations(user)) == [world.committee]
