import re

import django.db.models.deletion
from django.db import migrations, models

RESULT_COMMENT = re.compile(r"^(?P<meeting>\S+) N \d+: ")


def mark_existing_entries(apps, schema_editor):
    """Entries written before the field existed: amendments of a non-public part, results of
    non-public TOPs on their papers, and the reasons a paper was put on or taken off a
    non-public TOP."""
    TransitionLog = apps.get_model("workflow", "TransitionLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Meeting = apps.get_model("workflow", "Meeting")
    AgendaItem = apps.get_model("workflow", "AgendaItem")
    meeting_type = ContentType.objects.filter(app_label="workflow", model="meeting").first()
    paper_type = ContentType.objects.filter(app_label="workflow", model="paper").first()
    if meeting_type is None or paper_type is None:
        return
    for entry in TransitionLog.objects.filter(content_type=meeting_type, transition="amend_agenda"):
        organization = (
            Meeting.objects.filter(pk=entry.object_id).values_list("organization", flat=True).first()
        )
        TransitionLog.objects.filter(pk=entry.pk).update(confidential_organization_id=organization)
    committees = dict(Meeting.objects.values_list("reference", "organization"))
    for entry in TransitionLog.objects.filter(content_type=paper_type).exclude(comment=""):
        match = RESULT_COMMENT.match(entry.comment)
        organization = committees.get(match["meeting"]) if match else None
        if organization is None and entry.transition in ("schedule", "unschedule"):
            organization = (
                AgendaItem.objects.filter(public=False, consultation__paper=entry.object_id)
                .values_list("meeting__organization", flat=True)
                .first()
            )
        if organization is not None:
            TransitionLog.objects.filter(pk=entry.pk).update(
                confidential_organization=organization
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0008_publication_since"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="transitionlog",
            name="confidential_organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="workflow.organization",
                verbose_name="nichtöffentlich für",
            ),
        ),
        migrations.RunPython(mark_existing_entries, migrations.RunPython.noop),
    ]
