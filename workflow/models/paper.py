"""Vorlage and its Beratungsfolge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflow.models.base import TimeStampedModel, refusal
from workflow.models.body import Body, Organization, PaperType, Person, ResolutionKind

if TYPE_CHECKING:
    pass


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def concluded(self) -> ConsultationQuerySet:
        """Consultations with a TOP whose Beschlussart ends them (decision or Kenntnisnahme)."""
        return self.filter(Exists(self._concluding_items()))

    def open(self) -> ConsultationQuerySet:
        return self.exclude(Exists(self._concluding_items()))

    def _concluding_items(self) -> models.QuerySet:
        # The TOPs, by the reverse relation: meeting.py defines them and imports this module.
        agenda_items: Any = self.model._meta.get_field("agenda_items").related_model
        return agenda_items.objects.filter(
            consultation=OuterRef("pk"), result__effect__in=ResolutionKind.CONCLUDING
        )


class Paper(ConcurrentTransitionMixin, TimeStampedModel):
    """Vorlage (OParl Paper): a motion, report or question moving through the committees."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("eingereicht")
        SCHEDULED = "scheduled", _("auf Tagesordnung")
        DISCUSSED = "discussed", _("beraten")
        RESOLVED = "resolved", _("erledigt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    FINAL_STATES = (State.RESOLVED, State.WITHDRAWN)

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.PROTECT, related_name="papers"
    )
    reference = models.CharField(_("Vorlagennummer"), max_length=32, editable=False)
    name = models.CharField(_("Betreff"), max_length=500)
    paper_type = models.ForeignKey(
        PaperType, verbose_name=_("Vorlage-Art"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("Datum"))
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("federführend"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_papers",
    )
    officer = models.ForeignKey(
        Person,
        verbose_name=_("Bearbeiter/-in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_papers",
    )
    originator_persons = models.ManyToManyField(
        Person, verbose_name=_("Antragsteller/-innen"), blank=True, related_name="originated_papers"
    )
    originator_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("antragstellende Gremien/Fraktionen"),
        blank=True,
        related_name="originated_papers",
    )
    related_papers = models.ManyToManyField(
        "self", verbose_name=_("verwandte Vorlagen"), blank=True, symmetrical=True
    )
    superordinate_papers = models.ManyToManyField(
        "self",
        verbose_name=_("übergeordnete Vorlagen"),
        blank=True,
        symmetrical=False,
        related_name="subordinate_papers",
        help_text=_("z. B. die Vorlage, zu der dies ein Änderungsantrag ist"),
    )
    co_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("mitzeichnende Ämter"),
        blank=True,
        related_name="co_signed_papers",
        help_text=_("Mitzeichnung: Ämter, die die Vorlage mitverantworten und freigeben"),
    )
    statement = models.TextField(_("Sachverhalt"), blank=True)
    resolution_proposal = models.TextField(_("Beschlussvorschlag"), blank=True)
    state = FSMField(
        _("Status"), default=State.DRAFT, choices=State.choices, protected=True, max_length=16
    )
    version = models.PositiveIntegerField(
        _("Version"),
        default=1,
        editable=False,
        help_text=_("zählt jede Änderung; ein Formular mit älterer Version wird abgewiesen"),
    )

    class Meta:
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        ordering = ["-date", "-reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"],
                name="paper_reference_per_body",
                violation_error_message=_("Diese Vorlagennummer ist schon vergeben."),
            )
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    # -- facts the conditions read -------------------------------------------------

    def current_consultation(self) -> Consultation | None:
        """The first consultation of the Beratungsfolge that has not been concluded."""
        return self.consultations.open().order_by("position").first()

    @refusal(_("Die Vorlage hat kein federführendes Amt."))
    def has_lead_organization(self) -> bool:
        """An Antrag or Anfrage of members or a Fraktion needs none: its originators stand
        for it."""
        return (
            self.lead_organization_id is not None
            or self.originator_persons.exists()
            or self.originator_organizations.exists()
        )

    @refusal(_("Die Vorlage hat keine Beratungsfolge."))
    def has_consultations(self) -> bool:
        return self.consultations.exists()

    @refusal(
        _(
            "Genau eine Beratung der Beratungsfolge muss entscheiden, und zwar die letzte. "
            "Entfernen Sie dazu die letzte Beratung und ergänzen Sie sie wieder mit dem Häkchen "
            "„entscheidet“."
        )
    )
    def decision_closes_consultations(self) -> bool:
        consultations = list(self.consultations.order_by("position"))
        authoritative = [c for c in consultations if c.authoritative]
        return len(authoritative) == 1 and consultations[-1].authoritative

    @refusal(_("Die Freigabe durch die Amtsleitung (und Mitzeichnung) fehlt noch."))
    def is_signed_off(self) -> bool:
        return not self.sign_offs.pending().exists()

    @refusal(_("Es steht keine Freigabe aus."))
    def awaits_sign_off(self) -> bool:
        return self.sign_offs.pending().exists()

    @refusal(_("Die Beratungsfolge dieser Vorlage ist abgeschlossen."))
    def has_open_consultation(self) -> bool:
        return self.consultations.open().exists()

    @refusal(_("Die entscheidende Beratung hat noch kein abschließendes Ergebnis."))
    def authoritative_consultation_concluded(self) -> bool:
        return self.consultations.concluded().filter(authoritative=True).exists()

    # -- transitions: call them only through workflow.services ------------------------

    @transition(
        state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[has_lead_organization, has_consultations, decision_closes_consultations],
        custom={"offered": True, "label": _("Einreichen")},
    )
    def submit(self) -> None:
        pass

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.SUBMITTED,
        conditions=[awaits_sign_off],
        custom={"offered": True, "label": _("Freigeben")},
    )
    def sign_off(self) -> None:
        """Freigabe or Mitzeichnung by a department head; the paper stays submitted."""

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.DRAFT,
        conditions=[awaits_sign_off],
        custom={"offered": True, "label": _("Freigabe verweigern"), "comment_required": True},
    )
    def refuse_sign_off(self) -> None:
        pass

    @transition(
        state,
        source=State.SUBMITTED,
        target=State.SCHEDULED,
        conditions=[has_open_consultation, is_signed_off],
        custom={"label": _("Auf Tagesordnung setzen")},
    )
    def schedule(self) -> None:
        pass

    @transition(
        state,
        source=State.SCHEDULED,
        target=State.SUBMITTED,
        custom={"label": _("Von Tagesordnung nehmen")},
    )
    def unschedule(self) -> None:
        pass

    @transition(
        state,
        source=State.SCHEDULED,
        target=State.DISCUSSED,
        custom={"label": _("Beratungsergebnis erfassen")},
    )
    def discuss(self) -> None:
        pass

    @transition(
        state,
        source=State.DISCUSSED,
        target=State.RESOLVED,
        conditions=[authoritative_consultation_concluded],
        custom={"label": _("Als erledigt abschließen")},
    )
    def resolve(self) -> None:
        pass

    @transition(
        state,
        source=State.DISCUSSED,
        target=State.SUBMITTED,
        conditions=[has_open_consultation],
        custom={"label": _("Zur weiteren Beratung")},
    )
    def requeue(self) -> None:
        pass

    @transition(
        state,
        source=[State.DRAFT, State.SUBMITTED, State.SCHEDULED, State.DISCUSSED],
        target=State.WITHDRAWN,
        custom={"offered": True, "label": _("Zurückziehen")},
    )
    def withdraw(self) -> None:
        pass


class Consultation(TimeStampedModel):
    """Beratung (OParl Consultation): one step of a paper's Beratungsfolge."""

    _paper_before: int | None  # set before each save (workflow.publication)

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("Vorberatung")
        DECISION = "decision", _("Entscheidung")
        INFORMATION = "information", _("Kenntnisnahme")

    paper = models.ForeignKey(
        Paper, verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="consultations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Gremium"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices)
    authoritative = models.BooleanField(
        _("entscheidend"),
        default=False,
        help_text=_("Das Ergebnis dieser Beratung ist der Beschluss, nicht eine Empfehlung."),
    )
    position = models.PositiveSmallIntegerField(_("Position in der Beratungsfolge"))

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungsfolge")
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"],
                name="consultation_position",
                violation_error_message=_(
                    "An dieser Position der Beratungsfolge steht schon eine Beratung."
                ),
            ),
            models.UniqueConstraint(
                fields=["paper"],
                condition=Q(authoritative=True),
                name="one_authoritative_consultation",
                violation_error_message=_("Die Vorlage hat schon eine entscheidende Beratung."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_role_display()}: {self.organization}"


class SignOffQuerySet(models.QuerySet["SignOff"]):
    def pending(self) -> SignOffQuerySet:
        """Requested, not yet given."""
        return self.filter(given_at__isnull=True)


class SignOff(models.Model):
    """Freigabe (by the head of the federführend department) or Mitzeichnung (by the head of
    a co-responsible one). Requested when the paper is submitted, as the body's
    ``SignOffRule`` for its Vorlage-Art says; given or refused through the services."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Freigabe")
        CO = "co", _("Mitzeichnung")

    paper = models.ForeignKey(
        Paper, verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="sign_offs"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("Amt"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("Art"), max_length=8, choices=Kind.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erteilt von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField(_("erteilt am"), null=True, blank=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("Freigabe")
        verbose_name_plural = _("Freigaben")
        ordering = ["paper", "kind", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "organization"], name="one_sign_off_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization}"

    @property
    def pending(self) -> bool:
        return self.given_at is None


class PaperPublication(models.Model):
    """Veröffentlichung: a paper the public may read, since when. Derived from the agendas
    (the paper is on a public TOP of a published agenda) and kept in step by
    ``workflow.publication``; never edited by hand. A row of its own, so that the public
    lists and the search find the published papers through an index, and so that no
    save of a stale ``Paper`` instance can undo it."""

    paper = models.OneToOneField(
        Paper,
        verbose_name=_("Vorlage"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="publication",
    )
    since = models.DateTimeField(_("veröffentlicht seit"))

    class Meta:
        verbose_name = _("Veröffentlichung")
        verbose_name_plural = _("Veröffentlichungen")
        # the search ranks the most recently published matches (portal/search.py)
        indexes = [models.Index(fields=["since", "paper"], name="publication_since")]

    def __str__(self) -> str:
        return f"{self.paper_id} seit {self.since:%Y-%m-%d}"


class StatementRequest(models.Model):
    """Stellungnahme: the Sitzungsdienst asks a department for its statement on a paper (an
    Antrag of members, typically) by a due date; the department gives it in the workspace.
    Read by whoever reads the paper."""

    paper = models.ForeignKey(
        Paper, verbose_name=_("Vorlage"), on_delete=models.CASCADE, related_name="statements"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Amt"),
        on_delete=models.PROTECT,
        related_name="statement_requests",
    )
    due = models.DateField(_("fällig am"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefordert durch"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("angefordert am"))
    text = models.TextField(_("Stellungnahme"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgegeben durch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField(_("abgegeben am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stellungnahme")
        verbose_name_plural = _("Stellungnahmen")
        ordering = ["paper", "due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "organization"],
                name="one_statement_per_department",
                violation_error_message=_("Dieses Amt wurde schon um Stellungnahme gebeten."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.paper}"
