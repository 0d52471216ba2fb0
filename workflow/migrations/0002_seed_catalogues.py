"""The usual Vorlage-Arten and Beschlussarten, offered to every body (body empty).
A body adds its own in the admin."""

from django.db import migrations

PAPER_TYPES = [
    "Beschlussvorlage",
    "Mitteilungsvorlage",
    "Standardvorlage",
    "Antrag",
    "Anfrage",
]

RESOLUTION_KINDS = [
    ("ungeändert beschlossen", "decision"),
    ("geändert beschlossen", "decision"),
    ("abgelehnt", "decision"),
    ("zur Kenntnis genommen", "noted"),
    ("vertagt", "deferral"),
    ("verwiesen", "referral"),
    ("zurückgezogen", "withdrawal"),
]


def seed(apps, schema_editor):
    PaperType = apps.get_model("workflow", "PaperType")
    ResolutionKind = apps.get_model("workflow", "ResolutionKind")
    for position, name in enumerate(PAPER_TYPES, start=1):
        PaperType.objects.get_or_create(body=None, name=name, defaults={"position": position})
    for position, (name, effect) in enumerate(RESOLUTION_KINDS, start=1):
        ResolutionKind.objects.get_or_create(
            body=None, name=name, defaults={"position": position, "effect": effect}
        )


def unseed(apps, schema_editor):
    apps.get_model("workflow", "PaperType").objects.filter(
        body=None, name__in=PAPER_TYPES
    ).delete()
    apps.get_model("workflow", "ResolutionKind").objects.filter(
        body=None, name__in=[name for name, _ in RESOLUTION_KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
