from __future__ import annotations

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.settings import email_settings_from_url, refuse_unsafe_production

GOOD_KEY = "k" * 40


@pytest.mark.parametrize(
    ("secret_key", "hosts", "problem"),
    [
        ("", ["council.example"], "SECRET_KEY is not set"),
        ("short", ["council.example"], "too short"),
        ("insecure-" + "x" * 40, ["council.example"], "development key"),
        (GOOD_KEY, [], "ALLOWED_HOSTS is empty"),
        (GOOD_KEY, ["*"], "contains '*'"),
    ],
)
def test_unsafe_production_configuration_is_refused(secret_key, hosts, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        refuse_unsafe_production(debug=False, secret_key=secret_key, allowed_hosts=hosts)


def test_safe_production_and_debug_are_accepted():
    refuse_unsafe_production(debug=False, secret_key=GOOD_KEY, allowed_hosts=["rat.example"])
    refuse_unsafe_production(debug=True, secret_key="", allowed_hosts=[])


def test_start_up_without_secret_key_fails_with_clear_message(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_email_url():
    smtp = email_settings_from_url("smtp://user:p%40ss@127.0.0.1:2525?tls=1")
    assert smtp["EMAIL_HOST"] == "127.0.0.1" and smtp["EMAIL_PORT"] == 2525
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss" and smtp["EMAIL_USE_TLS"] is True
    assert email_settings_from_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_settings_from_url("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        email_settings_from_url("carrier-pigeon://")


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI insists on PostgreSQL")
def test_ci_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_celery_runs_eagerly_exactly_when_no_redis_is_configured(settings):
    from config.celery import app

    assert app.conf.task_always_eager is (not settings.REDIS_URL)
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
    assert app.conf.task_acks_late is True


def test_guardian_is_an_authentication_backend(settings):
    assert "guardian.backends.ObjectPermissionBackend" in settings.AUTHENTICATION_BACKENDS


@pytest.mark.parametrize(("redis_url", "cached"), [("", False), ("redis://127.0.0.1:1/0", True)])
def test_the_oparl_cache_is_on_only_with_a_shared_redis(redis_url, cached):
    """A per-process cache could not be emptied by other processes' writes."""
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "1", "REDIS_URL": redis_url}
    env.pop("OPARL_CACHE_SECONDS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s;"
            "print(s.OPARL_CACHE_SECONDS, s.CACHES['default']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, backend = result.stdout.split()
    assert (int(seconds) > 0) is cached and backend.endswith("RedisCache") is cached
