"""The history model is named for what it holds: ``TransitionLog`` becomes ``HistoryEntry`` and
its ``transition`` column ``action`` (it also records edits, notes, files and moves). Every row
is kept; the permissions (``view_transitionlog`` → ``view_historyentry``) are renamed with it so
that groups keep what they were given. Reversible."""

from django.db import migrations

OLD, NEW = "transitionlog", "historyentry"


def _rename_permissions(apps, old: str, new: str) -> None:
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(
        content_type__app_label="workflow", codename__endswith=f"_{old}"
    ):
        action = permission.codename.removesuffix(f"_{old}")
        # A post_migrate run on the new name may already have made an empty twin: drop it.
        Permission.objects.filter(
            content_type=permission.content_type, codename=f"{action}_{new}"
        ).exclude(pk=permission.pk).delete()
        permission.codename = f"{action}_{new}"
        permission.save(update_fields=["codename"])


def forwards(apps, schema_editor):
    _rename_permissions(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _rename_permissions(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workflow", "0011_meeting_actual_times"),
    ]

    operations = [
        migrations.RenameModel("TransitionLog", "HistoryEntry"),
        migrations.RenameField("historyentry", "transition", "action"),
        migrations.RenameIndex(
            "historyentry",
            new_name="workflow_hi_content_2053ba_idx",
            old_name="workflow_tr_content_23fb24_idx",
        ),
        migrations.RunPython(forwards, backwards),
    ]
