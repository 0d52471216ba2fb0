"""Brakes on password guessing, through django-axes (configured in ``config/settings.py``).

Every password login goes through Django's ``authenticate`` (the workspace login, the admin
login); axes counts the failures. An account is locked after ``LOGIN_FAILURE_LIMIT``
failures (from any address), an address after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures
(for any accounts); failures older than the cool-off (``AXES_COOLOFF_TIME``) no longer
count, so a lockout ends by itself. While locked, even the right password is refused, with
HTTP 429 and the login page saying why.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any, cast

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address. Without proxies (``TRUSTED_PROXY_COUNT`` 0) ``REMOTE_ADDR``;
    behind n reverse proxies, each appending to ``X-Forwarded-For``, the entry the outermost
    proxy wrote (n-th from the right); entries further left are the client's own claims."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with two limits instead of one: ``AXES_FAILURE_LIMIT`` for an
    account, the larger ``LOGIN_ADDRESS_FAILURE_LIMIT`` for an address (an office behind one
    address must not be locked out by a few typos, a script trying many accounts must)."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures counted against the account limit: the account's own, or the whole
        limit once the address has reached its limit."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_account = _failures(recent.filter(username=get_client_username(request, credentials)))
        address = cast(Any, request).axes_ip_address  # set by axes
        by_address = _failures(recent.filter(ip_address=address))
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a successful login only the account's failures are forgotten: the right
        password of one account says nothing about the other guesses from that address."""
        username = get_client_username(request, credentials)
        deleted, _details = AccessAttempt.objects.filter(username=username).delete()
        return deleted


def lockout_message() -> str:
    minutes = math.ceil(get_cool_off().total_seconds() / 60)
    return ngettext(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte in %(minutes)d Minute erneut versuchen.",
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte in %(minutes)d Minuten erneut versuchen.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again, with the reason, as 429."""
    return render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request),
            "lockout": lockout_message(),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
