"""Abonnements: citizens (anyone with an address) follow a paper, a committee or a search
term. Double opt-in: a subscription does nothing until the link in its confirmation mail is
used; every mail it causes carries a one-click unsubscribe link. Subscribers only ever read
public content (the rules send them nothing else)."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification, Subscription
from notifications.outbox import Planned, write
from notifications.recipients import Recipient
from workflow.errors import InvalidInput
from workflow.models import Organization, Paper
from workflow.selectors import public_papers

# A new confirmation mail for the same subscription at most this often.
CONFIRMATION_INTERVAL = timezone.timedelta(hours=1)


def subscribe(
    email: str,
    *,
    paper: Paper | None = None,
    organization: Organization | None = None,
    term: str = "",
    language: str = "de",
) -> Subscription:
    """Ask for a subscription; sends the confirmation mail (not more than once an hour).
    Answers the same whether the address was known or not."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInput(_("Bitte eine gültige E-Mail-Adresse angeben.")) from error
    target, key = _target(paper, organization, term.strip())
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(
            email=email,
            target_key=key,
            defaults={
                "target": target,
                "paper": paper,
                "organization": organization,
                "term": term.strip() if target == Subscription.Target.TERM else "",
                "language": language if language in ("de", "en") else "de",
                "token": secrets.token_urlsafe(32),
            },
        )
        now = timezone.now()
        recently = (
            subscription.confirmation_sent_at is not None
            and now - subscription.confirmation_sent_at < CONFIRMATION_INTERVAL
        )
        if subscription.confirmed_at is None and not recently:
            subscription.confirmation_sent_at = now
            subscription.save(update_fields=["confirmation_sent_at"])
            write(
                [
                    Planned(
                        kind=Notification.Kind.SUBSCRIPTION_CONFIRM,
                        recipient=recipient_of(subscription),
                        subject=subscription,
                        key=f"confirm:{subscription.pk}:{now:%Y%m%d%H%M%S}",
                        context={"subscription": subscription.pk},
                    )
                ]
            )
    return subscription


def _target(paper: Paper | None, organization: Organization | None, term: str) -> tuple[str, str]:
    if paper is not None:
        if not public_papers().filter(pk=paper.pk).exists():
            raise InvalidInput(_("Diese Vorlage ist nicht öffentlich."))
        return Subscription.Target.PAPER, f"paper:{paper.pk}"
    if organization is not None:
        return Subscription.Target.ORGANIZATION, f"organization:{organization.pk}"
    if not 3 <= len(term) <= 100:
        raise InvalidInput(_("Ein Suchbegriff hat 3 bis 100 Zeichen."))
    return Subscription.Target.TERM, f"term:{term.casefold()}"


def recipient_of(subscription: Subscription) -> Recipient:
    return Recipient(
        subscription.email,
        "",
        None,
        subscription_id=subscription.pk,
        language=subscription.language,
    )


def confirm(token: str) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(token: str) -> bool:
    """End the subscription; True if there was one."""
    deleted, _details = Subscription.objects.filter(token=token).delete()
    return bool(deleted)
