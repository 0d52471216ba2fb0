from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.settings import refuse_unsafe_production

GOOD_KEY = "k" * 40
BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = BASE_DIR / "config" / "settings.py"
# every variable config/settings.py reads (README, "Configuration")
READ_VARIABLES = (
    "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS",
    "TIME_ZONE", "MEDIA_ROOT", "MAX_UPLOAD_MB", "DEFAULT_FROM_EMAIL", "CONN_MAX_AGE",
    "OPARL_CACHE_SECONDS", "SECURE_COOKIES", "LOG_LEVEL", "SITE_URL",
    "NOTIFICATION_MAX_RETRIES", "NOTIFICATION_RETRY_SECONDS", "NOTIFICATION_SWEEP_AFTER_SECONDS",
    "CELERY_VISIBILITY_TIMEOUT", "LOGIN_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT",
    "LOGIN_COOLOFF_MINUTES", "TRUSTED_PROXY_COUNT",
)  # fmt: skip
PRODUCTION = {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "rat.example"}


@pytest.fixture
def settings_from(monkeypatch):
    """The settings config/settings.py makes from exactly the given variables.

    The file runs again in a namespace of its own: it only reads the environment, so the
    running Django's settings stay as they are.
    """

    def make(environment: dict[str, str]) -> dict[str, object]:
        for name in READ_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return make


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


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("email_url", "expected"),
    [
        (
            "smtp://user:p%40ss@127.0.0.1:2525?tls=1",
            {"HOST": "127.0.0.1", "PORT": 2525, "HOST_USER": "user", "HOST_PASSWORD": "p@ss",
             "USE_TLS": True, "USE_SSL": False},
        ),
        (
            "smtp://",
            {"HOST": "localhost", "PORT": 25, "HOST_USER": "", "HOST_PASSWORD": "",
             "USE_TLS": False, "USE_SSL": False},
        ),
        ("smtp://mail.example?tls=0", {"HOST": "mail.example", "PORT": 25, "USE_TLS": False}),
        # smtps:// is TLS from the first byte on port 465, as before django-environ (whose
        # own smtps:// would mean STARTTLS)
        ("smtps://u:p@mail.example", {"PORT": 465, "USE_SSL": True, "USE_TLS": False}),
        ("smtps://mail.example:1465", {"PORT": 1465, "USE_SSL": True, "USE_TLS": False}),
        # django-environ's own names
        ("smtp+tls://mail.example:587", {"PORT": 587, "USE_TLS": True, "USE_SSL": False}),
        ("smtp+ssl://mail.example", {"PORT": 465, "USE_SSL": True, "USE_TLS": False}),
    ],
)  # fmt: skip
def test_email_url_configures_smtp(settings_from, email_url, expected):
    configured = settings_from({"DEBUG": "1", "EMAIL_URL": email_url})
    assert configured["EMAIL_BACKEND"] == SMTP
    assert {key: configured[f"EMAIL_{key}"] for key in expected} == expected


@pytest.mark.parametrize(
    ("email_url", "backend"),
    [
        (None, "console"),
        ("console://", "console"),
        ("locmem://", "locmem"),
        ("file:///tmp/mail", "filebased"),
        ("consolemail://", "console"),
        ("memorymail://", "locmem"),
        ("dummymail://", "dummy"),
    ],
)
def test_email_url_chooses_the_backend(settings_from, email_url, backend):
    environment = {"DEBUG": "1"} if email_url is None else {"DEBUG": "1", "EMAIL_URL": email_url}
    configured = settings_from(environment)
    assert configured["EMAIL_BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"


def test_email_url_file_keeps_its_absolute_path_and_defaults_to_var_mail(settings_from):
    assert settings_from({"DEBUG": "1", "EMAIL_URL": "file:///tmp/mail"})["EMAIL_FILE_PATH"] == (
        "/tmp/mail"
    )
    assert settings_from({"DEBUG": "1", "EMAIL_URL": "file://"})["EMAIL_FILE_PATH"] == str(
        BASE_DIR / "var" / "mail"
    )


@pytest.mark.parametrize("email_url", ["carrier-pigeon://", ""])
def test_email_url_with_an_unknown_scheme_is_refused(settings_from, email_url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL has the unknown scheme"):
        settings_from({"DEBUG": "1", "EMAIL_URL": email_url})


@pytest.mark.parametrize(
    ("value", "debug"),
    [(None, False), ("", False), ("0", False), ("no", False), ("off", False), ("false", False),
     ("1", True), ("true", True), ("Yes", True), ("on", True), (" 1 ", True)],
)  # fmt: skip
def test_debug(settings_from, value, debug):
    environment = dict(PRODUCTION) if value is None else {**PRODUCTION, "DEBUG": value}
    assert settings_from(environment)["DEBUG"] is debug


@pytest.mark.parametrize(
    ("value", "secure"), [(None, True), ("", True), ("1", True), ("0", False), ("false", False)]
)
def test_secure_cookies_are_on_unless_turned_off(settings_from, value, secure):
    environment = dict(PRODUCTION) if value is None else {**PRODUCTION, "SECURE_COOKIES": value}
    configured = settings_from(environment)
    assert configured["SESSION_COOKIE_SECURE"] is secure
    assert configured["CSRF_COOKIE_SECURE"] is secure


def test_secure_cookies_are_left_to_django_with_debug(settings_from):
    assert "SESSION_COOKIE_SECURE" not in settings_from({"DEBUG": "1", "SECURE_COOKIES": "1"})


@pytest.mark.parametrize(
    ("environment", "hosts"),
    [
        ({"DEBUG": "1"}, ["127.0.0.1", "localhost"]),
        ({"DEBUG": "1", "ALLOWED_HOSTS": ""}, ["127.0.0.1", "localhost"]),
        ({"DEBUG": "1", "ALLOWED_HOSTS": " , "}, ["127.0.0.1", "localhost"]),
        ({**PRODUCTION, "ALLOWED_HOSTS": "a.example, b.example ,,c.example"},
         ["a.example", "b.example", "c.example"]),
    ],
)  # fmt: skip
def test_allowed_hosts(settings_from, environment, hosts):
    assert settings_from(environment)["ALLOWED_HOSTS"] == hosts


def test_a_secret_key_starting_with_a_dollar_is_taken_as_it_is(settings_from):
    """django-environ would read it as the name of another variable."""
    key = "$" + GOOD_KEY
    assert settings_from({**PRODUCTION, "SECRET_KEY": key})["SECRET_KEY"] == key


@pytest.mark.parametrize("database_url", [None, ""])
def test_the_database_defaults_to_sqlite_in_the_checkout(settings_from, database_url):
    environment = {"DEBUG": "1"}
    if database_url is not None:
        environment["DATABASE_URL"] = database_url
    database = settings_from(environment)["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert database["OPTIONS"] == {"timeout": 20}
    assert database["CONN_MAX_AGE"] == 0


def test_database_url_and_conn_max_age(settings_from):
    database = settings_from(
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://rf:p%40ss@db.example:5433/ratsflow?sslmode=require",
            "CONN_MAX_AGE": "60",
        }
    )["DATABASES"]["default"]
    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ratsflow",
        "USER": "rf",
        "PASSWORD": "p@ss",
        "HOST": "db.example",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
        "CONN_MAX_AGE": 60,
    }


@pytest.mark.parametrize(
    "database_url",
    ["postgres://%2Frun%2Fpostgresql/ratsflow", "postgres:////run/postgresql/ratsflow"],
)
def test_database_url_with_a_unix_socket(settings_from, database_url):
    database = settings_from({"DEBUG": "1", "DATABASE_URL": database_url})["DATABASES"]["default"]
    assert (database["HOST"], database["NAME"]) == ("/run/postgresql", "ratsflow")


def test_defaults_are_the_documented_ones(settings_from):
    configured = settings_from({"DEBUG": "1"})
    assert {
        "TIME_ZONE": configured["TIME_ZONE"],
        "MEDIA_ROOT": configured["MEDIA_ROOT"],
        "DOCUMENTS_MAX_UPLOAD_BYTES": configured["DOCUMENTS_MAX_UPLOAD_BYTES"],
        "DEFAULT_FROM_EMAIL": configured["DEFAULT_FROM_EMAIL"],
        "REDIS_URL": configured["REDIS_URL"],
        "OPARL_CACHE_SECONDS": configured["OPARL_CACHE_SECONDS"],
        "LOG_LEVEL": configured["LOGGING"]["root"]["level"],
        "SITE_URL": configured["SITE_URL"],
        "NOTIFICATION_MAX_RETRIES": configured["NOTIFICATION_MAX_RETRIES"],
        "NOTIFICATION_RETRY_SECONDS": configured["NOTIFICATION_RETRY_SECONDS"],
        "NOTIFICATION_SWEEP_AFTER_SECONDS": configured["NOTIFICATION_SWEEP_AFTER_SECONDS"],
        "CELERY_VISIBILITY_TIMEOUT": configured["CELERY_BROKER_TRANSPORT_OPTIONS"][
            "visibility_timeout"
        ],
        "LOGIN_FAILURE_LIMIT": configured["LOGIN_FAILURE_LIMIT"],
        "LOGIN_ADDRESS_FAILURE_LIMIT": configured["LOGIN_ADDRESS_FAILURE_LIMIT"],
        "LOGIN_COOLOFF_MINUTES": configured["LOGIN_COOLOFF_MINUTES"],
        "TRUSTED_PROXY_COUNT": configured["TRUSTED_PROXY_COUNT"],
    } == {
        "TIME_ZONE": "Europe/Brussels",
        "MEDIA_ROOT": BASE_DIR / "var" / "media",
        "DOCUMENTS_MAX_UPLOAD_BYTES": 50 * 1024 * 1024,
        "DEFAULT_FROM_EMAIL": "ratsflow <ratsflow@localhost>",
        "REDIS_URL": "",
        "OPARL_CACHE_SECONDS": 0,
        "LOG_LEVEL": "INFO",
        "SITE_URL": "http://127.0.0.1:8000",
        "NOTIFICATION_MAX_RETRIES": 6,
        "NOTIFICATION_RETRY_SECONDS": 30.0,
        "NOTIFICATION_SWEEP_AFTER_SECONDS": 300.0,
        "CELERY_VISIBILITY_TIMEOUT": 3600,
        "LOGIN_FAILURE_LIMIT": 5,
        "LOGIN_ADDRESS_FAILURE_LIMIT": 20,
        "LOGIN_COOLOFF_MINUTES": 15,
        "TRUSTED_PROXY_COUNT": 0,
    }


def test_values_from_the_environment(settings_from):
    configured = settings_from(
        {
            "DEBUG": "1",
            "TIME_ZONE": "UTC",
            "MEDIA_ROOT": "/srv/ratsflow/media",
            "MAX_UPLOAD_MB": "5",
            "DEFAULT_FROM_EMAIL": "Rat <rat@example.org>",
            "REDIS_URL": "redis://127.0.0.1:1/0",
            "OPARL_CACHE_SECONDS": "60",
            "LOG_LEVEL": "DEBUG",
            "SITE_URL": "https://rat.example",
            "NOTIFICATION_MAX_RETRIES": "2",
            "NOTIFICATION_RETRY_SECONDS": "0.5",
            "NOTIFICATION_SWEEP_AFTER_SECONDS": "120",
            "CELERY_VISIBILITY_TIMEOUT": "600",
            "LOGIN_FAILURE_LIMIT": "3",
            "LOGIN_ADDRESS_FAILURE_LIMIT": "10",
            "LOGIN_COOLOFF_MINUTES": "30",
            "TRUSTED_PROXY_COUNT": "1",
        }
    )
    assert configured["TIME_ZONE"] == configured["CELERY_TIMEZONE"] == "UTC"
    assert configured["MEDIA_ROOT"] == Path("/srv/ratsflow/media")
    assert configured["DOCUMENTS_MAX_UPLOAD_BYTES"] == 5 * 1024 * 1024
    assert configured["DEFAULT_FROM_EMAIL"] == "Rat <rat@example.org>"
    assert configured["CELERY_BROKER_URL"] == "redis://127.0.0.1:1/0"
    assert configured["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    assert configured["CELERY_TASK_ALWAYS_EAGER"] is False
    assert configured["OPARL_CACHE_SECONDS"] == 60
    assert configured["LOGGING"]["root"]["level"] == "DEBUG"
    assert configured["SITE_URL"] == "https://rat.example"
    assert configured["NOTIFICATION_MAX_RETRIES"] == 2
    assert configured["NOTIFICATION_RETRY_SECONDS"] == 0.5
    assert configured["NOTIFICATION_SWEEP_AFTER_SECONDS"] == 120.0
    assert configured["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"] == 600
    assert configured["LOGIN_FAILURE_LIMIT"] == configured["AXES_FAILURE_LIMIT"] == 3
    assert configured["LOGIN_ADDRESS_FAILURE_LIMIT"] == 10
    assert configured["LOGIN_COOLOFF_MINUTES"] == 30
    assert configured["TRUSTED_PROXY_COUNT"] == 1


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
