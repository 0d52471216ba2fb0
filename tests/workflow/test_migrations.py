"""Migrations that move data are run both ways on a database with rows in it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("workflow", "0011_meeting_actual_times")
AFTER = ("workflow", "0012_history_entry")


def _apps_at(target):
    return MigrationExecutor(connection).loader.project_state(target).apps


def _migrate(target) -> None:
    call_command("migrate", *target, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_history_entry_rename_keeps_every_row_and_the_groups_permissions():
    _migrate(BEFORE)
    try:
        apps = _apps_at(BEFORE)
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        Group = apps.get_model("auth", "Group")
        Log = apps.get_model("workflow", "TransitionLog")
        paper_type = ContentType.objects.get_or_create(app_label="workflow", model="paper")[0]
        Log.objects.create(
            content_type=paper_type, object_id=7, transition="submit", target_state="submitted"
        )
        readers = Group.objects.create(name="Verlauf lesen")
        readers.permissions.add(
            Permission.objects.get(
                content_type__app_label="workflow", codename="view_transitionlog"
            )
        )

        _migrate(AFTER)
        apps = _apps_at(AFTER)
        entry = apps.get_model("workflow", "HistoryEntry").objects.get()
        assert (entry.object_id, entry.action, entry.target_state) == (7, "submit", "submitted")
        group = apps.get_model("auth", "Group").objects.get(name="Verlauf lesen")
        assert list(group.permissions.values_list("codename", flat=True)) == ["view_historyentry"]

        _migrate(BEFORE)
        apps = _apps_at(BEFORE)
        entry = apps.get_model("workflow", "TransitionLog").objects.get()
        assert (entry.object_id, entry.transition) == (7, "submit")
        group = apps.get_model("auth", "Group").objects.get(name="Verlauf lesen")
        assert list(group.permissions.values_list("codename", flat=True)) == ["view_transitionlog"]
    finally:
        _migrate(AFTER)
