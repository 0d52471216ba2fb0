"""What happens at a meeting: who attended, who was excluded for bias, how each member
voted by roll call, and what the meeting decided about its own agenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workflow.models.body import Body, Organization, Person
from workflow.models.meeting import AgendaItem, Meeting
from workflow.models.paper import Paper


class Attendance(models.Model):
    """Anwesenheit of one member, deputy or guest at a meeting, pre-filled from the
    Zusagen and Absagen and changed live. Late arrival and early departure are the first and
    last TOP attended (``from_item``/``until_item``), optionally with the time."""

    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        UNEXCUSED = "unexcused", _("unentschuldigt")

    class Role(models.TextChoices):
        MEMBER = "member", _("Mitglied")
        DEPUTY = "deputy", _("Stellvertretung")
        GUEST = "guest", _("Gast")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("Sitzung"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendance",
    )
    guest_name = models.CharField(
        _("Gast"), max_length=300, blank=True, help_text=_("Name eines Gastes ohne Personeneintrag")
    )
    affiliation = models.CharField(
        _("Funktion/Dienststelle"),
        max_length=300,
        blank=True,
        help_text=_("z. B. Verwaltung, RAZV"),
    )
    role = models.CharField(_("Teilnahme als"), max_length=16, choices=Role.choices)
    status = models.CharField(
        _("Anwesenheit"), max_length=16, choices=Status.choices, default=Status.PRESENT
    )
    voting = models.BooleanField(
        _("stimmberechtigt"),
        default=False,
        help_text=_("ein Mitglied mit Stimmrecht oder die Stellvertretung eines solchen"),
    )
    stands_in_for = models.ForeignKey(
        Person,
        verbose_name=_("vertritt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("anwesend ab TOP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    until_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("anwesend bis TOP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    arrived_at = models.TimeField(_("gekommen um"), null=True, blank=True)
    left_at = models.TimeField(_("gegangen um"), null=True, blank=True)
    note = models.CharField(
        _("Vermerk (intern)"),
        max_length=500,
        blank=True,
        help_text=_("z. B. der Grund der Entschuldigung; nur für den Sitzungsdienst"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="one_attendance_per_person_and_meeting",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""),
                name="attendance_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id is not None and self.person else self.guest_name

    @property
    def presence_note(self) -> str:
        """ "ab Ö 4, bis N 1, ab 16:40 Uhr": when someone came late or left early (load
        ``from_item`` and ``until_item`` with the row)."""
        parts = []
        if self.from_item_id is not None and self.from_item is not None:
            parts.append(gettext("ab %(number)s") % {"number": self.from_item.number})
        if self.arrived_at is not None:
            parts.append(gettext("ab %(time)s Uhr") % {"time": f"{self.arrived_at:%H:%M}"})
        if self.until_item_id is not None and self.until_item is not None:
            parts.append(gettext("bis %(number)s") % {"number": self.until_item.number})
        if self.left_at is not None:
            parts.append(gettext("bis %(time)s Uhr") % {"time": f"{self.left_at:%H:%M}"})
        return ", ".join(parts)

    @property
    def listed_name(self) -> str:
        """The name as the Niederschrift lists it, with function and representation."""
        name = self.display_name
        if self.stands_in_for_id is not None and self.stands_in_for is not None:
            name += " " + gettext("(für %(name)s)") % {"name": self.stands_in_for.name}
        if self.affiliation:
            name += f", {self.affiliation}"
        note = self.presence_note
        return f"{name} ({note})" if note else name


class BiasExclusion(models.Model):
    """Befangenheit: a member takes no part in the discussion and vote of one TOP and does
    not count for its quorum. The reason is internal."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("TOP"), on_delete=models.CASCADE, related_name="exclusions"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("Grund (intern)"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("erklärt am"), auto_now_add=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst durch"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Befangenheit")
        verbose_name_plural = _("Befangenheiten")
        ordering = ["agenda_item", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"], name="one_exclusion_per_person_and_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item}: {self.person}"


class Vote(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nein")
    ABSTAIN = "abstain", _("Enthaltung")


class RollCallVote(models.Model):
    """One member's vote in a namentliche Abstimmung on a TOP."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("TOP"), on_delete=models.CASCADE, related_name="roll_call"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="+"
    )
    vote = models.CharField(_("Stimme"), max_length=8, choices=Vote.choices)

    class Meta:
        verbose_name = _("namentliche Stimme")
        verbose_name_plural = _("namentliche Abstimmung")
        ordering = ["agenda_item", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"], name="one_roll_call_vote_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_vote_display()}"


class AgendaDecision(models.Model):
    """What the meeting decided about its own agenda: Absetzung of a TOP, Erweiterung by an
    urgent item (with the vote on its Dringlichkeit), change of order."""

    class Kind(models.TextChoices):
        REMOVAL = "removal", _("Absetzung")
        URGENT_ADDITION = "urgent_addition", _("Erweiterung (Dringlichkeit)")
        REORDER = "reorder", _("Änderung der Reihenfolge")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("Sitzung"),
        on_delete=models.CASCADE,
        related_name="agenda_decisions",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("TOP"),
        on_delete=models.CASCADE,
        related_name="agenda_decisions",
    )
    paper = models.ForeignKey(
        Paper,
        verbose_name=_("Vorlage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    number = models.CharField(_("TOP-Nummer damals"), max_length=16)
    description = models.TextField(_("Beschreibung"))
    votes_yes = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    decided_at = models.DateTimeField(_("beschlossen am"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst durch"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Beschluss zur Tagesordnung")
        verbose_name_plural = _("Beschlüsse zur Tagesordnung")
        ordering = ["meeting", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def public(self) -> bool:
        return self.agenda_item.public


class SittingFeeExport(models.Model):
    """A Sitzungsgeld export the Sitzungsdienst made for the payroll: period, format, what
    it held."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField(_("von"))
    period_end = models.DateField(_("bis"))
    file_format = models.CharField(_("Format"), max_length=8, choices=Format.choices)
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("Gremien"), related_name="+"
    )
    rows = models.PositiveIntegerField(_("Zeilen"))
    total = models.DecimalField(_("Summe"), max_digits=12, decimal_places=2)
    exported_at = models.DateTimeField(_("exportiert am"), auto_now_add=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exportiert durch"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Sitzungsgeld-Export")
        verbose_name_plural = _("Sitzungsgeld-Exporte")
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y} ({self.file_format})"
