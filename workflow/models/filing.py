"""Anträge and Anfragen of members and Fraktionen before the Sitzungsdienst registers them.

A ``Filing`` is drafted in the workspace by a member, alone or for a Fraktion of theirs, with
co-signers (``CoSignature``). Until it is registered it belongs to its authors: only they, the
co-signers who have not declined, the Fraktion (for a group motion) and, once filed, the
Sitzungsdienst read it. Registering turns it into a ``Paper`` of Vorlage-Art Antrag or Anfrage
with the authors as originators; from then on the paper's rules apply.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflow.models.base import TimeStampedModel, refusal
from workflow.models.body import Body, Organization, Person
from workflow.models.paper import Paper

if TYPE_CHECKING:
    from workflow.models.meeting import Meeting


class Filing(ConcurrentTransitionMixin, TimeStampedModel):
    """Antrag or Anfrage of a member or a Fraktion, from the draft to its registration."""

    class Kind(models.TextChoices):
        MOTION = "motion", _("Antrag")
        AMENDMENT = "amendment", _("Änderungsantrag")
        QUESTION = "question", _("Anfrage")

    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        FILED = "filed", _("eingereicht")
        REGISTERED = "registered", _("registriert")
        ANSWERED = "answered", _("beantwortet")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    # The Vorlage-Art the registered paper gets (catalogue entries of the same name).
    # An Änderungsantrag is an Antrag whose paper is subordinate to the paper it amends.
    PAPER_TYPE_NAMES = {Kind.MOTION: "Antrag", Kind.AMENDMENT: "Antrag", Kind.QUESTION: "Anfrage"}

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="filings"
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.MOTION)
    name = models.CharField(_("Betreff"), max_length=500)
    text = models.TextField(_("Antragstext"))
    reasoning = models.TextField(_("Begründung"), blank=True)
    author = models.ForeignKey(
        Person, verbose_name=_("verfasst von"), on_delete=models.PROTECT, related_name="filings"
    )
    group = models.ForeignKey(
        Organization,
        verbose_name=_("für die Fraktion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_filings",
        limit_choices_to={"organization_type": Organization.Type.PARLIAMENTARY_GROUP},
    )
    amends = models.ForeignKey(
        Paper,
        verbose_name=_("ändert die Vorlage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment_filings",
        help_text=_("bei einem Änderungsantrag: die Vorlage auf der Tagesordnung, die er ändert"),
    )
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("zur Beratung in"),
        on_delete=models.PROTECT,
        related_name="requested_filings",
        limit_choices_to={"organization_type": Organization.Type.COMMITTEE},
    )
    public = models.BooleanField(
        _("öffentlich"),
        default=True,
        help_text=_(
            "eine nichtöffentliche Anfrage und ihre Antwort lesen nur die Fragenden, das "
            "antwortende Amt, der Sitzungsdienst und, steht sie auf einem nichtöffentlichen "
            "TOP, das Gremium"
        ),
    )
    urgent = models.BooleanField(_("Dringlichkeitsantrag"), default=False)
    urgency_reason = models.TextField(_("Begründung der Dringlichkeit"), blank=True)
    state = FSMField(
        _("Status"), default=State.DRAFT, choices=State.choices, protected=True, max_length=16
    )
    filed_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True, editable=False)
    paper = models.OneToOneField(
        Paper,
        verbose_name=_("Vorlage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="filing",
    )
    # An Anfrage: the department that answers, by when, and its Antwort.
    answering_organization = models.ForeignKey(
        Organization,
        verbose_name=_("antwortendes Amt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="questions_to_answer",
    )
    answer_due = models.DateField(_("Antwort fällig am"), null=True, blank=True, editable=False)
    answer = models.TextField(_("Antwort"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    class Meta:
        verbose_name = _("Antrag oder Anfrage (Mandat)")
        verbose_name_plural = _("Anträge und Anfragen (Mandat)")
        ordering = ["-modified", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgent=False) | ~Q(urgency_reason=""),
                name="filing_urgency_has_reason",
                violation_error_message=_("Ein Dringlichkeitsantrag braucht eine Begründung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} „{self.name}“"

    # -- facts the conditions read -------------------------------------------------

    @refusal(_("Betreff und Antragstext dürfen nicht leer sein."))
    def has_content(self) -> bool:
        return bool(self.name.strip() and self.text.strip())

    def deadline_for(self, meeting: Meeting) -> datetime.datetime:
        """The Antragsfrist for ``meeting``: its start less the body's days."""
        return meeting.start - datetime.timedelta(days=self.body.motion_deadline_days)

    def in_time_for(self, meeting: Meeting) -> bool:
        """Filed before the Antragsfrist of ``meeting``, or a Dringlichkeitsantrag."""
        return self.urgent or (
            self.filed_at is not None and self.filed_at <= self.deadline_for(meeting)
        )

    # -- transitions: call them only through workflow.services ------------------------

    @transition(
        state,
        source=State.DRAFT,
        target=State.FILED,
        conditions=[has_content],
        custom={"offered": True, "label": _("Beim Sitzungsdienst einreichen")},
    )
    def file(self) -> None:
        pass

    @transition(
        state,
        source=State.FILED,
        target=State.DRAFT,
        custom={"offered": True, "label": _("Zurückgeben"), "comment_required": True},
    )
    def return_to_authors(self) -> None:
        pass

    @transition(
        state,
        source=State.FILED,
        target=State.REGISTERED,
        custom={"label": _("Registrieren")},
    )
    def register(self) -> None:
        pass

    @refusal(_("Nur eine Anfrage wird beantwortet."))
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @refusal(_("Die Antwort ist leer."))
    def has_answer(self) -> bool:
        return bool(self.answer.strip())

    @transition(
        state,
        source=State.REGISTERED,
        target=State.ANSWERED,
        conditions=[is_question, has_answer],
        custom={"label": _("Antwort geben")},
    )
    def give_answer(self) -> None:
        pass

    @transition(
        state,
        source=[State.DRAFT, State.FILED],
        target=State.WITHDRAWN,
        custom={"offered": True, "label": _("Zurückziehen")},
    )
    def withdraw(self) -> None:
        pass


class CoSignature(TimeStampedModel):
    """Mitzeichnung: a member asked to sign a filing, and their answer."""

    class Answer(models.TextChoices):
        INVITED = "invited", _("angefragt")
        CONFIRMED = "confirmed", _("mitgezeichnet")
        DECLINED = "declined", _("abgelehnt")

    filing = models.ForeignKey(
        Filing, verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="co_signatures"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="co_signatures"
    )
    answer = models.CharField(
        _("Antwort"), max_length=16, choices=Answer.choices, default=Answer.INVITED
    )
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitzeichnung")
        verbose_name_plural = _("Mitzeichnungen")
        ordering = ["filing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "person"],
                name="co_signature_once_per_person",
                violation_error_message=_("Diese Person wurde schon um Mitzeichnung gebeten."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_answer_display()}"
