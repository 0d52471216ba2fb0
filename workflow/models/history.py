from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.models.base import transition_label


class HistoryEntry(models.Model):
    """Verlauf: one row per thing that happened to a paper or meeting through the services:
    a state change (``action`` is the transition's name) or another event (``action`` is one of
    the constants below)."""

    # Actions that are not transitions of the state machines (written by the services).
    CREATED = "create"
    EDITED = "edit"
    NOTE = "note"
    AMENDED_AGENDA = "amend_agenda"  # the non-public part
    AMENDED_PUBLIC_AGENDA = "amend_public_agenda"
    FILES = "files"
    MOVED = "move"
    CO_SIGN_REQUESTED = "co_sign_request"
    CO_SIGNED = "co_sign"
    CO_SIGN_DECLINED = "co_sign_decline"
    ACCEPTED = "accept_invitation"
    DECLINED = "decline_invitation"
    DEPUTY_ASKED = "ask_deputy"
    STATEMENT_REQUESTED = "request_statement"
    STATEMENT_GIVEN = "give_statement"
    OPENED = "open_meeting"
    ATTENDANCE = "attendance"
    BIAS = "bias"
    AGENDA_DECISION = "decide_agenda"
    AMENDMENTS = (AMENDED_AGENDA, AMENDED_PUBLIC_AGENDA)
    OTHER_LABELS = {
        CREATED: _("angelegt"),
        EDITED: _("bearbeitet"),
        NOTE: _("Notiz"),
        AMENDED_AGENDA: _("Tagesordnung geändert"),
        AMENDED_PUBLIC_AGENDA: _("Tagesordnung geändert (öffentlicher Teil)"),
        FILES: _("Dateien"),
        MOVED: _("Sitzung verlegt"),
        CO_SIGN_REQUESTED: _("um Mitzeichnung gebeten"),
        CO_SIGNED: _("mitgezeichnet"),
        CO_SIGN_DECLINED: _("Mitzeichnung abgelehnt"),
        ACCEPTED: _("Zusage"),
        DECLINED: _("Absage"),
        DEPUTY_ASKED: _("Vertretung erbeten"),
        STATEMENT_REQUESTED: _("Stellungnahme angefordert"),
        STATEMENT_GIVEN: _("Stellungnahme abgegeben"),
        OPENED: _("Sitzung eröffnet"),
        ATTENDANCE: _("Anwesenheit erfasst"),
        BIAS: _("Befangenheit"),
        AGENDA_DECISION: _("Beschluss zur Tagesordnung"),
    }

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("Vorgang"), max_length=64)
    source_state = models.CharField(_("von"), max_length=32, blank=True)
    target_state = models.CharField(_("nach"), max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("am"), default=timezone.now)
    comment = models.TextField(_("Bemerkung"), blank=True)
    # An entry about a non-public TOP or file (its title, the clerk's reason, its result):
    # read in full only by those who read that committee's non-public part
    # (``selectors.history``); everyone else sees that something changed, not what.
    confidential_organization = models.ForeignKey(
        "workflow.Organization",
        verbose_name=_("nichtöffentlich für"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The TOP the entry is about (put on, taken off, decided, amended): what its mails name.
    agenda_item = models.ForeignKey(
        "workflow.AgendaItem",
        verbose_name=_("TOP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Verlaufseintrag")
        verbose_name_plural = _("Verlauf")
        ordering = ["content_type", "object_id", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}: {self.source_state} → {self.target_state}"

    REDACTED_COMMENT = _("nichtöffentlicher TOP geändert")

    @property
    def label(self) -> str:
        """What happened, in words (needs ``content_type``; select it with the rows)."""
        if self.action in self.OTHER_LABELS:
            return str(self.OTHER_LABELS[self.action])
        return transition_label(self.content_type.model_class(), self.action)

    @property
    def target_label(self) -> str:
        states = getattr(self.content_type.model_class(), "State", None)
        try:
            return str(states(self.target_state).label) if states else self.target_state
        except ValueError:
            return self.target_state
