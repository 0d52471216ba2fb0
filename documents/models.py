"""Dateien (OParl File): attachments of papers, meetings and TOPs, and the generated
Einladung and Niederschrift, each with every version it ever had.

A ``File`` is the document as OParl and the pages show it (a stable id and URL); its content is
its ``current`` ``FileVersion``. Versions are never changed or deleted: a new upload
supersedes the current one, and the old ones stay downloadable for those who may read the file.
Blobs are stored under their SHA-256 (``files/ab/cd/abcd…``), so no name on disk comes from a
user and equal content is stored once.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from workflow.models import AgendaItem, Body, Meeting, Paper
from workflow.models.base import TimeStampedModel


class File(TimeStampedModel):
    """Datei (OParl File) of exactly one paper, meeting or TOP."""

    class Role(models.TextChoices):
        MAIN = "main", _("Hauptdatei")
        AUXILIARY = "auxiliary", _("Anlage")
        INVITATION = "invitation", _("Einladung")
        RESULTS_PROTOCOL = "results_protocol", _("Niederschrift")
        VERBATIM_PROTOCOL = "verbatim_protocol", _("Wortprotokoll")
        RESOLUTION = "resolution", _("Beschluss")

    # Which roles each kind of owner has (OParl: Paper.mainFile/auxiliaryFile,
    # Meeting.invitation/resultsProtocol/verbatimProtocol/auxiliaryFile,
    # AgendaItem.resolutionFile/auxiliaryFile).
    ROLES_BY_OWNER = {
        "paper": (Role.MAIN, Role.AUXILIARY),
        "meeting": (
            Role.INVITATION,
            Role.RESULTS_PROTOCOL,
            Role.VERBATIM_PROTOCOL,
            Role.AUXILIARY,
        ),
        "agenda_item": (Role.RESOLUTION, Role.AUXILIARY),
    }

    # Made by ratsflow itself, never uploaded.
    GENERATED_ROLES = (Role.INVITATION, Role.RESULTS_PROTOCOL)

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="files"
    )
    paper = models.ForeignKey(
        Paper,
        verbose_name=_("Vorlage"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("Sitzung"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("TOP"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    role = models.CharField(_("Art"), max_length=20, choices=Role.choices)
    name = models.CharField(_("Titel"), max_length=300)
    confidential = models.BooleanField(
        _("nichtöffentlich"),
        default=False,
        help_text=_(
            "nur für Mitglieder und Sitzungsdienst des Gremiums, z. B. die Einladung mit dem "
            "nichtöffentlichen Teil"
        ),
    )
    generated = models.BooleanField(_("erzeugt"), default=False, editable=False)
    frozen = models.BooleanField(
        _("festgeschrieben"),
        default=False,
        editable=False,
        help_text=_("z. B. die genehmigte Niederschrift: keine weitere Fassung möglich"),
    )
    current = models.ForeignKey(
        "FileVersion",
        verbose_name=_("aktuelle Fassung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(paper__isnull=False, meeting__isnull=True, agenda_item__isnull=True)
                    | Q(paper__isnull=True, meeting__isnull=False, agenda_item__isnull=True)
                    | Q(paper__isnull=True, meeting__isnull=True, agenda_item__isnull=False)
                ),
                name="file_has_one_owner",
                violation_error_message=_(
                    "Eine Datei gehört zu genau einer Vorlage, Sitzung oder einem TOP."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "role", "confidential"],
                condition=Q(generated=True),
                name="one_generated_document_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def upload_choices(cls, *owner_fields: str) -> list[tuple[str, str | Promise]]:
        """The roles a user may upload for these kinds of owner, as form choices."""
        roles = {role for field in owner_fields for role in cls.ROLES_BY_OWNER[field]}
        return [
            (role.value, role.label)
            for role in cls.Role
            if role in roles and role not in cls.GENERATED_ROLES
        ]

    @property
    def owner(self) -> Paper | Meeting | AgendaItem:
        owner = self.paper or self.meeting or self.agenda_item
        return cast("Paper | Meeting | AgendaItem", owner)  # file_has_one_owner

    @property
    def owner_kind(self) -> str:
        if self.paper_id:
            return "paper"
        return "meeting" if self.meeting_id else "agenda_item"


class FileVersion(models.Model):
    """Fassung: one uploaded or generated content of a File. Never changed once stored."""

    file = models.ForeignKey(
        File, verbose_name=_("Datei"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("Fassung"))
    blob = models.FileField(_("Inhalt"), max_length=200)
    file_name = models.CharField(_("Dateiname"), max_length=200)
    mime_type = models.CharField(_("MIME-Typ"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    text = models.TextField(_("Textinhalt"), blank=True)
    text_extracted = models.BooleanField(_("Text ausgelesen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("am"), auto_now_add=True)
    comment = models.CharField(_("Bemerkung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        ordering = ["file", "number"]
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="one_version_number_per_file")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({_('Fassung')} {self.number})"
