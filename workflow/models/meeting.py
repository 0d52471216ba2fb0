"""Sitzung and its Tagesordnung."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflow import clock
from workflow.models.base import TimeStampedModel, refusal
from workflow.models.body import Body, Location, Organization, ResolutionKind
from workflow.models.paper import Consultation, Paper


class Meeting(ConcurrentTransitionMixin, TimeStampedModel):
    """Sitzung (OParl Meeting) of one Gremium."""

    _state_before: str  # set before each save (workflow.publication)

    class State(models.TextChoices):
        PLANNED = "planned", _("geplant")
        AGENDA_SUBMITTED = "agenda_submitted", _("Tagesordnung zur Freigabe")
        AGENDA_APPROVED = "agenda_approved", _("Tagesordnung freigegeben")
        INVITED = "invited", _("eingeladen")
        HELD = "held", _("durchgeführt")
        MINUTES_APPROVED = "minutes_approved", _("Niederschrift genehmigt")
        CANCELLED = "cancelled", _("abgesagt")

    AGENDA_OPEN_STATES = (State.PLANNED, State.AGENDA_SUBMITTED)
    AGENDA_AMENDABLE_STATES = (State.AGENDA_APPROVED, State.INVITED)
    RESULT_STATES = (State.INVITED, State.HELD)
    NOT_YET_HELD_STATES = (
        State.PLANNED,
        State.AGENDA_SUBMITTED,
        State.AGENDA_APPROVED,
        State.INVITED,
    )

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="meetings"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Gremium"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    reference = models.CharField(_("Sitzungsnummer"), max_length=32, editable=False)
    name = models.CharField(_("Anlass"), max_length=300, default=_("Ordentliche Sitzung"))
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    actual_start = models.DateTimeField(
        _("tatsächlicher Beginn"), null=True, blank=True, editable=False
    )
    actual_end = models.DateTimeField(
        _("tatsächliches Ende"), null=True, blank=True, editable=False
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("Raum/Ort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    state = FSMField(
        _("Status"), default=State.PLANNED, choices=State.choices, protected=True, max_length=20
    )
    version = models.PositiveIntegerField(
        _("Version"),
        default=1,
        editable=False,
        help_text=_("zählt jede Änderung an Sitzung und Tagesordnung"),
    )
    attendance_version = models.PositiveIntegerField(
        _("Version der Anwesenheitsliste"), default=1, editable=False
    )

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"],
                name="meeting_reference_per_body",
                violation_error_message=_("Diese Sitzungsnummer ist schon vergeben."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="meeting_ends_after_start",
                violation_error_message=_("Eine Sitzung kann nicht vor ihrem Beginn enden."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_end__gt=Coalesce("actual_start", "start")),
                name="meeting_actually_ends_after_start",
                violation_error_message=_(
                    "Das tatsächliche Ende muss nach dem Beginn der Sitzung liegen."
                ),
            ),
        ]
        indexes = [models.Index(fields=["organization", "start"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    # A meeting without a planned end counts as this long (overlaps of one committee).
    ASSUMED_DURATION = datetime.timedelta(hours=3)

    @property
    def agenda_editable(self) -> bool:
        """TOPs can still be added, removed or moved (after approval: as an amendment)."""
        return self.state in (*self.AGENDA_OPEN_STATES, *self.AGENDA_AMENDABLE_STATES)

    @property
    def results_recordable(self) -> bool:
        """Results and actual times can be recorded (from the invitations until the minutes'
        approval)."""
        return self.state in self.RESULT_STATES

    @property
    def reschedulable(self) -> bool:
        """The meeting can still be moved (before it is held)."""
        return self.state in self.NOT_YET_HELD_STATES

    @property
    def cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def held_start(self) -> datetime.datetime:
        """The start to print: the actual one once recorded, else the planned."""
        return self.actual_start or self.start

    @property
    def held_end(self) -> datetime.datetime | None:
        """The end to print: the actual one once recorded, else the planned (if any)."""
        return self.actual_end or self.end

    @property
    def assumed_end(self) -> datetime.datetime:
        """The planned end, or ``ASSUMED_DURATION`` after the start."""
        return self.end or self.start + self.ASSUMED_DURATION

    @refusal(_("Die Tagesordnung ist leer."))
    def has_agenda_items(self) -> bool:
        return self.agenda_items.exists()

    def _missing_result_numbers(self) -> list[str]:
        """The numbers of the TOPs whose scheduled paper still lacks a result (one query);
        kept for the refusal message of the condition that asked."""
        rows = (
            self.agenda_items.filter(
                consultation__isnull=False,
                result__isnull=True,
                consultation__paper__state=Paper.State.SCHEDULED,
            )
            .order_by("-public", "position")
            .values_list("public", "position")
        )
        self._missing_numbers = [
            f"{'Ö' if public else 'N'} {position}" for public, position in rows
        ]
        return self._missing_numbers

    def _missing_results(self) -> str:
        numbers = getattr(self, "_missing_numbers", None) or self._missing_result_numbers()
        return gettext("Nicht jeder TOP mit Vorlage hat ein Beratungsergebnis: %(numbers)s.") % {
            "numbers": ", ".join(numbers)
        }

    @refusal(_("Nicht jeder TOP mit Vorlage hat ein Beratungsergebnis."), _missing_results)
    def every_paper_item_has_result(self) -> bool:
        return not self._missing_result_numbers()

    def _not_yet_begun(self) -> str:
        return gettext("Die Sitzung beginnt erst am %(start)s.") % {
            "start": f"{timezone.localtime(self.start):%d.%m.%Y %H:%M}"
        }

    @refusal(_("Die Sitzung hat noch nicht begonnen."), _not_yet_begun)
    def has_begun(self) -> bool:
        return self.start <= clock.now()

    def _decided_numbers(self) -> list[str]:
        rows = (
            self.agenda_items.filter(result__isnull=False)
            .order_by("-public", "position")
            .values_list("public", "position")
        )
        return [f"{'Ö' if public else 'N'} {position}" for public, position in rows]

    def _results_recorded(self) -> str:
        return gettext(
            "Für %(numbers)s ist bereits ein Ergebnis erfasst; eine begonnene Sitzung wird "
            "abgeschlossen, nicht abgesagt."
        ) % {"numbers": ", ".join(self._decided_numbers())}

    @refusal(_("Für diese Sitzung sind bereits Ergebnisse erfasst."), _results_recorded)
    def has_no_results(self) -> bool:
        return not self.agenda_items.filter(result__isnull=False).exists()

    # -- transitions: call them only through workflow.services ------------------------

    @transition(
        state,
        source=State.PLANNED,
        target=State.AGENDA_SUBMITTED,
        conditions=[has_agenda_items],
        custom={"offered": True, "label": _("Tagesordnung zur Freigabe vorlegen")},
    )
    def submit_agenda(self) -> None:
        pass

    @transition(
        state,
        source=State.AGENDA_SUBMITTED,
        target=State.PLANNED,
        custom={"offered": True, "label": _("Tagesordnung zurückgeben"), "comment_required": True},
    )
    def return_agenda(self) -> None:
        pass

    @transition(
        state,
        source=State.AGENDA_SUBMITTED,
        target=State.AGENDA_APPROVED,
        custom={"offered": True, "label": _("Tagesordnung freigeben")},
    )
    def approve_agenda(self) -> None:
        pass

    @transition(
        state,
        source=State.AGENDA_APPROVED,
        target=State.INVITED,
        custom={"offered": True, "label": _("Einladungen versenden")},
    )
    def send_invitations(self) -> None:
        pass

    @transition(
        state,
        source=State.INVITED,
        target=State.HELD,
        conditions=[has_begun, every_paper_item_has_result],
        custom={"offered": True, "label": _("Sitzung abschließen")},
    )
    def close(self) -> None:
        pass

    @transition(
        state,
        source=State.HELD,
        target=State.MINUTES_APPROVED,
        custom={"offered": True, "label": _("Niederschrift genehmigen")},
    )
    def approve_minutes(self) -> None:
        pass

    @transition(
        state,
        source=list(NOT_YET_HELD_STATES),
        target=State.CANCELLED,
        conditions=[has_no_results],
        custom={"offered": True, "label": _("Sitzung absagen"), "comment_required": True},
    )
    def cancel(self) -> None:
        pass


# The agenda is published with the invitations: from then on its public part is public.
PUBLISHED_AGENDA_STATES = (
    Meeting.State.INVITED,
    Meeting.State.HELD,
    Meeting.State.MINUTES_APPROVED,
)


def is_published(state: str | None) -> bool:
    """Whether a meeting in ``state`` has its agenda published (invitations sent)."""
    return state in PUBLISHED_AGENDA_STATES


# The results of its public TOPs are public once the meeting is closed, or while it is held
# if its body publishes them at once (``Body.publish_results_at_once``).
RESULTS_PUBLISHED_STATES = (Meeting.State.HELD, Meeting.State.MINUTES_APPROVED)


def results_published(state: str | None, *, at_once: bool) -> bool:
    """Whether the results of a meeting in ``state`` are public (its public TOPs')."""
    return state in RESULTS_PUBLISHED_STATES or (at_once and is_published(state))


class AgendaItem(TimeStampedModel):
    """TOP (OParl AgendaItem). Its number (``Ö 5``, ``N 2``) follows from ``public`` and
    ``position``, the place within the public or the non-public part."""

    _papers_before: list[int]  # set before each save (workflow.publication)

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    public = models.BooleanField(_("öffentlich"), default=True)
    position = models.PositiveSmallIntegerField(_("Position im Teil"))
    name = models.CharField(_("Titel"), max_length=1000)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("Beratung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    result = models.ForeignKey(
        ResolutionKind,
        verbose_name=_("Beschlussart"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_text = models.TextField(_("Beschluss"), blank=True)
    minutes_text = models.TextField(_("Protokolltext"), blank=True)
    votes_yes = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    start = models.DateTimeField(_("Beginn"), null=True, blank=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    removed = models.BooleanField(
        _("abgesetzt"), default=False, help_text=_("von der Sitzung abgesetzt")
    )
    quorum_exception = models.CharField(
        _("Beschlussfähigkeit kraft Regel"),
        max_length=500,
        blank=True,
        help_text=_(
            "die Regel, nach der trotz fehlender Beschlussfähigkeit entschieden wurde, "
            "z. B. „Wiederholungssitzung: beschlussfähig ohne Rücksicht auf die Zahl der "
            "Anwesenden“"
        ),
    )
    version = models.PositiveIntegerField(
        _("Version"), default=1, editable=False, help_text=_("zählt jede Änderung am Ergebnis")
    )

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["meeting", "-public", "position"]
        indexes = [models.Index(fields=["meeting", "public", "position"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def paper_withdrawn(self) -> bool:
        """The paper on this TOP was withdrawn before the TOP was decided (load the paper
        with the TOP)."""
        if self.result_id is not None:
            return False
        consultation = self.consultation  # None, without a query, when there is no paper
        if consultation is None:
            return False
        paper = consultation.paper
        return paper.state == paper.State.WITHDRAWN

    @property
    def number(self) -> str:
        return f"{'Ö' if self.public else 'N'} {self.position}"

    @property
    def is_recommendation(self) -> bool:
        """A Vorberatung's result is a Beschlussempfehlung, never the decision itself."""
        consultation = self.consultation  # None, without a query, when there is no paper
        return consultation is not None and not consultation.authoritative

    @property
    def resolution_heading(self) -> str:
        return str(_("Beschlussempfehlung") if self.is_recommendation else _("Beschluss"))
