"""Login throttling (django-axes, ``config/login_throttle.py``): an account is locked after
5 failed logins from anywhere, an address after 20 for any accounts; the lockout answers 429
with the reason, refuses even the right password and ends by itself after the cool-off."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from config.login_throttle import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "richtig-geheim-42"
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte in 15 Minuten erneut versuchen."


@pytest.fixture
def account(db):
    return get_user_model().objects.create_user("schmitz", password=PASSWORD)


def _login(client, username: str, password: str, *, address: str = "192.0.2.1", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _fail(client, times: int, username: str = "schmitz", **kwargs) -> None:
    for attempt in range(times):
        response = _login(client, username, f"falsch-{attempt}", **kwargs)
        assert response.status_code == 200, f"failure {attempt + 1} answered {response.status_code}"
        assert LOCKED not in response.content.decode()


def _age_attempts(minutes: int) -> None:
    """Move every recorded failure ``minutes`` into the past."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes)
    )


def test_the_fifth_failure_locks_the_account_with_429_and_the_reason(client, account):
    _fail(client, 4)
    response = _login(client, "schmitz", "falsch-5")
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and 'role="alert"' in page
    assert 'name="password"' in page  # the login page, not a bare error


def test_a_locked_account_refuses_the_right_password(client, account):
    _fail(client, 5 - 1)
    _login(client, "schmitz", "falsch-5")
    response = _login(client, "schmitz", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not _logged_in(client)


def test_the_account_stays_locked_when_the_attacker_changes_address(client, account):
    for attempt in range(4):
        _fail(client, 1, address=f"198.51.100.{attempt + 1}")
    assert _login(client, "schmitz", "falsch", address="198.51.100.99").status_code == 429
    response = _login(client, "schmitz", PASSWORD, address="203.0.113.50")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_an_address_is_locked_after_twenty_failures_across_accounts(client, account):
    for number in range(19):
        _fail(client, 1, username=f"rater{number}", address="198.51.100.7")
    response = _login(client, "rater19", "falsch", address="198.51.100.7")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # any account from that address, even with the right password
    assert _login(client, "schmitz", PASSWORD, address="198.51.100.7").status_code == 429
    assert not _logged_in(client)
    # the account itself is not locked: from another address it logs in
    assert _login(client, "schmitz", PASSWORD, address="192.0.2.200").status_code == 302
    assert _logged_in(client)


def test_an_office_behind_one_address_survives_a_few_typos_of_several_people(client, account):
    for number in range(4):
        get_user_model().objects.create_user(f"kollege{number}", password=PASSWORD)
        _fail(client, 4, username=f"kollege{number}", address="192.0.2.10")
    # 16 failures from the address, 4 per account: nobody is locked
    assert _login(client, "schmitz", PASSWORD, address="192.0.2.10").status_code == 302


def test_the_lockout_ends_by_itself_after_the_cool_off(client, account):
    _fail(client, 4)
    assert _login(client, "schmitz", "falsch").status_code == 429
    _age_attempts(14)
    assert _login(client, "schmitz", PASSWORD).status_code == 429
    _age_attempts(2)
    response = _login(client, "schmitz", PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_knocking_during_the_lockout_does_not_prolong_it(client, account):
    _fail(client, 4)
    assert _login(client, "schmitz", "falsch").status_code == 429
    _age_attempts(10)
    assert _login(client, "schmitz", "noch-falscher").status_code == 429
    _age_attempts(6)
    assert _login(client, "schmitz", PASSWORD).status_code == 302


def test_a_successful_login_forgets_the_failures(client, account):
    _fail(client, 4)
    assert _login(client, "schmitz", PASSWORD).status_code == 302
    client.logout()
    _fail(client, 4)  # would be the fifth to eighth failure without the reset
    assert _login(client, "schmitz", "falsch").status_code == 429


def test_the_admin_login_is_throttled_too(client, account):
    account.is_staff = True
    account.save()
    url = reverse("admin:login")
    _fail(client, 4, url=url)
    response = _login(client, "schmitz", "falsch", url=url)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert _login(client, "schmitz", PASSWORD, url=url).status_code == 429


def test_the_lockout_message_in_english(client, account):
    client.cookies["django_language"] = "en"
    _fail(client, 4)
    response = _login(client, "schmitz", "falsch")
    assert response.status_code == 429
    assert "Too many failed login attempts. Please try again in 15 minutes." in (
        response.content.decode()
    )


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().post(
        "/anmelden/",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # not the client's own claim 6.6.6.6
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies: do not guess
    assert client_address(request) == "10.0.0.1"
    request.META["HTTP_X_FORWARDED_FOR"] = "kein-ip"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "10.0.0.1"
