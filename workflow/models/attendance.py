"""Zusage and Absage to a meeting's invitation, and the deputies asked to stand in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.models.body import Person
from workflow.models.meeting import Meeting


class InvitationReply(models.Model):
    """One invited person's answer to a meeting's invitation: Zusage or Absage (its reason
    read only by the person and the Sitzungsdienst), or a deputy asked to stand in for an
    absent member who has not answered yet."""

    class Answer(models.TextChoices):
        OPEN = "open", _("offen")
        ACCEPTED = "accepted", _("Zusage")
        DECLINED = "declined", _("Absage")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="replies"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="replies"
    )
    answer = models.CharField(
        _("Antwort"), max_length=16, choices=Answer.choices, default=Answer.OPEN
    )
    reason = models.TextField(_("Grund der Absage"), blank=True)
    stands_in_for = models.ForeignKey(
        Person,
        verbose_name=_("vertritt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stood_in_for",
    )
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwortet durch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Antwort auf eine Einladung")
        verbose_name_plural = _("Antworten auf Einladungen")
        ordering = ["meeting", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_reply_per_person_and_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_answer_display()}"
