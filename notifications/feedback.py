"""Rückmeldungen zur Barrierefreiheit: a reader writes through the form of the accessibility
statement; the message is stored and mailed to the Sitzungsdienst through the outbox."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import Feedback, Notification
from notifications.outbox import Planned, write
from notifications.recipients import sitzungsdienst
from notifications.subscriptions import client_over_limit
from workflow.errors import InvalidInput
from workflow.selectors import site_body

MAX_MESSAGE = 5000
# At most this many messages from one client address an hour (the rest are refused).
FEEDBACK_PER_CLIENT_PER_HOUR = 5


def send_feedback(
    message: str, *, email: str = "", page: str = "", client: str | None = None
) -> Feedback:
    """Store the message and mail it to the Sitzungsdienst. ``email``: where the answer goes
    (optional); ``page``: the address of the page it is about (a path on this site)."""
    message, email, page = message.strip(), email.strip(), page.strip()
    if not message:
        raise InvalidInput(_("Bitte schreiben Sie uns, worum es geht."))
    if len(message) > MAX_MESSAGE:
        raise InvalidInput(
            _("Die Nachricht ist zu lang (höchstens %(limit)d Zeichen).") % {"limit": MAX_MESSAGE}
        )
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise InvalidInput(_("Bitte eine gültige E-Mail-Adresse angeben.")) from error
    if not page.startswith("/") or page.startswith("//") or len(page) > 300:
        page = ""
    if client_over_limit(client, purpose="feedback", limit=FEEDBACK_PER_CLIENT_PER_HOUR):
        raise InvalidInput(
            _("Sie haben uns in der letzten Stunde schon mehrfach geschrieben; bitte später.")
        )
    body = site_body()
    with transaction.atomic():
        feedback = Feedback.objects.create(body=body, message=message, email=email, page=page)
        write(
            Planned(
                kind=Notification.Kind.ACCESSIBILITY_FEEDBACK,
                recipient=recipient,
                subject=feedback,
                key=f"feedback:{feedback.pk}:{recipient.email.lower()}",
                context={"feedback": feedback.pk},
            )
            for recipient in (sitzungsdienst(body) if body else [])
        )
    return feedback
