"""Abonnements: citizens (anyone with an address) follow a paper, a committee or a search
term. Double opt-in: a subscription does nothing until the link in its confirmation mail is
used; every mail it causes carries a one-click unsubscribe link. Subscribers only ever read
public content (the rules send them nothing else)."""

from __future__ import annotations

import datetime
import logging
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification, Subscription
from notifications.outbox import Planned, write
from notifications.recipients import subscriber
from workflow.errors import InvalidInput
from workflow.models import Organization, Paper
from workflow.selectors import public_papers

logger = logging.getLogger(__name__)

# A new confirmation mail for the same subscription at most this often.
CONFIRMATION_INTERVAL = datetime.timedelta(hours=1)
# At most this many confirmation mails to one address a day, whatever it is asked to follow:
# the form must not become a way to flood someone's mailbox.
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
CONFIRMATION_WINDOW = datetime.timedelta(days=1)
# At most this many subscription requests from one client address (the sender's IP) an hour;
# beyond that nothing is stored and nothing sent. Counted in Django's cache (shared with
# REDIS_URL, per process without).
REQUESTS_PER_CLIENT_PER_HOUR = 20
CLIENT_WINDOW = datetime.timedelta(hours=1)


def subscribe(
    email: str,
    *,
    paper_id: int | None = None,
    organization_id: int | None = None,
    term: str = "",
    language: str = "de",
    client: str | None = None,
) -> Subscription | None:
    """Ask for a subscription of a public paper, a committee or a search term; sends the
    confirmation mail (for one subscription not more than once an hour, to one address not
    more than ``CONFIRMATIONS_PER_ADDRESS_PER_DAY`` times a day). Answers the same whether the
    address was known, confirmed or over its limit, so the caller can tell nobody. None when
    the client address (``client``) is over its hourly limit: then nothing is stored."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInput(_("Bitte eine gültige E-Mail-Adresse angeben.")) from error
    target, key, paper, organization = _target(paper_id, organization_id, term.strip())
    if client_over_limit(client):
        return None
    with transaction.atomic():
        # The address's subscriptions are locked first: two requests for one address count
        # each other's confirmations.
        list(Subscription.objects.select_for_update().filter(email=email).values_list("pk"))
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
        if (
            subscription.confirmed_at is None
            and not recently
            and confirmations_sent_to(email, since=now - CONFIRMATION_WINDOW)
            < CONFIRMATIONS_PER_ADDRESS_PER_DAY
        ):
            subscription.confirmation_sent_at = now
            subscription.save(update_fields=["confirmation_sent_at"])
            write(
                [
                    Planned(
                        kind=Notification.Kind.SUBSCRIPTION_CONFIRM,
                        recipient=subscriber(subscription),
                        subject=subscription,
                        key=f"confirm:{subscription.pk}:{now:%Y%m%d%H%M%S}",
                        context={"subscription": subscription.pk},
                    )
                ]
            )
    return subscription


def confirmations_sent_to(email: str, *, since: datetime.datetime) -> int:
    """Confirmation mails to ``email`` since ``since``, found along the indexes (the address's
    subscriptions, then their notifications)."""
    return Notification.objects.filter(
        kind=Notification.Kind.SUBSCRIPTION_CONFIRM,
        content_type=ContentType.objects.get_for_model(Subscription),
        object_id__in=Subscription.objects.filter(email=email).values("pk"),
        email=email,
        created__gte=since,
    ).count()


def client_key(client: str, purpose: str = "subscribe") -> str:
    return f"{purpose}:client:{client}"


def client_over_limit(
    client: str | None, *, purpose: str = "subscribe", limit: int = REQUESTS_PER_CLIENT_PER_HOUR
) -> bool:
    """Whether ``client`` (an IP address) asked for ``purpose`` more than ``limit`` times in
    the last hour (counted in the cache; unbounded when the cache is down)."""
    if not client:
        return False
    key, seconds = client_key(client, purpose), int(CLIENT_WINDOW.total_seconds())
    try:
        cache.add(key, 0, timeout=seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds)
            count = 1
    except Exception:  # a Redis that is down: subscriptions keep working, unbounded
        logger.warning("%s bound per client skipped: cache unavailable", purpose, exc_info=True)
        return False
    return count > limit


def _target(
    paper_id: int | None, organization_id: int | None, term: str
) -> tuple[str, str, Paper | None, Organization | None]:
    """What is followed. A paper only if public; one that is not and one that does not exist
    are refused alike, so the form tells nobody which papers exist."""
    if paper_id is not None:
        paper = public_papers().filter(pk=paper_id).first()
        if paper is None:
            raise InvalidInput(_("Diese Vorlage gibt es nicht oder sie ist nicht öffentlich."))
        return Subscription.Target.PAPER, f"paper:{paper.pk}", paper, None
    if organization_id is not None:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is None:
            raise InvalidInput(_("Dieses Gremium gibt es nicht."))
        return (
            Subscription.Target.ORGANIZATION,
            f"organization:{organization.pk}",
            None,
            organization,
        )
    if not 3 <= len(term) <= 100:
        raise InvalidInput(_("Ein Suchbegriff hat 3 bis 100 Zeichen."))
    return Subscription.Target.TERM, f"term:{term.casefold()}", None, None


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
