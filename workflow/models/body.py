"""Who decides: Körperschaft, Wahlperiode, Gremien, Personen, Mitgliedschaften, Orte,
and the per-body catalogues (Vorlage-Arten, Beschlussarten)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.models.base import TimeStampedModel


class Location(TimeStampedModel):
    """Raum / Ort (OParl Location)."""

    body = models.ForeignKey(
        "Body",
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locations",
    )
    description = models.CharField(_("Bezeichnung"), max_length=300)
    room = models.CharField(_("Raum"), max_length=200, blank=True)
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=20, blank=True)
    locality = models.CharField(_("Ort"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")
        ordering = ["description"]

    def __str__(self) -> str:
        return self.description


class Body(TimeStampedModel):
    """Körperschaft (OParl Body): the council, parliament or district that owns everything else."""

    _at_once_before: bool  # set before each save (workflow.publication)

    name = models.CharField(_("Name"), max_length=300)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    website = models.URLField(_("Website"), blank=True)
    logo_url = models.URLField(
        _("Logo"),
        blank=True,
        help_text=_(
            "Adresse des Logos (am besten von der eigenen Website), im Kopf des "
            "Bürgerinformationssystems neben dem Namen gezeigt"
        ),
    )
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_name = models.CharField(_("Kontakt"), max_length=200, blank=True)
    classification = models.CharField(_("Art"), max_length=100, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("Sitz"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    license = models.URLField(
        _("Lizenz der Daten"),
        blank=True,
        help_text=_("gilt für alle veröffentlichten Daten, z. B. eine Creative-Commons-URL"),
    )
    time_zone = models.CharField(_("Zeitzone"), max_length=64, default="Europe/Brussels")
    meeting_reference_prefix = models.CharField(
        _("Präfix der Sitzungsnummern"), max_length=10, default="SI"
    )
    submission_deadline_days = models.PositiveSmallIntegerField(
        _("Annahmeschluss (Tage vor der Sitzung)"),
        default=14,
        help_text=_("bis dahin müssen Vorlagen für eine Sitzung eingereicht sein"),
    )
    motion_deadline_days = models.PositiveSmallIntegerField(
        _("Antragsfrist (Tage vor der Sitzung)"),
        default=10,
        help_text=_(
            "bis dahin müssen Anträge von Mitgliedern und Fraktionen eingereicht sein, um auf "
            "die Tagesordnung einer Sitzung zu kommen; spätere nur als Dringlichkeitsantrag"
        ),
    )
    answer_period_days = models.PositiveSmallIntegerField(
        _("Antwortfrist für Anfragen (Tage)"),
        default=28,
        help_text=_("so viele Tage nach der Registrierung ist die Antwort auf eine Anfrage fällig"),
    )
    answer_reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung an die Antwort (Tage vor der Fälligkeit)"),
        default=7,
        help_text=_(
            "so viele Tage vor der Fälligkeit werden das antwortende Amt und seine Leitung "
            "erinnert, und am Tag danach noch einmal; 0: keine Erinnerung"
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung (Tage vor dem Annahmeschluss)"),
        default=3,
        help_text=_(
            "so viele Tage vor dem Annahmeschluss werden Bearbeiter/-innen an ihre noch nicht "
            "eingereichten Vorlagen erinnert; 0: keine Erinnerung"
        ),
    )
    agenda_reminder_days = models.PositiveSmallIntegerField(
        _("Erinnerung an die Freigabe (Tage)"),
        default=2,
        help_text=_(
            "wartet eine Tagesordnung so viele Tage auf die Freigabe, wird der Vorsitz "
            "täglich erinnert; 0: keine Erinnerung"
        ),
    )

    class QuorumRule(models.TextChoices):
        MORE_THAN_HALF = "more_than_half", _("mehr als die Hälfte der stimmberechtigten Mitglieder")
        AT_LEAST_HALF = "at_least_half", _("mindestens die Hälfte der stimmberechtigten Mitglieder")
        TWO_THIRDS = "two_thirds", _("mindestens zwei Drittel der stimmberechtigten Mitglieder")

    class MajorityRule(models.TextChoices):
        VOTES_CAST = (
            "votes_cast",
            _("einfache Mehrheit der abgegebenen Stimmen, Enthaltungen zählen nicht"),
        )
        VOTES_CAST_WITH_ABSTENTIONS = (
            "with_abstentions",
            _("Mehrheit der abgegebenen Stimmen, Enthaltungen zählen mit"),
        )
        MEMBERS = "members", _("Mehrheit der stimmberechtigten Mitglieder")

    quorum_rule = models.CharField(
        _("Beschlussfähigkeit"),
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.MORE_THAN_HALF,
        help_text=_(
            "wie viele stimmberechtigte Mitglieder anwesend sein müssen; Befangene zählen "
            "für ihren TOP nicht mit"
        ),
    )
    majority_rule = models.CharField(
        _("Mehrheit"),
        max_length=20,
        choices=MajorityRule.choices,
        default=MajorityRule.VOTES_CAST,
        help_text=_("wann ein Antrag angenommen ist (Vorschlag für die Beschlussart)"),
    )
    sitting_fee = models.DecimalField(
        _("Sitzungsgeld je Sitzung"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("für die Abrechnung: Betrag je besuchter Sitzung"),
    )
    publish_results_at_once = models.BooleanField(
        _("Ergebnisse sofort veröffentlichen"),
        default=False,
        help_text=_(
            "die Ergebnisse öffentlicher TOPs erscheinen schon während der Sitzung im "
            "Bürgerportal, nicht erst mit ihrem Abschluss"
        ),
    )

    class Meta:
        verbose_name = _("Körperschaft")
        verbose_name_plural = _("Körperschaften")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def quorum(self, seats: int) -> int:
        """The fewest voting members present with which a committee of ``seats`` voting
        members can decide."""
        if self.quorum_rule == self.QuorumRule.AT_LEAST_HALF:
            return -(-seats // 2)
        if self.quorum_rule == self.QuorumRule.TWO_THIRDS:
            return -(-seats * 2 // 3)
        return seats // 2 + 1

    def carried(self, yes: int, no: int, abstain: int, *, seats: int) -> bool:
        """Whether a vote of ``yes``/``no``/``abstain`` carries under the majority rule."""
        if self.majority_rule == self.MajorityRule.VOTES_CAST_WITH_ABSTENTIONS:
            return yes > no + abstain
        if self.majority_rule == self.MajorityRule.MEMBERS:
            return yes > seats // 2
        return yes > no


class LegislativeTerm(TimeStampedModel):
    """Wahlperiode."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        related_name="legislative_terms",
    )
    name = models.CharField(_("Name"), max_length=200)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)

    class Meta:
        verbose_name = _("Wahlperiode")
        verbose_name_plural = _("Wahlperioden")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class Organization(TimeStampedModel):
    """Gremium, Fraktion, Verwaltungsbereich/Fachbereich … (OParl Organization)."""

    class Type(models.TextChoices):
        COMMITTEE = "Gremium", _("Gremium")
        PARLIAMENTARY_GROUP = "Fraktion", _("Fraktion")
        PARTY = "Partei", _("Partei")
        DEPARTMENT = "Verwaltungsbereich", _("Verwaltungsbereich")
        EXTERNAL = "externes Gremium", _("externes Gremium")
        OTHER = "Sonstiges", _("Sonstiges")

    body = models.ForeignKey(
        Body,
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        related_name="organizations",
    )
    name = models.CharField(_("Name"), max_length=300)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    organization_type = models.CharField(
        _("Art"), max_length=32, choices=Type.choices, default=Type.COMMITTEE
    )
    classification = models.CharField(
        _("Klassifizierung"),
        max_length=100,
        blank=True,
        help_text=_("z. B. Hauptorgan, Ausschuss, Fachbereich"),
    )
    sub_organization_of = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_organizations",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("Ort"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    website = models.URLField(_("Website"), blank=True)
    start_date = models.DateField(_("gegründet"), null=True, blank=True)
    end_date = models.DateField(_("aufgelöst"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gremium oder Organisationseinheit")
        verbose_name_plural = _("Gremien und Organisationseinheiten")
        ordering = ["name"]
        permissions = [
            ("manage_meetings", _("Sitzungsdienst: Sitzungen und Tagesordnungen bearbeiten")),
            ("view_confidential", _("nichtöffentliche TOPs, Vorlagen und Niederschriften lesen")),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(TimeStampedModel):
    """Person (OParl Person): members, officers, department heads."""

    _previous_user_id: int | None  # set before each save (workflow.signals)

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.CASCADE, related_name="persons"
    )
    family_name = models.CharField(_("Familienname"), max_length=150)
    given_name = models.CharField(_("Vorname"), max_length=150, blank=True)
    form_of_address = models.CharField(_("Anrede"), max_length=50, blank=True)
    title = models.CharField(_("Titel"), max_length=100, blank=True)
    affix = models.CharField(_("Namenszusatz"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.sort_name

    @property
    def name(self) -> str:
        """Full name as OParl ``name``: "Dr. Björn Zierstedt"."""
        return " ".join(p for p in (self.title, self.given_name, self.family_name, self.affix) if p)

    @property
    def sort_name(self) -> str:
        """ "Zierstedt, Björn", as the Auszug prints the Bearbeiter/-in."""
        return f"{self.family_name}, {self.given_name}" if self.given_name else self.family_name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: datetime.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Membership(TimeStampedModel):
    """Mitgliedschaft of a person in an organization, with a role."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        VICE_CHAIR = "vice_chair", _("stellv. Vorsitz")
        MEMBER = "member", _("Mitglied")
        DEPUTY = "deputy", _("stellv. Mitglied")
        HEAD = "head", _("Leitung")
        STAFF = "staff", _("Mitarbeiter/-in")

    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Gremium"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)
    start_date = models.DateField(_("von"), null=True, blank=True)
    end_date = models.DateField(_("bis"), null=True, blank=True)
    on_behalf_of = models.ForeignKey(
        Organization,
        verbose_name=_("für"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegated_memberships",
        help_text=_("z. B. die entsendende Fraktion"),
    )
    represents = models.ForeignKey(
        Person,
        verbose_name=_("persönliche Stellvertretung von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_deputies",
        help_text=_("bei einem stellv. Mitglied: wen es vertritt, wenn dieses absagt"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["organization", "role", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("Eine Mitgliedschaft kann nicht vor ihrem Beginn enden."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.organization}"


class CatalogueEntry(models.Model):
    """A value of a per-body list; ``body`` empty means: offered to every body."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("leer: für alle Körperschaften"),
    )
    name = models.CharField(_("Name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class PaperType(CatalogueEntry):
    """Vorlage-Art (Beschlussvorlage, Mitteilungsvorlage, Antrag, …)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Vorlage-Art")
        verbose_name_plural = _("Vorlage-Arten")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name"],
                name="paper_type_unique_per_body",
                violation_error_message=_("Diese Vorlage-Art gibt es schon."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(body__isnull=True),
                name="paper_type_unique_global",
                violation_error_message=_("Diese Vorlage-Art gibt es schon."),
            ),
        ]


class ResolutionKind(CatalogueEntry):
    """Beschlussart, and what it does to the paper whose TOP it is recorded on."""

    class Effect(models.TextChoices):
        DECISION = "decision", _("abschließende Entscheidung")
        NOTED = "noted", _("Kenntnisnahme")
        DEFERRAL = "deferral", _("Vertagung")
        REFERRAL = "referral", _("Verweisung")
        WITHDRAWAL = "withdrawal", _("Rücknahme")

    CONCLUDING = (Effect.DECISION, Effect.NOTED)

    effect = models.CharField(_("Wirkung"), max_length=16, choices=Effect.choices)

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("Beschlussart")
        verbose_name_plural = _("Beschlussarten")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name"],
                name="resolution_kind_unique_per_body",
                violation_error_message=_("Diese Beschlussart gibt es schon."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(body__isnull=True),
                name="resolution_kind_unique_global",
                violation_error_message=_("Diese Beschlussart gibt es schon."),
            ),
        ]

    @property
    def concludes_consultation(self) -> bool:
        return self.effect in self.CONCLUDING


class SignOffRule(models.Model):
    """Which Freigaben a Vorlage-Art needs in this body before it can be scheduled."""

    body = models.ForeignKey(
        Body, verbose_name=_("Körperschaft"), on_delete=models.CASCADE, related_name="+"
    )
    paper_type = models.ForeignKey(
        PaperType, verbose_name=_("Vorlage-Art"), on_delete=models.CASCADE, related_name="+"
    )
    lead_required = models.BooleanField(_("Freigabe der federführenden Amtsleitung"), default=True)
    co_required = models.BooleanField(_("Mitzeichnung der beteiligten Ämter"), default=True)

    class Meta:
        verbose_name = _("Freigaberegel")
        verbose_name_plural = _("Freigaberegeln")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "paper_type"],
                name="one_sign_off_rule_per_type",
                violation_error_message=_("Für diese Vorlage-Art gibt es schon eine Regel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.paper_type}"


class ReferenceCounter(models.Model):
    """Last number handed out per body, kind and year (``2024/053``, ``SI/2024/129``)."""

    class Scope(models.TextChoices):
        PAPER = "paper", _("Vorlage")
        MEETING = "meeting", _("Sitzung")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=16, choices=Scope.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Nummernkreis")
        verbose_name_plural = _("Nummernkreise")
        constraints = [
            models.UniqueConstraint(fields=["body", "scope", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.scope} {self.year}: {self.last_number}"
