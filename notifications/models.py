"""Benachrichtigungen: the outbox of e-mails, and what each user wants to receive.

A ``Notification`` row is written in the same transaction as the change it reports (see
the outbox step of ``workflow.events``); a Celery task delivers it after the commit. The row is the
truth: a notification is sent when its row says ``sent``, never twice, and one that could
not be sent stays ``failed`` with its error until a clerk sends it again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Benachrichtigung: one e-mail to one recipient about one event."""

    class Kind(models.TextChoices):
        PAPER_SUBMITTED = "paper_submitted", _("Vorlage eingereicht")
        AGENDA_SUBMITTED = "agenda_submitted", _("Tagesordnung zur Freigabe")
        AGENDA_RETURNED = "agenda_returned", _("Tagesordnung zurückgegeben")
        AGENDA_APPROVED = "agenda_approved", _("Tagesordnung freigegeben")
        INVITATION = "invitation", _("Einladung")
        PAPER_SCHEDULED = "paper_scheduled", _("Vorlage auf Tagesordnung")
        PAPER_DEFERRED = "paper_deferred", _("Vorlage vertagt oder verwiesen")
        PAPER_RECOMMENDED = "paper_recommended", _("Beschlussempfehlung zur Vorlage")
        PAPER_RESOLVED = "paper_resolved", _("Vorlage erledigt")
        MEETING_CANCELLED = "meeting_cancelled", _("Sitzung abgesagt")
        MEETING_MOVED = "meeting_moved", _("Sitzung verlegt")
        AGENDA_AMENDED = "agenda_amended", _("Tagesordnung nach der Einladung geändert")
        PAPER_REMINDER = "paper_reminder", _("Erinnerung an den Annahmeschluss")
        AGENDA_REMINDER = "agenda_reminder", _("Erinnerung an die Freigabe der Tagesordnung")
        DIGEST = "digest", _("Tageszusammenfassung")
        SUBSCRIPTION_CONFIRM = "subscription_confirm", _("Abonnement bestätigen")
        PUBLIC_AGENDA = "public_agenda", _("Tagesordnung veröffentlicht (Abonnement)")
        PUBLIC_AGENDA_AMENDED = "public_agenda_amended", _("Tagesordnung geändert (Abonnement)")
        PUBLIC_RESULT = "public_result", _("Ergebnis veröffentlicht (Abonnement)")
        SIGN_OFF_REQUESTED = "sign_off_requested", _("Freigabe erbeten")
        SIGN_OFF_GIVEN = "sign_off_given", _("Freigabe erteilt")
        SIGN_OFF_REFUSED = "sign_off_refused", _("Freigabe verweigert")
        PAPER_READY = "paper_ready", _("Vorlage bereit für die Tagesordnung")
        PAPER_WITHDRAWN = "paper_withdrawn", _("Vorlage auf einer Tagesordnung zurückgezogen")
        PUBLIC_MEETING_MOVED = "public_meeting_moved", _("Sitzung verlegt (Abonnement)")
        CO_SIGN_REQUESTED = "co_sign_requested", _("Bitte um Mitzeichnung")
        CO_SIGN_ANSWERED = "co_sign_answered", _("Antwort auf die Bitte um Mitzeichnung")
        FILING_FILED = "filing_filed", _("Antrag oder Anfrage eingereicht")
        FILING_RETURNED = "filing_returned", _("Antrag oder Anfrage zurückgegeben")
        FILING_REGISTERED = "filing_registered", _("Antrag oder Anfrage registriert")
        QUESTION_ANSWERED = "question_answered", _("Anfrage beantwortet")
        ANSWER_REMINDER = "answer_reminder", _("Erinnerung an die Antwort auf eine Anfrage")
        DEPUTY_ASKED = "deputy_asked", _("Bitte um Vertretung in einer Sitzung")
        STATEMENT_REQUESTED = "statement_requested", _("Stellungnahme angefordert")
        STATEMENT_GIVEN = "statement_given", _("Stellungnahme abgegeben")
        PAPER_REMOVED = "paper_removed", _("Vorlage in der Sitzung abgesetzt")
        PUBLIC_RESULTS = "public_results", _("Ergebnisse einer Sitzung veröffentlicht (Abonnement)")
        ACCESSIBILITY_FEEDBACK = "accessibility_feedback", _("Rückmeldung zur Barrierefreiheit")

    # Sent whatever the recipient's preferences say.
    ALWAYS_SENT = (
        Kind.INVITATION,
        Kind.DEPUTY_ASKED,
        Kind.MEETING_CANCELLED,
        Kind.MEETING_MOVED,
        Kind.AGENDA_AMENDED,
        Kind.DIGEST,
        Kind.SUBSCRIPTION_CONFIRM,
        Kind.PUBLIC_AGENDA,
        Kind.PUBLIC_AGENDA_AMENDED,
        Kind.PUBLIC_RESULT,
        Kind.PUBLIC_RESULTS,
        Kind.PUBLIC_MEETING_MOVED,
        Kind.ACCESSIBILITY_FEEDBACK,
    )

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Versand")
        DIGEST = "digest", _("für die Tageszusammenfassung")
        SENT = "sent", _("versandt")
        FAILED = "failed", _("fehlgeschlagen")
        SKIPPED = "skipped", _("abbestellt")

    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices)
    key = models.CharField(
        _("Schlüssel"),
        max_length=200,
        unique=True,
        help_text=_("Ereignis und Empfänger: dieselbe Nachricht entsteht nie zweimal"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger/-in (Konto)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("E-Mail"))
    name = models.CharField(_("Name"), max_length=300, blank=True)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    confidential = models.BooleanField(
        _("mit nichtöffentlichem Inhalt"),
        default=False,
        help_text=_("nur für Berechtigte, z. B. die Einladung mit dem nichtöffentlichen Teil"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    context = models.JSONField(_("Angaben"), default=dict, blank=True)
    state = models.CharField(
        _("Status"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created = models.DateTimeField(_("angelegt"), default=timezone.now)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    digest = models.ForeignKey(
        "self",
        verbose_name=_("in Tageszusammenfassung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gathered",
    )

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["state", "created"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email}"


class Preference(models.Model):
    """How a user wants one kind of notification: at once, in the daily digest, or not."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("sofort")
        DAILY = "daily", _("täglich gesammelt")
        OFF = "off", _("aus")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer/-in"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("Art"), max_length=32, choices=Notification.Kind.choices)
    mode = models.CharField(_("Zustellung"), max_length=16, choices=Mode.choices)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in Notification.ALWAYS_SENT]),
                name="invitations_are_always_sent",
                violation_error_message=_("Einladungen und Absagen werden immer versandt."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {self.get_mode_display()}"


class MailSettings(models.Model):
    """The language a user reads mail in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer/-in"),
        on_delete=models.CASCADE,
        related_name="mail_settings",
    )
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )

    class Meta:
        verbose_name = _("E-Mail-Einstellung")
        verbose_name_plural = _("E-Mail-Einstellungen")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"


class Subscription(models.Model):
    """Abonnement: anyone, citizens included, follows a paper, a committee or a search term
    and is told of its public changes. Active once the address is confirmed (double opt-in);
    the token in every mail's unsubscribe link ends it."""

    class Target(models.TextChoices):
        PAPER = "paper", _("Vorlage")
        ORGANIZATION = "organization", _("Gremium")
        TERM = "term", _("Suchbegriff")

    email = models.EmailField(_("E-Mail"))
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    target = models.CharField(_("verfolgt"), max_length=16, choices=Target.choices)
    paper = models.ForeignKey(
        "workflow.Paper",
        verbose_name=_("Vorlage"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "workflow.Organization",
        verbose_name=_("Gremium"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    term = models.CharField(_("Suchbegriff"), max_length=100, blank=True)
    target_key = models.CharField(max_length=120, editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("angelegt"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("Bestätigung angefragt"), null=True)
    confirmed_at = models.DateTimeField(_("bestätigt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "target_key"], name="one_subscription_per_target"
            ),
            models.CheckConstraint(
                condition=(
                    Q(target="paper", paper__isnull=False, organization__isnull=True, term="")
                    | Q(
                        target="organization",
                        organization__isnull=False,
                        paper__isnull=True,
                        term="",
                    )
                    | Q(target="term", paper__isnull=True, organization__isnull=True) & ~Q(term="")
                ),
                name="subscription_has_its_target",
            ),
        ]

    def __str__(self) -> str:
        what = self.paper or self.organization or f"„{self.term}“"
        return f"{self.email}: {what}"


class Feedback(models.Model):
    """Rückmeldung zur Barrierefreiheit: what a reader wrote through the form of the
    accessibility statement; the Sitzungsdienst gets it by mail (BITV 2.0 § 7)."""

    body = models.ForeignKey(
        "workflow.Body",
        verbose_name=_("Körperschaft"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("Nachricht"))
    email = models.EmailField(_("E-Mail für die Antwort"), blank=True)
    page = models.CharField(_("betroffene Seite"), max_length=300, blank=True)
    created = models.DateTimeField(_("eingegangen"), default=timezone.now)

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")

    def __str__(self) -> str:
        return f"{self.created:%d.%m.%Y %H:%M} {self.email or '–'}"
